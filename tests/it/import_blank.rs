//! Blank cells (offices that leave every zero blank): in a table with explicit cells, a
//! blank cell keeps its place, so every figure stays in its own column.

use crate::common;
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

/// The example's data file with every zero of its tables written blank (`""`).
fn blank_zeros(toml: &str) -> String {
    let start = toml.find("\n[t2]\n").unwrap();
    let end = toml.find("\n[problems]\n").unwrap();
    let mut tables = toml[start..end].to_string();
    for (from, to) in [
        ("[0,", "[\"\","),
        (", 0,", ", \"\","),
        (", 0]", ", \"\"]"),
        ("= 0,", "= \"\","),
        ("= 0 }", "= \"\" }"),
    ] {
        while tables.contains(from) {
            tables = tables.replace(from, to);
        }
    }
    format!("{}{tables}{}", &toml[..start], &toml[end..])
}

fn gxgk(dir: &std::path::Path, args: &[&str]) -> String {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_gxgk"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(o.status.code().is_some_and(|c| c < 2), "{args:?}: {text}");
    text
}

/// Every table cell of a data file, blank or not, in template order.
fn data_cells(path: &std::path::Path) -> Vec<String> {
    common::table_cells(&gxgk::load::load_file(path).unwrap().report)
}

/// A PDF whose zeros were left blank: each figure is placed by its x position between the
/// table's rules, each blank stays blank in its column.
fn pdf_blank_cells(example: &str) {
    let dir = std::env::temp_dir().join(format!(
        "gxgk-test-{}-pdf-blank-{}",
        std::process::id(),
        example.replace('/', "_")
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let src = blank_zeros(&std::fs::read_to_string(example).unwrap());
    std::fs::write(dir.join("blank.toml"), &src).unwrap();
    gxgk(
        &dir,
        &["render", "blank.toml", "--pdf", "-o", ".", "--force"],
    );
    let summary = gxgk(&dir, &["import", "blank.pdf", "-o", "back.toml"]);
    assert!(summary.contains("拆分有歧义 0 格"), "{summary}");
    let (want, got) = (
        data_cells(&dir.join("blank.toml")),
        data_cells(&dir.join("back.toml")),
    );
    let blanks = want.iter().filter(|c| c.ends_with("Blank")).count();
    assert!(blanks > 100, "{blanks}");
    assert_eq!(want.len(), got.len());
    for (w, g) in want.iter().zip(&got) {
        assert_eq!(w, g);
    }
    eprintln!("{example} as PDF with {blanks} blank cells: every cell in place");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn pdf_blank_cells_are_placed_by_x_position_2021() {
    pdf_blank_cells("examples/2025-township.toml");
}

#[test]
fn pdf_blank_cells_are_placed_by_x_position_2019() {
    pdf_blank_cells("examples/2020-street.toml");
}

/// A report that leaves every zero blank gets one CELL-BLANK per table in text; the JSON
/// keeps each row's sentence in the finding's `detail`.
#[test]
fn blank_zeros_are_said_once_per_table_with_the_detail_in_json() {
    let dir = std::env::temp_dir().join(format!("gxgk-test-{}-blank-json", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let src = blank_zeros(&std::fs::read_to_string("examples/2025-township.toml").unwrap());
    std::fs::write(dir.join("blank.toml"), &src).unwrap();
    let text = gxgk(&dir, &["check", "blank.toml"]);
    let said: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("[CELL-BLANK]"))
        .collect();
    assert_eq!(said.len(), 3, "one per table: {said:#?}");
    let json = gxgk(&dir, &["check", "blank.toml", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let blank: Vec<&serde_json::Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "CELL-BLANK")
        .collect();
    assert_eq!(blank.len(), 3);
    let t3 = blank
        .iter()
        .find(|f| f["message"].as_str().unwrap().starts_with("表三"))
        .unwrap();
    let detail = t3["detail"].as_array().unwrap();
    assert!(detail.len() >= 8, "{detail:?}");
    assert!(
        detail
            .iter()
            .all(|d| d.as_str().unwrap().starts_with("表三"))
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// Our own portal page (year-first title, zeros left blank as `&nbsp;`, 表四's 行政复议 group
/// all blank), cell by cell; and what check says about it: no NARRATIVE-FIGURES error for
/// 收到 40 = 新收 38 + 上年结转 2, one CELL-BLANK per table.
#[test]
fn portal_page_with_blank_cells_cell_by_cell() {
    let path = std::path::Path::new("tests/fixtures/import/blank-cells-2023.html");
    let (im, _) = import::import_file(path).unwrap();
    let c = im.counts();
    eprintln!("blank-cells-2023.html: {c:?}");
    assert_eq!(c.cells, [(10, 10), (175, 175), (15, 15)]);
    assert_eq!((c.sections, c.ambiguous, c.missing), (6, 0, 0));
    assert_eq!(
        im.title.as_ref().unwrap().0,
        "2023年清河县人民政府办公室政府信息公开工作年度报告"
    );
    assert_eq!(im.agency.as_ref().unwrap().0, "清河县人民政府办公室");
    let got: std::collections::BTreeMap<String, String> = cells(&im).into_iter().collect();
    let b = "\"\"";
    let row = |key: &str, n: usize| -> Vec<String> {
        (0..n)
            .map(|i| got[&format!("{key}[{i}]")].clone())
            .collect()
    };
    assert_eq!(row("rules", 3), [b, b, b]);
    assert_eq!(row("normative", 3), ["3", b, "21"]);
    assert_eq!(row("permit", 1), ["412"]);
    assert_eq!(row("coercion", 1), [b]);
    assert_eq!(row("new", 7), ["37", "1", b, b, b, b, "38"]);
    assert_eq!(row("carried_in", 7), ["2", b, b, b, b, b, "2"]);
    assert_eq!(row("withheld.third_party", 7), ["1", b, b, b, b, b, "1"]);
    assert_eq!(row("withheld.state_secret", 7), [b; 7]);
    assert_eq!(row("other.no_correction", 7), ["1", b, b, b, b, b, "1"]);
    assert_eq!(row("total", 7), ["36", "1", b, b, b, b, "37"]);
    let mut t4 = vec![b; 15];
    t4[5] = "1";
    t4[9] = "1";
    assert_eq!(row("t4", 15), t4);
    let dir = std::env::temp_dir();
    let text = gxgk(
        &dir,
        &[
            "check",
            std::fs::canonicalize(path).unwrap().to_str().unwrap(),
        ],
    );
    assert!(!text.contains("NARRATIVE-FIGURES"), "{text}");
    assert_eq!(text.matches("[CELL-BLANK]").count(), 3, "{text}");
}

/// The report as an office suite makes its PDF: our Word file converted by LibreOffice
/// (which keeps no embedded data, draws its own table rules, and sets a multi-line label so
/// the next row's label sits right below it). Every cell comes back, blanks in their columns.
fn office_pdf(example: &str, zeros_blank: bool) {
    let found = std::process::Command::new("sh")
        .args(["-c", "command -v soffice"])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found,
        "`soffice` is missing: install the Debian package libreoffice-writer (apt-get install libreoffice-writer)"
    );
    let dir = std::env::temp_dir().join(format!(
        "gxgk-test-{}-office-{}-{zeros_blank}",
        std::process::id(),
        example.replace('/', "_")
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut src = std::fs::read_to_string(example).unwrap();
    if zeros_blank {
        src = blank_zeros(&src);
    }
    std::fs::write(dir.join("r.toml"), &src).unwrap();
    gxgk(&dir, &["render", "r.toml", "--docx", "-o", ".", "--force"]);
    let out = std::process::Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.join("profile").display()
        ))
        .args([
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            "lo",
            "r.docx",
        ])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(dir.join("lo/r.pdf").exists(), "{out:?}");
    let summary = gxgk(&dir, &["import", "lo/r.pdf", "-o", "back.toml"]);
    assert!(!summary.contains("文档内嵌的数据"), "{summary}");
    assert!(
        summary.contains("拆分有歧义 0 格") && summary.contains("缺少 0 项"),
        "{summary}"
    );
    let (want, got) = (
        data_cells(&dir.join("r.toml")),
        data_cells(&dir.join("back.toml")),
    );
    assert_eq!(want.len(), got.len());
    for (w, g) in want.iter().zip(&got) {
        assert_eq!(w, g, "{summary}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn office_suite_pdf_imports_every_cell() {
    office_pdf("examples/2025-township.toml", false);
    office_pdf("examples/2025-township.toml", true);
    // (The 2019 example with zeros blank has a 表四 of blanks only: no text on that row of the
    // PDF at all, so it is reported missing, not guessed.)
    office_pdf("examples/2020-street.toml", false);
}
