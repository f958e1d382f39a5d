//! Tests of the HTML renderer: escaping, template errors in Chinese, the tables' markup, style inlining.
use super::*;
use crate::check::testing::text;
use crate::load::load_str;

fn html(year: i64, edits: &[(&str, &str)], opts: &Options) -> String {
    let r = load_str("r.toml", text(year, edits)).unwrap().report;
    render(&View::new(&r, None), opts).unwrap()
}

#[test]
fn page_is_self_contained_chinese_html() {
    let h = html(2025, &[], &Options::default());
    assert!(h.starts_with("<!DOCTYPE html>"));
    assert!(h.contains("<html lang=\"zh-CN\">"));
    assert_eq!(h.matches("<h1").count(), 1);
    assert_eq!(h.matches("<h2>").count(), 6);
    // The print geometry is the one every renderer takes from `page`.
    for decl in crate::view::page::css_declarations() {
        assert!(h.contains(&decl), "the stylesheet lacks {decl}");
    }
    for external in ["<link", "src=\"http", "@import"] {
        assert!(!h.contains(external), "{external}");
    }
    // The one script is the report's data, not code.
    assert_eq!(h.matches("<script").count(), 1);
    assert!(h.contains("<script type=\"application/json\" id=\"gxgk-data\">{\""));
}

/// Table cells carry the view's alignment (`GridCell.align`) as a class the stylesheet
/// maps to `text-align`, one per cell.
#[test]
fn cells_align_as_the_view_says() {
    let r = load_str("r.toml", text(2025, &[])).unwrap().report;
    let v = View::new(&r, None);
    let h = render(&v, &Options::default()).unwrap();
    let cells: Vec<_> = v.tables().flat_map(|t| t.rows.iter().flatten()).collect();
    let lefts = cells
        .iter()
        .filter(|c| c.align == crate::view::Align::Left)
        .count();
    let centres = cells.len() - lefts;
    assert_eq!(h.matches(" a-left").count(), lefts);
    assert_eq!(h.matches(" a-center").count(), centres);
    assert!(h.contains(".a-left { text-align: left; }"));
    assert!(h.contains(".a-center { text-align: center; }"));
}

#[test]
fn narrative_is_escaped() {
    let h = html(
        2025,
        &[(
            "overview.text",
            "\"\"\"\n<script>alert('x')</script> & <b>粗</b>\n\"\"\"",
        )],
        &Options::default(),
    );
    assert!(!h.contains("<script>"));
    assert!(
        h.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;粗&lt;/b&gt;")
    );
}

#[test]
fn fragment_is_one_article_with_inline_styles() {
    let h = html(
        2025,
        &[],
        &Options {
            fragment: true,
            ..Options::default()
        },
    );
    assert!(h.trim_start().starts_with("<article"), "{}", &h[..200]);
    assert!(h.trim_end().ends_with("</article>"));
    assert!(!h.contains("<style"));
    assert!(
        h.contains("<h2 style=\"font-family: &quot;黑体&quot;"),
        "{h}"
    );
    assert!(h.contains("<td class=\"num a-center\" style=\"") && h.contains("text-align: center"));
    // @media and @page rules are not inlined.
    assert!(!h.contains("box-shadow"));
}

#[test]
fn css_parser_takes_simple_selectors_only() {
    let rules =
        parse_css("/* c */ @media print { p { x: 1 } } p.a, h2 { color: red; } a b { y: 2 }");
    assert_eq!(
        rules,
        vec![
            (Some("p".into()), Some("a".into()), "color: red".into()),
            (Some("h2".into()), None, "color: red".into()),
        ]
    );
    assert_eq!(
        inline_styles("<p class=\"a\">x</p><p>y</p>", &rules),
        "<p class=\"a\" style=\"color: red\">x</p><p>y</p>"
    );
}

#[test]
fn user_templates_override_builtins() {
    let dir = std::env::temp_dir().join(format!("gxgk-tpl-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("report.css"), "h2 { color: green; }").unwrap();
    let h = html(
        2025,
        &[],
        &Options {
            templates: Some(dir.clone()),
            ..Options::default()
        },
    );
    assert!(h.contains("h2 { color: green; }"));
    assert!(!h.contains("@page"));
    std::fs::write(dir.join("article.html"), "{{ nosuchvar }}").unwrap();
    let r = load_str("r.toml", text(2025, &[])).unwrap().report;
    let e = render(
        &View::new(&r, None),
        &Options {
            templates: Some(dir.clone()),
            ..Options::default()
        },
    )
    .unwrap_err();
    assert!(e.to_string().starts_with("模板错误"), "{e}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn malformed_tables_render() {
    let r = load_str("r.toml", text(2025, &[])).unwrap().report;
    let mut v = View::new(&r, None);
    v.sections[1]
        .blocks
        .push(crate::view::Block::Table(crate::view::Table {
            id: "bad",
            caption: "",
            columns: 3,
            widths: vec![],
            header_rows: 9,
            font_pt: 10.5,
            rows: vec![vec![], vec![]],
        }));
    let h = render(&v, &Options::default()).unwrap();
    assert!(h.contains("<table class=\"grid bad\" style=\"--table-pt: 10.5pt\">"));
}

#[test]
fn table_font_sizes_are_the_views() {
    let r = crate::check::testing::report(2025, &[]);
    let v = crate::view::View::new(&r, None);
    let h = render(&v, &Options::default()).unwrap();
    assert!(h.contains("font-size: var(--table-pt, 10.5pt)"));
    for t in v.tables() {
        let tag = format!(
            "<table class=\"grid {}\" style=\"--table-pt: {}pt\">",
            t.id, t.font_pt
        );
        assert!(h.contains(&tag), "{tag}");
    }
}

#[test]
fn draft_is_watermarked() {
    let r = load_str("r.toml", text(2025, &[])).unwrap().report;
    let h = render(&View::new(&r, Some(3)), &Options::default()).unwrap();
    assert!(h.contains("class=\"draft-mark\""));
    assert!(h.contains("尚有 3 处错误未改正"));
    assert!(!html(2025, &[], &Options::default()).contains("draft-mark\""));
}
