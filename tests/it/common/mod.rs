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
