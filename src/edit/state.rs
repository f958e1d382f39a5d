//! What the page is told after every change: the values as the file writes them, the
//! findings of the library's own check placed at their fields, the totals the template
//! computes, the title — or, when the text does not load, the located load errors.

use serde::Serialize;
use serde_json::{Map, Value, json};
use toml_edit::Item;

use crate::check::{self, Ctx};
use crate::diag::{Diagnostic, Severity, Tally};
use crate::load::{LoadError, Loaded, source::Source};
use crate::model::{Edition, Report, RowKind, T4_GROUPS, TOTAL_COL, t2};

/// A finding as the page shows it: at a field (`key`, and `col` for a table cell).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Finding {
    /// Rule ID.
    pub rule: &'static str,
    /// `error`, `warning` or `info`.
    pub severity: Severity,
    /// 错误 / 警告 / 提示.
    pub label: &'static str,
    /// The Chinese message.
    pub message: String,
    /// What to change.
    pub help: Option<String>,
    /// The field's key path as the page names it (`t3.new`, `overview.parts.0.text`).
    pub key: Option<String>,
    /// The column of a table cell.
    pub col: Option<usize>,
    /// Line and column in the file, for the clerk who also has it open in Notepad.
    pub line: usize,
    /// Column in the file.
    pub column: usize,
    /// The rule's `--explain` text.
    pub explain: Option<&'static str>,
}

/// A key path of the checker (`t3.granted[0]`, `t2.rules.issued`, `overview.parts[1].text`)
/// as the page's field: key and column.
pub fn field_of(path: &str, edition: Edition) -> (String, Option<usize>) {
    let dotted = path.replace('[', ".").replace(']', "");
    let steps: Vec<&str> = dotted.split('.').collect();
    match steps.as_slice() {
        ["t3" | "t4", .., last] if steps.len() > 2 => match last.parse::<usize>() {
            Ok(col) => (steps[..steps.len() - 1].join("."), Some(col)),
            Err(_) => (dotted.clone(), None),
        },
        ["t2", row, col_key] => {
            let col = t2::row_defs(edition)
                .find(|(_, r)| r.key == *row)
                .and_then(|(b, _)| b.columns.iter().position(|c| c.key == *col_key));
            match col {
                Some(c) => (format!("t2.{row}"), Some(c)),
                None => (dotted.clone(), None),
            }
        }
        _ => (dotted.clone(), None),
    }
}

fn finding(d: &Diagnostic, source: &Source, edition: Edition) -> Finding {
    let loc = d.location(source);
    let (key, col) = match &d.path {
        Some(p) => {
            let (k, c) = field_of(p, edition);
            (Some(k), c)
        }
        None => (None, None),
    };
    Finding {
        rule: d.rule,
        severity: d.severity,
        label: d.severity.label(),
        message: d.message.clone(),
        help: d.help.clone(),
        key,
        col,
        line: loc.line,
        column: loc.column,
        explain: check::rule(d.rule).map(|r| r.explain),
    }
}

/// The findings of a loaded text, located, and their counts.
pub fn findings(loaded: &Loaded, deadline: Option<(u32, u32)>) -> (Vec<Finding>, Tally) {
    let mut diags = loaded.notes.clone();
    diags.extend(check::check(&Ctx {
        deadline,
        ..Ctx::alone(&loaded.report)
    }));
    let edition = loaded.report.edition();
    let tally = Tally::of(&diags);
    let list = diags
        .iter()
        .map(|d| finding(d, &loaded.source, edition))
        .collect();
    (list, tally)
}

/// The load errors of a text that does not load, located.
pub fn load_errors(e: &LoadError) -> Vec<Finding> {
    match e {
        LoadError::Io { cause, path } => vec![Finding {
            rule: "IO",
            severity: Severity::Error,
            label: Severity::Error.label(),
            message: format!("无法读取 {path}：{cause}"),
            help: None,
            key: None,
            col: None,
            line: 1,
            column: 1,
            explain: None,
        }],
        LoadError::Invalid { file, diagnostics } => diagnostics
            .iter()
            .map(|d| finding(d, file, Edition::E2021))
            .collect(),
    }
}

