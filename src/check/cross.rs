//! Rules that compare figures across parts of the report or with last year's report
//! (`--previous`): carried-over applications, documents in force, item counts, fees.

use crate::diag::{Diagnostic, Severity};
use crate::model::{Cell, Edition, Report, RowKind, T3_COLUMN_NAMES, TOTAL_COL, Tables, Yuan};

use super::{Ctx, Rule};

/// "（file:line）": where last year's figure at `path` was written, when the file is known.
fn prev_where(ctx: &Ctx<'_>, path: &str) -> String {
    match ctx.previous_source {
        Some(src) => {
            let loc = src.locate_path(path, None);
            format!("（{}:{}）", src.name, loc.line)
        }
        None => String::new(),
    }
}

/// Last year's report, when it is really last year's.
fn previous<'a>(ctx: &Ctx<'a>) -> Option<&'a Report> {
    ctx.previous.filter(|p| p.year == ctx.report.year - 1)
}

/// `FEE-T3`: fee figures of section 六 agree with table 三 and with each other.
pub static FEE_T3: Rule = Rule {
    id: "FEE-T3",
    severity: Severity::Warning,
    title: "信息处理费与表三一致",
    explain: "表三（六）其他处理第 2 行“申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请”的件数，\
不会多于本年发出的收费通知件数；实际收取的金额也不会多于收费通知的总金额。",
    run: fee_t3_rule,
};

fn fee_t3_rule(rule: &Rule, ctx: &Ctx) -> Vec<Diagnostic> {
    let r = ctx.report;
    let (Tables::E2021 { t3: Some(t3), .. }, Some(fees)) = (&r.tables, &r.other_matters.info_fees)
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let notices = fees.notices_issued.get();
    if let Some(no_fee) = t3.other.as_ref().and_then(|o| o.no_fee.as_ref()) {
        let n = no_fee.value(TOTAL_COL);
        if n > notices {
            out.push(
                rule.diag(format!(
                    "表三“（六）其他处理·2.申请人逾期未按收费通知要求缴纳费用”共 {n} 件，多于本年发出的收费通知 {notices} 件"
                ))
                .at("other_matters.fees.notices_issued")
                .figures(n as i64, notices as i64)
                .help("核对收费通知件数和表三（六）2 这一行"),
            );
        }
    }
    let (Cell::Value(Yuan(amount)), Cell::Value(Yuan(collected))) =
        (&fees.notices_amount_yuan, &fees.collected_yuan)
    else {
        return out;
    };
    if collected.fen > amount.fen {
        out.push(
            rule.diag(format!(
                "实际收取的信息处理费 {} 元多于收费通知的总金额 {} 元",
                collected.yuan_text(),
                amount.yuan_text()
            ))
            .at("other_matters.fees.collected_yuan")
            .help("核对两个金额（单位：元）"),
        );
    }
    out
}

/// `X-CARRY`: this year's 上年结转 equals last year's 结转下年度继续办理, column by column.
pub static X_CARRY: Rule = Rule {
    id: "X-CARRY",
    severity: Severity::Warning,
    title: "上年结转等于上年报告的结转下年度",
    explain: "用 --previous 指定上年的数据文件时检查：表三“二、上年结转政府信息公开申请数量”每一列应等于上年报告“四、结转下年度继续办理”的同一列。\
gxgk new --from 上年文件 会自动带入这些数字。",
    run: x_carry_rule,
};

fn x_carry_rule(rule: &Rule, ctx: &Ctx) -> Vec<Diagnostic> {
    let Some(prev_any) = ctx.previous else {
        return Vec::new();
    };
    let r = ctx.report;
    if prev_any.year != r.year - 1 {
        return vec![
            rule.diag(format!(
                "--previous 指定的是 {} 年度的报告，不是上一年度（{} 年度），跨年度检查已跳过",
                prev_any.year,
                r.year - 1
            ))
            .at("year"),
        ];
    }
    let row_of = |rep: &Report, kind: RowKind| {
        rep.tables
            .t3_rows()
            .into_iter()
            .find(|e| e.spec.kind == kind)
            .and_then(|e| e.row.cloned())
    };
    let (Some(cin), Some(cout)) = (
        row_of(r, RowKind::CarriedIn),
        row_of(prev_any, RowKind::CarriedOut),
    ) else {
        return Vec::new();
    };
    let both_totals = matches!(cin.written_total(), Some(Cell::Value(_)))
        && matches!(cout.written_total(), Some(Cell::Value(_)));
    (0..=TOTAL_COL)
        .filter(|c| *c < TOTAL_COL || both_totals)
        .filter(|c| cin.value(*c) != cout.value(*c))
        .map(|c| {
            rule.diag(format!(
                "表三“{}”列：上年结转填的是 {}，但上年报告{}的结转下年度继续办理是 {}",
                T3_COLUMN_NAMES[c],
                cin.value(c),
                prev_where(ctx, &format!("t3.carried_out[{c}]")),
                cout.value(c)
            ))
            .at(format!("t3.carried_in[{c}]"))
            .figures(cin.value(c) as i64, cout.value(c) as i64)
            .help(format!("改为 {}，或核对上年报告", cout.value(c)))
        })
        .collect()
}

