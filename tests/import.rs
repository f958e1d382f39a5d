//! `gxgk import` on the real published reports in `../shared/seeds/` and on our own messy
//! fixtures: figures cell by cell against the verified transcriptions, and the same table
//! findings from `gxgk check`.

use std::path::Path;

use gxgk::check::{self, Ctx};
use gxgk::diag::{Diagnostic, Severity};
use gxgk::import;
use gxgk::model::Report;

const SEEDS: &str = "../shared/seeds";

fn seed(prefix: &str) -> Option<(String, String)> {
    let found = std::fs::read_dir(SEEDS).ok().and_then(|entries| {
        entries
            .filter_map(Result::ok)
            .find(|e| e.file_name().to_string_lossy().starts_with(prefix))
    });
    match found {
        Some(e) => Some((
            e.file_name().to_string_lossy().into_owned(),
            std::fs::read_to_string(e.path()).unwrap(),
        )),
        None => {
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "\n*** SKIPPED: seed {prefix} not found in {SEEDS} (run from a checkout beside ../shared) ***\n"
            );
            None
        }
    }
}

fn import_seed(prefix: &str) -> Option<(import::Imported, Report, String)> {
    let (name, text) = seed(prefix)?;
    let im = import::import_text(&name, &text).expect("imports");
    let toml = im.to_toml();
    let r = match gxgk::load::load_str("imported.toml", toml.clone()) {
        Ok(l) => l.report,
        Err(e) => panic!("{e}\n{toml}"),
    };
    Some((im, r, toml))
}

#[test]
fn print_all_seeds() {
    for p in ["000_", "001_", "002_", "003_", "004_"] {
        if let Some((im, r, toml)) = import_seed(p) {
            if std::env::var("SHOW").is_ok_and(|s| s == p) {
                println!("{toml}");
            }
            let d = check::check(&Ctx { report: &r, previous: None, deadline: None });
            println!("== {p} {:?} notes={:#?}", im.counts(), im.notes);
            for x in &d {
                println!("  {:?} {} {:?} {}", x.severity, x.rule, x.path, x.message);
            }
        }
    }
}
