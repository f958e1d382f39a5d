//! Rules on the shape and arithmetic of the three tables (docs/spec/rules.md §6.1, T-SHAPE, CELL-BLANK):
//! every row present, every cell a number of the right kind, every 勾稽关系 holding (the sums
//! are in `sums.rs`, the tests in `tests.rs`).

use crate::diag::{Diagnostic, Severity};
use crate::model::{
    AnyCell, Cell, CellRef, Group, RowEntry, T3_COLUMN_NAMES, T4_COLUMNS, TOTAL_COL,
};

use super::blank::{Blank, BlankKind, once_per_table};
use super::{Ctx, Rule};

mod sums;

pub use sums::{T3_COL_BALANCE, T3_OUTCOME_SUM, T3_ROW_TOTAL, T4_GROUP_SUM};

/// `a + b + c`, or `0` for no terms.
pub(crate) fn sum_expr(terms: &[u64]) -> String {
    if terms.is_empty() {
        "0".to_string()
    } else {
        terms
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(" + ")
    }
}

/// Every written cell of table 三 with its labels.
fn t3_cells<'a>(rows: &'a [RowEntry<'a>]) -> Vec<(String, CellRef<'a>)> {
    let mut out = Vec::new();
    for entry in rows {
        let Some(row) = entry.row else { continue };
        for (i, cell) in row.0.iter().enumerate().take(T3_COLUMN_NAMES.len()) {
            out.push((
                entry.name(),
                CellRef {
                    path: format!("{}[{i}]", entry.path()),
                    row: entry.spec.label,
                    col: T3_COLUMN_NAMES[i],
                    cell: AnyCell::Count(cell),
                },
            ));
        }
    }
    out
}

/// Every written cell of table 四 with its labels.
fn t4_cells<'a>(ctx: &Ctx<'a>) -> Vec<(String, CellRef<'a>)> {
    let mut out = Vec::new();
    if let Some(t4) = &ctx.report.t4 {
        for (key, label, group) in t4.groups() {
            let Some(group) = group else { continue };
            for (i, cell) in group.0.iter().enumerate().take(T4_COLUMNS.len()) {
                out.push((
                    label.to_string(),
                    CellRef {
                        path: format!("t4.{key}[{i}]"),
                        row: label,
                        col: T4_COLUMNS[i],
                        cell: AnyCell::Count(cell),
                    },
                ));
            }
        }
    }
    out
}

/// Every written cell of table 二 with its labels.
fn t2_cells<'a>(ctx: &Ctx<'a>) -> Vec<(String, CellRef<'a>)> {
    ctx.report
        .tables
        .t2_rows()
        .unwrap_or_default()
        .into_iter()
        .flat_map(|r| r.cells.into_iter().map(move |c| (r.label.to_string(), c)))
        .collect()
}

// ------------------------------------------------------------------ T-SHAPE

/// `T-SHAPE`: every table, row and cell of the edition's template is present, no extra cells.
pub static T_SHAPE: Rule = Rule {
    id: "T-SHAPE",
    severity: Severity::Error,
    title: "表格的行、列与本版本模板一致",
    explain: "表二、表三、表四的每一行、每一格都必须按本版本模板填写，不能缺行、缺格，也不能多出列。\
表三每行填 6 个数（自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他），可再加第 7 个数“总计”；\
表四每组填 5 个数（结果维持、结果纠正、其他结果、尚未审结、总计）。缺少的行可参照 gxgk new 生成的文件补上。",
    run: t_shape_rule,
};

