//! Tests of the table rules: a passing and a failing case for each.

use super::*;
use crate::check::testing::rule;

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
