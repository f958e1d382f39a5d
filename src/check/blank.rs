//! `CELL-BLANK` said once per table: the blank findings of a table — whole
//! blank columns, whole blank rows, rows with some blank cells — merged into one finding whose
//! detail keeps each sentence for `--format json`.

use super::Rule;
use crate::diag::Diagnostic;

/// What a blank finding stands for.
pub(super) enum BlankKind {
    /// A 表三 column blank in every row (whether it is the 总计 column).
    Column(bool),
    /// 表三 rows blank in every other column (how many).
    WholeRows(usize),
    /// Some cells of one row (whether its 总计 is among them).
    Row(bool),
}

/// One blank finding before they are merged per table.
pub(super) struct Blank {
    pub(super) table: &'static str,
    pub(super) message: String,
    pub(super) path: String,
    pub(super) help: &'static str,
    pub(super) cells: usize,
    pub(super) kind: BlankKind,
}

/// The blank cells of a table in one finding (a report that leaves its zeros blank would
/// get one per row): how many cells, in which columns and rows, counted as 0, where a blank
/// 总计 was computed; each sentence is kept as the finding's detail (`--format json`).
pub(super) fn once_per_table(rule: &Rule, entries: Vec<Blank>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for table in ["表二", "表三", "表四"] {
        let all: Vec<&Blank> = entries.iter().filter(|e| e.table == table).collect();
        match all.as_slice() {
            [] => {}
            [one] => out.push(
                rule.diag(one.message.clone())
                    .at(one.path.clone())
                    .help(one.help),
            ),
            many => {
                let cells: usize = many.iter().map(|e| e.cells).sum();
                let (mut cols, mut whole, mut rows, mut total_col, mut totals) =
                    (0, 0, 0, false, 0);
                for e in many.iter() {
                    match e.kind {
                        BlankKind::Column(t) => {
                            cols += 1;
                            total_col |= t;
                        }
                        BlankKind::WholeRows(n) => whole += n,
                        BlankKind::Row(t) => {
                            rows += 1;
                            totals += usize::from(t);
                        }
                    }
                }
                let parts: Vec<String> = [
                    (cols, "列整列空白"),
                    (whole, "行整行空白"),
                    (rows, "行部分空白"),
                ]
                .iter()
                .filter(|(n, _)| *n > 0)
                .map(|(n, what)| format!("{n} {what}"))
                .collect();
                let mut how = String::new();
                if total_col {
                    how.push_str("，“总计”列按每行六类申请人之和计算");
                }
                if totals > 0 {
                    how.push_str(&format!(
                        "，其中 {totals} 行空白的总计按本行六类申请人之和计算"
                    ));
                }
                let mut d = rule
                    .diag(format!(
                        "{table}有 {cells} 个空白单元格（{}），按 0 计算{how}；报告里这些格仍是空白（明细见 --format json）",
                        parts.join("，")
                    ))
                    .at(many[0].path.clone())
                    .help("空白处明确填写 0（或实际数字）");
                d.detail = many.iter().map(|e| e.message.clone()).collect();
                out.push(d);
            }
        }
    }
    out
}