fn t_shape_rule(rule: &Rule, ctx: &Ctx) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let r = ctx.report;
    let edition = r.edition();
    match r.tables.t2_rows() {
        None => out.push(
            rule.diag(format!(
                "缺少表二（二、主动公开政府信息情况）的数据，{edition}模板要求填写"
            ))
            .help("补上 [t2] 表，可参照 gxgk new 生成的文件"),
        ),
        Some(rows) => {
            for row in rows {
                if !row.present {
                    out.push(
                        rule.diag(format!("表二缺少“{}”一行（t2.{}）", row.label, row.key))
                            .at("t2")
                            .help(format!("补上 {} = {{ … }}，没有发生的填 0", row.key)),
                    );
                }
                for c in row.cells.iter().filter(|c| c.cell.is_missing()) {
                    out.push(
                        rule.diag(format!("表二“{}”一行缺少“{}”（{}）", c.row, c.col, c.path))
                            .at(c.path.rsplit_once('.').map_or("t2", |p| p.0))
                            .help("补上这一项，没有发生的填 0"),
                    );
                }
            }
        }
    }
    if !r.tables.has_t3() {
        out.push(
            rule.diag("缺少表三（三、收到和处理政府信息公开申请情况）的数据")
                .help("补上 [t3] 表，可参照 gxgk new 生成的文件"),
        );
    }
    for entry in r.tables.t3_rows() {
        let name = entry.name();
        match entry.row {
            None => out.push(
                rule.diag(format!("表三缺少“{name}”一行（{}）", entry.path()))
                    .at(entry.path())
                    .help(format!("补上 {} = [0, 0, 0, 0, 0, 0]，按实际数字填写", entry.spec.key)),
            ),
            Some(row) if row.0.len() < TOTAL_COL => out.push(
                rule.diag(format!(
                    "表三“{name}”一行只有 {} 个数，应为 6 个（六类申请人）或 7 个（再加总计）",
                    row.0.len()
                ))
                .at(entry.path())
                .help("按 [自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计] 的顺序补齐，没有的填 0"),
            ),
            Some(row) if row.0.len() > TOTAL_COL + 1 => out.push(
                rule.diag(format!(
                    "表三“{name}”一行有 {} 个数，多了 {} 个：模板只有六类申请人和总计共 7 列",
                    row.0.len(),
                    row.0.len() - TOTAL_COL - 1
                ))
                .at(format!("{}[{}]", entry.path(), TOTAL_COL + 1))
                .help("删去多余的数"),
            ),
            Some(_) => {}
        }
    }
    match &r.t4 {
        None => out.push(
            rule.diag("缺少表四（四、政府信息公开行政复议、行政诉讼情况）的数据")
                .help("补上 [t4] 表，可参照 gxgk new 生成的文件"),
        ),
        Some(t4) => {
            for (key, label, group) in t4.groups() {
                let path = format!("t4.{key}");
                match group {
                    None => out.push(
                        rule.diag(format!("表四缺少“{label}”一组（{path}）"))
                            .at("t4")
                            .help(format!("补上 {key} = [0, 0, 0, 0, 0]")),
                    ),
                    Some(Group(cells)) if cells.len() != T4_COLUMNS.len() => out.push(
                        rule.diag(format!(
                            "表四“{label}”一组有 {} 个数，应为 5 个（结果维持、结果纠正、其他结果、尚未审结、总计）",
                            cells.len()
                        ))
                        .at(path)
                        .help("按模板顺序填 5 个数，没有的填 0"),
                    ),
                    Some(_) => {}
                }
            }
        }
    }
    out
}

// ------------------------------------------------------------------ *-INT

