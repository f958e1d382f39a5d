//! `gxgk render` and `gxgk fonts` end to end: no format flag writes every format, font
//! options are validated, and a font that cannot be found is a Chinese error with exit 2.

use std::path::PathBuf;
use std::process::{Command, Output};

fn gxgk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gxgk"))
        .args(args)
        .output()
        .expect("run gxgk")
}

fn all_text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gxgk-render-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn no_format_flag_writes_every_format() {
    let dir = scratch("all");
    let o = gxgk(&[
        "render",
        "examples/2020-street.toml",
        "-o",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", all_text(&o));
    for ext in ["html", "docx", "pdf"] {
        let f = dir.join(format!("2020-street.{ext}"));
        assert!(f.exists(), "{} missing: {}", f.display(), all_text(&o));
        assert!(
            all_text(&o).contains(&f.display().to_string()),
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
        all_text(&o)
    );
    for role in ["标题", "正文", "黑体", "楷体", "页码"] {
        assert!(all_text(&o).contains(role), "{role}: {}", all_text(&o));
    }
    let o = gxgk(&["fonts", "--font", "宋=x"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(all_text(&o).contains("无法识别的字体类别"));
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
    assert_eq!(o.status.code(), Some(2), "{}", all_text(&o));
    assert!(all_text(&o).contains("没有这个字体"));
    assert!(!dir.join("2020-street.pdf").exists());
    let _ = std::fs::remove_dir_all(&dir);
}
