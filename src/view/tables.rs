//! The three statistics tables as grids: 表二 by its blocks, 表三 with its row groups and the
//! 勾稽关系 note, 表四 with its two header rows — each cell with the template's exact
//! rowspan/colspan for the report's edition (docs/spec §3–§5), each figure knowing its key path.

use crate::model::{
    AnyCell, Cell, Report, Row, RowKind, T3_ROWS_AFTER_OTHER, T3_ROWS_BEFORE_OTHER, T4_COLUMNS,
    TOTAL_COL, section, t2,
};

use super::{CellRole, GridCell, Table};

/// Formats a count cell as the template shows it (blank stays blank).
fn count(c: &Cell<u64>) -> String {
    match c {
        Cell::Value(v) => v.to_string(),
        Cell::Invalid(s) => s.clone(),
        Cell::Blank | Cell::Missing => String::new(),
    }
}

fn any(c: &AnyCell<'_>) -> String {
    match c {
        AnyCell::Count(c) => count(c),
        AnyCell::Signed(c) => match c {
            Cell::Value(v) => v.to_string(),
            Cell::Invalid(s) => s.clone(),
            _ => String::new(),
        },
        AnyCell::Wan(c) => match c {
            Cell::Value(v) => v.0.wan_text(),
            Cell::Invalid(s) => s.clone(),
            _ => String::new(),
        },
        AnyCell::Yuan(c) => match c {
            Cell::Value(v) => v.0.yuan_text(),
            Cell::Invalid(s) => s.clone(),
            _ => String::new(),
        },
    }
}

fn num(text: String, row: &str, col: usize) -> GridCell {
    let mut cell = GridCell::new(text, CellRole::Number);
    cell.source = Some((row.to_string(), col));
    cell
}

// ------------------------------------------------------------------ table 二 (spec §3)

pub(super) fn t2(report: &Report) -> Table {
    let written = report.tables.t2_rows().unwrap_or_default();
    let mut rows = Vec::new();
    for block in t2::blocks(report.edition()) {
        rows.push(vec![
            GridCell::new(block.item, CellRole::Caption).span(1, 4),
        ]);
        // Three figure cells per row: one column spans all three; two leave the fourth
        // empty (2019 （八）（九）, spec §3.2).
        let mut header = vec![GridCell::new(t2::LABEL_HEADER, CellRole::ColHeader)];
        if let [only] = block.columns {
            header.push(GridCell::new(only.label, CellRole::ColHeader).span(1, 3));
        } else {
            header.extend(
                block
                    .columns
                    .iter()
                    .map(|c| GridCell::new(c.label, CellRole::ColHeader)),
            );
        }
        pad(&mut header);
        rows.push(header);
        for def in block.rows {
            let row = written.iter().find(|r| r.key == def.key);
            let figure = |key: &str| {
                row.and_then(|r| r.cell(key))
                    .map_or(String::new(), |c| any(&c))
            };
            let mut cells = vec![GridCell::new(def.label, CellRole::RowHeader)];
            let key = format!("t2.{}", def.key);
            if let [only] = block.columns {
                cells.push(num(figure(only.key), &key, 0).span(1, 3));
            } else {
                cells.extend(
                    (block.columns.iter().enumerate()).map(|(i, c)| num(figure(c.key), &key, i)),
                );
            }
            pad(&mut cells);
            rows.push(cells);
        }
    }
    /// Fills a row of the four-column grid with empty cells.
    fn pad(row: &mut Vec<GridCell>) {
        let width: usize = row.iter().map(|c| c.colspan).sum();
        for _ in width..4 {
            row.push(GridCell::new("", CellRole::Empty));
        }
    }
    Table {
        id: "t2",
        caption: section("t2").title(),
        columns: 4,
        widths: vec![310, 230, 230, 230],
        header_rows: 0,
        font_pt: 12.0,
        rows,
    }
}

// ------------------------------------------------------------------ table 三 (spec §4)

/// The 勾稽关系 note in the corner of table 三.
pub const T3_NOTE: &str = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

/// The figures of one table-三 row: six columns as written, 总计 as written or computed.
fn t3_figures(row: Option<&Row>) -> Vec<String> {
    let Some(row) = row else {
        return vec![String::new(); 7];
    };
    (0..=TOTAL_COL)
        .map(|i| {
            if i == TOTAL_COL {
                match row.written_total() {
                    Some(c @ (Cell::Value(_) | Cell::Invalid(_) | Cell::Blank)) => count(c),
                    _ => row.computed_total().to_string(),
                }
            } else {
                count(row.cell(i))
            }
        })
        .collect()
}

