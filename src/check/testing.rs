//! Test helpers for rules: a valid scaffold of either edition, edited by key path.

use crate::diag::Diagnostic;
use crate::load::load_str;
use crate::load::scaffold;
use crate::model::{Level, Report};

use super::{Ctx, Rule, check};

/// The scaffold for `year`, with `edits` applied: `(key path, TOML value)`; an empty
/// value removes the key. Paths are dotted keys (`t3.withheld.internal`, `overview.text`).
pub fn text(year: i64, edits: &[(&str, &str)]) -> String {
    let base = scaffold::render(&scaffold::Options {
        agency: "磐石镇人民政府".into(),
        level: Level::Township,
        year,
        previous: None,
        schema_path: "report.schema.json".into(),
    });
    let mut doc: toml_edit::DocumentMut = base.parse().expect("scaffold parses");
    for (path, value) in edits {
        let keys: Vec<&str> = path.split('.').collect();
        let (last, parents) = keys.split_last().expect("non-empty path");
        let mut item = doc.as_item_mut();
        for k in parents {
            item = &mut item[*k];
        }
        if value.is_empty() {
            if let Some(t) = item.as_table_like_mut() {
                t.remove(last);
            }
        } else {
            let v: toml_edit::Value = value.parse().unwrap_or_else(|e| panic!("{value}: {e}"));
            item[*last] = toml_edit::Item::Value(v);
        }
    }
    doc.to_string()
}

/// Loads the edited scaffold.
pub fn report(year: i64, edits: &[(&str, &str)]) -> Report {
    load_str("r.toml", text(year, edits))
        .expect("edited scaffold loads")
        .report
}

/// Runs every rule over the edited scaffold.
pub fn run(year: i64, edits: &[(&str, &str)]) -> Vec<Diagnostic> {
    let r = report(year, edits);
    check(&Ctx::alone(&r))
}

/// Runs one rule over the edited scaffold.
pub fn rule(rule: &Rule, year: i64, edits: &[(&str, &str)]) -> Vec<Diagnostic> {
    let r = report(year, edits);
    (rule.run)(rule, &Ctx::alone(&r))
}

/// Runs one rule with last year's report.
pub fn rule_with_previous(rule: &Rule, report: &Report, previous: &Report) -> Vec<Diagnostic> {
    (rule.run)(
        rule,
        &Ctx {
            report,
            previous: Some(previous),
            previous_source: None,
            deadline: None,
        },
    )
}

/// Runs one rule with last year's data file, loaded from `previous_text` as `last.toml`.
pub fn rule_with_previous_file(
    rule: &Rule,
    report: &Report,
    previous_text: String,
) -> Vec<Diagnostic> {
    let prev = load_str("last.toml", previous_text).expect("previous loads");
    (rule.run)(
        rule,
        &Ctx {
            report,
            previous: Some(&prev.report),
            previous_source: Some(&prev.source),
            deadline: None,
        },
    )
}
