//! Plausibility rules on table 二 and its units (spec §6.1 T2-*, §6.2 UNIT-*).

use crate::diag::Severity;
use crate::model::{Cell, Items2019, T2v2019, T2v2021, Tables, Wan, Written};

use super::{Ctx, Rule};

fn t2_2021<'a>(ctx: &Ctx<'a>) -> Option<&'a T2v2021> {
    match &ctx.report.tables {
        Tables::E2021 { t2, .. } => t2.as_ref(),
        _ => None,
    }
}

fn t2_2019<'a>(ctx: &Ctx<'a>) -> Option<&'a T2v2019> {
    match &ctx.report.tables {
        Tables::E2019 { t2, .. } => t2.as_ref(),
        _ => None,
    }
}

/// The 2019 item rows of （五）（六） with key and label.
fn items_2019(t2: &T2v2019) -> Vec<(&'static str, &'static str, &Items2019)> {
    [
        ("permit", "行政许可", &t2.permit),
        ("other_services", "其他对外管理服务事项", &t2.other_services),
        ("penalty", "行政处罚", &t2.penalty),
        ("coercion", "行政强制", &t2.coercion),
    ]
    .into_iter()
    .filter_map(|(k, l, i)| i.as_ref().map(|i| (k, l, i)))
    .collect()
}

/// `T2-INFORCE-FLOOR`: 2021, per row: 现行有效件数 ≥ 本年制发 − 本年废止.
pub static T2_INFORCE_FLOOR: Rule = Rule {
    id: "T2-INFORCE-FLOOR",
    severity: Severity::Warning,
    title: "现行有效件数不小于本年制发件数减本年废止件数",
    explain: "2021 版表二第二十条第（一）项中，现行有效件数 = 上年现行有效件数 + 本年制发 − 本年废止。\
上年现行有效件数不会是负数，所以现行有效件数至少是本年制发减本年废止。常见原因：把“现行有效件数”填成了本年制发件数以外的数，或填反了列。",
    run: |rule, ctx| {
        let Some(t2) = t2_2021(ctx) else {
            return Vec::new();
        };
        [
            ("rules", "规章", &t2.rules),
            ("normative", "行政规范性文件", &t2.normative),
        ]
        .into_iter()
        .filter_map(|(key, label, d)| {
            let d = d.as_ref()?;
            let (i, a, f) = (
                d.issued.get() as i64,
                d.abolished.get() as i64,
                d.in_force.get() as i64,
            );
            (f < i - a).then(|| {
                rule.diag(format!(
                    "表二“{label}”：现行有效件数 {f} 小于本年制发减本年废止 {i} − {a} = {}",
                    i - a
                ))
                .at(format!("t2.{key}.in_force"))
                .figures(f, i - a)
                .help("现行有效件数 = 上年现行有效件数 + 本年制发 − 本年废止，请核对三列")
            })
        })
        .collect()
    },
};

/// `T2-2019-TOTAL-GE-NEW`: 2019, per row: 对外公开总数量 ≥ 本年新公开数量.
pub static T2_2019_TOTAL_GE_NEW: Rule = Rule {
    id: "T2-2019-TOTAL-GE-NEW",
    severity: Severity::Warning,
    title: "对外公开总数量不小于本年新公开数量",
    explain: "2019 版表二第二十条第（一）项中，对外公开总数量包含本年新公开的文件，所以不应小于本年新公开数量。",
    run: |rule, ctx| {
        let Some(t2) = t2_2019(ctx) else {
            return Vec::new();
        };
        [
            ("rules", "规章", &t2.rules),
            ("normative", "规范性文件", &t2.normative),
        ]
        .into_iter()
        .filter_map(|(key, label, d)| {
            let d = d.as_ref()?;
            let (n, t) = (d.new_published.get(), d.total_published.get());
            (t < n).then(|| {
                rule.diag(format!(
                    "表二“{label}”：对外公开总数量 {t} 小于本年新公开数量 {n}"
                ))
                .at(format!("t2.{key}.total_published"))
                .figures(t as i64, n as i64)
                .help("对外公开总数量包含本年新公开的数量，请核对")
            })
        })
        .collect()
    },
};

/// `T2-2019-ITEMS-NONNEG`: 2019 （五）（六）（八）: 上一年项目数量 + 本年增/减 ≥ 0.
pub static T2_2019_ITEMS_NONNEG: Rule = Rule {
    id: "T2-2019-ITEMS-NONNEG",
    severity: Severity::Warning,
    title: "上一年项目数量加本年增/减不为负数",
    explain: "2019 版表二中，上一年项目数量加上本年增/减就是本年的项目数量，不可能是负数。常见原因：本年增/减的正负号写反。",
    run: |rule, ctx| {
        let Some(t2) = t2_2019(ctx) else {
            return Vec::new();
        };
        let mut rows: Vec<(&str, &str, u64, i64)> = items_2019(t2)
            .into_iter()
            .map(|(k, l, i)| (k, l, i.prev_items.get(), i.delta.get()))
            .collect();
        if let Some(f) = &t2.fees {
            rows.push(("fees", "行政事业性收费", f.prev_items.get(), f.delta.get()));
        }
        rows.into_iter()
            .filter(|(_, _, p, d)| (*p as i64) + d < 0)
            .map(|(key, label, p, d)| {
                rule.diag(format!(
                    "表二“{label}”：上一年项目数量加本年增/减为 {p} + ({d}) = {}，项目数量不可能为负",
                    p as i64 + d
                ))
                .at(format!("t2.{key}.delta"))
                .help("核对本年增/减的正负号和上一年项目数量")
            })
            .collect()
    },
};