/// What a TOML value shows in an input: a string as its text, anything else (a number, a
/// date) as written in the file (`0.10` stays `0.10`).
fn shown(v: &toml_edit::Value, text: &str) -> String {
    match v {
        toml_edit::Value::String(s) => s.value().trim_end_matches('\n').to_string(),
        other => other
            .span()
            .and_then(|r| text.get(r))
            .map_or_else(|| other.to_string(), str::to_string)
            .trim()
            .to_string(),
    }
}

/// The item at a dotted key below the file's top-level table.
fn at<'a>(root: &'a toml_edit::Table, key: &str) -> Option<&'a Item> {
    let mut steps = key.split('.');
    let first = root.get(steps.next()?)?;
    steps.try_fold(first, |node, step| node.get(step))
}

/// The values of every field the form has, read from the file's own parsed tree as written (a
/// blank cell shows an empty input, `"/"` a slash), keyed as the page's `data-key`s; a row is
/// a list of its cells (`null` where the file has none).
pub fn values(loaded: &Loaded) -> Map<String, Value> {
    let mut out = Map::new();
    let (Some(root), text) = (loaded.source.root(), loaded.source.text.as_str()) else {
        return out;
    };
    let report = &loaded.report;
    let get = |key: &str| at(root, key);
    let mut put = |key: String, v: Value| {
        out.insert(key, v);
    };
    for key in [
        "year",
        "intro",
        "agency.name",
        "agency.level",
        "agency.contact.address",
        "agency.contact.postcode",
        "agency.contact.phone",
        "agency.contact.fax",
        "agency.contact.email",
        "agency.contact.website",
        "publication.date",
        "publication.signatory",
        "publication.deadline",
        "overview.text",
        "problems.text",
        "other_matters.text",
        "other_matters.fees.notices_issued",
        "other_matters.fees.notices_amount_yuan",
        "other_matters.fees.collected_yuan",
    ] {
        let v = get(key).and_then(Item::as_value).map(|v| shown(v, text));
        put(key.to_string(), v.map_or(Value::Null, Value::String));
    }
    for section in ["overview", "problems", "other_matters"] {
        let parts: Vec<Value> = root
            .get(section)
            .and_then(|s| s.get("parts"))
            .and_then(Item::as_array_of_tables)
            .map(|a| {
                a.iter()
                    .map(|t| {
                        let f = |k: &str| {
                            t.get(k)
                                .and_then(Item::as_value)
                                .map_or(String::new(), |v| shown(v, text))
                        };
                        json!({"heading": f("heading"), "text": f("text")})
                    })
                    .collect()
            })
            .unwrap_or_default();
        put(format!("{section}.parts"), Value::Array(parts));
    }
    let edition = report.edition();
    let row = |key: &str, width: usize| -> Value {
        let cells = get(key).and_then(Item::as_value).and_then(|v| v.as_array());
        Value::Array(
            (0..width)
                .map(|i| {
                    cells
                        .and_then(|a| a.get(i))
                        .map_or(Value::Null, |v| Value::String(shown(v, text)))
                })
                .collect(),
        )
    };
    for e in report.tables.t3_rows() {
        put(e.path(), row(&e.path(), TOTAL_COL + 1));
    }
    for (key, _) in T4_GROUPS {
        put(format!("t4.{key}"), row(&format!("t4.{key}"), 5));
    }
    for (block, def) in t2::row_defs(edition) {
        let key = format!("t2.{}", def.key);
        let inline = get(&key)
            .and_then(Item::as_value)
            .and_then(|v| v.as_inline_table());
        let cells = block
            .columns
            .iter()
            .map(|c| {
                inline
                    .and_then(|t| t.get(c.key))
                    .map_or(Value::Null, |v| Value::String(shown(v, text)))
            })
            .collect();
        put(key, Value::Array(cells));
    }
    out
}

