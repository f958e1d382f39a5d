//! Tests of edits applied to the examples' text.
use super::*;

const EXAMPLE: &str = include_str!("../../../examples/2025-township.toml");
const EXAMPLE_2019: &str = include_str!("../../../examples/2020-street.toml");

fn cell(key: &str, col: usize, value: &str) -> Edit {
    Edit::Cell {
        key: key.into(),
        col,
        value: value.into(),
    }
}
fn field(key: &str, value: &str) -> Edit {
    Edit::Field {
        key: key.into(),
        value: value.into(),
    }
}
fn load(text: &str) -> crate::model::Report {
    crate::load::load_str("t.toml", text.to_string())
        .expect("loads")
        .report
}
/// The lines of `b` that differ from `a` (same number of lines expected).
fn changed_lines(a: &str, b: &str) -> Vec<(String, String)> {
    assert_eq!(a.lines().count(), b.lines().count(), "{b}");
    a.lines()
        .zip(b.lines())
        .filter(|(x, y)| x != y)
        .map(|(x, y)| (x.to_string(), y.to_string()))
        .collect()
}

#[test]
fn no_edit_leaves_the_text_byte_for_byte() {
    for text in [EXAMPLE, EXAMPLE_2019, &EXAMPLE.replace('\n', "\r\n")] {
        assert_eq!(apply(text, Edition::E2021, &[]).unwrap(), text);
    }
    // A Notepad file keeps its CRLF on every line, the edited one included.
    let crlf = EXAMPLE.replace('\n', "\r\n");
    let out = apply(
        &crlf,
        Edition::E2021,
        &[
            cell("t3.new", 0, "10"),
            Edit::AddPart {
                section: "problems".into(),
            },
        ],
    )
    .unwrap();
    assert!(!out.replace("\r\n", "").contains('\n'), "{out}");
    assert!(out.contains("new                       = [10, 2, 0, 0, 1, 0, 12]\r\n"));
}

#[test]
fn a_cell_changes_only_its_number() {
    let out = apply(EXAMPLE, Edition::E2021, &[cell("t3.new", 0, "10")]).unwrap();
    assert_eq!(
        changed_lines(EXAMPLE, &out),
        [(
            "new                       = [9, 2, 0, 0, 1, 0, 12]".into(),
            "new                       = [10, 2, 0, 0, 1, 0, 12]".into()
        )]
    );
    let out = apply(
        EXAMPLE,
        Edition::E2021,
        &[cell("t3.withheld.third_party", 6, "")],
    )
    .unwrap();
    assert!(
        out.contains("withheld.third_party      = [1, 0, 0, 0, 0, 0, \"\"]"),
        "{out}"
    );
    let out = apply(EXAMPLE, Edition::E2021, &[cell("t4.review", 4, "２")]).unwrap();
    assert!(
        out.contains("review                    = [1, 0, 0, 0, 2]"),
        "{out}"
    );
    // Comments beside a row stay.
    let text = EXAMPLE.replace(
        "carried_in                = [1, 0, 0, 0, 0, 0, 1]",
        "carried_in                = [1, 0, 0, 0, 0, 0, 1]  # 核对过 3 月台账",
    );
    let out = apply(&text, Edition::E2021, &[cell("t3.carried_in", 1, "3")]).unwrap();
    assert!(out.contains("carried_in                = [1, 3, 0, 0, 0, 0, 1]  # 核对过 3 月台账"));
}