/// `T2-2019-ITEMS-CONFLATED`: 2019: 上一年项目数量 0 and 本年增/减 = 处理决定数量 > 0.
pub static T2_2019_ITEMS_CONFLATED: Rule = Rule {
    id: "T2-2019-ITEMS-CONFLATED",
    severity: Severity::Info,
    title: "项目数量与处理决定数量可能混淆",
    explain: "2019 版表二的“上一年项目数量”“本年增/减”是事项（项目）的数量，“处理决定数量”是本年作出的决定件数，二者没有必然的等式关系。\
上一年项目数量为 0、本年增/减恰好等于处理决定数量时，往往是把决定件数填进了项目数量栏。",
    run: |rule, ctx| {
        let Some(t2) = t2_2019(ctx) else {
            return Vec::new();
        };
        items_2019(t2)
            .into_iter()
            .filter(|(_, _, i)| {
                let d = i.decisions.get();
                i.prev_items.get() == 0 && i.delta.get() == d as i64 && d > 0
            })
            .map(|(key, label, i)| {
                rule.diag(format!(
                    "表二“{label}”：上一年项目数量为 0，本年增/减 {} 与处理决定数量相同，可能把决定件数当成了项目数量",
                    i.delta.get()
                ))
                .at(format!("t2.{key}.delta"))
                .help("“本年增/减”是事项数量的变化，不是决定件数；确认无误可忽略")
            })
            .collect()
    },
};

/// `T2-RULES-LEVEL`: 乡镇, 街道 and county bodies have no power to make 规章.
pub static T2_RULES_LEVEL: Rule = Rule {
    id: "T2-RULES-LEVEL",
    severity: Severity::Warning,
    title: "乡镇、街道和县级机关的“规章”栏应为 0",
    explain: "根据《立法法》，只有国务院部门、省级人民政府和设区的市人民政府可以制定规章。\
乡镇、街道、县级人民政府及其部门没有规章制定权，表二“规章”一行应全部为 0；本机关的文件应计入“（行政）规范性文件”。",
    run: |rule, ctx| {
        let level = ctx.report.agency.level;
        if !level.lacks_rule_power() {
            return Vec::new();
        }
        let cells: Vec<(&str, &Cell<u64>)> = match &ctx.report.tables {
            Tables::E2021 { t2: Some(t2), .. } => t2
                .rules
                .as_ref()
                .map(|r| {
                    vec![
                        ("issued", &r.issued),
                        ("abolished", &r.abolished),
                        ("in_force", &r.in_force),
                    ]
                })
                .unwrap_or_default(),
            Tables::E2019 { t2: Some(t2), .. } => t2
                .rules
                .as_ref()
                .map(|r| {
                    vec![
                        ("new_made", &r.new_made),
                        ("new_published", &r.new_published),
                        ("total_published", &r.total_published),
                    ]
                })
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        cells
            .into_iter()
            .find(|(_, c)| c.get() > 0)
            .map(|(key, c)| {
                rule.diag(format!(
                    "机关层级为“{}”，没有规章制定权，但表二“规章”一行填了 {}",
                    level.name(),
                    c.get()
                ))
                .at(format!("t2.rules.{key}"))
                .help("把本机关的文件计入“规范性文件”一行，“规章”一行填 0")
            })
            .into_iter()
            .collect()
    },
};

fn unit_note(
    rule: &Rule,
    path: &str,
    what: &str,
    cell: &Cell<Wan>,
) -> Option<crate::diag::Diagnostic> {
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

/// `UNIT-FEE`: 2021 本年收费金额 is in 万元; an amount written in 元 is converted.
pub static UNIT_FEE: Rule = Rule {
    id: "UNIT-FEE",
    severity: Severity::Info,
    title: "行政事业性收费金额以万元为单位",
    explain: "2021 版表二第二十条第（八）项的表头是“本年收费金额（单位：万元）”。已发布的报告中常见把元当万元填写，\
金额因此放大一万倍。在数据文件里可以写 \"7399700元\"，gxgk 会换算为 739.97 万元并给出提示；不带单位的数字按万元理解。",
    run: |rule, ctx| {
        t2_2021(ctx)
            .and_then(|t2| t2.fees.as_ref())
            .and_then(|f| {
                unit_note(
                    rule,
                    "t2.fees.amount_wan",
                    "表二“行政事业性收费”本年收费金额",
                    &f.amount_wan,
                )
            })
            .into_iter()
            .collect()
    },
};

/// `UNIT-PROCUREMENT`: 2019 采购总金额 is rendered in 万元; an amount in 元 is converted.
pub static UNIT_PROCUREMENT: Rule = Rule {
    id: "UNIT-PROCUREMENT",
    severity: Severity::Info,
    title: "政府集中采购总金额以万元为单位",
    explain: "2019 版模板的“采购总金额”没有注明单位，已发布的报告有写元的、写万元的、什么都不写的。\
gxgk 统一按万元输出：数据文件中不带单位的数字按万元理解，写成 \"7399700元\" 会换算为 739.97 万元并给出提示。",
    run: |rule, ctx| {
        t2_2019(ctx)
            .and_then(|t2| t2.procurement.as_ref())
            .and_then(|p| {
                unit_note(
                    rule,
                    "t2.procurement.amount_wan",
                    "表二“政府集中采购”采购总金额",
                    &p.amount_wan,
                )
            })
            .into_iter()
            .collect()
    },
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