/// What the template computes, shown beside what the clerk typed: each 表三 row's sum of the
/// six applicant columns, the （七）总计 row as the sum of the outcome rows, each 表四 group's
/// sum of its four results.
pub fn computed(report: &Report) -> Map<String, Value> {
    let mut out = Map::new();
    let rows = report.tables.t3_rows();
    for e in &rows {
        if let Some(r) = e.row {
            out.insert(e.path(), json!({ "6": r.computed_total() }));
        }
    }
    if rows.iter().any(|e| e.row.is_some()) {
        let sums: Map<String, Value> = (0..=TOTAL_COL)
            .map(|c| {
                let s: u64 = rows
                    .iter()
                    .filter(|e| e.spec.kind == RowKind::Outcome)
                    .filter_map(|e| e.row)
                    .map(|r| r.value(c))
                    .sum();
                (c.to_string(), json!(s))
            })
            .collect();
        out.insert("t3.total".into(), Value::Object(sums));
    }
    if let Some(t4) = &report.t4 {
        for (key, _, g) in t4.groups() {
            if let Some(g) = g {
                let s: u64 = (0..4).map(|i| g.cell(i).get()).sum();
                out.insert(format!("t4.{key}"), json!({ "4": s }));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = include_str!("../../examples/2025-township.toml");

    #[test]
    fn checker_paths_become_fields() {
        let e = Edition::E2021;
        assert_eq!(field_of("t3.granted[0]", e), ("t3.granted".into(), Some(0)));
        assert_eq!(
            field_of("t3.withheld.third_party[6]", e),
            ("t3.withheld.third_party".into(), Some(6))
        );
        assert_eq!(field_of("t4.review[4]", e), ("t4.review".into(), Some(4)));
        assert_eq!(
            field_of("t2.normative.in_force", e),
            ("t2.normative".into(), Some(2))
        );
        assert_eq!(
            field_of("t2.procurement.amount_wan", Edition::E2019),
            ("t2.procurement".into(), Some(1))
        );
        assert_eq!(
            field_of("overview.parts[1].text", e),
            ("overview.parts.1.text".into(), None)
        );
        assert_eq!(field_of("t3", e), ("t3".into(), None));
        assert_eq!(
            field_of("publication.date", e),
            ("publication.date".into(), None)
        );
    }

    #[test]
    fn values_are_read_as_written() {
        let text = EXAMPLE.replace(
            "granted                   = [5, 1, 0, 0, 0, 0, 6]",
            "granted                   = [\"/\", 1, \"\", 0, 0, 0]",
        );
        let text = text.replace(
            "fees      = { amount_wan = 0 }",
            "fees      = { amount_wan = 0.10 }",
        );
        let loaded = crate::load::load_str("t.toml", text).unwrap();
        let report = &loaded.report;
        let v = values(&loaded);
        // A number shows as the file writes it.
        assert_eq!(v["t2.fees"], json!(["0.10"]));
        assert_eq!(v["t3.granted"], json!(["/", "1", "", "0", "0", "0", null]));
        assert_eq!(
            v["t3.withheld.third_party"],
            json!(["1", "0", "0", "0", "0", "0", "1"])
        );
        assert_eq!(v["t2.normative"], json!(["2", "1", "14"]));
        assert_eq!(v["t4.review"], json!(["1", "0", "0", "0", "1"]));
        assert_eq!(v["publication.date"], json!("2026-01-20"));
        assert_eq!(v["agency.contact.fax"], Value::Null);
        assert_eq!(v["overview.parts"][1]["heading"], json!("依申请公开"));
        assert!(
            v["overview.parts"][1]["text"]
                .as_str()
                .unwrap()
                .ends_with("未发生行政诉讼。")
        );
        let c = computed(report);
        assert_eq!(c["t3.new"]["6"], json!(12));
        // 予以公开 of 自然人 is blank (counted as 0): 1 + 1 + 2 = 4.
        assert_eq!(c["t3.total"]["0"], json!(4));
        assert_eq!(c["t4.review"]["4"], json!(1));
    }

    #[test]
    fn findings_point_at_fields() {
        let text = EXAMPLE.replace(
            "granted                   = [5, 1, 0, 0, 0, 0, 6]",
            "granted                   = [6, 1, 0, 0, 0, 0, 7]",
        );
        let loaded = crate::load::load_str("t.toml", text).unwrap();
        let (list, tally) = findings(&loaded, None);
        assert!(tally.errors > 0);
        let f = list
            .iter()
            .find(|f| f.rule == "T3-OUTCOME-SUM")
            .unwrap_or_else(|| panic!("{list:#?}"));
        assert_eq!(f.key.as_deref(), Some("t3.total"));
        assert_eq!(f.col, Some(0));
        assert!(f.explain.is_some());
    }
}