/// `X-INFORCE`: 2021 both years: in_force(Y) = in_force(Y−1) + issued(Y) − abolished(Y).
pub static X_INFORCE: Rule = Rule {
    id: "X-INFORCE",
    severity: Severity::Warning,
    title: "现行有效件数与上年衔接",
    explain: "两年都用 2021 版格式时，本年现行有效件数 = 上年现行有效件数 + 本年制发件数 − 本年废止件数（规章、行政规范性文件分别计算）。",
    run: x_inforce_rule,
};

fn x_inforce_rule(rule: &Rule, ctx: &Ctx) -> Vec<Diagnostic> {
    let Some(prev) = previous(ctx) else {
        return Vec::new();
    };
    if (ctx.report.edition(), prev.edition()) != (Edition::E2021, Edition::E2021) {
        return Vec::new();
    }
    let (Some(now), Some(before)) = (ctx.report.tables.t2_rows(), prev.tables.t2_rows()) else {
        return Vec::new();
    };
    now.iter()
        .zip(&before)
        .filter_map(|(now, before)| {
            let base = before.figure("in_force")?;
            let (i, a, f) = (
                now.figure("issued")?,
                now.figure("abolished")?,
                now.figure("in_force")?,
            );
            let (key, label) = (now.key, now.label);
            let expected = base + i - a;
            (f != expected).then(|| {
                rule.diag(format!(
                    "表二“{label}”：上年现行有效 {base}{} + 本年制发 {i} − 本年废止 {a} = {expected}，但现行有效件数填的是 {f}",
                    prev_where(ctx, &format!("t2.{key}.in_force"))
                ))
                .at(format!("t2.{key}.in_force"))
                .figures(f, expected)
                .help("核对三列和上年报告的现行有效件数")
            })
        })
        .collect()
}

/// `X-ITEMS`: 2019 both years: prev_items(Y) = prev_items(Y−1) + delta(Y−1).
pub static X_ITEMS: Rule = Rule {
    id: "X-ITEMS",
    severity: Severity::Warning,
    title: "上一年项目数量与上年报告衔接",
    explain: "两年都用 2019 版格式时，本年的“上一年项目数量”应等于上年报告的“上一年项目数量 + 本年增/减”。",
    run: x_items_rule,
};

