//! `gxgk render FILE --json`: the report's figures as JSON for downstream systems (portal
//! CMS, statistics collection): title, year, edition, agency, and tables 二, 三, 四 as rows
//! `{label, cells}` in template order, labels exactly as in the template, blank cells `null`.

use serde::Serialize;
use serde_json::{Value, json};

use crate::model::{AnyCell, Cell, Report, T4_GROUPS};

fn cell(c: &AnyCell<'_>) -> Value {
    match c {
        AnyCell::Count(Cell::Value(v)) => json!(v),
        AnyCell::Signed(Cell::Value(v)) => json!(v),
        AnyCell::Wan(Cell::Value(w)) => number(&w.0.wan_text()),
        AnyCell::Yuan(Cell::Value(y)) => number(&y.0.yuan_text()),
        _ => Value::Null,
    }
}

/// A decimal string as a JSON number (`126.39`, `0`).
fn number(s: &str) -> Value {
    match s.parse::<i64>() {
        Ok(i) => json!(i),
        Err(_) => s.parse::<f64>().map_or(Value::Null, |f| json!(f)),
    }
}

/// The exported document, its keys in the documented order (title, year, edition, agency,
/// tables; 表二, 表三, 表四), which a JSON map would sort.
#[derive(Debug, Serialize)]
pub struct Export {
    /// The title as the report prints it.
    pub title: String,
    /// The reporting year.
    pub year: i64,
    /// The edition of the tables (2019 or 2021).
    pub edition: i64,
    /// The agency's name.
    pub agency: String,
    /// The three tables.
    pub tables: Tables,
}

/// Tables 二, 三 and 四 as rows in template order.
#[derive(Debug, Serialize)]
pub struct Tables {
    /// 表二.
    #[serde(rename = "表二")]
    pub t2: Vec<Value>,
    /// 表三.
    #[serde(rename = "表三")]
    pub t3: Vec<Value>,
    /// 表四.
    #[serde(rename = "表四")]
    pub t4: Vec<Value>,
}

/// The report's data for `render --json`.
pub fn export(r: &Report) -> Export {
    let t2: Vec<Value> = r
        .tables
        .t2_rows()
        .unwrap_or_default()
        .iter()
        .map(|row| {
            json!({
                "label": row.label,
                "cells": row.cells.iter().map(|c| cell(&c.cell)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let t3: Vec<Value> = r
        .tables
        .t3_rows()
        .iter()
        .map(|e| {
            let cells: Vec<Value> = match e.row {
                Some(row) => (0..7)
                    .map(|i| match row.cell(i) {
                        Cell::Value(v) => json!(v),
                        _ => Value::Null,
                    })
                    .collect(),
                None => vec![Value::Null; 7],
            };
            json!({ "label": e.spec.label, "cells": cells })
        })
        .collect();
    let t4: Vec<Value> = match &r.t4 {
        Some(t4) => t4
            .groups()
            .iter()
            .map(|(_, label, g)| {
                let cells: Vec<Value> = match g {
                    Some(g) => (0..5)
                        .map(|i| match g.cell(i) {
                            Cell::Value(v) => json!(v),
                            _ => Value::Null,
                        })
                        .collect(),
                    None => vec![Value::Null; 5],
                };
                json!({ "label": label, "cells": cells })
            })
            .collect(),
        None => T4_GROUPS
            .iter()
            .map(|(_, label)| json!({ "label": label, "cells": vec![Value::Null; 5] }))
            .collect(),
    };
    Export {
        title: r.title(),
        year: r.year,
        edition: r.edition().number(),
        agency: r.agency.name.clone(),
        tables: Tables { t2, t3, t4 },
    }
}

/// The report's data as pretty-printed JSON text, keys in the documented order.
pub fn json_text(r: &Report) -> String {
    serde_json::to_string_pretty(&export(r)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_in_template_order_with_exact_labels() {
        let r = crate::load::load_file(std::path::Path::new("examples/2025-township.toml"))
            .unwrap()
            .report;
        let text = json_text(&r);
        let at = |k: &str| text.find(&format!("\"{k}\":")).unwrap();
        let order = [
            "title", "year", "edition", "agency", "tables", "表二", "表三", "表四",
        ];
        assert!(order.windows(2).all(|w| at(w[0]) < at(w[1])), "{text}");
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["year"], 2025);
        assert_eq!(v["edition"], 2021);
        assert_eq!(v["agency"], "磐石镇人民政府");
        let t3 = v["tables"]["表三"].as_array().unwrap();
        assert_eq!(t3.len(), 25);
        assert_eq!(t3[0]["label"], "一、本年新收政府信息公开申请数量");
        assert_eq!(t3[0]["cells"], json!([9, 2, 0, 0, 1, 0, 12]));
        assert_eq!(t3[2]["label"], "（一）予以公开");
        assert_eq!(t3[4]["label"], "1.属于国家秘密");
        assert_eq!(v["tables"]["表四"][0]["cells"], json!([1, 0, 0, 0, 1]));
        assert_eq!(v["tables"]["表二"][0]["label"], "规章");
        // A blank cell is null, not 0.
        let blank = crate::load::load_file(std::path::Path::new("tests/fixtures/seed-002.toml"))
            .unwrap()
            .report;
        let v = serde_json::to_value(export(&blank)).unwrap();
        assert_eq!(
            v["tables"]["表三"][0]["cells"],
            json!([46, null, null, null, null, null, 46])
        );
        assert_eq!(v["tables"]["表二"][7]["cells"], json!([15, 271.53]));
    }
}
