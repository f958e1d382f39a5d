//! `gxgk import` on run-together text (a crawled page or a bad copy: the whole report on one
//! line, headings, labels and figures joined, stray spaces inside labels): our own fixtures of
//! both editions cell by cell, and a property test over random valid reports rendered and
//! written out run together.

use std::collections::BTreeMap;
use std::path::Path;

use gxgk::import::lines::Val;
use gxgk::import::solve::Certainty;
use gxgk::import::{self, Imported, NoteKind};
use gxgk::model::{Edition, Level};

fn fixture(name: &str) -> Imported {
    let path = Path::new("tests/fixtures/import").join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    import::import_text(name, &text).expect("imports")
}

/// The imported rows: key → (values as TOML literals, certainty).
fn rows(im: &Imported) -> BTreeMap<String, (Vec<String>, Certainty)> {
    let mut out = BTreeMap::new();
    for r in im.t2.iter().chain(&im.t3).chain(&im.t4) {
        let v = r.cells.iter().map(|c| c.val.toml()).collect();
        out.insert(r.def.key.to_string(), (v, r.certainty.clone()));
    }
    out
}

fn ints(v: &[i64]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

/// Asserts a row came back as `want`, exactly or by the table's constraints.
fn exact(rows: &BTreeMap<String, (Vec<String>, Certainty)>, key: &str, want: &[i64]) {
    let (got, how) = rows.get(key).unwrap_or_else(|| panic!("{key} missing"));
    assert_eq!(got, &ints(want), "{key}");
    assert!(!matches!(how, Certainty::Ambiguous(_)), "{key}: {how:?}");
}

/// Asserts a row is reported ambiguous with `truth` among its readings.
fn ambiguous(rows: &BTreeMap<String, (Vec<String>, Certainty)>, key: &str, truth: &[String]) {
    match &rows[key].1 {
        Certainty::Ambiguous(all) => {
            let all: Vec<Vec<String>> = all
                .iter()
                .map(|r| r.iter().map(Val::toml).collect())
                .collect();
            assert!(all.iter().any(|r| r == truth), "{key}: {all:?}");
        }
        other => panic!("{key} should be ambiguous, is {other:?}"),
    }
}

#[test]
fn run_together_2021_imports_every_cell() {
    let im = fixture("runtogether-2021.txt");
    let c = im.counts();
    eprintln!("runtogether-2021.txt: {c:?}");
    assert_eq!(c.sections, 6);
    assert_eq!(c.cells, [(10, 10), (175, 175), (15, 15)]);
    assert_eq!(im.edition.0, Edition::E2021);
    // A title that starts with the year still names the agency.
    assert_eq!(im.agency.as_ref().unwrap().0, "清河县人民政府办公室");
    assert_eq!(im.level, Some(Level::CountyDepartment));
    assert_eq!(im.year.unwrap().0, 2024);
    assert_eq!(im.date.as_ref().unwrap().0.to_string(), "2025-01-22");
    let r = rows(&im);
    exact(&r, "rules", &[0, 0, 0]);
    // 2114 under three columns with no constraint: never guessed.
    ambiguous(&r, "normative", &ints(&[2, 1, 14]));
    exact(&r, "permit", &[36]);
    exact(&r, "penalty", &[18]);
    exact(&r, "coercion", &[0]);
    exact(&r, "fees", &[0]);
    exact(&r, "new", &[34, 1, 0, 0, 0, 0, 35]);
    exact(&r, "carried_in", &[2, 0, 0, 0, 0, 0, 2]);
    exact(&r, "granted", &[12, 0, 0, 0, 0, 0, 12]);
    exact(&r, "partial", &[3, 0, 0, 0, 0, 0, 3]);
    exact(&r, "withheld.third_party", &[1, 0, 0, 0, 0, 0, 1]);
    exact(&r, "unable.not_held", &[11, 1, 0, 0, 0, 0, 12]);
    exact(&r, "unable.need_create", &[0; 7]);
    exact(&r, "not_processed.repeat", &[2, 0, 0, 0, 0, 0, 2]);
    exact(&r, "other.misc", &[1, 0, 0, 0, 0, 0, 1]);
    exact(&r, "total", &[30, 1, 0, 0, 0, 0, 31]);
    exact(&r, "carried_out", &[6, 0, 0, 0, 0, 0, 6]);
    exact(&r, "t4", &[1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    // Headings cut from the stream; the run-in first sentences kept as text.
    let ov = im.overview.as_ref().unwrap();
    assert!(
        ov.text[0].text.starts_with("2024年，县政府办公室"),
        "{ov:?}"
    );
    assert_eq!(ov.parts.len(), 3, "{ov:?}");
    let five = im.problems.as_ref().unwrap();
    assert!(
        five.text[0].text.starts_with("2024年，政策解读"),
        "{five:?}"
    );
    assert!(im.signoff);
}

#[test]
fn run_together_2019_imports_every_cell() {
    let im = fixture("runtogether-2019.txt");
    let c = im.counts();
    eprintln!("runtogether-2019.txt: {c:?}");
    assert_eq!(c.sections, 6);
    assert_eq!(c.cells, [(22, 22), (161, 161), (15, 15)]);
    assert_eq!(im.edition.0, Edition::E2019);
    assert_eq!(im.agency.as_ref().unwrap().0, "桐江街道办事处");
    let r = rows(&im);
    exact(&r, "rules", &[0, 0, 0]);
    exact(&r, "normative", &[1, 1, 6]);
    exact(&r, "permit", &[5, 0, 9]);
    exact(&r, "other_services", &[0, 0, 0]);
    exact(&r, "penalty", &[5, 1, 7]);
    exact(&r, "fees", &[0, 0]);
    // 486.35 under (count, amount): 4 | 86.35 or 48 | 6.35, both listed.
    ambiguous(&r, "procurement", &["4".into(), "86.35".into()]);
    exact(&r, "new", &[5, 0, 0, 0, 0, 0, 5]);
    exact(&r, "not_processed.petition", &[1, 0, 0, 0, 0, 0, 1]);
    exact(&r, "other", &[0; 7]);
    exact(&r, "total", &[5, 0, 0, 0, 0, 0, 5]);
    exact(&r, "t4", &[0; 15]);
    let amb = im
        .notes
        .iter()
        .filter(|n| n.kind == NoteKind::Ambiguous)
        .count();
    assert_eq!(amb, 1, "{:#?}", im.notes);
}