fn x_items_rule(rule: &Rule, ctx: &Ctx) -> Vec<Diagnostic> {
    let Some(prev) = previous(ctx) else {
        return Vec::new();
    };
    if (ctx.report.edition(), prev.edition()) != (Edition::E2019, Edition::E2019) {
        return Vec::new();
    }
    let (Some(now), Some(before)) = (ctx.report.tables.t2_rows(), prev.tables.t2_rows()) else {
        return Vec::new();
    };
    let mut out: Vec<Diagnostic> = Vec::new();
    for (now, before) in now.iter().zip(&before) {
        let (Some(p), Some(bp), Some(bd)) = (
            now.figure("prev_items"),
            before.figure("prev_items"),
            before.figure("delta"),
        ) else {
            continue;
        };
        let (key, label) = (now.key, now.label);
        let expected = bp + bd;
        if p != expected {
            out.push(
                rule.diag(format!(
                    "表二“{label}”：上一年项目数量填的是 {p}，但上年报告{}为 {bp} + ({bd}) = {expected}",
                    prev_where(ctx, &format!("t2.{key}.prev_items"))
                ))
                .at(format!("t2.{key}.prev_items"))
                .figures(p, expected)
                .help(format!("改为 {expected}，或核对上年报告")),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::{report, rule, rule_with_previous};
    use super::*;

    #[test]
    fn fee_t3() {
        assert!(rule(&FEE_T3, 2025, &[]).is_empty());
        let d = rule(
            &FEE_T3,
            2025,
            &[
                ("t3.other.no_fee", "[2, 0, 0, 0, 0, 0]"),
                (
                    "other_matters.fees",
                    "{ notices_issued = 1, notices_amount_yuan = 100, collected_yuan = 200 }",
                ),
            ],
        );
        assert_eq!(d.len(), 2, "{d:#?}");
        assert!(d[1].message.contains("200 元多于收费通知的总金额 100 元"));
    }

    #[test]
    fn x_carry() {
        let prev = report(2024, &[("t3.carried_out", "[3, 1, 0, 0, 0, 0, 4]")]);
        let ok = report(2025, &[("t3.carried_in", "[3, 1, 0, 0, 0, 0, 4]")]);
        assert!(rule_with_previous(&X_CARRY, &ok, &prev).is_empty());
        let bad = report(2025, &[("t3.carried_in", "[2, 1, 0, 0, 0, 0, 3]")]);
        let d = rule_with_previous(&X_CARRY, &bad, &prev);
        assert_eq!(d.len(), 2, "{d:#?}");
        assert_eq!(d[0].path.as_deref(), Some("t3.carried_in[0]"));
        // With last year's file, the message says where last year's figure is written.
        let prev_text =
            super::super::testing::text(2024, &[("t3.carried_out", "[3, 1, 0, 0, 0, 0, 4]")]);
        let line = 1 + prev_text[..prev_text.find("carried_out").unwrap()]
            .matches('\n')
            .count();
        let d = super::super::testing::rule_with_previous_file(&X_CARRY, &bad, prev_text);
        assert_eq!(
            d[0].message,
            format!(
                "表三“自然人”列：上年结转填的是 2，但上年报告（last.toml:{line}）的结转下年度继续办理是 3"
            )
        );
        let old = report(2023, &[]);
        assert!(
            rule_with_previous(&X_CARRY, &ok, &old)[0]
                .message
                .contains("不是上一年度")
        );
    }

    #[test]
    fn x_inforce() {
        let prev = report(
            2024,
            &[(
                "t2.normative",
                "{ issued = 2, abolished = 0, in_force = 10 }",
            )],
        );
        let ok = report(
            2025,
            &[(
                "t2.normative",
                "{ issued = 3, abolished = 1, in_force = 12 }",
            )],
        );
        assert!(rule_with_previous(&X_INFORCE, &ok, &prev).is_empty());
        let bad = report(
            2025,
            &[(
                "t2.normative",
                "{ issued = 3, abolished = 1, in_force = 3 }",
            )],
        );
        let d = rule_with_previous(&X_INFORCE, &bad, &prev);
        assert!(
            d[0].message.contains("10 + 本年制发 3 − 本年废止 1 = 12"),
            "{}",
            d[0].message
        );
        let prev_text = super::super::testing::text(
            2024,
            &[(
                "t2.normative",
                "{ issued = 2, abolished = 0, in_force = 10 }",
            )],
        );
        let line = 1 + prev_text[..prev_text.find("normative").unwrap()]
            .matches('\n')
            .count();
        let d = super::super::testing::rule_with_previous_file(&X_INFORCE, &bad, prev_text);
        assert!(
            d[0].message
                .contains(&format!("上年现行有效 10（last.toml:{line}） + 本年制发 3")),
            "{}",
            d[0].message
        );
    }

    #[test]
    fn x_items() {
        let prev = report(
            2019,
            &[(
                "t2.permit",
                "{ prev_items = 10, delta = -2, decisions = 5 }",
            )],
        );
        let ok = report(
            2020,
            &[("t2.permit", "{ prev_items = 8, delta = 0, decisions = 5 }")],
        );
        assert!(rule_with_previous(&X_ITEMS, &ok, &prev).is_empty());
        let bad = report(
            2020,
            &[("t2.permit", "{ prev_items = 10, delta = 0, decisions = 5 }")],
        );
        assert!(
            rule_with_previous(&X_ITEMS, &bad, &prev)[0]
                .message
                .contains("10 + (-2) = 8")
        );
    }
}
