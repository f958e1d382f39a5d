//! Tests of the narrative-figure rules: one per phrasing of the taxonomy, passing and failing.

use super::*;
use crate::check::testing::rule;

/// A 2025 scaffold with a balanced table 三 and table 四, plus `text` as 一、总体情况.
fn run(r: &Rule, year: i64, text: &str) -> Vec<Diagnostic> {
    let t3: &[(&str, &str)] = if year >= 2021 {
        &[
            ("t3.new", "[10, 0, 0, 0, 0, 0, 10]"),
            ("t3.carried_in", "[2, 0, 0, 0, 0, 0, 2]"),
            ("t3.granted", "[5, 0, 0, 0, 0, 0, 5]"),
            ("t3.partial", "[1, 0, 0, 0, 0, 0, 1]"),
            ("t3.unable.not_held", "[3, 0, 0, 0, 0, 0, 3]"),
            ("t3.not_processed.repeat", "[1, 0, 0, 0, 0, 0, 1]"),
            ("t3.total", "[10, 0, 0, 0, 0, 0, 10]"),
            ("t3.carried_out", "[2, 0, 0, 0, 0, 0, 2]"),
            ("t4.review", "[1, 1, 0, 1, 3]"),
            ("t4.suit_direct", "[1, 0, 0, 0, 1]"),
            ("t4.suit_after_review", "[1, 0, 0, 0, 1]"),
            (
                "t2.normative",
                "{ issued = 3, abolished = 1, in_force = 12 }",
            ),
            ("t2.penalty", "{ decisions = 40 }"),
            ("t2.fees", "{ amount_wan = 3.5 }"),
        ]
    } else {
        &[(
            "t2.normative",
            "{ new_made = 4, new_published = 4, total_published = 30 }",
        )]
    };
    let mut edits = t3.to_vec();
    let text = format!("\"{text}\"");
    edits.push(("overview.text", &text));
    rule(r, year, &edits)
}

fn messages(d: &[Diagnostic]) -> Vec<(Severity, String)> {
    d.iter().map(|d| (d.severity, d.message.clone())).collect()
}

