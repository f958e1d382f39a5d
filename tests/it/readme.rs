//! The README cannot go stale: every `$ gxgk …` command in its fenced blocks is run as written in
//! a scratch folder holding a copy of `examples/`, and what it prints must equal what the README
//! shows (a line `……` stands for any number of lines). The font-install lines the README gives
//! must be the ones `gxgk fonts` prints.

use crate::common;

use std::path::Path;
use std::process::Command;

use gxgk::sys::platform::System;

/// One command shown in the README and the output shown under it.
struct Shown {
    line: usize,
    args: Vec<String>,
    expected: Vec<String>,
}

fn shown_commands(readme: &str) -> Vec<Shown> {
    let mut out: Vec<Shown> = Vec::new();
    let mut in_block = false;
    let mut current: Option<Shown> = None;
    for (i, line) in readme.lines().enumerate() {
        if line.starts_with("```") {
            in_block = !in_block;
            out.extend(current.take());
            continue;
        }
        if !in_block {
            continue;
        }
        if let Some(cmd) = line.strip_prefix("$ ") {
            out.extend(current.take());
            let args: Vec<String> = cmd.split_whitespace().map(String::from).collect();
            assert_eq!(args[0], "gxgk", "README line {}: only gxgk commands", i + 1);
            current = Some(Shown {
                line: i + 1,
                args: args[1..].to_vec(),
                expected: Vec::new(),
            });
        } else if let Some(c) = current.as_mut() {
            c.expected.push(line.to_string());
        }
    }
    out
}

/// Whether `actual` matches `expected`, where an `……` line matches any run of lines.
fn matches(expected: &[String], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((e, rest)) if e.trim() == "……" => {
            (0..=actual.len()).any(|skip| matches(rest, &actual[skip..]))
        }
        Some((e, rest)) => actual.first().is_some_and(|a| a == e) && matches(rest, &actual[1..]),
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn readme_commands_print_what_the_readme_shows() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let commands = shown_commands(&readme);
    assert!(
        commands.len() >= 3,
        "the README shows new, check and render"
    );
    let dir = common::scratch("readme");
    copy_dir(Path::new("examples"), &dir.join("examples"));
    // `gxgk new` without --year writes last year's report; the README shows the year it was
    // written in, so that one number follows the calendar.
    let shown_year = "2025";
    let this_year = (gxgk::load::scaffold::default_year()).to_string();
    for c in &commands {
        let o = Command::new(env!("CARGO_BIN_EXE_gxgk"))
            .args(&c.args)
            .current_dir(&dir)
            .output()
            .expect("run gxgk");
        let printed = common::printed(&o);
        let actual: Vec<&str> = printed.lines().collect();
        let expected: Vec<String> = if c.args[0] == "new" && !c.args.contains(&"--year".into()) {
            c.expected
                .iter()
                .map(|l| l.replace(shown_year, &this_year))
                .collect()
        } else {
            c.expected.clone()
        };
        assert!(
            matches(&expected, &actual),
            "README line {}: `gxgk {}` printed\n{printed}\nbut the README shows\n{}",
            c.line,
            c.args.join(" "),
            expected.join("\n")
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn readme_gives_the_font_install_lines_gxgk_prints() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    for s in [
        System::Debian,
        System::Fedora,
        System::Arch,
        System::MacOs,
        System::Windows,
    ] {
        let line = s.font_install_line();
        assert!(
            readme.contains(line),
            "README lacks the font-install line for {s:?}: {line}"
        );
    }
    // And `gxgk fonts` prints the line for this system (when fonts are found at all).
    let o = common::gxgk(&["fonts"]);
    let printed = common::printed(&o);
    assert!(
        printed.contains(System::current().font_install_line()),
        "{printed}"
    );
}

#[test]
fn elision_matches_any_run_of_lines() {
    let e = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert!(matches(&e(&["a", "……", "z"]), &["a", "z"]));
    assert!(matches(&e(&["a", "……", "z"]), &["a", "b", "c", "z"]));
    assert!(!matches(&e(&["a", "……", "z"]), &["a", "b"]));
    assert!(!matches(&e(&["a"]), &["a", "b"]));
}
