//! `gxgk new` end to end: the scaffold passes `gxgk check`, an existing file is never
//! overwritten without `--force`, and `--from` carries last year's figures over.

use crate::common;

use std::path::Path;

use common::{gxgk_in, printed, scratch};

#[test]
fn scaffold_checks_clean_and_is_never_overwritten() {
    let dir = scratch("new");
    let o = gxgk_in(&dir, &["new", "--agency", "磐石镇", "-o", "r.toml"]);
    assert!(o.status.success(), "{}", printed(&o));
    assert!(dir.join("gxgk.schema.json").exists());
    let first = std::fs::read_to_string(dir.join("r.toml")).unwrap();
    assert!(first.starts_with("#:schema gxgk.schema.json\n"));

    // A fresh scaffold holds 【待填写】 placeholders: check fails on them and on nothing else,
    // and render refuses to publish it unless --draft.
    let o = gxgk_in(&dir, &["check", "r.toml"]);
    assert_eq!(o.status.code(), Some(1), "{}", printed(&o));
    let text = printed(&o);
    assert!(text.contains("错误[PLACEHOLDER]"), "{text}");
    let other_errors: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("错误[") && !l.starts_with("错误[PLACEHOLDER]"))
        .collect();
    assert!(other_errors.is_empty(), "{other_errors:?}");
    let o = gxgk_in(&dir, &["render", "--html", "r.toml"]);
    assert_eq!(o.status.code(), Some(1), "{}", printed(&o));
    assert!(!dir.join("r.html").exists());
    let o = gxgk_in(&dir, &["render", "--html", "--draft", "r.toml"]);
    assert_eq!(o.status.code(), Some(0), "{}", printed(&o));
    assert!(dir.join("r.html").exists());
    std::fs::remove_file(dir.join("r.html")).unwrap();

    // The clerk edits the file; a second `new` must not destroy that.
    std::fs::write(dir.join("r.toml"), format!("{first}\n# 已修改\n")).unwrap();
    let o = gxgk_in(&dir, &["new", "--agency", "磐石镇", "-o", "r.toml"]);
    assert_eq!(o.status.code(), Some(2), "{}", printed(&o));
    assert!(printed(&o).contains("--force"), "{}", printed(&o));
    assert!(
        std::fs::read_to_string(dir.join("r.toml"))
            .unwrap()
            .ends_with("# 已修改\n")
    );

    let o = gxgk_in(
        &dir,
        &["new", "--agency", "磐石镇", "-o", "r.toml", "--force"],
    );
    assert!(o.status.success(), "{}", printed(&o));
    assert_eq!(std::fs::read_to_string(dir.join("r.toml")).unwrap(), first);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn from_carries_last_year_over() {
    let dir = scratch("from");
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/2025-township.toml");
    let o = gxgk_in(
        &dir,
        &[
            "new",
            "--year",
            "2026",
            "--from",
            example.to_str().unwrap(),
            "-o",
            "r.toml",
        ],
    );
    assert!(o.status.success(), "{}", printed(&o));
    let r = gxgk::load::load_file(&dir.join("r.toml")).unwrap().report;
    assert_eq!(r.agency.name, "磐石镇人民政府");
    let rows = r.tables.t3_rows();
    let carried_in = rows.iter().find(|e| e.spec.key == "carried_in").unwrap();
    assert_eq!(
        carried_in.row.unwrap().value(0),
        1,
        "上年结转 = last year's 结转下年度"
    );
    let o = gxgk_in(
        &dir,
        &["check", "r.toml", "--previous", example.to_str().unwrap()],
    );
    // Only the placeholders of the text still to be written stop it.
    assert_eq!(o.status.code(), Some(1), "{}", printed(&o));
    let text = printed(&o);
    let errors: Vec<&str> = text.lines().filter(|l| l.starts_with("错误[")).collect();
    assert!(
        errors.iter().all(|l| l.starts_with("错误[PLACEHOLDER]")),
        "{errors:?}"
    );
    assert!(!text.contains("X-CARRY"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Last year's file has the key names of format 0.x before the rename (`deny`, `reject`):
/// `new --from` and `check --previous` read it under the new names with a note, while the
/// same file checked as this year's report is refused with located "已改名为" errors.
#[test]
fn last_years_file_with_old_key_names_is_migrated() {
    let dir = scratch("old-keys");
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/2025-township.toml");
    let old = std::fs::read_to_string(example)
        .unwrap()
        .replace("\nwithheld.", "\ndeny.")
        .replace("\nnot_processed.", "\nreject.");
    let line = old
        .lines()
        .find(|l| l.starts_with("deny.third_party"))
        .unwrap();
    assert!(
        line.contains("= [1,"),
        "the example has a 不予公开 figure: {line}"
    );
    std::fs::write(dir.join("2025.toml"), &old).unwrap();

    let o = gxgk_in(&dir, &["check", "2025.toml"]);
    assert_eq!(o.status.code(), Some(2), "{}", printed(&o));
    let text = printed(&o);
    assert!(
        text.contains(
            "错误[TOML-RENAMED]：键 t3.deny.third_party 已改名为 t3.withheld.third_party"
        ),
        "{text}"
    );
    assert!(text.contains("2025.toml:84:1"), "{text}");

    let o = gxgk_in(&dir, &["new", "--from", "2025.toml", "-o", "2026.toml"]);
    assert!(o.status.success(), "{}", printed(&o));
    assert!(printed(&o).contains("已按新名称"), "{}", printed(&o));
    let new = std::fs::read_to_string(dir.join("2026.toml")).unwrap();
    assert!(new.contains("\nwithheld.third_party") && !new.contains("\ndeny."));

    let o = gxgk_in(&dir, &["check", "2026.toml", "--previous", "2025.toml"]);
    let text = printed(&o);
    assert!(text.contains("已按新名称"), "{text}");
    assert!(!text.contains("错误[TOML-RENAMED]"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn string_where_a_number_belongs_is_located() {
    let dir = scratch("type");
    std::fs::write(
        dir.join("r.toml"),
        "year = 2025\n[t4]\nreview = [1, 0, \"零\", 0, 1]\n",
    )
    .unwrap();
    let o = gxgk_in(&dir, &["check", "r.toml"]);
    assert_eq!(o.status.code(), Some(2), "{}", printed(&o));
    assert!(printed(&o).contains("r.toml:3:17"), "{}", printed(&o));
    let _ = std::fs::remove_dir_all(&dir);
}
