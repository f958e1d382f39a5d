//! Tests of the narrative rules, one or more passing and failing cases each.

use super::headings::{Marker, Parens, marker};
use super::*;
use crate::check::testing::rule;

#[test]
fn sec_missing() {
    assert!(rule(&SEC_MISSING, 2025, &[]).is_empty());
    let d = rule(&SEC_MISSING, 2025, &[("other_matters.text", "\"\"")]);
    assert_eq!(only(d), ["“六、其他需要报告的事项”没有内容"]);
}

#[test]
fn placeholder() {
    assert!(
        rule(
            &PLACEHOLDER_RULE,
            2025,
            &[
                ("overview", "{ text = \"本年度依法公开。\" }"),
                ("problems", "{ text = \"无。\" }")
            ]
        )
        .is_empty()
    );
    assert_eq!(rule(&PLACEHOLDER_RULE, 2025, &[]).len(), 8);
}

#[test]
fn markers() {
    let m = |l| marker(l).map(|(m, _)| m);
    assert_eq!(m("1.加强领导"), Some(Marker::L3(1, '.')));
    assert_eq!(m("2、加强领导"), Some(Marker::L3(2, '、')));
    assert_eq!(m("1.5万元用于"), None);
    assert_eq!(m("2020年，我镇"), None);
    assert_eq!(
        m("（三）平台建设"),
        Some(Marker::L2("三".into(), Parens::Full))
    );
    assert_eq!(m("(1)明确分工"), Some(Marker::L4(1, Parens::Half)));
    assert_eq!(m("一、总体情况"), Some(Marker::L1("一".into())));
    assert_eq!(m("一是加强领导"), None);
    // The marker as written, leading zeros and multi-byte separators included.
    assert_eq!(marker("01、主动公开"), Some((Marker::L3(1, '、'), "01、")));
    assert_eq!(
        marker("001、主动公开"),
        Some((Marker::L3(1, '、'), "001、"))
    );
    assert_eq!(
        marker("（01）主动公开"),
        Some((Marker::L4(1, Parens::Full), "（01）"))
    );
    assert_eq!(
        marker("(01)主动公开"),
        Some((Marker::L4(1, Parens::Half), "(01)"))
    );
    assert_eq!(
        marker("(一）主动公开"),
        Some((Marker::L2("一".into(), Parens::Half), "(一）"))
    );
    assert_eq!(marker("01、"), Some((Marker::L3(1, '、'), "01、")));
    assert_eq!(marker("1"), None);
    assert_eq!(marker("（"), None);
}

/// Headings numbered with a leading zero used to slice inside `、` and panic, and
/// `(01)` got the advice `heading = ")主动公开"` (a review of the clerk-facing advice found both).
#[test]
fn subhead_style_leading_zero_headings() {
    for (heading, help) in [
        ("01、主动公开", "写成 heading = \"主动公开\""),
        ("001、主动公开", "写成 heading = \"主动公开\""),
        ("（01）主动公开", "写成 heading = \"主动公开\""),
        ("(01)主动公开", "写成 heading = \"主动公开\""),
        ("01、", "小标题只有编号：删去编号，写上小标题的文字"),
    ] {
        let d = rule(
            &SUBHEAD_STYLE,
            2025,
            &[(
                "overview.parts",
                &format!("[{{ heading = \"{heading}\", text = \"x\" }}]"),
            )],
        );
        assert_eq!(d.len(), 1, "{heading}: {d:#?}");
        assert_eq!(d[0].help.as_deref(), Some(help), "{heading}");
        assert!(
            heading.starts_with(d[0].needle.as_deref().unwrap()),
            "{heading}"
        );
    }
    let d = rule(
        &SUBHEAD_STYLE,
        2025,
        &[("overview.text", "\"01、加强领导\\n（01）明确分工\"")],
    );
    assert_eq!(only(d), ["三级标题应写“1.”（英文句点），不是“01、”"],);
}

