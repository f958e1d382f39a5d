//! The help text beside each field of the form: the comments `gxgk new` writes above and
//! beside each key of a new data file, read back from that same text, so the form and the
//! file always say the same thing.

use std::collections::HashMap;

use crate::load::scaffold;
use crate::model::Report;

/// Help by key path (`agency.name`, `t3`, `t2.rules`, `overview.parts.text` — part indices
/// left out), from the scaffold `gxgk new` would write for this report's year and agency.
pub fn texts(report: &Report) -> HashMap<String, String> {
    let text = scaffold::render(&scaffold::Options {
        agency: report.agency.name.clone(),
        level: report.agency.level,
        year: report.year,
        previous: None,
        schema_path: String::new(),
    });
    from_scaffold(&text)
}

/// Reads the comments of a scaffold: the comment lines above a key or a table header, and
/// the comment after a value, belong to that key. A commented-out entry (`# phone = "…"  # 电话`)
/// gives its key the trailing words.
pub fn from_scaffold(text: &str) -> HashMap<String, String> {
    let mut help: HashMap<String, String> = HashMap::new();
    let mut table = String::new();
    let mut pending: Vec<String> = Vec::new();
    let key_of = |table: &str, key: &str| {
        if table.is_empty() {
            key.to_string()
        } else {
            format!("{table}.{key}")
        }
    };
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() {
            pending.clear();
            continue;
        }
        if let Some(c) = t.strip_prefix('#') {
            if c.starts_with(':') || c.contains('═') {
                continue;
            }
            let c = c.trim();
            // `# [agency.contact]` and `# phone = "…"  # 电话`: an entry to uncomment.
            if let Some(h) = c.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
                table = h.trim_matches(['[', ']']).to_string();
                continue;
            }
            if let Some((k, rest)) = c.split_once(" = ")
                && k.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
            {
                if let Some((_, trailing)) = rest.rsplit_once("# ") {
                    help.insert(key_of(&table, k), trailing.trim().to_string());
                }
                continue;
            }
            if !c.is_empty() {
                pending.push(c.to_string());
            }
            continue;
        }
        if t.starts_with('[') {
            table = t.trim_matches(['[', ']']).to_string();
            if !pending.is_empty() {
                help.insert(table.clone(), pending.join("\n"));
            }
            pending.clear();
            continue;
        }
        let Some((k, rest)) = t.split_once('=') else {
            continue;
        };
        let mut words = std::mem::take(&mut pending);
        if let Some((_, trailing)) = rest.rsplit_once("  # ") {
            words.push(trailing.trim().to_string());
        }
        if !words.is_empty() {
            help.insert(key_of(&table, k.trim()), words.join("\n"));
        }
    }
    help
}

/// The help of a form field: its own, or for a part's field the one all parts share.
pub fn lookup<'a>(help: &'a HashMap<String, String>, key: &str) -> Option<&'a str> {
    let shared: String = key
        .split('.')
        .filter(|s| s.parse::<usize>().is_err())
        .collect::<Vec<_>>()
        .join(".");
    help.get(key)
        .or_else(|| help.get(&shared))
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_of_a_new_file_has_its_comment() {
        let loaded = crate::load::load_str(
            "t.toml",
            include_str!("../../examples/2025-township.toml").to_string(),
        )
        .unwrap();
        let help = texts(&loaded.report);
        assert!(help["agency.name"].contains("机关全称"));
        assert!(help["publication.date"].contains("成文日期"));
        assert!(help["agency.contact.phone"].contains("电话"));
        assert!(help["t3"].contains("勾稽关系"));
        assert!(help["t3.withheld.state_secret"].contains("（三）不予公开"));
        assert!(help["t2.rules"].contains("规章制定权"));
        assert!(help["other_matters.fees.collected_yuan"].contains("实际收取"));
        assert_eq!(lookup(&help, "overview.parts.3.heading"), None);
        assert!(
            lookup(&help, "overview")
                .unwrap()
                .contains("总体情况应涵盖五个方面")
        );
        assert!(help["intro"].contains("编制依据"));
    }
}
