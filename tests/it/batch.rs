//! Many reports in one run: a folder of valid, invalid and unreadable files is checked and
//! rendered in one process; every valid report gets exactly the files a single render gives
//! (same bytes), the others are reported in the summary and never stop the rest; the exit
//! code is the worst outcome; two inputs with the same name never overwrite each other.

use crate::common;

use std::path::Path;

use common::{gxgk_in, printed, scratch};

/// A folder of reports: four valid (two editions, agencies varied), one with errors, and
/// three unreadable ones (bad syntax, binary bytes, an empty file).
fn batch(dir: &Path) -> Vec<&'static str> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let ex2025 = std::fs::read_to_string(root.join("examples/2025-township.toml")).unwrap();
    let ex2020 = std::fs::read_to_string(root.join("examples/2020-street.toml")).unwrap();
    let invalid =
        std::fs::read_to_string(root.join("examples/invalid/T3-COL-BALANCE.toml")).unwrap();
    std::fs::create_dir_all(dir.join("乡镇")).unwrap();
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("磐石镇.toml", ex2025.clone().into_bytes()),
        (
            "乡镇/青山镇.toml",
            ex2025.replace("磐石镇", "青山镇").into_bytes(),
        ),
        (
            "乡镇/白水镇.toml",
            ex2025.replace("磐石镇", "白水镇").into_bytes(),
        ),
        ("青石街道.toml", ex2020.into_bytes()),
        ("有错误.toml", invalid.into_bytes()),
        (
            "写错了.toml",
            b"year = 2025\n[agency\nname = \"x\"\n".to_vec(),
        ),
        ("乱码.toml", vec![0xFF, 0xFE, 0x00, 0xD8, 0x00, 0x01, 0x02]),
        ("空文件.toml", Vec::new()),
    ];
    for (name, bytes) in &files {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    // Not a report: left alone by both commands.
    std::fs::write(dir.join("说明.md"), "不是报告").unwrap();
    files.iter().map(|f| f.0).collect()
}

#[test]
fn a_mixed_folder_checks_in_one_run() {
    let dir = scratch("batch-check");
    batch(&dir.join("报告"));
    let o = gxgk_in(&dir, &["check", "报告"]);
    let text = printed(&o);
    assert_eq!(
        o.status.code(),
        Some(2),
        "worst outcome: unreadable\n{text}"
    );
    for row in [
        "报告/磐石镇.toml\t0\t0\t通过",
        "报告/乡镇/青山镇.toml\t0\t0\t通过",
        "报告/有错误.toml\t2\t0\t有错误",
        "报告/写错了.toml\t—\t—\t无法读取",
        "报告/乱码.toml\t—\t—\t无法读取",
        "报告/空文件.toml\t—\t—\t无法读取",
    ] {
        assert!(text.contains(row), "missing {row:?}\n{text}");
    }
    assert!(
        text.contains("共 8 个文件：4 个通过，1 个有错误，3 个无法读取或未完成。"),
        "{text}"
    );
    assert!(!text.contains("说明.md"));
    // Each file's findings are printed in input order, as one by one.
    let a = text.find("报告/乡镇/白水镇.toml：检查通过").unwrap();
    let b = text.find("报告/乡镇/青山镇.toml：检查通过").unwrap();
    assert!(a < b, "{text}");

    // --format json: one JSON document, an array with one entry per file, in order.
    let o = gxgk_in(&dir, &["check", "报告", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("one JSON document");
    let files: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert_eq!(files.len(), 8, "{files:?}");
    // Folders are read in name order.
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_mixed_folder_renders_every_valid_report_as_alone() {
    let dir = scratch("batch-render");
    batch(&dir.join("报告"));
    let o = gxgk_in(
        &dir,
        &["render", "报告", "-o", "输出", "--html", "--docx", "--pdf"],
    );
    let text = printed(&o);
    assert_eq!(o.status.code(), Some(2), "{text}");
    assert!(
        text.contains("报告/磐石镇.toml\t0\t0\t已生成 3 个文件"),
        "{text}"
    );
    assert!(text.contains("报告/有错误.toml\t2\t0\t有错误"), "{text}");
    assert!(
        text.contains("共 8 个文件：4 个通过，1 个有错误，3 个无法读取或未完成。"),
        "{text}"
    );
    let mut written: Vec<String> = std::fs::read_dir(dir.join("输出"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    let mut want = Vec::new();
    for stem in ["白水镇", "磐石镇", "青山镇", "青石街道"] {
        for ext in ["docx", "html", "pdf"] {
            want.push(format!("{stem}.{ext}"));
        }
    }
    want.sort();
    assert_eq!(written, want);
    // The same bytes as rendering each file alone.
    for (src, stem) in [
        ("报告/乡镇/青山镇.toml", "青山镇"),
        ("报告/青石街道.toml", "青石街道"),
    ] {
        let alone = dir.join("alone");
        let o = gxgk_in(&dir, &["render", src, "-o", "alone", "--force"]);
        assert!(o.status.success(), "{}", printed(&o));
        for ext in ["html", "docx", "pdf"] {
            let a = std::fs::read(dir.join("输出").join(format!("{stem}.{ext}"))).unwrap();
            let b = std::fs::read(alone.join(format!("{stem}.{ext}"))).unwrap();
            assert!(a == b, "{stem}.{ext} differs from a single render");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn same_names_from_two_folders_never_overwrite_each_other() {
    let dir = scratch("batch-clash");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for sub in ["甲", "乙"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        std::fs::copy(
            root.join("examples/2025-township.toml"),
            dir.join(sub).join("报告.toml"),
        )
        .unwrap();
    }
    let o = gxgk_in(&dir, &["render", "甲", "乙", "-o", "out", "--html"]);
    let text = printed(&o);
    assert_eq!(o.status.code(), Some(2), "{text}");
    assert!(
        text.contains("乙/报告.toml 与 甲/报告.toml 的输出文件同名"),
        "{text}"
    );
    assert!(
        text.contains("乙/报告.toml\t—\t—\t未生成：与另一文件的输出同名"),
        "{text}"
    );
    assert!(dir.join("out/报告.html").exists());
    // Rendered beside their data files, they do not clash.
    let o = gxgk_in(&dir, &["render", "甲", "乙", "--html"]);
    assert!(o.status.success(), "{}", printed(&o));
    assert!(dir.join("甲/报告.html").exists() && dir.join("乙/报告.html").exists());
    let _ = std::fs::remove_dir_all(&dir);
}