#[test]
fn subhead_style() {
    assert!(
        rule(
            &SUBHEAD_STYLE,
            2025,
            &[("overview.text", "\"1.加强领导\\n（1）明确分工\"")]
        )
        .is_empty()
    );
    let d = rule(
        &SUBHEAD_STYLE,
        2025,
        &[(
            "overview.text",
            "\"（一）加强领导\\n1、明确分工\\n(1)压实责任\"",
        )],
    );
    assert_eq!(d.len(), 3, "{d:#?}");
    assert!(d[1].message.contains("应写“1.”"));
    let d = rule(
        &SUBHEAD_STYLE,
        2025,
        &[(
            "problems.parts",
            "[{ heading = \"（一）存在问题。\", text = \"x\" }]",
        )],
    );
    assert_eq!(d.len(), 2, "{d:#?}");
    assert_eq!(d[0].help.as_deref(), Some("写成 heading = \"存在问题。\""));
}

#[test]
fn subhead_seq() {
    assert!(
        rule(
            &SUBHEAD_SEQ,
            2025,
            &[(
                "overview.text",
                "\"1.甲\\n（1）子\\n（2）子\\n2.乙\\n（1）子\""
            )]
        )
        .is_empty()
    );
    let d = rule(
        &SUBHEAD_SEQ,
        2025,
        &[("overview.text", "\"1.甲\\n3.乙\\n（2）子\"")],
    );
    assert_eq!(
        only(d),
        [
            "编号不连续：这里应为“2.”，写的是“3.”",
            "编号不连续：这里应为“（1）”，写的是“（2）”"
        ]
    );
}

#[test]
fn subhead_seq_in_paragraphs() {
    let ok = "\"一是加强领导；二是完善制度；三是强化培训。存在问题：一是更新慢，二是解读少。\\n（1）建台账；（2）定专人。\"";
    assert!(rule(&SUBHEAD_SEQ, 2025, &[("problems.text", ok)]).is_empty());
    let d = rule(
        &SUBHEAD_SEQ,
        2025,
        &[(
            "problems.text",
            "\"一是加强领导；二是完善制度；三是强化培训；三是加强考核。\"",
        )],
    );
    assert_eq!(only(d), ["段落中的列举重复：这里应为“四是”，写的是“三是”"]);
    let d = rule(
        &SUBHEAD_SEQ,
        2025,
        &[("problems.text", "\"一是加强领导，三是强化培训。\"")],
    );
    assert_eq!(only(d), ["段落中的列举跳号：这里应为“二是”，写的是“三是”"]);
    let d = rule(
        &SUBHEAD_SEQ,
        2025,
        &[("problems.text", "\"措施如下：（1）建台账；（3）定专人。\"")],
    );
    assert_eq!(
        only(d),
        ["段落中的列举跳号：这里应为“（2）”，写的是“（3）”"]
    );
    // Words that contain 一是 or a bracketed year are not enumerations.
    assert!(
        rule(
            &SUBHEAD_SEQ,
            2025,
            &[(
                "problems.text",
                "\"统一是基础，唯一是目标（2025）。第（2）项。\""
            )]
        )
        .is_empty()
    );
    assert_eq!(numeral::write(12), "十二");
    assert_eq!(numeral::parse_standard("二十", 30), Some(20));
}

#[test]
fn overview_areas() {
    assert!(rule(&OVERVIEW_AREAS, 2025, &[]).is_empty());
    let d = rule(
        &OVERVIEW_AREAS,
        2025,
        &[(
            "overview",
            "{ text = \"本年度依法推进政府信息公开工作。\" }",
        )],
    );
    assert_eq!(d.len(), 1);
    assert!(
        d[0].message
            .contains("主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障"),
        "{}",
        d[0].message
    );
    assert_eq!(d[0].severity, Severity::Warning);
    let d = rule(&OVERVIEW_AREAS, 2020, &[("overview", "{ text = \"x\" }")]);
    assert_eq!(d[0].severity, Severity::Info);
}

#[test]
fn period() {
    assert!(
        rule(
            &PERIOD,
            2025,
            &[(
                "intro",
                "\"本报告所列数据的统计期限自2025年1月1日起至2025年12月31日止。\""
            )]
        )
        .is_empty()
    );
    let d = rule(
        &PERIOD,
        2025,
        &[(
            "intro",
            "\"本报告所列数据的统计期限自2024年1月1日起至2024年12月31日止。\"",
        )],
    );
    assert_eq!(
        only(d),
        ["统计期限写的是“2024年1月1日”至“2024年12月31日”，应为“2025年1月1日”至“2025年12月31日”"]
    );
}

