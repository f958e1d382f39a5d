//! Plausibility rules on table 二 and its units (docs/spec/rules.md §6.1 T2-*, §6.2 UNIT-*). Rows and
//! columns come from the one definition of table 二 (`model::t2`); a rule names the columns
//! it relates and applies to every row that has them.

use crate::diag::{Diagnostic, Severity};
use crate::model::{AnyCell, Cell, Edition, T2Row, Wan, Written};

use super::{Ctx, Rule};

/// The walked rows of table 二 when the report is in `edition` (empty otherwise).
fn rows<'a>(ctx: &Ctx<'a>, edition: Edition) -> Vec<T2Row<'a>> {
    if ctx.report.edition() != edition {
        return Vec::new();
    }
    ctx.report.tables.t2_rows().unwrap_or_default()
}

/// `T2-INFORCE-FLOOR`: 2021, per row: 现行有效件数 ≥ 本年制发 − 本年废止.
pub static T2_INFORCE_FLOOR: Rule = Rule {
    id: "T2-INFORCE-FLOOR",
    severity: Severity::Warning,
    title: "现行有效件数不小于本年制发件数减本年废止件数",
    explain: "2021 版表二第二十条第（一）项中，现行有效件数 = 上年现行有效件数 + 本年制发 − 本年废止。\
上年现行有效件数不会是负数，所以现行有效件数至少是本年制发减本年废止。常见原因：把“现行有效件数”填成了本年制发件数以外的数，或填反了列。",
    run: t2_inforce_floor,
};

fn t2_inforce_floor(rule: &Rule, ctx: &Ctx) -> Vec<Diagnostic> {
    rows(ctx, Edition::E2021)
        .iter()
        .filter_map(|row| {
            let (i, a, f) = (
                row.figure("issued")?,
                row.figure("abolished")?,
                row.figure("in_force")?,
            );
            (f < i - a).then(|| {
                rule.diag(format!(
                    "表二“{}”：现行有效件数 {f} 小于本年制发减本年废止 {i} − {a} = {}",
                    row.label,
                    i - a
                ))
                .at(format!("t2.{}.in_force", row.key))
                .figures(f, i - a)
                .help("现行有效件数 = 上年现行有效件数 + 本年制发 − 本年废止，请核对三列")
            })
        })
        .collect()
}

/// `T2-2019-TOTAL-GE-NEW`: 2019, per row: 对外公开总数量 ≥ 本年新公开数量.
pub static T2_2019_TOTAL_GE_NEW: Rule = Rule {
    id: "T2-2019-TOTAL-GE-NEW",
    severity: Severity::Warning,
    title: "对外公开总数量不小于本年新公开数量",
    explain: "2019 版表二第二十条第（一）项中，对外公开总数量包含本年新公开的文件，所以不应小于本年新公开数量。",
    run: t2_2019_total_ge_new,
};

fn t2_2019_total_ge_new(rule: &Rule, ctx: &Ctx) -> Vec<Diagnostic> {
    rows(ctx, Edition::E2019)
        .iter()
        .filter_map(|row| {
            let (n, t) = (row.figure("new_published")?, row.figure("total_published")?);
            (t < n).then(|| {
                rule.diag(format!(
                    "表二“{}”：对外公开总数量 {t} 小于本年新公开数量 {n}",
                    row.label
                ))
                .at(format!("t2.{}.total_published", row.key))
                .figures(t, n)
                .help("对外公开总数量包含本年新公开的数量，请核对")
            })
        })
        .collect()
}

/// `T2-2019-ITEMS-NONNEG`: 2019, per item row: 上一年项目数量 + 本年增/减 ≥ 0.
pub static T2_2019_ITEMS_NONNEG: Rule = Rule {
    id: "T2-2019-ITEMS-NONNEG",
    severity: Severity::Warning,
    title: "上一年项目数量加本年增/减不为负数",
    explain: "2019 版表二中，上一年项目数量加上本年增/减就是本年的项目数量，不可能是负数。常见原因：本年增/减的正负号写反。",
    run: t2_2019_items_nonneg,
};

fn t2_2019_items_nonneg(rule: &Rule, ctx: &Ctx) -> Vec<Diagnostic> {
    rows(ctx, Edition::E2019)
        .iter()
        .filter_map(|row| {
            let (p, d) = (row.figure("prev_items")?, row.figure("delta")?);
            (p + d < 0).then(|| {
                rule.diag(format!(
                    "表二“{}”：上一年项目数量加本年增/减为 {p} + ({d}) = {}，项目数量不可能为负",
                    row.label,
                    p + d
                ))
                .at(format!("t2.{}.delta", row.key))
                .help("核对本年增/减的正负号和上一年项目数量")
            })
        })
        .collect()
}