/// Each phrasing of the taxonomy: one that agrees (no finding) and one that does not.
#[test]
fn taxonomy_one_phrasing_at_a_time() {
    use Severity::{Error, Warning};
    let cases: &[(&str, &str, Option<Severity>)] = &[
        // 表三 新收
        (
            "全年共收到政府信息公开申请10件。",
            "全年共收到政府信息公开申请9件。",
            Some(Error),
        ),
        (
            "本年度新收依申请公开申请10件。",
            "本年度新收依申请公开申请11件。",
            Some(Error),
        ),
        (
            "全年收到10件政府信息公开申请。",
            "全年收到8件政府信息公开申请。",
            Some(Error),
        ),
        ("共收到申请１０件。", "共收到申请１１件。", Some(Error)),
        // 收到 = 新收 + 上年结转 is the other reading of 收到, not an error.
        (
            "全年共收到政府信息公开申请12件。",
            "全年共收到政府信息公开申请13件。",
            Some(Error),
        ),
        // 收到 N（含上年结转 M）
        (
            "共收到政府信息公开申请12件（含上年结转2件）。",
            "共收到政府信息公开申请10件（含上年结转2件）。",
            Some(Error),
        ),
        (
            "共收到政府信息公开申请12件，其中上年结转2件。",
            "共收到政府信息公开申请12件，其中上年结转3件。",
            Some(Error),
        ),
        (
            "上年结转政府信息公开申请2件。",
            "上年结转政府信息公开申请两件。",
            None,
        ),
        ("被申请行政复议三起。", "被申请行政复议两起。", Some(Error)),
        (
            "上年结转政府信息公开申请2件。",
            "上年结转政府信息公开申请1件。",
            Some(Error),
        ),
        // 受理 is loose: 新收 or 新收 + 结转.
        (
            "受理政府信息公开申请12件。",
            "受理政府信息公开申请13件。",
            Some(Warning),
        ),
        // 办结 / 答复 / 办理
        (
            "申请均已办结，共办结10件。",
            "申请均已办结，共办结9件。",
            Some(Error),
        ),
        (
            "对申请人的申请，已答复10件。",
            "对申请人的申请，已答复11件。",
            Some(Error),
        ),
        ("依申请公开办理12件。", "依申请公开办理7件。", Some(Warning)),
        // 结转下年度
        (
            "收到申请10件，结转下年度继续办理2件。",
            "收到申请10件，结转下年度继续办理3件。",
            Some(Error),
        ),
        // outcomes
        ("申请中予以公开5件。", "申请中予以公开4件。", Some(Error)),
        ("申请中部分公开1件。", "申请中部分公开2件。", Some(Error)),
        (
            "申请中予以公开及部分公开6件。",
            "申请中予以公开及部分公开5件。",
            Some(Error),
        ),
        (
            "申请中予以公开和部分公开共6件。",
            "申请中予以公开、部分公开7件。",
            Some(Error),
        ),
        ("申请中无法提供3件。", "申请中无法提供4件。", Some(Error)),
        ("申请中不予处理1件。", "申请中不予处理0件。", Some(Error)),
        ("申请中不予公开0件。", "申请中不予公开1件。", Some(Error)),
        ("申请中其他处理0件。", "申请中其他处理2件。", Some(Error)),
        // the sentence before names 申请
        (
            "全年收到申请10件。其中予以公开5件。",
            "全年收到申请10件。其中予以公开6件。",
            Some(Error),
        ),
        (
            "收到申请的，予以公开5件。",
            "收到申请的，予以公开3件。",
            Some(Error),
        ),
        // 表四
        ("被申请行政复议3件。", "被申请行政复议2件。", Some(Error)),
        (
            "发生行政复议案件3起。",
            "发生行政复议案件2起。",
            Some(Error),
        ),
        ("行政复议3宗。", "行政复议4宗。", Some(Error)),
        ("发生3起行政复议。", "发生4起行政复议。", Some(Error)),
        ("行政诉讼2件。", "行政诉讼1件。", Some(Error)),
        (
            "行政复议3件，诉讼2件。",
            "行政复议3件，诉讼9件。",
            Some(Error),
        ),
        ("被提起行政诉讼2起。", "被提起行政诉讼3起。", Some(Error)),
        (
            "直接起诉1件，复议后起诉1件。",
            "直接起诉2件，复议后起诉1件。",
            Some(Error),
        ),
        (
            "行政复议和行政诉讼共5件。",
            "行政复议和行政诉讼共4件。",
            Some(Error),
        ),
        ("复议后起诉1件。", "复议后起诉0件。", Some(Error)),
        // 表二
        (
            "本年制发行政规范性文件3件。",
            "本年制发行政规范性文件2件。",
            Some(Error),
        ),
        ("废止规范性文件1件。", "废止规范性文件2件。", Some(Error)),
        (
            "现行有效的行政规范性文件12件。",
            "现行有效的行政规范性文件11件。",
            Some(Error),
        ),
        (
            "规范性文件现行有效12件。",
            "规范性文件现行有效13件。",
            Some(Error),
        ),
        (
            "作出行政处罚决定40件。",
            "作出行政处罚决定41件。",
            Some(Warning),
        ),
        (
            "收取行政事业性收费3.5万元。",
            "收取行政事业性收费3.6万元。",
            Some(Error),
        ),
        (
            "行政事业性收费35000元。",
            "行政事业性收费3500元。",
            Some(Error),
        ),
    ];
    for (good, bad, sev) in cases {
        let d = run(&NARRATIVE_FIGURES, 2025, good);
        assert!(d.is_empty(), "{good}: {:#?}", messages(&d));
        let d = run(&NARRATIVE_FIGURES, 2025, bad);
        match sev {
            None => assert!(d.is_empty(), "{bad}: {:#?}", messages(&d)),
            Some(s) => {
                assert_eq!(d.len(), 1, "{bad}: {:#?}", messages(&d));
                assert_eq!(d[0].severity, *s, "{bad}: {:#?}", messages(&d));
            }
        }
    }
}