#[test]
fn table_two_cells_are_keys_of_the_row() {
    let out = apply(EXAMPLE, Edition::E2021, &[cell("t2.normative", 2, "15")]).unwrap();
    assert_eq!(
        changed_lines(EXAMPLE, &out),
        [(
            "normative = { issued = 2, abolished = 1, in_force = 14 }".into(),
            "normative = { issued = 2, abolished = 1, in_force = 15 }".into()
        )]
    );
    let out = apply(EXAMPLE, Edition::E2021, &[cell("t2.fees", 0, "1.25")]).unwrap();
    assert!(out.contains("fees      = { amount_wan = 1.25 }"), "{out}");
    let r = load(&out);
    assert!(format!("{:?}", r.tables).contains("125"));
    // 2019: 本年增/减 may be negative.
    let out = apply(EXAMPLE_2019, Edition::E2019, &[cell("t2.permit", 1, "-2")]).unwrap();
    assert!(out.contains("delta = -2"), "{out}");
    assert!(apply(EXAMPLE, Edition::E2021, &[cell("t2.normative", 3, "1")]).is_err());
    assert!(apply(EXAMPLE, Edition::E2021, &[cell("t2.procurement", 0, "1")]).is_err());
}

#[test]
fn a_missing_row_is_created_with_blank_cells() {
    let text = EXAMPLE.replace("withheld.internal         = [0, 0, 0, 0, 0, 0, 0]\n", "");
    let out = apply(
        &text,
        Edition::E2021,
        &[cell("t3.withheld.internal", 2, "1")],
    )
    .unwrap();
    assert!(
        out.contains("withheld.internal = [\"\", \"\", 1, \"\", \"\", \"\"]"),
        "{out}"
    );
    // Still a dotted key inside [t3], not a new [t3.withheld] table.
    assert!(!out.contains("[t3.withheld]"));
    load(&out);
    let text = EXAMPLE.replace("suit_direct               = [0, 0, 0, 0, 0]\n", "");
    let out = apply(&text, Edition::E2021, &[cell("t4.suit_direct", 4, "0")]).unwrap();
    assert!(
        out.contains("suit_direct = [\"\", \"\", \"\", \"\", 0]"),
        "{out}"
    );
}

#[test]
fn texts_keep_their_form_and_escape_what_toml_needs() {
    let out = apply(
        EXAMPLE,
        Edition::E2021,
        &[field("other_matters.text", "无。")],
    )
    .unwrap();
    assert!(
        out.contains("[other_matters]\ntext = \"\"\"\n无。\n\"\"\""),
        "{out}"
    );
    let tricky = "第一段，引用“条例”和 \"\"\"三个引号\"\"\" 与反斜杠 \\ 。\n\n第二段结尾是引号\"";
    let out = apply(
        EXAMPLE,
        Edition::E2021,
        &[field("overview.parts.1.text", tricky)],
    )
    .unwrap();
    let r = load(&out);
    assert_eq!(r.overview.parts[1].text.trim_end(), tricky);
    // A one-line string stays one line.
    let out = apply(EXAMPLE, Edition::E2021, &[field("problems.text", "总述。")]).unwrap();
    assert!(out.contains("[problems]\ntext = \"总述。\""), "{out}");
    let out = apply(
        EXAMPLE,
        Edition::E2021,
        &[field("problems.text", "甲。\n乙。")],
    )
    .unwrap();
    assert_eq!(load(&out).problems.text, "甲。\n乙。\n");
}

#[test]
fn dates_optional_fields_and_new_tables() {
    let out = apply(
        EXAMPLE,
        Edition::E2021,
        &[field("publication.date", "2026-01-25")],
    )
    .unwrap();
    assert!(out.contains("date = 2026-01-25\n"));
    let out = apply(
        EXAMPLE,
        Edition::E2021,
        &[field("publication.date", "2026年1月25日")],
    )
    .unwrap();
    assert!(out.contains("date = \"2026年1月25日\"\n"));
    let out = apply(
        EXAMPLE,
        Edition::E2021,
        &[field("publication.signatory", "")],
    )
    .unwrap();
    assert!(!out.contains("signatory"));
    let out = apply(
        EXAMPLE,
        Edition::E2021,
        &[field("publication.deadline", "02-20")],
    )
    .unwrap();
    assert!(out.contains("deadline = \"02-20\""));
    // A table the file lacks lands after its parent, not at the end of the file.
    let text = EXAMPLE
        .replace("[agency.contact]\n", "[agency.x]\n")
        .replace("[agency.x]\n", "");
    let text = text.replace("address = \"清河县磐石镇和平路18号\"\npostcode = \"123400\"\nphone = \"0431-6100000\"\nwebsite = \"https://www.example.gov.cn/psz\"\n", "");
    let out = apply(
        &text,
        Edition::E2021,
        &[field("agency.contact.email", "psz@example.cn")],
    )
    .unwrap();
    let contact = out.find("[agency.contact]").expect("created");
    assert!(contact < out.find("[publication]").unwrap(), "{out}");
    assert_eq!(
        load(&out).agency.contact.unwrap().email.as_deref(),
        Some("psz@example.cn")
    );
    assert!(apply(EXAMPLE, Edition::E2021, &[field("agency.secret", "x")]).is_err());
    assert!(
        apply(
            EXAMPLE,
            Edition::E2021,
            &[field("overview.parts.9.text", "x")]
        )
        .is_err()
    );
}

