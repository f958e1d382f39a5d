//! Helpers shared by the integration tests: run the built `gxgk`, read what it printed, and
//! make a fresh scratch folder. (Each test crate uses only some of them.)
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `gxgk` with `args` in the crate root.
pub fn gxgk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gxgk"))
        .args(args)
        .output()
        .expect("run gxgk")
}

/// Runs `gxgk` with `args` in `dir`.
pub fn gxgk_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gxgk"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run gxgk")
}

/// Everything a run printed, stdout then stderr.
pub fn printed(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// An empty folder for one test, unique per process and `name`.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gxgk-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Where Debian's fonts-noto-cjk puts the Noto CJK collections.
pub const NOTO: &str = "/usr/share/fonts/opentype/noto";

/// A Noto CJK collection by file name; fails loudly, naming the package, when it is missing.
pub fn noto(file: &str) -> PathBuf {
    let p = Path::new(NOTO).join(file);
    assert!(
        p.is_file(),
        "{} is missing: install the Noto CJK fonts (apt-get install fonts-noto-cjk; scripts/test does)",
        p.display()
    );
    p
}

/// Every table cell of a report, blank or not, in template order, as `path = cell` (how a 万元
/// amount was written, `86.35` or `"86.35万元"`, left aside: it is not a figure).
pub fn table_cells(r: &gxgk::model::Report) -> Vec<String> {
    let mut out = Vec::new();
    for row in r.tables.t2_rows().unwrap_or_default() {
        for c in row.cells {
            let cell = format!("{:?}", c.cell)
                .replace("written: Wan", "written: _")
                .replace("written: Bare", "written: _");
            out.push(format!("{} = {cell}", c.path));
        }
    }
    for e in r.tables.t3_rows() {
        let row = e.row.expect("row");
        for i in 0..7 {
            out.push(format!("{}[{i}] = {:?}", e.path(), row.cell(i)));
        }
    }
    for (k, _, g) in r.t4.as_ref().expect("table 四").groups() {
        let g = g.expect("group");
        for i in 0..5 {
            out.push(format!("t4.{k}[{i}] = {:?}", g.cell(i)));
        }
    }
    out
}
