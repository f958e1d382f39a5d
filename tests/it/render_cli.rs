//! `gxgk render` and `gxgk fonts` end to end: no format flag writes every format, font
//! options are validated, and a font that cannot be found is a Chinese error with exit 2.

use crate::common;

use common::{gxgk, printed, scratch};

#[test]
fn no_format_flag_writes_every_format() {
    let dir = scratch("all");
    let o = gxgk(&[
        "render",
        "examples/2020-street.toml",
        "-o",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", printed(&o));
    for ext in ["html", "docx", "pdf"] {
        let f = dir.join(format!("2020-street.{ext}"));
        assert!(f.exists(), "{} missing: {}", f.display(), printed(&o));
        assert!(
            printed(&o).contains(&f.display().to_string()),
            "what was written is printed"
        );
    }
    assert!(
        std::fs::read(dir.join("2020-street.pdf"))
            .unwrap()
            .starts_with(b"%PDF-")
    );
    assert!(
        std::fs::read(dir.join("2020-street.docx"))
            .unwrap()
            .starts_with(b"PK")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn fonts_are_listed_and_bad_font_options_refused() {
    let o = gxgk(&["fonts"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "CJK fonts are required (Debian: fonts-noto-cjk): {}",
        printed(&o)
    );
    for role in ["标题", "正文", "黑体", "楷体", "页码"] {
        assert!(printed(&o).contains(role), "{role}: {}", printed(&o));
    }
    let o = gxgk(&["fonts", "--font", "宋=x"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(printed(&o).contains("无法识别的字体类别"));
    let dir = scratch("nofont");
    let o = gxgk(&[
        "render",
        "examples/2020-street.toml",
        "--pdf",
        "--font",
        "正文=没有这个字体",
        "-o",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", printed(&o));
    assert!(printed(&o).contains("没有这个字体"));
    assert!(!dir.join("2020-street.pdf").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn hinting_keeps_the_font_hints_the_default_drops() {
    // `--hinting` reaches the PDF writer: the same report, with the CFF hints kept, is larger
    // (tests/it/pdf.rs shows the pages are drawn the same either way).
    let size = |extra: &[&str], name: &str| {
        let dir = scratch(name);
        let mut args = vec![
            "render",
            "examples/2025-township.toml",
            "--pdf",
            "-o",
            dir.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let o = gxgk(&args);
        assert_eq!(o.status.code(), Some(0), "{}", printed(&o));
        let n = std::fs::metadata(dir.join("2025-township.pdf"))
            .unwrap()
            .len();
        let _ = std::fs::remove_dir_all(&dir);
        n
    };
    let (plain, hinted) = (size(&[], "unhinted"), size(&["--hinting"], "hinted"));
    assert!(
        plain * 100 < hinted * 95,
        "{plain} B by default, {hinted} B with --hinting"
    );
}

/// `--json` is one format of the render set: with an HTML file already in the output folder,
/// `render --json --html` writes neither (all files or none), and with `--force` both.
#[test]
fn json_is_written_with_the_other_formats_or_not_at_all() {
    let dir = scratch("json-set");
    let html = dir.join("2020-street.html");
    std::fs::write(&html, "an older page").unwrap();
    let args = [
        "render",
        "examples/2020-street.toml",
        "--json",
        "--html",
        "-o",
        dir.to_str().unwrap(),
    ];
    let o = gxgk(&args);
    assert_eq!(o.status.code(), Some(2), "{}", printed(&o));
    assert!(!dir.join("2020-street.json").exists(), "{}", printed(&o));
    assert_eq!(std::fs::read_to_string(&html).unwrap(), "an older page");
    let o = gxgk(&[&args[..], &["--force"]].concat());
    assert_eq!(o.status.code(), Some(0), "{}", printed(&o));
    assert!(
        printed(&o).contains("2020-street.json（表格数据 JSON）"),
        "{}",
        printed(&o)
    );
    assert!(std::fs::read_to_string(&html).unwrap().contains("<html"));
    let json = std::fs::read_to_string(dir.join("2020-street.json")).unwrap();
    assert!(json.starts_with('{') && json.ends_with("}\n"), "{json}");
    std::fs::remove_dir_all(&dir).unwrap();
}