/// `T2-2019-ITEMS-CONFLATED`: 2019: 上一年项目数量 0 and 本年增/减 = 处理决定数量.
pub static T2_2019_ITEMS_CONFLATED: Rule = Rule {
    id: "T2-2019-ITEMS-CONFLATED",
    severity: Severity::Info,
    title: "项目数量与处理决定数量可能混淆",
    explain: "2019 版表二的“上一年项目数量”“本年增/减”是事项（项目）的数量，“处理决定数量”是本年作出的决定件数，二者没有必然的等式关系。\
上一年项目数量为 0、本年增/减恰好等于处理决定数量时，往往是把决定件数填进了项目数量栏。",
    run: t2_2019_items_conflated,
};

fn t2_2019_items_conflated(rule: &Rule, ctx: &Ctx) -> Vec<Diagnostic> {
    rows(ctx, Edition::E2019)
        .iter()
        .filter_map(|row| {
            let (p, d, n) = (
                row.figure("prev_items")?,
                row.figure("delta")?,
                row.figure("decisions")?,
            );
            (p == 0 && d == n && n > 0).then(|| {
                rule.diag(format!(
                    "表二“{}”：上一年项目数量为 0，本年增/减 {d} 与处理决定数量相同，可能把决定件数当成了项目数量",
                    row.label
                ))
                .at(format!("t2.{}.delta", row.key))
                .help("“本年增/减”是事项数量的变化，不是决定件数；确认无误可忽略")
            })
        })
        .collect()
}

/// `T2-RULES-LEVEL`: agencies without rule-making power have 0 in the 规章 row.
pub static T2_RULES_LEVEL: Rule = Rule {
    id: "T2-RULES-LEVEL",
    severity: Severity::Warning,
    title: "乡镇、街道和县级机关的“规章”栏应为 0",
    explain: "根据《立法法》，只有国务院部门、省级人民政府和设区的市人民政府可以制定规章。\
乡镇、街道、县级人民政府及其部门没有规章制定权，表二“规章”一行应全部为 0；本机关的文件应计入“（行政）规范性文件”。",
    run: t2_rules_level,
};

fn t2_rules_level(rule: &Rule, ctx: &Ctx) -> Vec<Diagnostic> {
    let level = ctx.report.agency.level;
    if !level.lacks_rule_power() {
        return Vec::new();
    }
    let rows = ctx.report.tables.t2_rows().unwrap_or_default();
    let Some(rules) = rows.iter().find(|r| r.key == "rules") else {
        return Vec::new();
    };
    rules
        .cells
        .iter()
        .find_map(|c| match c.cell {
            AnyCell::Count(n) if n.get() > 0 => Some((c, n.get())),
            _ => None,
        })
        .map(|(c, n)| {
            rule.diag(format!(
                "机关层级为“{}”，没有规章制定权，但表二“{}”一行填了 {n}",
                level.name(),
                rules.label
            ))
            .at(c.path.clone())
            .help("把本机关的文件计入“规范性文件”一行，“规章”一行填 0")
        })
        .into_iter()
        .collect()
}

/// The note for an amount written in 元 and converted to 万元.
fn unit_note(rule: &Rule, path: &str, what: &str, cell: &Cell<Wan>) -> Option<Diagnostic> {
    let Cell::Value(Wan(m)) = cell else {
        return None;
    };
    (m.written == Written::Yuan).then(|| {
        rule.diag(format!(
            "{what}写的是 {} 元，已按模板单位换算为 {} 万元",
            m.yuan_text(),
            m.wan_text()
        ))
        .at(path)
        .help(format!("可以直接写成 {}（单位：万元）", m.wan_text()))
    })
}

/// The unit notes on the amount cells of `edition`'s table 二.
fn unit_notes(rule: &Rule, ctx: &Ctx, edition: Edition) -> Vec<Diagnostic> {
    rows(ctx, edition)
        .iter()
        .flat_map(|row| {
            row.cells.iter().filter_map(|c| match c.cell {
                AnyCell::Wan(w) => {
                    let col = c.col.split('（').next().unwrap_or(c.col);
                    unit_note(rule, &c.path, &format!("表二“{}”{col}", row.label), w)
                }
                _ => None,
            })
        })
        .collect()
}

/// `UNIT-FEE`: 2021 行政事业性收费 written in 元.
pub static UNIT_FEE: Rule = Rule {
    id: "UNIT-FEE",
    severity: Severity::Info,
    title: "行政事业性收费金额以万元为单位",
    explain: "2021 版表二第二十条第（八）项的表头是“本年收费金额（单位：万元）”。已发布的报告中常见把元当万元填写，\
金额因此放大一万倍。在数据文件里可以写 \"7399700元\"，gxgk 会换算为 739.97 万元并给出提示；不带单位的数字按万元理解。",
    run: |rule, ctx| unit_notes(rule, ctx, Edition::E2021),
};

