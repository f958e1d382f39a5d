//! The mechanical invariants of `docs/dev/architecture.md`, read from the sources: which
//! folders may import which, who writes files, how long a file may be, and that the rules and
//! the spec citations resolve in `docs/`. Test code (a module after `#[cfg(test)]`, `tests.rs`,
//! `testing.rs`) is exempt: tests may load examples and write scratch files.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// No file in `src/` is longer than this.
const MAX_LINES: usize = 700;

/// Files over [`MAX_LINES`] for now, with the most lines each may have. The list may only
/// shrink: a file that grows past its number fails, and one that is back under the limit must
/// leave the list. (Empty now: every file is under the limit.)
const OVER_THE_LIMIT: &[(&str, usize)] = &[];

/// Every `.rs` file under `dir`, sorted, with `/` separators relative to the crate root.
fn sources(dir: &str) -> Vec<(String, String)> {
    fn walk(p: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(p).unwrap().map(Result::unwrap) {
            let path = e.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|x| x == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(Path::new(dir), &mut files);
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.to_string_lossy().replace('\\', "/");
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

/// The part of a file that is not test code: all of it before the first top-level
/// `#[cfg(test)]`, nothing of a `tests.rs` or `testing.rs`.
fn non_test(name: &str, text: &str) -> String {
    if name.ends_with("/tests.rs") || name.ends_with("/testing.rs") {
        return String::new();
    }
    let mut out = String::new();
    for line in text.lines() {
        if line.starts_with("#[cfg(test)]") {
            break;
        }
        // Comments may name any module.
        if line.trim_start().starts_with("//") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The top-level gxgk modules a text refers to: `crate::x…` and `use crate::{x, y::z}`.
fn crate_modules(text: &str) -> BTreeSet<String> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut found = BTreeSet::new();
    for (i, _) in text.match_indices("crate::") {
        let rest = &text[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // Top-level names of the group only.
            let mut depth = 0;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        found.insert(ident(item.trim()));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                if depth == 0 {
                    item.push(c);
                }
            }
            found.insert(ident(item.trim()));
        } else {
            found.insert(ident(rest));
        }
    }
    found.retain(|m| !m.is_empty());
    found
}

/// Fails naming every file under `folder` whose non-test code refers to one of `forbidden`.
fn no_imports(folder: &str, forbidden: &[&str]) -> Vec<String> {
    let mut bad = Vec::new();
    for (name, text) in sources(folder) {
        let used = crate_modules(&non_test(&name, &text));
        for f in forbidden {
            if used.contains(*f) {
                bad.push(format!("{name} imports crate::{f}"));
            }
        }
    }
    bad
}

#[test]
fn the_modules_depend_one_way() {
    let mut bad = Vec::new();
    bad.extend(no_imports(
        "src/check",
        &["render", "view", "import", "aggregate"],
    ));
    bad.extend(no_imports(
        "src/render",
        &["check", "load", "import", "aggregate"],
    ));
    bad.extend(no_imports(
        "src/model",
        &[
            "load",
            "check",
            "view",
            "render",
            "import",
            "aggregate",
            "sys",
            "diag",
        ],
    ));
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn the_import_scanner_sees_grouped_and_nested_paths() {
    let m = crate_modules(
        "use crate::{model::Report, render::{html, pdf}};\nlet x = crate::sys::cache::dir();",
    );
    assert_eq!(
        m.into_iter().collect::<Vec<_>>(),
        ["model", "render", "sys"]
    );
}

/// Only the command line writes files (through `sys::write`, which writes output sets whole)
/// and the cache writes its own folder.
#[test]
fn only_the_cli_and_sys_write_files() {
    const WRITES: &[&str] = &[
        "fs::write",
        "File::create",
        "fs::rename",
        "OpenOptions",
        "create_dir",
        "remove_file",
        "remove_dir",
        "fs::copy",
        "hard_link",
        "set_permissions",
    ];
    const ALLOWED: &[&str] = &["src/cli/", "src/sys/write.rs", "src/sys/cache.rs"];
    let mut bad = Vec::new();
    for (name, text) in sources("src") {
        if ALLOWED.iter().any(|a| name.starts_with(a)) {
            continue;
        }
        let code = non_test(&name, &text);
        for w in WRITES {
            if code.contains(w) {
                bad.push(format!("{name} uses {w}"));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn no_source_file_is_over_the_limit() {
    let mut bad = Vec::new();
    for (name, text) in sources("src") {
        let lines = text.lines().count();
        match OVER_THE_LIMIT.iter().find(|(n, _)| *n == name) {
            Some((_, max)) if lines > *max => bad.push(format!(
                "{name}: {lines} lines, more than its {max}: split it"
            )),
            Some(_) if lines <= MAX_LINES => bad.push(format!(
                "{name}: {lines} lines, under {MAX_LINES}: take it off OVER_THE_LIMIT"
            )),
            Some(_) => {}
            None if lines > MAX_LINES => bad.push(format!(
                "{name}: {lines} lines, more than {MAX_LINES}: split it along its seams"
            )),
            None => {}
        }
    }
    for (name, _) in OVER_THE_LIMIT {
        if !Path::new(name).exists() {
            bad.push(format!("{name} is gone: take it off OVER_THE_LIMIT"));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn every_rule_is_in_the_spec() {
    let page = std::fs::read_to_string("docs/spec/rules.md").unwrap();
    let missing: Vec<&str> = gxgk::check::RULES
        .iter()
        .map(|r| r.id)
        .filter(|id| !page.contains(&format!("| {id} |")))
        .collect();
    assert!(
        missing.is_empty(),
        "rules missing from docs/spec/rules.md: {missing:?}"
    );
}

/// Every `spec §N` or `§N.M` the code cites is a heading in `docs/spec/`.
#[test]
fn every_spec_citation_resolves() {
    let mut headings = BTreeSet::new();
    for e in std::fs::read_dir("docs/spec").unwrap().map(Result::unwrap) {
        let text = std::fs::read_to_string(e.path()).unwrap();
        for line in text.lines().filter(|l| l.starts_with('#')) {
            for (i, _) in line.match_indices('§') {
                let n: String = line[i + '§'.len_utf8()..]
                    .chars()
                    .take_while(|c| c.is_ascii_digit() || *c == '.')
                    .collect();
                headings.insert(n.trim_end_matches('.').to_string());
            }
        }
    }
    let mut bad = Vec::new();
    for dir in ["src", "tests"] {
        for (name, text) in sources(dir) {
            for (i, _) in text.match_indices("spec") {
                let after = &text[i..];
                let line = after.lines().next().unwrap_or("");
                for (j, _) in line.match_indices('§') {
                    let n: String = line[j + '§'.len_utf8()..]
                        .chars()
                        .take_while(|c| c.is_ascii_digit() || *c == '.')
                        .collect();
                    let n = n.trim_end_matches('.');
                    if !n.is_empty() && !headings.contains(n) {
                        bad.push(format!("{name}: §{n} is not a heading in docs/spec"));
                    }
                }
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
