//! Rules on the shape and arithmetic of the three tables (spec §6.1, T-SHAPE, CELL-BLANK):
//! every row present, every cell a number of the right kind, every 勾稽关系 holding.

use crate::diag::{Diagnostic, Severity};
use crate::model::{
    AnyCell, Cell, CellRef, Group, RowEntry, RowKind, T3_COLUMN_NAMES, T4_COLUMNS, TOTAL_COL,
};

use super::blank::{Blank, BlankKind, once_per_table};
use super::{Ctx, Rule};

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
    run: |rule, ctx| {
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
    },
};

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
    run: |rule, ctx| {
        let rows = ctx.report.tables.t3_rows();
        invalid_cells(rule, "表三", t3_cells(&rows))
    },
};

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
    run: |rule, ctx| {
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
        let blank_rows: Vec<&RowEntry<'_>> =
            rows.iter()
                .filter(|e| {
                    e.row.is_some_and(|r| {
                        r.0.len() > blank_cols.len()
                            && r.0.iter().enumerate().all(|(c, cell)| {
                                blank_cols.contains(&c) || matches!(cell, Cell::Blank)
                            })
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
                        format!(
                            "核算时总计按本行六类申请人之和 {computed} 计算，报告里这一格仍是空白"
                        )
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
    },
};

// ------------------------------------------------------------------ T3 arithmetic

fn col_name(c: usize) -> &'static str {
    T3_COLUMN_NAMES[c]
}

/// Whether a 总计 column check is meaningful: some row in `written` has a written 总计, and
/// no involved row's 总计 disagrees with its own columns (T3-ROW-TOTAL already says so, and
/// the column check would only repeat it).
fn total_column_checkable(written: &[&RowEntry<'_>], involved: &[&RowEntry<'_>]) -> bool {
    written.iter().any(|r| {
        r.row
            .is_some_and(|row| matches!(row.written_total(), Some(Cell::Value(_))))
    }) && !involved
        .iter()
        .any(|r| r.row.is_some_and(|row| row.total_disagrees()))
}

/// Whether column `c` of these rows can be summed: every row has the template's shape
/// (T-SHAPE) and no cell in the column is invalid (T3-INT); otherwise those rules speak.
fn column_known(rows: &[&RowEntry<'_>], c: usize) -> bool {
    rows.iter()
        .all(|r| r.row.is_none_or(|row| row.well_formed() && row.known(c)))
}

/// `T3-ROW-TOTAL`: a written 总计 equals the sum of the six applicant columns.
pub static T3_ROW_TOTAL: Rule = Rule {
    id: "T3-ROW-TOTAL",
    severity: Severity::Error,
    title: "表三每行的总计等于六类申请人之和",
    explain: "表三每一行的“总计”应等于自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他六列之和。\
数据文件中每行可以只填 6 个数（总计自动计算），填了第 7 个数就会核对。",
    run: |rule, ctx| {
        let mut out = Vec::new();
        for entry in ctx.report.tables.t3_rows() {
            let Some(row) = entry.row else { continue };
            let Some(Cell::Value(written)) = row.written_total() else {
                continue;
            };
            if !row.well_formed() || !row.known(TOTAL_COL) {
                continue;
            }
            let sum = row.computed_total();
            if *written != sum {
                let terms: Vec<u64> = (0..TOTAL_COL).map(|i| row.cell(i).get()).collect();
                out.push(
                    rule.diag(format!(
                        "表三“{}”一行：总计应等于六类申请人之和，{} = {sum}，但总计填的是 {written}",
                        entry.name(),
                        sum_expr(&terms)
                    ))
                    .at(format!("{}[{TOTAL_COL}]", entry.path()))
                    .figures(*written as i64, sum as i64)
                    .help(format!("核对这一行的各列；若各列无误，总计应为 {sum}")),
                );
            }
        }
        out
    },
};

/// `T3-COL-BALANCE`: for every column, 一 + 二 = （七）总计 + 四 (the template's own note).
pub static T3_COL_BALANCE: Rule = Rule {
    id: "T3-COL-BALANCE",
    severity: Severity::Error,
    title: "表三每列：第一项加第二项之和等于第三项加第四项之和",
    explain: "模板在表三左上角注明：“本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和”。\
即每一列都要满足：本年新收 + 上年结转 = 本年度办理结果（七）总计 + 结转下年度继续办理。\
常见原因：漏填“结转下年度继续办理”，或把上年结转的申请漏计在办理结果里。",
    run: |rule, ctx| {
        let rows = ctx.report.tables.t3_rows();
        let find = |k: RowKind| rows.iter().find(|r| r.spec.kind == k);
        let (Some(new), Some(cin), Some(total), Some(cout)) = (
            find(RowKind::New),
            find(RowKind::CarriedIn),
            find(RowKind::Total),
            find(RowKind::CarriedOut),
        ) else {
            return Vec::new();
        };
        let (Some(n), Some(ci), Some(t), Some(co)) = (new.row, cin.row, total.row, cout.row) else {
            return Vec::new();
        };
        let involved = [new, cin, total, cout];
        let check_total = total_column_checkable(&involved, &involved);
        let mut out = Vec::new();
        for c in 0..=TOTAL_COL {
            if (c == TOTAL_COL && !check_total) || !column_known(&involved, c) {
                continue;
            }
            let (a, b, x, y) = (n.value(c), ci.value(c), t.value(c), co.value(c));
            if a + b != x + y {
                out.push(
                    rule.diag(format!(
                        "表三“{}”列：本年新收加上年结转应等于办理结果总计加结转下年度，{a} + {b} = {}，但 {x} + {y} = {}",
                        col_name(c),
                        a + b,
                        x + y
                    ))
                    .at(format!("t3.total[{c}]"))
                    .figures((a + b) as i64, (x + y) as i64)
                    .help(format!(
                        "核对这一列的“一、本年新收”“二、上年结转”“（七）总计”“四、结转下年度继续办理”；若前两项无误，（七）总计与结转下年度之和应为 {}",
                        a + b
                    )),
                );
            }
        }
        out
    },
};

/// `T3-OUTCOME-SUM`: for every column, （七）总计 = the sum of all leaf outcome rows.
pub static T3_OUTCOME_SUM: Rule = Rule {
    id: "T3-OUTCOME-SUM",
    severity: Severity::Error,
    title: "表三每列：（七）总计等于各项办理结果之和",
    explain: "“三、本年度办理结果”下的（一）予以公开、（二）部分公开、（三）不予公开 1—8、（四）无法提供 1—3、\
（五）不予处理 1—5、（六）其他处理各行相加，应等于（七）总计。每件申请只计入一种办理结果，\
模板没有（三）（四）（五）（六）的小计行。",
    run: |rule, ctx| {
        let rows = ctx.report.tables.t3_rows();
        let Some(total) = rows.iter().find(|r| r.spec.kind == RowKind::Total) else {
            return Vec::new();
        };
        let Some(t) = total.row else {
            return Vec::new();
        };
        let leaves: Vec<&RowEntry> = rows
            .iter()
            .filter(|r| r.spec.kind == RowKind::Outcome)
            .collect();
        // The 总计 column is checked when （七）总计 has a written 总计; otherwise it is
        // computed and any difference there repeats a finding in another column.
        let mut involved = leaves.clone();
        involved.push(total);
        let check_total = total_column_checkable(&[total], &involved);
        let mut out = Vec::new();
        for c in 0..=TOTAL_COL {
            if (c == TOTAL_COL && !check_total) || !column_known(&involved, c) {
                continue;
            }
            let terms: Vec<(String, u64)> = leaves
                .iter()
                .filter_map(|r| r.row.map(|row| (outcome_marker(r), row.value(c))))
                .filter(|(_, v)| *v != 0)
                .collect();
            let sum: u64 = terms.iter().map(|(_, v)| v).sum();
            let written = t.value(c);
            if sum != written {
                let named: Vec<String> = terms.iter().map(|(m, v)| format!("{m}{v}")).collect();
                let expr = match terms.len() {
                    0 => "0".to_string(),
                    1 => named[0].clone(),
                    _ => format!("{} = {sum}", named.join(" + ")),
                };
                out.push(
                    rule.diag(format!(
                        "表三“{}”列：（七）总计应等于各项办理结果之和，各项之和为 {expr}，但（七）总计填的是 {written}",
                        col_name(c)
                    ))
                    .at(format!("t3.total[{c}]"))
                    .figures(written as i64, sum as i64)
                    .help("核对这一列（一）至（六）各行；每件申请只计入一种办理结果"),
                );
            }
        }
        out
    },
};

/// The short name of an outcome row for a sum: `（一）`, or `（三）第2项` for a row under a group.
fn outcome_marker(r: &RowEntry<'_>) -> String {
    let head = |s: &str| s.split_inclusive('）').next().unwrap_or(s).to_string();
    match r.spec.group {
        Some(g) => {
            let n: String = r
                .spec
                .label
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            format!("{}第{n}项 ", head(g))
        }
        None => head(r.spec.label),
    }
}

/// `T4-GROUP-SUM`: in each group of table 四, 总计 = 维持 + 纠正 + 其他 + 尚未审结.
pub static T4_GROUP_SUM: Rule = Rule {
    id: "T4-GROUP-SUM",
    severity: Severity::Error,
    title: "表四每组的总计等于前四项之和",
    explain: "表四的行政复议、未经复议直接起诉、复议后起诉三组，每组的“总计”应等于结果维持、结果纠正、\
其他结果、尚未审结四项之和。",
    run: |rule, ctx| {
        let mut out = Vec::new();
        let Some(t4) = &ctx.report.t4 else { return out };
        for (key, label, group) in t4.groups() {
            let Some(g) = group else { continue };
            if g.0.len() != T4_COLUMNS.len() {
                continue;
            }
            let terms: Vec<u64> = (0..4).map(|i| g.cell(i).get()).collect();
            let sum: u64 = terms.iter().sum();
            let written = g.cell(4).get();
            if sum != written {
                out.push(
                    rule.diag(format!(
                        "表四“{label}”：总计应等于结果维持、结果纠正、其他结果、尚未审结之和，{} = {sum}，但总计填的是 {written}",
                        sum_expr(&terms)
                    ))
                    .at(format!("t4.{key}[4]"))
                    .figures(written as i64, sum as i64)
                    .help(format!("若前四项无误，总计应为 {sum}")),
                );
            }
        }
        out
    },
};

#[cfg(test)]
mod tests {
    use super::super::testing::rule;
    use super::*;

    const Y: i64 = 2025;

    #[test]
    fn t_shape() {
        assert!(rule(&T_SHAPE, Y, &[]).is_empty());
        let d = rule(
            &T_SHAPE,
            Y,
            &[
                ("t3.granted", ""),
                ("t4.review", "[0, 0, 0, 0]"),
                ("t3.new", "[1, 0, 0, 0, 0]"),
            ],
        );
        assert_eq!(d.len(), 3, "{d:#?}");
        assert!(d[0].message.contains("只有 5 个数"));
        assert!(d[1].message.contains("缺少“（一）予以公开”"));
        assert!(d[2].message.contains("有 4 个数"));
        let d = rule(
            &T_SHAPE,
            Y,
            &[
                ("t3.new", "[0, 0, 0, 0, 0, 0, 0, 0]"),
                ("t2.rules", "{ issued = 0, abolished = 0 }"),
            ],
        );
        assert_eq!(d.len(), 2, "{d:#?}");
        assert!(d[0].message.contains("现行有效件数"));
        assert!(d[1].message.contains("多了 1 个"));
        assert_eq!(d[1].path.as_deref(), Some("t3.new[7]"));
    }

    #[test]
    fn ints() {
        assert!(rule(&T3_INT, Y, &[]).is_empty());
        let d = rule(&T3_INT, Y, &[("t3.granted", "[-1, 0, 0, 0, 0, 0]")]);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].path.as_deref(), Some("t3.granted[0]"));
        assert!(rule(&T4_INT, Y, &[]).is_empty());
        assert_eq!(
            rule(&T4_INT, Y, &[("t4.review", "[1.0, 0, 0, 0, 1]")])[0]
                .help
                .as_deref(),
            Some("写成 1，不带小数点")
        );
        assert!(rule(&T2_INT, Y, &[]).is_empty());
        assert_eq!(
            rule(&T2_INT, Y, &[("t2.fees", "{ amount_wan = -2 }")]).len(),
            1
        );
        assert!(
            rule(
                &T2_INT,
                2020,
                &[("t2.permit", "{ prev_items = 3, delta = -2, decisions = 1 }")]
            )
            .is_empty()
        );
    }

    #[test]
    fn cell_blank_groups_by_row() {
        assert!(rule(&CELL_BLANK, Y, &[]).is_empty());
        let d = rule(
            &CELL_BLANK,
            Y,
            &[
                ("t3.granted", "[17, \"\", \"\", 0, 0, 0, 17]"),
                ("t4.review", "[\"\", 0, 0, 0, 0]"),
            ],
        );
        assert_eq!(d.len(), 2, "{d:#?}");
        assert!(
            d[0].message
                .contains("2 个空白单元格（商业企业、科研机构）"),
            "{}",
            d[0].message
        );
        assert_eq!(d[0].path.as_deref(), Some("t3.granted[1]"));
        assert!(d[1].message.starts_with("表四"));
        // A blank 总计 is counted as its row's sum, and the message says so.
        let d = rule(
            &CELL_BLANK,
            Y,
            &[("t3.granted", "[3, 1, 0, 0, 0, 0, \"\"]")],
        );
        assert_eq!(
            d[0].message,
            "表三“（一）予以公开”一行有 1 个空白单元格（总计），核算时总计按本行六类申请人之和 4 计算，报告里这一格仍是空白"
        );
    }

    /// A report that leaves its zeros blank: one finding per table, each row in its detail.
    #[test]
    fn cell_blank_rows_said_once_per_table() {
        let d = rule(
            &CELL_BLANK,
            Y,
            &[
                ("t3.new", "[9, 2, \"\", \"\", 1, \"\", 12]"),
                ("t3.granted", "[5, 1, \"\", \"\", \"\", \"\", 6]"),
                ("t3.total", "[9, 2, 0, 0, 1, 0, \"\"]"),
            ],
        );
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(
            d[0].message,
            "表三有 8 个空白单元格（3 行部分空白），按 0 计算，其中 1 行空白的总计按本行六类申请人之和计算；报告里这些格仍是空白（明细见 --format json）"
        );
        assert_eq!(d[0].path.as_deref(), Some("t3.new[2]"));
        assert_eq!(d[0].detail.len(), 3);
        assert!(d[0].detail[2].contains("总计按本行六类申请人之和 12 计算"));
    }

    /// A column blank in every row is said once, at the column (seed 002 left five columns
    /// blank and got one warning per row).
    #[test]
    fn cell_blank_whole_column_once() {
        let year = 2020;
        let rows = crate::check::testing::report(year, &[])
            .tables
            .t3_rows()
            .len();
        let keys: Vec<String> = crate::check::testing::report(year, &[])
            .tables
            .t3_rows()
            .iter()
            .map(|e| format!("t3.{}", e.spec.key))
            .collect();
        let edits: Vec<(&str, &str)> = keys
            .iter()
            .map(|k| (k.as_str(), "[0, \"\", 0, 0, 0, 0, \"\"]"))
            .collect();
        // Said once for the table; each column's sentence is kept in the detail.
        let d = rule(&CELL_BLANK, year, &edits);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(
            d[0].message,
            format!(
                "表三有 {} 个空白单元格（2 列整列空白），按 0 计算，“总计”列按每行六类申请人之和计算；报告里这些格仍是空白（明细见 --format json）",
                2 * rows
            )
        );
        assert_eq!(d[0].path.as_deref(), Some("t3.new[1]"));
        assert_eq!(
            d[0].detail[0],
            format!("表三“商业企业”列整列空白（{rows} 行），按 0 计算")
        );
        assert!(d[0].detail[1].starts_with("表三“总计”列整列空白"));
        assert!(d[0].detail[1].contains("按每行六类申请人之和计算"));
        // One more blank in some other column: its row joins the same finding.
        let mut edits = edits.clone();
        edits[3].1 = "[\"\", \"\", 0, 0, 0, 0, \"\"]";
        let d = rule(&CELL_BLANK, year, &edits);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(d[0].message.contains("1 行部分空白"), "{}", d[0].message);
        assert!(
            d[0].detail[2].contains("1 个空白单元格（自然人）"),
            "{:?}",
            d[0].detail
        );
        // Rows blank in every remaining column are one sentence of the detail.
        edits[4].1 = "[\"\", \"\", \"\", \"\", \"\", \"\", \"\"]";
        edits[5].1 = "[\"\", \"\", \"\", \"\", \"\", \"\", \"\"]";
        let d = rule(&CELL_BLANK, year, &edits);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(d[0].message.contains("2 行整行空白"), "{}", d[0].message);
        assert!(
            d[0].detail[2].starts_with("表三有 2 行整行空白（“（三）不予公开·1.属于国家秘密”、"),
            "{:?}",
            d[0].detail
        );
    }

    #[test]
    fn t3_row_total() {
        assert!(rule(&T3_ROW_TOTAL, Y, &[("t3.granted", "[1, 2, 0, 0, 0, 0, 3]")]).is_empty());
        let d = rule(&T3_ROW_TOTAL, Y, &[("t3.granted", "[1, 2, 0, 0, 0, 0, 4]")]);
        assert_eq!(d.len(), 1);
        assert!(
            d[0].message
                .contains("1 + 2 + 0 + 0 + 0 + 0 = 3，但总计填的是 4"),
            "{}",
            d[0].message
        );
        assert_eq!(d[0].path.as_deref(), Some("t3.granted[6]"));
    }

    #[test]
    fn t3_col_balance() {
        let ok = [
            ("t3.new", "[8, 0, 0, 0, 0, 0, 8]"),
            ("t3.granted", "[8, 0, 0, 0, 0, 0, 8]"),
            ("t3.total", "[8, 0, 0, 0, 0, 0, 8]"),
        ];
        assert!(rule(&T3_COL_BALANCE, Y, &ok).is_empty());
        // Seed 002's 自然人 column: 46 + 4 = 50, but 44 + 0 = 44.
        let d = rule(
            &T3_COL_BALANCE,
            Y,
            &[
                ("t3.new", "[46, 0, 0, 0, 0, 0, 46]"),
                ("t3.carried_in", "[4, 0, 0, 0, 0, 0, 4]"),
                ("t3.total", "[44, 0, 0, 0, 0, 0, 44]"),
                ("t3.carried_out", "[\"\", 0, 0, 0, 0, 0, 6]"),
            ],
        );
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(
            d[0].message.contains("46 + 4 = 50，但 44 + 0 = 44"),
            "{}",
            d[0].message
        );
        assert_eq!(d[0].figures.map(|f| (f.left, f.right)), Some((50, 44)));
    }

    #[test]
    fn t3_outcome_sum() {
        let ok = [
            ("t3.granted", "[5, 0, 0, 0, 0, 0]"),
            ("t3.unable.not_held", "[3, 0, 0, 0, 0, 0]"),
            ("t3.total", "[8, 0, 0, 0, 0, 0]"),
        ];
        assert!(rule(&T3_OUTCOME_SUM, Y, &ok).is_empty());
        let d = rule(
            &T3_OUTCOME_SUM,
            Y,
            &[
                ("t3.granted", "[5, 0, 0, 0, 0, 0]"),
                ("t3.unable.not_held", "[3, 0, 0, 0, 0, 0]"),
                ("t3.total", "[9, 0, 0, 0, 0, 0]"),
            ],
        );
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(
            d[0].message
                .contains("各项之和为 （一）5 + （四）第1项 3 = 8，但（七）总计填的是 9"),
            "{}",
            d[0].message
        );
        // The 2021 （六） rows count as outcomes.
        assert!(
            rule(
                &T3_OUTCOME_SUM,
                Y,
                &[
                    ("t3.other.no_fee", "[1, 0, 0, 0, 0, 0, 1]"),
                    ("t3.total", "[1, 0, 0, 0, 0, 0, 1]")
                ]
            )
            .is_empty()
        );
    }

    #[test]
    fn t4_group_sum() {
        assert!(rule(&T4_GROUP_SUM, Y, &[("t4.suit_direct", "[1, 1, 0, 0, 2]")]).is_empty());
        let d = rule(&T4_GROUP_SUM, Y, &[("t4.suit_direct", "[1, 1, 0, 0, 1]")]);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("1 + 1 + 0 + 0 = 2，但总计填的是 1"));
    }
}
