//! The data every rendered document carries inside it: the `render --json`
//! export plus what the tables do not hold — level, date, lead paragraph, contact details,
//! the narrative of sections 一, 五, 六 and the 信息处理费 figures — so a published gxgk report
//! can be imported exactly. HTML carries it in a `<script type="application/json">`, DOCX in
//! a custom XML part, PDF as an embedded file; `gxgk import` reads it back
//! (`import::embedded`).

use serde_json::{Value, json};

use crate::model::{Cell, DateField, Narrative, Report};

/// The format tag and version of the embedded data.
pub const TAG: &str = "gxgk-data";

fn narrative(n: &Narrative) -> Value {
    json!({
        "text": n.text,
        "parts": n.parts.iter().map(|p| json!({"heading": p.heading, "text": p.text})).collect::<Vec<_>>(),
    })
}

/// The embedded data of a report, as compact JSON (deterministic: keys in a fixed order).
pub fn json(r: &Report) -> String {
    let export = crate::render::export::export(r);
    let contact: serde_json::Map<String, Value> = match &r.agency.contact {
        Some(c) => [
            ("address", &c.address),
            ("postcode", &c.postcode),
            ("phone", &c.phone),
            ("fax", &c.fax),
            ("email", &c.email),
            ("website", &c.website),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| (k.to_string(), json!(v))))
        .collect(),
        None => serde_json::Map::new(),
    };
    let contact = Value::Object(contact);
    let date = match &r.publication.date {
        DateField::Valid { date, .. } => json!(date.format("%Y-%m-%d").to_string()),
        _ => Value::Null,
    };
    let fees = r.other_matters.info_fees.as_ref().map(|f| {
        let yuan = |c: &Cell<crate::model::Yuan>| match c {
            Cell::Value(y) => json!(y.0.yuan_text()),
            _ => Value::Null,
        };
        json!([
            match &f.notices_issued {
                Cell::Value(v) => json!(v.to_string()),
                _ => Value::Null,
            },
            yuan(&f.notices_amount_yuan),
            yuan(&f.collected_yuan),
        ])
    });
    let v = json!({
        TAG: 1,
        "export": export,
        "level": r.agency.level.name(),
        "date": date,
        "intro": r.intro,
        "contact": contact,
        "overview": narrative(&r.overview),
        "problems": narrative(&r.problems),
        "other_matters": narrative(&r.other_matters.narrative()),
        "info_fees": fees,
    });
    serde_json::to_string(&v).unwrap_or_default()
}

/// JSON made safe inside an HTML `<script>` (and an XML text node): `<`, `>` and `&` as
/// `\u003c`, `\u003e`, `\u0026`, so no text of the report can end the element.
pub fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carries_tables_texts_and_cannot_end_a_script() {
        let mut r = crate::load::load_file(std::path::Path::new("examples/2025-township.toml"))
            .unwrap()
            .report;
        r.overview.text.push_str("</script><b>&");
        let j = json(&r);
        let v: Value = serde_json::from_str(&j).unwrap();
        assert_eq!(v[TAG], 1);
        assert_eq!(v["export"]["agency"], "磐石镇人民政府");
        assert_eq!(v["date"], "2026-01-20");
        assert!(
            v["overview"]["text"]
                .as_str()
                .unwrap()
                .ends_with("</script><b>&")
        );
        let safe = script_safe(&j);
        assert!(!safe.contains('<') && !safe.contains('&'));
        let back: Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, v);
    }
}
