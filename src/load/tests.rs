//! Tests of the loader: encodings, syntax and shape errors located and in Chinese, old keys.

use super::*;

const MINIMAL: &str = "year = 2025\n[agency]\nname = \"磐石镇人民政府\"\nlevel = \"乡镇\"\n";

fn err(text: &str) -> (Diagnostic, (usize, usize)) {
    match load_str("r.toml", text.to_string()) {
        Err(LoadError::Invalid { file, diagnostics }) => {
            let l = diagnostics[0].location(&file);
            (diagnostics[0].clone(), (l.line, l.column))
        }
        other => panic!("expected an error, got {other:?}"),
    }
}

#[test]
fn minimal_file_loads_with_the_year_edition() {
    let l = load_str("r.toml", MINIMAL.to_string()).unwrap();
    assert_eq!(l.report.edition(), Edition::E2021);
    let l = load_str("r.toml", MINIMAL.replace("2025", "2020")).unwrap();
    assert_eq!(l.report.edition(), Edition::E2019);
}

#[test]
fn year_and_edition_of_the_wrong_kind_are_described() {
    let body = MINIMAL.trim_start_matches("year = 2025\n");
    for (head, at, said) in [
        ("year = 2025.0\n", (1, 8), "小数 2025"),
        ("year = true\n", (1, 8), "实际写的是true"),
        ("year = [2025]\n", (1, 8), "数组"),
        ("year = 2025-01-01\n", (1, 8), "日期 2025-01-01"),
        ("year = { n = 1 }\n", (1, 8), "表"),
        (
            "year = 2025\nedition = \"2021\"\n",
            (2, 11),
            "文字 \"2021\"",
        ),
    ] {
        let (d, loc) = err(&format!("{head}{body}"));
        assert_eq!((d.rule, loc), ("TOML-TYPE", at), "{head}");
        assert!(d.message.contains(said), "{head}: {}", d.message);
    }
    let (d, _) = err(body);
    assert_eq!(d.rule, "TOML-KEY");
    assert!(d.message.contains("缺少 year"), "{}", d.message);
}

#[test]
fn string_where_a_number_belongs_is_located() {
    let (d, at) = err(&format!("{MINIMAL}[t3]\nnew = [1, \"八\", 0, 0, 0, 0]\n"));
    assert_eq!(d.rule, "TOML-TYPE");
    assert_eq!(at, (6, 11));
    assert!(d.message.contains("整数"), "{}", d.message);
}

#[test]
fn unknown_key_suggests_the_right_one() {
    let (d, at) = err(&format!("{MINIMAL}[t3]\ngrantd = [1, 0, 0, 0, 0, 0]\n"));
    assert_eq!((d.rule, at), ("TOML-KEY", (6, 1)));
    assert!(d.help.unwrap().contains("是不是要写 granted"));
}

#[test]
fn other_edition_keys_explain_the_edition() {
    let (d, _) = err(&format!("{MINIMAL}[t2]\nrules = {{ new_made = 0 }}\n"));
    assert!(d.help.unwrap().contains("2019版表格的栏目"));
    let (d, _) = err(&format!("{MINIMAL}[t3]\nother = [0, 0, 0, 0, 0, 0]\n"));
    assert!(d.message.contains("[t3.other]"), "{}", d.message);
}

#[test]
fn unknown_level_is_explained() {
    let (d, _) = err(&MINIMAL.replace("\"乡镇\"", "\"乡政府\""));
    assert!(d.message.contains("乡政府"));
    assert!(d.help.unwrap().contains("乡镇"));
}

#[test]
fn syntax_errors_are_chinese_and_located() {
    let (d, at) = err("year = 2025\nlevel = 乡镇\n");
    assert_eq!((d.rule, at), ("TOML-SYNTAX", (2, 9)));
    assert!(d.help.unwrap().contains("\"乡镇\""));
    let (d, _) = err("year = 2025\nname = “磐石镇”\n");
    assert!(d.message.contains("引号"));
    let (d, at) = err("year = 2025\n[t4]\nreview = [1, 0\nsuit_direct = [0]\n");
    assert_eq!(at, (3, 15));
    assert!(d.message.contains("方括号"), "{}", d.message);
}

#[test]
fn year_and_edition_are_checked_first() {
    let (d, _) = err("agency = { name = \"x\", level = \"乡镇\" }\n");
    assert!(d.message.contains("year"));
    let (d, at) = err("year = \"2025\"\n");
    assert_eq!(at, (1, 8));
    assert!(d.message.contains("整数"));
    let (d, _) = err("year = 2018\n");
    assert!(d.message.contains("2019"));
    let (d, _) = err("year = 2025\nedition = 2020\n");
    assert!(d.message.contains("2019"));
}

#[test]
fn gbk_bytes_are_refused_with_advice() {
    match load_bytes("r.toml", b"year = 2025\nname = \"\xc4\xfe\"\n") {
        Err(LoadError::Invalid { diagnostics, .. }) => {
            assert_eq!(diagnostics[0].rule, "ENCODING")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn closest_finds_typos_only() {
    assert_eq!(closest("grantd", &["granted", "partial"]), Some("granted"));
    assert_eq!(closest("xyz", &["granted", "partial"]), None);
}
