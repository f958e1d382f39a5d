//! `gxgk rollup`: the 汇总 data file holds the cell-wise sums (blanks kept only where every
//! report is blank, money exact), `gxgk check` reads it, reports of another year or edition and
//! unreadable ones are refused, and `--check-against` lists every cell a hand-made 汇总 gets
//! wrong, located in that file.

use crate::common;

use std::path::Path;

use common::{gxgk_in, printed, scratch};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn sums_every_cell_and_the_result_checks() {
    let dir = scratch("rollup-sum");
    let ex = std::fs::read_to_string(root().join("examples/2025-township.toml")).unwrap();
    std::fs::write(dir.join("a.toml"), &ex).unwrap();
    std::fs::write(
        dir.join("b.toml"),
        ex.replace("磐石镇", "青山镇").replace(
            "fees      = { amount_wan = 0 }",
            "fees      = { amount_wan = 0.07 }",
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("c.toml"),
        ex.replace("磐石镇", "白水镇").replace(
            "fees      = { amount_wan = 0 }",
            "fees      = { amount_wan = \"1200元\" }",
        ),
    )
    .unwrap();
    let o = gxgk_in(
        &dir,
        &[
            "rollup",
            "a.toml",
            "b.toml",
            "c.toml",
            "--agency",
            "清河县",
            "-o",
            "汇总.toml",
        ],
    );
    assert!(o.status.success(), "{}", printed(&o));
    let sum = gxgk::load::load_file(&dir.join("汇总.toml"))
        .unwrap()
        .report;
    let one = gxgk::load::load_file(&dir.join("a.toml")).unwrap().report;
    // Every count is three times the example's; the fee is 0 + 0.07 + 0.12 万元, exactly.
    let t3 = |r: &gxgk::model::Report| -> Vec<u64> {
        r.tables
            .t3_rows()
            .iter()
            .flat_map(|e| {
                (0..7)
                    .map(|i| e.row.map_or(0, |row| row.value(i)))
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    assert_eq!(t3(&sum), t3(&one).iter().map(|v| v * 3).collect::<Vec<_>>());
    let text = std::fs::read_to_string(dir.join("汇总.toml")).unwrap();
    assert!(text.contains("fees      = { amount_wan = 0.19 }"), "{text}");
    assert!(text.contains("# 汇总：本表是以下 3 份报告之和"), "{text}");
    assert_eq!(sum.agency.name, "清河县");
    // `gxgk check` applies every rule: the sums balance; only the narrative is left to write.
    let o = gxgk_in(&dir, &["check", "汇总.toml"]);
    let out = printed(&o);
    let errors: Vec<&str> = out.lines().filter(|l| l.starts_with("错误[")).collect();
    assert!(
        !errors.is_empty() && errors.iter().all(|l| l.starts_with("错误[PLACEHOLDER]")),
        "{out}"
    );
    // Never overwritten without --force.
    let o = gxgk_in(
        &dir,
        &["rollup", "a.toml", "--agency", "清河县", "-o", "汇总.toml"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", printed(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_blank_stays_blank_only_where_every_report_is_blank() {
    let dir = scratch("rollup-blank");
    // The 2019 fixture leaves the five 法人 columns of 表三 row 一 blank.
    let blank = std::fs::read_to_string(root().join("tests/fixtures/seed-002.toml")).unwrap();
    std::fs::write(dir.join("x.toml"), &blank).unwrap();
    std::fs::write(dir.join("y.toml"), &blank).unwrap();
    let o = gxgk_in(
        &dir,
        &[
            "rollup", "x.toml", "y.toml", "--agency", "某县", "-o", "s.toml",
        ],
    );
    assert!(o.status.success(), "{}", printed(&o));
    let text = std::fs::read_to_string(dir.join("s.toml")).unwrap();
    let new = text.lines().find(|l| l.starts_with("new ")).unwrap();
    assert!(
        new.contains("[92, \"\", \"\", \"\", \"\", \"\", 92]"),
        "{new}"
    );
    // One report filling a blank cell makes the sum a number.
    let filled = blank.replacen("= [46, \"\", ", "= [46, 3, ", 1);
    assert_ne!(filled, blank);
    std::fs::write(dir.join("z.toml"), filled).unwrap();
    let o = gxgk_in(
        &dir,
        &[
            "rollup", "x.toml", "z.toml", "--agency", "某县", "-o", "s2.toml",
        ],
    );
    assert!(o.status.success(), "{}", printed(&o));
    let text = std::fs::read_to_string(dir.join("s2.toml")).unwrap();
    assert_ne!(
        text.lines().find(|l| l.starts_with("new ")).unwrap(),
        new,
        "a filled cell is summed"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn other_years_editions_and_unreadable_reports_are_refused() {
    let dir = scratch("rollup-refuse");
    std::fs::copy(
        root().join("examples/2025-township.toml"),
        dir.join("a.toml"),
    )
    .unwrap();
    std::fs::copy(root().join("examples/2020-street.toml"), dir.join("b.toml")).unwrap();
    std::fs::write(dir.join("bad.toml"), "year = 2025\n[agency\n").unwrap();
    let o = gxgk_in(&dir, &["rollup", "a.toml", "b.toml", "--agency", "某县"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        printed(&o).contains("只能汇总同一年度的报告"),
        "{}",
        printed(&o)
    );
    let o = gxgk_in(&dir, &["rollup", "a.toml", "bad.toml", "--agency", "某县"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(printed(&o).contains("没有汇总"), "{}", printed(&o));
    assert!(!dir.join("汇总.toml").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn check_against_lists_every_cell_that_differs() {
    let dir = scratch("rollup-against");
    let ex = std::fs::read_to_string(root().join("examples/2025-township.toml")).unwrap();
    std::fs::write(dir.join("a.toml"), &ex).unwrap();
    std::fs::write(dir.join("b.toml"), &ex).unwrap();
    let o = gxgk_in(
        &dir,
        &[
            "rollup", "a.toml", "b.toml", "--agency", "某县", "-o", "sum.toml",
        ],
    );
    assert!(o.status.success(), "{}", printed(&o));
    let right = std::fs::read_to_string(dir.join("sum.toml")).unwrap();
    let o = gxgk_in(
        &dir,
        &[
            "rollup",
            "a.toml",
            "b.toml",
            "--agency",
            "某县",
            "--check-against",
            "sum.toml",
        ],
    );
    assert!(o.status.success(), "{}", printed(&o));
    assert!(printed(&o).contains("每一格都一致"), "{}", printed(&o));
    // A hand-made 汇总 with two wrong cells.
    let line = right.lines().find(|l| l.starts_with("new ")).unwrap();
    let wrong = right
        .replace(line, &line.replacen("[18, 4", "[17, 4", 1))
        .replace("review            = [2,", "review            = [3,");
    std::fs::write(dir.join("hand.toml"), &wrong).unwrap();
    let o = gxgk_in(
        &dir,
        &[
            "rollup",
            "a.toml",
            "b.toml",
            "--agency",
            "某县",
            "--check-against",
            "hand.toml",
        ],
    );
    let text = printed(&o);
    assert_eq!(o.status.code(), Some(1), "{text}");
    assert!(text.contains("错误[ROLLUP-DIFF]：表三“一、本年新收政府信息公开申请数量”的“自然人”：各报告之和是 18，汇总表填的是 17"), "{text}");
    assert!(
        text.contains(
            "错误[ROLLUP-DIFF]：表四“行政复议”的“结果维持”：各报告之和是 2，汇总表填的是 3"
        ),
        "{text}"
    );
    let at = 1 + wrong[..wrong.find("[17, 4").unwrap()].matches('\n').count();
    assert!(text.contains(&format!("hand.toml:{at}:")), "{text}");
    assert!(text.contains("有 2 格不一致"), "{text}");
    assert!(
        !dir.join("汇总.toml").exists(),
        "only compared, nothing written"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