#[test]
fn messages_name_the_phrase_and_the_table() {
    let d = run(
        &NARRATIVE_FIGURES,
        2025,
        "共收到政府信息公开申请10件（含上年结转2件）。",
    );
    assert_eq!(
        messages(&d),
        [(
            Severity::Error,
            "文字写“共收到政府信息公开申请10件”（10），但表三本年新收与上年结转的总计之和是 12"
                .into()
        )]
    );
    assert_eq!(d[0].needle.as_deref(), Some("共收到政府信息公开申请10件"));
    let d = run(&NARRATIVE_FIGURES, 2025, "申请中予以公开及部分公开5件。");
    assert!(
        d[0].message
            .ends_with("但表三“（一）予以公开”与“（二）部分公开”的总计之和是 6"),
        "{}",
        d[0].message
    );
    let d = run(&NARRATIVE_FIGURES, 2025, "收取行政事业性收费3.6万元。");
    assert!(
        d[0].message.contains("（3.6 万元），但"),
        "{}",
        d[0].message
    );
    assert!(d[0].message.ends_with("是 3.5 万元"), "{}", d[0].message);
}

#[test]
fn each_and_negations() {
    let d = run(&NARRATIVE_FIGURES, 2025, "行政复议、行政诉讼各1件。");
    assert_eq!(d.len(), 2, "{:#?}", messages(&d));
    let d = run(&NARRATIVE_FIGURES, 2025, "行政复议、行政诉讼各2件。");
    assert_eq!(d.len(), 1, "{:#?}", messages(&d));
    assert!(d[0].message.contains("行政复议"));
    let d = run(
        &NARRATIVE_FIGURES,
        2025,
        "本年度未发生因政府信息公开引起的行政复议、行政诉讼。",
    );
    assert_eq!(d.len(), 2, "{:#?}", messages(&d));
    assert!(d.iter().all(|d| d.severity == Severity::Error));
    let d = run(&NARRATIVE_FIGURES, 2025, "无行政复议。");
    assert_eq!(d.len(), 1, "{:#?}", messages(&d));
    let d = run(&NARRATIVE_FIGURES, 2025, "本年度未收到政府信息公开申请。");
    assert_eq!(d.len(), 1, "{:#?}", messages(&d));
    // Zero tables: the negations agree.
    let empty = rule(
        &NARRATIVE_FIGURES,
        2025,
        &[(
            "overview.text",
            "\"本年度未收到政府信息公开申请，未发生行政复议、行政诉讼。\"",
        )],
    );
    assert!(empty.is_empty(), "{:#?}", messages(&empty));
}

/// Figures that are not tied to a table quantity are never compared.
#[test]
fn untied_figures_are_not_compared() {
    for text in [
        "收到“12345”投诉反映件147件，共处理147件。",
        "涉及诉讼2件，纠错1件，驳回诉讼请求1件。",
        "申请数量同比增加3件。",
        "办理人大代表建议5件。",
        "按时答复率100%。",
        "主动公开政府信息56条。",
        "对无法提供的申请逐一说明理由，全年开展培训3次。",
        "2025年共收到申请。",
        "规范性文件清理20件。",
        "本年度行政复议纠正1件。",
        "行政复议维持1件。",
        "全镇发放救助金216.31万元。",
        "把行政复议、行政诉讼一起纳入考核。",
    ] {
        let d = run(&NARRATIVE_FIGURES, 2025, text);
        assert!(d.is_empty(), "{text}: {:#?}", messages(&d));
    }
}

#[test]
fn edition_2019_documents() {
    let d = run(&NARRATIVE_FIGURES, 2020, "本年新制作规范性文件4件。");
    assert!(d.is_empty(), "{:#?}", messages(&d));
    let d = run(&NARRATIVE_FIGURES, 2020, "本年新制作规范性文件5件。");
    assert_eq!(d.len(), 1);
    // 2021 verbs do not apply to the 2019 table.
    let d = run(&NARRATIVE_FIGURES, 2020, "现行有效规范性文件5件。");
    assert!(d.is_empty(), "{:#?}", messages(&d));
}