/// Digits run together in the period are an error, not a silent pass.
#[test]
fn period_garbled() {
    for (text, bad) in [
        (
            "本报告统计期限自2025年1月1日起至2025111231日止。",
            "2025111231日",
        ),
        ("本报告所列数据统计期限为20211月7日。", "20211月"),
        ("统计时间为225年1月1日至2025年12月31日。", "225年"),
    ] {
        let d = rule(&PERIOD, 2025, &[("intro", &format!("\"{text}\""))]);
        assert_eq!(d.len(), 1, "{text}: {d:#?}");
        assert_eq!(d[0].severity, Severity::Error);
        assert_eq!(d[0].needle.as_deref(), Some(bad), "{text}");
    }
    // Figures that are not dates do not trip it.
    assert!(
        rule(
            &PERIOD,
            2025,
            &[(
                "intro",
                "\"统计数据显示，全年公开信息330条，答复申请12件。\""
            )]
        )
        .is_empty()
    );
}

#[test]
fn intro_parts() {
    let six = "本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项等六部分组成。";
    assert!(rule(&INTRO_PARTS, 2025, &[("intro", &format!("\"{six}\""))]).is_empty());
    let five = six.replace("、其他需要报告的事项", "");
    let d = rule(&INTRO_PARTS, 2025, &[("intro", &format!("\"{five}\""))]);
    assert_eq!(only(d), ["引言列出了 5 个部分，却说“六部分组成”"]);
    let seven = "本报告由概述、主动公开政府信息的情况、依申请公开政府信息和不予公开政府信息的情况、政府信息公开的收费及减免情况、因政府信息公开申请行政复议、提起行政诉讼的情况、政府信息公开工作存在的主要问题及改进情况、其他需要报告的事项七个部分组成。";
    let d = rule(&INTRO_PARTS, 2025, &[("intro", &format!("\"{seven}\""))]);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert!(d[0].message.contains("旧格式的“概述”"), "{}", d[0].message);
    let d = rule(
        &INTRO_PARTS,
        2025,
        &[("intro", "\"本报告由总体情况等五部分组成。\"")],
    );
    assert_eq!(
        only(d),
        ["引言说报告由“五部分组成”，但年度报告由六个部分组成"]
    );
}

#[test]
fn edition_cite() {
    assert!(
        rule(
            &EDITION_CITE,
            2025,
            &[("intro", "\"根据国办公开办函〔2021〕30号要求编制。\"")]
        )
        .is_empty()
    );
    assert_eq!(
        rule(
            &EDITION_CITE,
            2025,
            &[("intro", "\"根据国办公开办函[2019]60号要求编制。\"")]
        )
        .len(),
        1
    );
    assert_eq!(
        rule(
            &EDITION_CITE,
            2020,
            &[("intro", "\"根据国办公开办函〔2021〕30号要求编制。\"")]
        )
        .len(),
        1
    );
}

#[test]
fn fee_statement() {
    assert!(rule(&FEE_STATEMENT, 2025, &[]).is_empty());
    assert!(rule(&FEE_STATEMENT, 2020, &[]).is_empty());
    assert_eq!(
        rule(&FEE_STATEMENT, 2025, &[("other_matters.fees", "")]).len(),
        1
    );
    assert!(
        rule(
            &FEE_STATEMENT,
            2025,
            &[
                ("other_matters.fees", ""),
                ("other_matters.text", "\"本年度未收取信息处理费。\"")
            ]
        )
        .is_empty()
    );
    assert_eq!(
        rule(
            &FEE_STATEMENT,
            2025,
            &[("other_matters.fees", "{ notices_issued = 0 }")]
        )
        .len(),
        1
    );
    // One sentence of the clerk's own makes the figures optional.
    assert!(
        rule(
            &FEE_STATEMENT,
            2025,
            &[
                ("other_matters.fees", "{ notices_issued = 0 }"),
                ("other_matters.text", "\"本年度未收取信息处理费。\"")
            ]
        )
        .is_empty()
    );
    // …but they must not contradict it.
    let d = rule(
        &FEE_STATEMENT,
        2025,
        &[
            (
                "other_matters.fees",
                "{ notices_issued = 1, notices_amount_yuan = 100, collected_yuan = 100 }",
            ),
            ("other_matters.text", "\"本年度未收取信息处理费。\""),
        ],
    );
    assert_eq!(
        only(d),
        ["文字说“未收取”信息处理费，但 [other_matters.fees] 的 collected_yuan 不是 0"]
    );
}
