//! `gxgk stats`: one workbook for the superior office — a sheet per table (表二 and 表三 per
//! edition, 表四), one row per report with its agency, year, edition, error and warning counts
//! and every cell under the template's labels. Numbers are numbers, a blank cell stays empty;
//! the labels come from the one definition of each table.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::diag::Tally;
use crate::model::figures::cells;
use crate::model::{
    Edition, Report, T3_COLUMNS, T3_OTHER_2019, T3_OTHER_2021, T3_ROWS_AFTER_OTHER,
    T3_ROWS_BEFORE_OTHER, T4_COLUMNS, T4_GROUPS, t2,
};

/// One input of the workbook.
#[derive(Debug)]
pub struct Entry {
    /// The file as given.
    pub file: String,
    /// The report, when the file could be read.
    pub report: Option<Report>,
    /// Its findings, when it could be read.
    pub tally: Option<Tally>,
}

/// A column group of a sheet: the row label of the template, and its column labels.
struct Group {
    label: String,
    columns: Vec<&'static str>,
}

/// The leading columns of every sheet.
const LEAD: [&str; 6] = ["文件", "机关", "年度", "表格版本", "错误", "警告"];

/// The template's groups of a table sheet.
fn groups(table: &str, edition: Edition) -> Vec<Group> {
    match table {
        "表二" => t2::row_defs(edition)
            .map(|(block, row)| Group {
                label: format!("{}·{}", block.item, row.label),
                columns: block.columns.iter().map(|c| c.label).collect(),
            })
            .collect(),
        "表三" => {
            let other: &[crate::model::RowSpec] = match edition {
                Edition::E2019 => &T3_OTHER_2019,
                Edition::E2021 => &T3_OTHER_2021,
            };
            T3_ROWS_BEFORE_OTHER
                .iter()
                .chain(other)
                .chain(&T3_ROWS_AFTER_OTHER)
                .map(|s| Group {
                    label: match s.group {
                        Some(g) => format!("{g}·{}", s.label),
                        None => s.label.to_string(),
                    },
                    columns: T3_COLUMNS.to_vec(),
                })
                .collect()
        }
        _ => T4_GROUPS
            .iter()
            .map(|(_, label)| Group {
                label: label.to_string(),
                columns: T4_COLUMNS.to_vec(),
            })
            .collect(),
    }
}

/// The workbook of `entries`, as bytes.
pub fn workbook(entries: &[Entry]) -> Result<Vec<u8>, String> {
    build(entries).map_err(|e| format!("无法生成工作簿：{e}"))
}

fn build(entries: &[Entry]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin);
    let editions: Vec<Edition> = [Edition::E2021, Edition::E2019]
        .into_iter()
        .filter(|e| {
            entries
                .iter()
                .any(|x| x.report.as_ref().is_some_and(|r| r.edition() == *e))
        })
        .collect();
    let both = editions.len() > 1;
    for table in ["表二", "表三", "表四"] {
        // 表四 is the same in both editions; 表二 and 表三 get a sheet per edition.
        let sheets: Vec<Option<Edition>> = if table == "表四" || editions.is_empty() {
            vec![None]
        } else {
            editions.iter().copied().map(Some).collect()
        };
        for edition in sheets {
            let name = match edition {
                Some(e) if both => format!("{table}（{e}）"),
                _ => table.to_string(),
            };
            let ws = wb.add_worksheet();
            ws.set_name(&name)?;
            let gs = groups(table, edition.unwrap_or(Edition::E2021));
            header(ws, &gs, &head)?;
            let mut row = 2u32;
            for e in entries {
                let fits = match (&e.report, edition) {
                    (Some(r), Some(ed)) => r.edition() == ed,
                    (Some(_), None) => true,
                    // An unreadable file is listed on every sheet, its cells empty.
                    (None, _) => true,
                };
                if !fits {
                    continue;
                }
                line(ws, row, e, table)?;
                row += 1;
            }
        }
    }
    wb.save_to_buffer()
}

/// Two header rows: the template's row label over its columns, then the column labels; the
/// leading columns span both. Frozen below the header and right of the agency.
fn header(ws: &mut Worksheet, gs: &[Group], head: &Format) -> Result<(), XlsxError> {
    for (c, name) in LEAD.iter().enumerate() {
        ws.merge_range(0, c as u16, 1, c as u16, name, head)?;
    }
    ws.set_column_width(0, 24)?;
    ws.set_column_width(1, 22)?;
    let mut col = LEAD.len() as u16;
    for g in gs {
        let last = col + g.columns.len() as u16 - 1;
        if last > col {
            ws.merge_range(0, col, 0, last, &g.label, head)?;
        } else {
            ws.write_string_with_format(0, col, &g.label, head)?;
        }
        for (i, c) in g.columns.iter().enumerate() {
            ws.write_string_with_format(1, col + i as u16, *c, head)?;
            ws.set_column_width(col + i as u16, 10)?;
        }
        col = last + 1;
    }
    ws.set_row_height(0, 60)?;
    ws.set_row_height(1, 45)?;
    ws.set_freeze_panes(2, 2)?;
    Ok(())
}

/// One report's row.
fn line(ws: &mut Worksheet, row: u32, e: &Entry, table: &str) -> Result<(), XlsxError> {
    ws.write_string(row, 0, &e.file)?;
    let Some(r) = &e.report else {
        ws.write_string(row, 1, "（无法读取）")?;
        return Ok(());
    };
    ws.write_string(row, 1, r.agency.name.trim())?;
    ws.write_number(row, 2, r.year as f64)?;
    ws.write_number(row, 3, r.edition().number() as f64)?;
    if let Some(t) = e.tally {
        ws.write_number(row, 4, t.errors as f64)?;
        ws.write_number(row, 5, t.warnings as f64)?;
    }
    // The report's cells of this table come in the template order the groups are in.
    let figures = cells(r).into_iter().filter(|(p, _)| p.table == table);
    for (i, (_, f)) in figures.enumerate() {
        if let Some(v) = f.number() {
            ws.write_number(row, (LEAD.len() + i) as u16, v)?;
        }
    }
    Ok(())
}