#[test]
fn result_claims() {
    // review: corrected 1, pending 1; suits: nothing corrected or pending.
    let d = run(&NARRATIVE_RESULT, 2025, "行政复议3件，诉讼2件，均获维持。");
    assert_eq!(
        messages(&d),
        [(
            Severity::Error,
            "文字写“均获维持”，但表四“行政复议”结果纠正 1 件，“行政复议”尚未审结 1 件".into()
        )]
    );
    assert!(run(&NARRATIVE_RESULT, 2025, "行政诉讼2件，均获维持。").is_empty());
    assert!(run(&NARRATIVE_RESULT, 2025, "行政诉讼无败诉。").is_empty());
    assert_eq!(run(&NARRATIVE_RESULT, 2025, "行政复议未被纠错。").len(), 1);
    let d = rule(
        &NARRATIVE_RESULT,
        2025,
        &[
            ("t4.suit_direct", "[0, 1, 0, 0, 1]"),
            ("overview.text", "\"行政诉讼1件，无败诉。\""),
        ],
    );
    assert_eq!(d.len(), 1, "{d:#?}");
}

#[test]
fn stated_sums() {
    assert!(
        run(
            &NARRATIVE_SUM,
            2025,
            "共办结申请10件，其中予以公开5件，部分公开1件，无法提供3件，不予处理1件。"
        )
        .is_empty()
    );
    let d = run(
        &NARRATIVE_SUM,
        2025,
        "共办结申请10件，其中予以公开5件，部分公开4件，无法提供3件。",
    );
    assert_eq!(d.len(), 1);
    assert_eq!(
        d[0].message,
        "文字所列办理结果之和为 5 + 4 + 3 = 12，与同一句的“共办结申请10件”（10）不符"
    );
    let d = run(
        &NARRATIVE_SUM,
        2025,
        "共办结申请10件，其中予以公开5件，部分公开1件，不予公开0件，无法提供1件，不予处理1件，其他处理0件。",
    );
    assert_eq!(d.len(), 1, "all six listed but 8 ≠ 10");
    // Fewer than six listed and less than the total: the rest may be unlisted.
    assert!(run(&NARRATIVE_SUM, 2025, "共办结申请10件，其中予以公开5件。").is_empty());
}

/// A published provincial report whose text contradicted its tables, in our own words and figures:
/// every stated figure that disagrees with the tables is an error, so `check` fails.
#[test]
fn a_report_that_contradicts_itself_fails() {
    let r = super::super::testing::report(
        2025,
        &[
            ("t3.new", "[600, 0, 0, 0, 0, 0, 600]"),
            ("t3.granted", "[200, 0, 0, 0, 0, 0, 200]"),
            ("t3.partial", "[75, 0, 0, 0, 0, 0, 75]"),
            ("t3.unable.not_held", "[337, 0, 0, 0, 0, 0, 337]"),
            ("t3.total", "[612, 0, 0, 0, 0, 0, 612]"),
            ("t3.carried_in", "[12, 0, 0, 0, 0, 0, 12]"),
            ("t4.review", "[5, 0, 0, 2, 7]"),
            ("t4.suit_direct", "[6, 1, 0, 2, 9]"),
            (
                "overview.text",
                "\"本年度共收到政府信息公开申请600件，其中予以公开及部分公开258件，无法提供265件。\\n因政府信息公开被申请行政复议7件，提起行政诉讼9件，均获维持。\"",
            ),
        ],
    );
    let d = crate::check::check(&crate::check::Ctx::alone(&r));
    let ours: Vec<(&str, Severity, &str)> = d
        .iter()
        .filter(|d| d.rule.starts_with("NARRATIVE"))
        .map(|d| (d.rule, d.severity, d.needle.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(
        ours,
        [
            (
                "NARRATIVE-FIGURES",
                Severity::Error,
                "其中予以公开及部分公开258件"
            ),
            ("NARRATIVE-FIGURES", Severity::Error, "无法提供265件"),
            ("NARRATIVE-RESULT", Severity::Error, "均获维持"),
        ],
        "{d:#?}"
    );
}

#[test]
fn lost_numbers() {
    let d = run(&NARRATIVE_LOST, 2025, "现行有效的规范性文件。");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].severity, Severity::Warning);
    assert_eq!(
        run(&NARRATIVE_LOST, 2025, "全年共收到政府信息公开申请。").len(),
        1
    );
    for ok in [
        "现行有效的规范性文件12件。",
        "清理现行有效的规范性文件。",
        "及时答复政府信息公开申请。",
        "共收到申请8件。",
    ] {
        assert!(run(&NARRATIVE_LOST, 2025, ok).is_empty(), "{ok}");
    }
}
