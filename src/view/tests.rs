//! Tests of the shared view: numbering, titles, periods, table grids and merges.
use super::*;
use crate::check::testing::text;
use crate::load::load_str;

fn view(year: i64, edits: &[(&str, &str)]) -> View {
    let r = load_str("r.toml", text(year, edits)).unwrap().report;
    View::new(&r, None)
}

#[test]
fn paragraphs_split_on_blank_lines_and_join_lines() {
    assert_eq!(
        paragraphs("\n第一段\n接着写。\n\n\u{3000}\u{3000}第二段。\n"),
        vec!["第一段接着写。", "第二段。"]
    );
    assert_eq!(
        paragraphs("see\nwww.example.gov.cn"),
        vec!["see www.example.gov.cn"]
    );
    assert!(paragraphs("  \n\n").is_empty());
}

#[test]
fn title_breaks_at_word_boundaries() {
    let t = |title: &str, agency: &str| title_lines(title, agency, TITLE_LINE_WIDTH);
    assert_eq!(
        t(
            "磐石镇人民政府2025年政府信息公开工作年度报告",
            "磐石镇人民政府"
        ),
        ["磐石镇人民政府2025年", "政府信息公开工作年度报告"]
    );
    assert_eq!(
        t(
            "某某县人民政府2025年政府信息公开工作年度报告",
            "某某县人民政府"
        ),
        ["某某县人民政府2025年", "政府信息公开工作年度报告"]
    );
    assert_eq!(
        t(
            "某某自治州某某县人民政府办公室2025年政府信息公开工作年度报告",
            "某某自治州某某县人民政府办公室"
        ),
        [
            "某某自治州某某县人民政府办公室",
            "2025年政府信息公开工作年度报告"
        ]
    );
    assert_eq!(t("镇2025年报", "镇"), ["镇2025年报"]);
    // An agency name wider than a line breaks between its words, never inside one.
    let long = "某某省某某市某某县某某镇人民政府办公室综合服务中心";
    let lines = t(&format!("{long}2025年政府信息公开工作年度报告"), long);
    assert!(lines.len() >= 2, "{lines:?}");
    assert!(
        lines.iter().all(|l| half_width(l) <= 2 * TITLE_LINE_WIDTH),
        "{lines:?}"
    );
    assert_eq!(
        lines.concat(),
        format!("{long}2025年政府信息公开工作年度报告")
    );
    let breaks = title_breaks(&lines.concat());
    let mut at = 0;
    for l in &lines[..lines.len() - 1] {
        at += l.chars().count();
        assert!(
            breaks.contains(&at),
            "{lines:?} breaks inside a word at {at}"
        );
    }
    assert_eq!(t("另写的标题", "磐石镇人民政府"), ["另写的标题"]);
}

#[test]
fn markers_and_period() {
    assert_eq!(level2_marker(0), "（一）");
    assert_eq!(level2_marker(10), "（十一）");
    let v = view(2025, &[]);
    assert!(
        v.lead
            .iter()
            .any(|p| p.contains("统计期限自2025年1月1日起至2025年12月31日止"))
    );
    let headings: Vec<&str> = v.sections.iter().map(|s| s.heading).collect();
    assert_eq!(
        headings,
        [
            "一、总体情况",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况",
            "五、存在的主要问题及改进情况",
            "六、其他需要报告的事项"
        ]
    );
    assert_eq!(v.signoff.date, "2026年1月20日");
    assert_eq!(v.signoff.iso_date.as_deref(), Some("2026-01-20"));
    let v = view(2025, &[("publication.date", "\"2026年2月30日\"")]);
    assert_eq!(v.signoff.date, "2026年2月30日");
    assert_eq!(v.signoff.iso_date, None);
}

#[test]
fn t3_merges_follow_the_edition() {
    for (year, outcome_rows, body_rows) in [(2020, 20, 23), (2025, 22, 25)] {
        let v = view(year, &[]);
        let t = v.table("t3").unwrap();
        assert_eq!(t.rows.len(), 3 + body_rows);
        let results = t.rows[5].first().unwrap();
        assert_eq!(results.text, "三、本年度办理结果");
        assert_eq!(results.rowspan, outcome_rows, "{year}");
        // Every grid position is covered exactly once and each row has 10 columns.
        let grid = t.grid();
        assert!(grid.iter().all(|r| r.iter().all(Option::is_some)));
        assert_eq!(t.text_at(0, 2), Some(T3_NOTE));
        assert_eq!(t.text_at(2, 3), Some("自然人"));
        assert_eq!(t.text_at(2, 8), Some("其他"));
        assert_eq!(t.text_at(3, 0), Some("一、本年新收政府信息公开申请数量"));
        assert_eq!(t.text_at(7, 1), Some("（三）不予公开"));
        assert_eq!(t.text_at(14, 1), Some("（三）不予公开"));
    }
}

#[test]
fn t3_total_column_is_computed_when_not_written() {
    let v = view(2025, &[("t3.new", "[3, 1, 0, 0, 0, 0]")]);
    let t = v.table("t3").unwrap();
    assert_eq!(t.text_at(3, 3), Some("3"));
    assert_eq!(t.text_at(3, 9), Some("4"));
}