pub(super) fn t3(report: &Report) -> Table {
    let entries = report.tables.t3_rows();
    let outcome_rows = entries
        .iter()
        .filter(|e| matches!(e.spec.kind, RowKind::Outcome | RowKind::Total))
        .count();
    let mut rows: Vec<Vec<GridCell>> = vec![
        vec![
            GridCell::new(T3_NOTE, CellRole::Note).span(3, 3),
            GridCell::new("申请人情况", CellRole::ColHeader).span(1, 7),
        ],
        vec![
            GridCell::new("自然人", CellRole::ColHeader).span(2, 1),
            GridCell::new("法人或其他组织", CellRole::ColHeader).span(1, 5),
            GridCell::new("总计", CellRole::ColHeader).span(2, 1),
        ],
        [
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
        ]
        .into_iter()
        .map(|t| GridCell::new(t, CellRole::ColHeader))
        .collect(),
    ];
    let mut first_outcome = true;
    let mut group: Option<&str> = None;
    for e in &entries {
        let mut row = Vec::new();
        match e.spec.kind {
            RowKind::New | RowKind::CarriedIn | RowKind::CarriedOut => {
                row.push(GridCell::new(e.spec.label, CellRole::RowHeader).span(1, 3));
            }
            RowKind::Outcome | RowKind::Total => {
                if first_outcome {
                    row.push(
                        GridCell::new("三、本年度办理结果", CellRole::RowHeader)
                            .span(outcome_rows, 1),
                    );
                    first_outcome = false;
                }
                match e.spec.group {
                    None => {
                        group = None;
                        row.push(GridCell::new(e.spec.label, CellRole::RowHeader).span(1, 2));
                    }
                    Some(g) => {
                        if group != Some(g) {
                            let size = entries.iter().filter(|x| x.spec.group == Some(g)).count();
                            row.push(GridCell::new(g, CellRole::RowHeader).span(size, 1));
                            group = Some(g);
                        }
                        row.push(GridCell::new(e.spec.label, CellRole::RowHeader));
                    }
                }
            }
        }
        let key = e.path();
        row.extend((t3_figures(e.row).into_iter().enumerate()).map(|(i, text)| num(text, &key, i)));
        rows.push(row);
    }
    debug_assert_eq!(T3_ROWS_BEFORE_OTHER.len() + T3_ROWS_AFTER_OTHER.len(), 22);
    Table {
        id: "t3",
        caption: section("t3").title(),
        columns: 10,
        widths: vec![70, 90, 230, 70, 70, 70, 80, 80, 70, 70],
        header_rows: 3,
        font_pt: 10.5,
        rows,
    }
}

// ------------------------------------------------------------------ table 四 (spec §5)

pub(super) fn t4(report: &Report) -> Table {
    let h = |t: &str| GridCell::new(t, CellRole::ColHeader);
    let mut rows = vec![
        vec![h("行政复议").span(1, 5), h("行政诉讼").span(1, 10)],
        T4_COLUMNS
            .iter()
            .map(|t| h(t).span(2, 1))
            .chain([h("未经复议直接起诉").span(1, 5), h("复议后起诉").span(1, 5)])
            .collect(),
        T4_COLUMNS
            .iter()
            .chain(T4_COLUMNS.iter())
            .map(|t| h(t))
            .collect(),
    ];
    let groups = report.t4.as_ref().map(|t4| t4.groups());
    let figures: Vec<GridCell> = crate::model::T4_GROUPS
        .iter()
        .enumerate()
        .flat_map(|(n, (key, _))| {
            let group = groups.as_ref().and_then(|g| g[n].2);
            let key = format!("t4.{key}");
            (0..5).map(move |i| num(group.map(|g| count(g.cell(i))).unwrap_or_default(), &key, i))
        })
        .collect();
    rows.push(figures);
    Table {
        id: "t4",
        caption: section("t4").title(),
        columns: 15,
        widths: vec![66; 15]
            .into_iter()
            .enumerate()
            .map(|(i, w)| w + u32::from(i < 10))
            .collect(),
        header_rows: 3,
        font_pt: 9.0,
        rows,
    }
}
