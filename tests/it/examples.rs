//! The shipped examples: every complete example checks clean, and each file in
//! `examples/invalid/` fails exactly the rule it is named after (docs/spec/rules.md §6).

use std::path::{Path, PathBuf};

use gxgk::check::{self, Ctx};
use gxgk::diag::{Diagnostic, Severity};

fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
}

fn findings(path: &Path) -> Vec<Diagnostic> {
    let loaded = gxgk::load::load_file(path)
        .unwrap_or_else(|e| panic!("{} does not load: {e:?}", path.display()));
    check::check(&Ctx {
        report: &loaded.report,
        previous: None,
        previous_source: None,
        deadline: None,
    })
}

#[test]
fn complete_examples_check_clean() {
    let files = toml_files(Path::new("examples"));
    assert!(
        files.len() >= 2,
        "expected a 2021- and a 2019-edition example"
    );
    let mut editions = Vec::new();
    for f in &files {
        let d = findings(f);
        assert!(d.is_empty(), "{} has findings: {d:#?}", f.display());
        editions.push(gxgk::load::load_file(f).unwrap().report.edition());
    }
    assert!(editions.contains(&gxgk::model::Edition::E2019));
    assert!(editions.contains(&gxgk::model::Edition::E2021));
}

#[test]
fn each_invalid_example_fails_exactly_its_rule() {
    let files = toml_files(Path::new("examples/invalid"));
    let mut covered = Vec::new();
    for f in &files {
        let id = f.file_stem().unwrap().to_str().unwrap();
        let rule = check::rule(id).unwrap_or_else(|| panic!("{}: no rule {id}", f.display()));
        assert_eq!(rule.severity, Severity::Error, "{id} is not an ERROR rule");
        let d = findings(f);
        assert!(!d.is_empty(), "{} passes, expected {id}", f.display());
        for x in &d {
            assert_eq!(x.rule, id, "{}: unexpected finding {x:#?}", f.display());
        }
        covered.push(id.to_string());
    }
    // Every ERROR rule that a loadable file can break has its example.
    let missing: Vec<&str> = check::RULES
        .iter()
        .filter(|r| r.severity == Severity::Error && !covered.iter().any(|c| c == r.id))
        .map(|r| r.id)
        .collect();
    assert!(
        missing.is_empty(),
        "ERROR rules without an invalid example: {missing:?}"
    );
}