#[test]
fn parts_are_added_removed_and_moved_with_their_comments() {
    let text = EXAMPLE.replace(
        "[[overview.parts]]\nheading = \"政府信息管理\"",
        "# 这一部分请办公室再核一下\n[[overview.parts]]\nheading = \"政府信息管理\"",
    );
    let out = apply(
        &text,
        Edition::E2021,
        &[Edit::AddPart {
            section: "overview".into(),
        }],
    )
    .unwrap();
    let r = load(&out);
    assert_eq!(r.overview.parts.len(), 6);
    assert_eq!(r.overview.parts[5].heading, "");
    // The new part sits after the last one, before 表二.
    assert!(out.rfind("[[overview.parts]]").unwrap() < out.find("[t2]").unwrap());
    let out = apply(
        &text,
        Edition::E2021,
        &[Edit::MovePart {
            section: "overview".into(),
            index: 2,
            to: 0,
        }],
    )
    .unwrap();
    let r = load(&out);
    let headings: Vec<&str> = r
        .overview
        .parts
        .iter()
        .map(|p| p.heading.as_str())
        .collect();
    assert_eq!(
        headings,
        [
            "政府信息管理",
            "主动公开",
            "依申请公开",
            "政府信息公开平台建设",
            "监督保障"
        ]
    );
    assert!(
        out.contains("# 这一部分请办公室再核一下\n[[overview.parts]]\nheading = \"政府信息管理\"")
    );
    assert!(out.find("[[overview.parts]]").unwrap() > out.find("[overview]").unwrap());
    let out = apply(
        &text,
        Edition::E2021,
        &[Edit::RemovePart {
            section: "overview".into(),
            index: 2,
        }],
    )
    .unwrap();
    assert_eq!(load(&out).overview.parts.len(), 4);
    assert!(!out.contains("这一部分请办公室再核一下"));
    assert!(
        apply(
            &text,
            Edition::E2021,
            &[Edit::RemovePart {
                section: "t3".into(),
                index: 0
            }]
        )
        .is_err()
    );
    // Parts added to a section that had none.
    let out = apply(
        EXAMPLE,
        Edition::E2021,
        &[
            Edit::AddPart {
                section: "other_matters".into(),
            },
            field("other_matters.parts.0.heading", "人大建议办理"),
        ],
    )
    .unwrap();
    assert_eq!(load(&out).other_matters.parts[0].heading, "人大建议办理");
}

#[test]
fn broken_text_is_refused_not_rewritten() {
    let err = apply(
        "year = 2025\n[t3\n",
        Edition::E2021,
        &[cell("t3.new", 0, "1")],
    );
    assert!(matches!(err, Err(ApplyError::Syntax(_))));
    let shaped = EXAMPLE.replace(
        "new                       = [9, 2, 0, 0, 1, 0, 12]",
        "new = 12",
    );
    assert!(matches!(
        apply(&shaped, Edition::E2021, &[cell("t3.new", 0, "1")]),
        Err(ApplyError::Shape(_))
    ));
}
