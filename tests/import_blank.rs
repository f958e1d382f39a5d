//! Blank cells (offices that leave every zero blank): in a table with explicit cells, a
//! blank cell keeps its place, so every figure stays in its own column.

use gxgk::import::{self, Imported};

fn import_html(html: &str) -> Imported {
    import::import_lines("page.html", &import::html::read(html)).expect("imports")
}

fn cells(im: &Imported) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for r in im.t2.iter().chain(&im.t3).chain(&im.t4) {
        for (i, c) in r.cells.iter().enumerate() {
            out.push((format!("{}[{i}]", r.def.key), c.val.toml()));
        }
    }
    out
}

/// The example rendered as a page, then every zero cell of its tables blanked (`&nbsp;`).
fn zeros_blanked(example: &str) {
    let loaded = gxgk::load::load_file(std::path::Path::new(example)).unwrap();
    let view = gxgk::view::View::new(&loaded.report, None);
    let html = gxgk::render::html::render(&view, &Default::default()).unwrap();
    let zero = r#"<td class="num a-center">0</td>"#;
    assert!(
        html.contains(zero),
        "the page's zero cells are written as {zero}"
    );
    let blanked = html.replace(zero, r#"<td class="num a-center">&nbsp;</td>"#);
    let (full, blank) = (import_html(&html), import_html(&blanked));
    let (a, b) = (cells(&full), cells(&blank));
    assert_eq!(a.len(), b.len());
    let mut blanks = 0;
    for ((ka, va), (kb, vb)) in a.iter().zip(&b) {
        assert_eq!(ka, kb);
        if va == "0" && vb == "\"\"" {
            blanks += 1;
        } else {
            assert_eq!(va, vb, "{ka}");
        }
    }
    let c = blank.counts();
    eprintln!("{example} with zeros blanked: {c:?}, {blanks} blank cells in place");
    assert_eq!(c.ambiguous, 0);
    assert!(blanks > 100);
}

#[test]
fn html_blank_cells_keep_their_columns_2021() {
    zeros_blanked("examples/2025-township.toml");
}

#[test]
fn html_blank_cells_keep_their_columns_2019() {
    zeros_blanked("examples/2020-street.toml");
}
