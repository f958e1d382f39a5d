//! The 勾稽关系 of tables 三 and 四 (docs/spec/rules.md §6.1): `T3-ROW-TOTAL`, `T3-COL-BALANCE`,
//! `T3-OUTCOME-SUM` and `T4-GROUP-SUM`, each finding saying what was expected, what was found and
//! how it was computed.

use crate::diag::{Diagnostic, Severity};
use crate::model::{Cell, RowEntry, RowKind, T3_COLUMN_NAMES, T4_COLUMNS, TOTAL_COL};

use super::sum_expr;
use crate::check::{Ctx, Rule};

pub(super) fn col_name(c: usize) -> &'static str {
    T3_COLUMN_NAMES[c]
}

/// Whether a 总计 column check is meaningful: some row in `written` has a written 总计, and
/// no involved row's 总计 disagrees with its own columns (T3-ROW-TOTAL already says so, and
/// the column check would only repeat it).
pub(super) fn total_column_checkable(
    written: &[&RowEntry<'_>],
    involved: &[&RowEntry<'_>],
) -> bool {
    written.iter().any(|r| {
        r.row
            .is_some_and(|row| matches!(row.written_total(), Some(Cell::Value(_))))
    }) && !involved
        .iter()
        .any(|r| r.row.is_some_and(|row| row.total_disagrees()))
}

/// Whether column `c` of these rows can be summed: every row has the template's shape
/// (T-SHAPE) and no cell in the column is invalid (T3-INT); otherwise those rules speak.
pub(super) fn column_known(rows: &[&RowEntry<'_>], c: usize) -> bool {
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
    run: t3_row_total_rule,
};

pub(super) fn t3_row_total_rule(rule: &Rule, ctx: &Ctx) -> Vec<Diagnostic> {
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
}

/// `T3-COL-BALANCE`: for every column, 一 + 二 = （七）总计 + 四 (the template's own note).
pub static T3_COL_BALANCE: Rule = Rule {
    id: "T3-COL-BALANCE",
    severity: Severity::Error,
    title: "表三每列：第一项加第二项之和等于第三项加第四项之和",
    explain: "模板在表三左上角注明：“本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和”。\
即每一列都要满足：本年新收 + 上年结转 = 本年度办理结果（七）总计 + 结转下年度继续办理。\
常见原因：漏填“结转下年度继续办理”，或把上年结转的申请漏计在办理结果里。",
    run: t3_col_balance_rule,
};

pub(super) fn t3_col_balance_rule(rule: &Rule, ctx: &Ctx) -> Vec<Diagnostic> {
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
}

/// `T3-OUTCOME-SUM`: for every column, （七）总计 = the sum of all leaf outcome rows.
pub static T3_OUTCOME_SUM: Rule = Rule {
    id: "T3-OUTCOME-SUM",
    severity: Severity::Error,
    title: "表三每列：（七）总计等于各项办理结果之和",
    explain: "“三、本年度办理结果”下的（一）予以公开、（二）部分公开、（三）不予公开 1—8、（四）无法提供 1—3、\
（五）不予处理 1—5、（六）其他处理各行相加，应等于（七）总计。每件申请只计入一种办理结果，\
模板没有（三）（四）（五）（六）的小计行。",
    run: t3_outcome_sum_rule,
};

pub(super) fn t3_outcome_sum_rule(rule: &Rule, ctx: &Ctx) -> Vec<Diagnostic> {
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
}

/// The short name of an outcome row for a sum: `（一）`, or `（三）第2项` for a row under a group.
pub(super) fn outcome_marker(r: &RowEntry<'_>) -> String {
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
    run: t4_group_sum_rule,
};

pub(super) fn t4_group_sum_rule(rule: &Rule, ctx: &Ctx) -> Vec<Diagnostic> {
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
}