/// `UNIT-PROCUREMENT`: 2019 政府集中采购 amount written in 元.
pub static UNIT_PROCUREMENT: Rule = Rule {
    id: "UNIT-PROCUREMENT",
    severity: Severity::Info,
    title: "政府集中采购总金额以万元为单位",
    explain: "2019 版模板的“采购总金额”没有注明单位，已发布的报告有写元的、写万元的、什么都不写的。\
gxgk 统一按万元输出：数据文件中不带单位的数字按万元理解，写成 \"7399700元\" 会换算为 739.97 万元并给出提示。",
    run: |rule, ctx| unit_notes(rule, ctx, Edition::E2019),
};

#[cfg(test)]
mod tests {
    use super::super::testing::rule;
    use super::*;

    #[test]
    fn inforce_floor() {
        assert!(
            rule(
                &T2_INFORCE_FLOOR,
                2025,
                &[(
                    "t2.normative",
                    "{ issued = 3, abolished = 1, in_force = 2 }"
                )]
            )
            .is_empty()
        );
        let d = rule(
            &T2_INFORCE_FLOOR,
            2025,
            &[(
                "t2.normative",
                "{ issued = 3, abolished = 0, in_force = 2 }",
            )],
        );
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("3 − 0 = 3"));
    }

    #[test]
    fn total_ge_new() {
        assert!(
            rule(
                &T2_2019_TOTAL_GE_NEW,
                2020,
                &[(
                    "t2.normative",
                    "{ new_made = 28, new_published = 28, total_published = 226 }"
                )]
            )
            .is_empty()
        );
        assert_eq!(
            rule(
                &T2_2019_TOTAL_GE_NEW,
                2020,
                &[(
                    "t2.normative",
                    "{ new_made = 28, new_published = 28, total_published = 20 }"
                )]
            )
            .len(),
            1
        );
    }

    #[test]
    fn items_nonneg() {
        assert!(
            rule(
                &T2_2019_ITEMS_NONNEG,
                2020,
                &[("t2.permit", "{ prev_items = 5, delta = -5, decisions = 0 }")]
            )
            .is_empty()
        );
        let d = rule(
            &T2_2019_ITEMS_NONNEG,
            2020,
            &[("t2.fees", "{ prev_items = 2, delta = -3 }")],
        );
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("2 + (-3) = -1"), "{}", d[0].message);
    }

    #[test]
    fn items_conflated() {
        assert!(
            rule(
                &T2_2019_ITEMS_CONFLATED,
                2020,
                &[(
                    "t2.permit",
                    "{ prev_items = 12, delta = 0, decisions = 36 }"
                )]
            )
            .is_empty()
        );
        // Seed 000: 行政许可 0 / 36 / 36.
        let d = rule(
            &T2_2019_ITEMS_CONFLATED,
            2020,
            &[(
                "t2.permit",
                "{ prev_items = 0, delta = 36, decisions = 36 }",
            )],
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].severity, Severity::Info);
    }

    #[test]
    fn rules_level() {
        assert!(rule(&T2_RULES_LEVEL, 2025, &[]).is_empty());
        assert!(
            rule(
                &T2_RULES_LEVEL,
                2025,
                &[
                    ("agency.level", "\"市级人民政府\""),
                    ("t2.rules", "{ issued = 1, abolished = 0, in_force = 1 }")
                ]
            )
            .is_empty()
        );
        let d = rule(
            &T2_RULES_LEVEL,
            2025,
            &[("t2.rules", "{ issued = 1, abolished = 0, in_force = 1 }")],
        );
        assert_eq!(d[0].path.as_deref(), Some("t2.rules.issued"));
    }

    #[test]
    fn units() {
        assert!(rule(&UNIT_FEE, 2025, &[("t2.fees", "{ amount_wan = 739.97 }")]).is_empty());
        let d = rule(
            &UNIT_FEE,
            2025,
            &[("t2.fees", "{ amount_wan = \"7399700元\" }")],
        );
        assert!(
            d[0].message
                .contains("7399700 元，已按模板单位换算为 739.97 万元"),
            "{}",
            d[0].message
        );
        assert!(
            rule(
                &UNIT_PROCUREMENT,
                2020,
                &[(
                    "t2.procurement",
                    "{ count = 15, amount_wan = \"271.53万元\" }"
                )]
            )
            .is_empty()
        );
        assert_eq!(
            rule(
                &UNIT_PROCUREMENT,
                2020,
                &[(
                    "t2.procurement",
                    "{ count = 15, amount_wan = \"2715300元\" }"
                )]
            )
            .len(),
            1
        );
    }
}