fn invalid_cells(rule: &Rule, table: &str, cells: Vec<(String, CellRef<'_>)>) -> Vec<Diagnostic> {
    cells
        .into_iter()
        .filter_map(|(row, c)| {
            let written = c.cell.invalid()?;
            let (what, help) = match c.cell {
                AnyCell::Count(_) => ("不小于 0 的整数", integer_help(written)),
                AnyCell::Signed(_) => ("整数", integer_help(written)),
                AnyCell::Wan(_) | AnyCell::Yuan(_) => (
                    "不小于 0 的金额，最多精确到分",
                    "金额不能为负数，不超过 10 亿，小数位数不超过分（万元最多 6 位小数，元最多 2 位）"
                        .to_string(),
                ),
            };
            Some(
                rule.diag(format!(
                    "{table}“{row}”一行“{}”应为{what}，但填的是 {written}",
                    c.col
                ))
                .at(c.path)
                .help(help),
            )
        })
        .collect()
}

fn integer_help(written: &str) -> String {
    let huge = written
        .trim_start_matches('-')
        .parse::<u128>()
        .is_ok_and(|v| v > crate::model::cell::MAX_FIGURE as u128);
    if huge {
        return "这个数大得不合理（超过 10 亿），可能多打了数字，请核对".to_string();
    }
    match written.strip_suffix(".0") {
        Some(int) => format!("写成 {int}，不带小数点"),
        None if written.starts_with('-') => "件数不能为负数，请核对".to_string(),
        None => "件数应为整数，请核对".to_string(),
    }
}

/// `T2-INT`: counts are integers ≥ 0 (2019 `本年增/减` may be negative); amounts ≥ 0.
pub static T2_INT: Rule = Rule {
    id: "T2-INT",
    severity: Severity::Error,
    title: "表二的件数为非负整数，金额为非负数",
    explain: "表二中的件数、项目数量和处理决定数量都是不小于 0 的整数；2019 版的“本年增/减”可以是负数；\
金额不能为负，单位为万元时最多精确到分（6 位小数）。",
    run: |rule, ctx| invalid_cells(rule, "表二", t2_cells(ctx)),
};

/// `T3-INT`: all cells of table 三 are integers ≥ 0.
pub static T3_INT: Rule = Rule {
    id: "T3-INT",
    severity: Severity::Error,
    title: "表三的每一格为非负整数",
    explain: "表三统计的是申请件数，每一格都应为不小于 0 的整数，不能有负数或小数。",
    run: t3_int,
};

fn t3_int(rule: &Rule, ctx: &Ctx) -> Vec<Diagnostic> {
    let rows = ctx.report.tables.t3_rows();
    invalid_cells(rule, "表三", t3_cells(&rows))
}

/// `T4-INT`: all cells of table 四 are integers ≥ 0.
pub static T4_INT: Rule = Rule {
    id: "T4-INT",
    severity: Severity::Error,
    title: "表四的每一格为非负整数",
    explain: "表四统计的是行政复议和行政诉讼的件数，每一格都应为不小于 0 的整数。",
    run: |rule, ctx| invalid_cells(rule, "表四", t4_cells(ctx)),
};

// ------------------------------------------------------------------ CELL-BLANK

/// `CELL-BLANK`: a template cell is written as blank (`""`); it is counted as 0.
pub static CELL_BLANK: Rule = Rule {
    id: "CELL-BLANK",
    severity: Severity::Warning,
    title: "表格中不留空白单元格",
    explain: "模板的每一格都应有数字，没有发生的填 0。很多已发布的报告留了空格（写成 \"\"、\"/\"、\"—\" 或 \"-\"），\
读者无法分辨是 0 还是漏填。空白单元格在生成的报告里仍是空白；核算勾稽关系时，申请人各列和表二、表四的空白按 0 计算，\
表三空白的“总计”按本行六类申请人之和计算（与少写第 7 个数、让 gxgk 自动计算相同，只是报告里这一格留空）。\
整列空白的只提示一次；其余空白每张表提示一次（说明多少格、在几行、哪些行的总计是算出来的），\
每行的明细在 `--format json` 的 detail 中。",
    run: cell_blank,
};

fn cell_blank(rule: &Rule, ctx: &Ctx) -> Vec<Diagnostic> {
    let rows = ctx.report.tables.t3_rows();
    let mut entries: Vec<Blank> = Vec::new();
    // Table 三 columns that are blank in every written row: one finding per column.
    let written: Vec<&crate::model::Row> = rows.iter().filter_map(|e| e.row).collect();
    let blank_cols: Vec<usize> = (0..T3_COLUMN_NAMES.len())
        .filter(|&c| {
            written.len() > 1
                && written
                    .iter()
                    .all(|r| matches!(r.0.get(c), Some(Cell::Blank)))
        })
        .collect();
    for &c in &blank_cols {
        let first = rows.iter().find(|e| e.row.is_some()).map(|e| e.path());
        let (how, help) = if c == TOTAL_COL {
            (
                "核算时按每行六类申请人之和计算，生成的报告里这一列仍是空白",
                "在每行填写总计；或每行只写前 6 个数，让 gxgk 计算总计并填入报告",
            )
        } else {
            ("按 0 计算", "在这一列每行填写 0（或实际数字）")
        };
        entries.push(Blank {
            table: "表三",
            message: format!(
                "表三“{}”列整列空白（{} 行），{how}",
                T3_COLUMN_NAMES[c],
                written.len()
            ),
            path: format!("{}[{c}]", first.unwrap_or_default()),
            help,
            cells: written.len(),
            kind: BlankKind::Column(c == TOTAL_COL),
        });
    }
    // Rows blank in every other column: one finding for all of them.
    let blank_rows: Vec<&RowEntry<'_>> = rows
        .iter()
        .filter(|e| {
            e.row.is_some_and(|r| {
                r.0.len() > blank_cols.len()
                    && r.0
                        .iter()
                        .enumerate()
                        .all(|(c, cell)| blank_cols.contains(&c) || matches!(cell, Cell::Blank))
            })
        })
        .collect();
    if blank_rows.len() > 1 {
        let names: Vec<String> = blank_rows
            .iter()
            .map(|e| format!("“{}”", e.name()))
            .collect();
        entries.push(Blank {
            table: "表三",
            message: format!(
                "表三有 {} 行整行空白（{}），按 0 计算，报告里这些行仍是空白",
                blank_rows.len(),
                names.join("、")
            ),
            path: format!("{}[0]", blank_rows[0].path()),
            help: "没有发生的行每格填 0",
            cells: blank_rows.len() * (T3_COLUMN_NAMES.len() - blank_cols.len()),
            kind: BlankKind::WholeRows(blank_rows.len()),
        });
    }
    let whole_row = |path: &str| {
        blank_rows.len() > 1
            && blank_rows
                .iter()
                .any(|e| path.starts_with(&format!("{}[", e.path())))
    };
    let mut all = t2_cells(ctx);
    all.extend(t3_cells(&rows).into_iter().filter(|(_, c)| {
        !whole_row(&c.path)
            && !blank_cols
                .iter()
                .any(|&b| c.path.ends_with(&format!("[{b}]")))
    }));
    all.extend(t4_cells(ctx));
    // Group the other blanks by row, keeping table order.
    let mut current: Option<(String, String, Vec<&'static str>)> = None;
    let flush = |cur: Option<(String, String, Vec<&'static str>)>, out: &mut Vec<Blank>| {
        if let Some((row, path, cols)) = cur {
            let table = match path.split('.').next() {
                Some("t2") => "表二",
                Some("t4") => "表四",
                _ => "表三",
            };
            let total = table == "表三" && cols.contains(&T3_COLUMN_NAMES[TOTAL_COL]);
            let how = if total {
                let computed = rows
                    .iter()
                    .find(|e| path.starts_with(&format!("{}[", e.path())))
                    .and_then(|e| e.row)
                    .map_or(0, |r| r.computed_total());
                if cols.len() == 1 {
                    format!("核算时总计按本行六类申请人之和 {computed} 计算，报告里这一格仍是空白")
                } else {
                    format!(
                        "空白的申请人列按 0 计算，总计按本行六类申请人之和 {computed} 计算，报告里这些格仍是空白"
                    )
                }
            } else {
                "按 0 计算".to_string()
            };
            let message = format!(
                "{table}“{row}”一行有 {} 个空白单元格（{}），{how}",
                cols.len(),
                cols.join("、")
            );
            out.push(Blank {
                table,
                message,
                path,
                help: "空白处明确填写 0（或实际数字）",
                cells: cols.len(),
                kind: BlankKind::Row(total),
            });
        }
    };
    for (row, c) in &all {
        if !c.cell.is_blank() {
            continue;
        }
        let row_key = c
            .path
            .rsplit_once(['[', '.'])
            .map_or(c.path.as_str(), |p| p.0);
        match &mut current {
            Some((r, p, cols)) if r == row && p.starts_with(row_key) => cols.push(c.col),
            _ => {
                flush(current.take(), &mut entries);
                current = Some((row.clone(), c.path.clone(), vec![c.col]));
            }
        }
    }
    flush(current, &mut entries);
    once_per_table(rule, entries)
}

#[cfg(test)]
mod tests;