#[test]
fn t4_has_fifteen_columns_under_two_header_rows() {
    let v = view(2025, &[("t4.suit_direct", "[1, 1, 0, 0, 2]")]);
    let t = v.table("t4").unwrap();
    let grid = t.grid();
    assert_eq!(grid.len(), 4);
    assert!(
        grid.iter()
            .all(|r| r.len() == 15 && r.iter().all(Option::is_some))
    );
    assert_eq!(t.text_at(1, 4), Some("总计"));
    assert_eq!(t.text_at(2, 4), Some("总计"));
    assert_eq!(t.text_at(1, 5), Some("未经复议直接起诉"));
    assert_eq!(t.text_at(3, 5), Some("1"));
    assert_eq!(t.text_at(3, 9), Some("2"));
}

#[test]
fn t2_rows_per_edition() {
    let v = view(2025, &[("t2.fees", "{ amount_wan = \"7399700元\" }")]);
    let t = v.table("t2").unwrap();
    assert_eq!(t.rows.len(), 14);
    assert_eq!(t.text_at(13, 3), Some("739.97"));
    let v = view(2020, &[]);
    let t = v.table("t2").unwrap();
    assert_eq!(t.rows.len(), 18);
    assert_eq!(t.text_at(17, 0), Some("政府集中采购"));
    assert!(t.grid().iter().all(|r| r.iter().all(Option::is_some)));
}

/// The grid of table 二 is the one definition (`model::t2`) drawn: per block a caption,
/// a header with the column labels, and the rows in order — so every renderer follows it.
#[test]
fn t2_grid_follows_the_definition() {
    for year in [2020, 2025] {
        let v = view(year, &[]);
        let t = v.table("t2").unwrap();
        let mut expected: Vec<Vec<&str>> = Vec::new();
        for block in crate::model::t2::blocks(v_edition(year)) {
            expected.push(vec![block.item]);
            let mut header = vec![crate::model::t2::LABEL_HEADER];
            header.extend(block.columns.iter().map(|c| c.label));
            expected.push(header);
            for row in block.rows {
                expected.push(vec![row.label]);
            }
        }
        let drawn: Vec<Vec<&str>> = t
            .rows
            .iter()
            .map(|r| {
                r.iter()
                    .filter(|c| !matches!(c.role, CellRole::Number | CellRole::Empty))
                    .map(|c| c.text.as_str())
                    .collect()
            })
            .collect();
        assert_eq!(drawn, expected, "{year}");
    }
}

/// Alignment is decided here, once: row and group labels and the note left, headers,
/// captions and figures centred.
#[test]
fn cell_alignment_by_role_and_span() {
    let v = view(2025, &[]);
    let t3 = v.table("t3").unwrap();
    let find = |text: &str| {
        t3.rows
            .iter()
            .flatten()
            .find(|c| c.text.starts_with(text))
            .unwrap()
    };
    assert_eq!(find("（一）予以公开").align, Align::Left);
    assert_eq!(find("（三）不予公开").align, Align::Left);
    assert_eq!(find("（本列数据").align, Align::Left);
    assert_eq!(find("自然人").align, Align::Center);
    let t2 = v.table("t2").unwrap();
    assert_eq!(t2.rows[0][0].align, Align::Center);
    assert_eq!(t2.rows[0][0].role, CellRole::Caption);
}

fn v_edition(year: i64) -> crate::model::Edition {
    crate::model::Edition::for_year(year)
}

#[test]
fn fee_statement_leads_section_six_in_2021_only() {
    let v = view(2025, &[]);
    let six = v.sections.last().unwrap();
    assert!(
        matches!(&six.blocks[0], Block::Paragraph { text } if text.contains("未发出信息处理费收费通知"))
    );
    let v = view(
        2025,
        &[(
            "other_matters.fees",
            "{ notices_issued = 2, notices_amount_yuan = 200, collected_yuan = 100 }",
        )],
    );
    let six = v.sections.last().unwrap();
    assert!(
        matches!(&six.blocks[0], Block::Paragraph { text } if text.contains("收费通知2件，收费通知总金额200元，实际收取信息处理费100元"))
    );
    let v = view(2020, &[]);
    assert!(!format!("{:?}", v.sections.last()).contains("信息处理费"));
}

/// The renderer never writes a fee sentence the clerk did not write or fill in.
#[test]
fn fee_sentence_is_never_invented() {
    // The clerk's own sentence stands alone, even with the figures filled in.
    let v = view(
        2025,
        &[("other_matters.text", "\"本年度未收取信息处理费。\"")],
    );
    let six = format!("{:?}", v.sections.last().unwrap());
    assert_eq!(six.matches("信息处理费").count(), 1, "{six}");
    // Blank or missing figures are not read as 0.
    for fees in [
        "{ notices_issued = 0 }",
        "{ notices_issued = 0, notices_amount_yuan = \"\", collected_yuan = 0 }",
    ] {
        let v = view(2025, &[("other_matters.fees", fees)]);
        let six = format!("{:?}", v.sections.last().unwrap());
        assert!(!six.contains("信息处理费"), "{fees}: {six}");
    }
}
