//! A published report where a data file is expected: `new --from` and
//! `check --previous` take last year's page, Word file or PDF directly, and `check` on a
//! document gives its 修改 hints in the document's terms, not the data file's keys.

use crate::common;

use std::path::Path;

use common::{gxgk_in, printed, scratch};

fn rendered(dir: &Path, example: &str, format: &str) -> String {
    let src = std::fs::canonicalize(example).unwrap();
    let o = gxgk_in(
        dir,
        &[
            "render",
            src.to_str().unwrap(),
            &format!("--{format}"),
            "-o",
            ".",
            "--force",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", printed(&o));
    let stem = Path::new(example).file_stem().unwrap().to_string_lossy();
    format!("{stem}.{format}")
}

#[test]
fn new_from_last_years_published_report() {
    let dir = scratch("new-from-published");
    for format in ["pdf", "docx", "html"] {
        let last = rendered(&dir, "examples/2025-township.toml", format);
        let out = format!("from-{format}.toml");
        let o = gxgk_in(&dir, &["new", "--from", &last, "-o", &out]);
        let text = printed(&o);
        assert_eq!(o.status.code(), Some(0), "{format}: {text}");
        assert!(!text.contains("UTF-8"), "{text}");
        assert!(
            text.contains("是已发布的文档，已在内存中导入") && text.contains("表三 175/175 格"),
            "{text}"
        );
        let r = gxgk::load::load_file(&dir.join(&out)).unwrap().report;
        assert_eq!(r.year, 2026);
        assert_eq!(r.agency.name, "磐石镇人民政府");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn check_previous_takes_a_published_report() {
    let dir = scratch("previous-published");
    let last = rendered(&dir, "examples/2025-township.toml", "docx");
    let o = gxgk_in(&dir, &["new", "--from", &last, "-o", "2026.toml"]);
    assert_eq!(o.status.code(), Some(0), "{}", printed(&o));
    let o = gxgk_in(&dir, &["check", "2026.toml", "--previous", &last]);
    let text = printed(&o);
    assert!(o.status.code().is_some_and(|c| c < 2), "{text}");
    assert!(text.contains("已在内存中导入"), "{text}");
    // An unreadable "last year" is said in Chinese, naming the file.
    std::fs::write(dir.join("坏.pdf"), b"%PDF-1.7 nothing").unwrap();
    let o = gxgk_in(&dir, &["check", "2026.toml", "--previous", "坏.pdf"]);
    assert_eq!(o.status.code(), Some(2), "{}", printed(&o));
    assert!(printed(&o).contains("坏.pdf"), "{}", printed(&o));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn hints_on_a_document_speak_of_the_document() {
    let dir = scratch("document-hints");
    let page = rendered(&dir, "examples/2025-township.toml", "html");
    let html = std::fs::read_to_string(dir.join(&page)).unwrap();
    let said = "全年新收政府信息公开申请12件";
    assert!(html.contains(said));
    // A page as a portal republishes it: without gxgk's embedded data, its text edited.
    let a = html.find("<script type=\"application/json\"").unwrap();
    let b = a + html[a..].find("</script>").unwrap() + "</script>".len();
    let html = format!("{}{}", &html[..a], &html[b..]);
    let html = html
        .replacen(said, "全年新收政府信息公开申请13件", 1)
        .replacen("<h3>（一）主动公开</h3>", "<h3>（一）</h3>", 1);
    std::fs::write(dir.join("edited.html"), html).unwrap();
    let o = gxgk_in(&dir, &["check", "edited.html"]);
    let text = printed(&o);
    assert_eq!(o.status.code(), Some(1), "{text}");
    assert!(text.contains("NARRATIVE-FIGURES"), "{text}");
    assert!(
        text.contains("修改：在文档的“一、总体情况”部分修改：核对文字和表格"),
        "{text}"
    );
    for line in text.lines().filter_map(|l| l.split_once("修改：")) {
        assert!(
            !line.1.contains(" = ") && !line.1.contains("[["),
            "{line:?}"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}
