//! `gxgk rollup`: the 汇总 of many reports — tables 二, 三 and 四 summed cell by cell (a blank
//! stays blank only where every report left it blank; money summed exactly in 分) — written as
//! a data file in the layout of `gxgk new`, and a hand-made 汇总 compared with the sum.

use std::collections::BTreeMap;

use toml_edit::{DocumentMut, Item, Value};

use crate::diag::{Diagnostic, Severity};
use crate::load::scaffold;
use crate::model::figures::{Figure, Place, cells};
use crate::model::{Edition, Level, Money, Report};

/// A figure as a message shows it (`空白`, `12`, `0.19` 万元).
fn text(f: Figure) -> String {
    match f {
        Figure::Blank => "空白".into(),
        Figure::Count(n) => n.to_string(),
        Figure::Fen(fen) => Money {
            fen,
            ..Default::default()
        }
        .wan_text(),
    }
}

/// A figure as the data file holds it (a blank is `""`, an amount in 万元).
fn toml_value(f: Figure) -> Value {
    match f {
        Figure::Blank => Value::from(""),
        Figure::Count(n) => Value::from(n),
        Figure::Fen(_) => {
            let t = text(f);
            match t.parse::<i64>() {
                Ok(i) => Value::from(i),
                Err(_) => Value::from(t.parse::<f64>().unwrap_or(0.0)),
            }
        }
    }
}

/// The sum of several reports' tables.
#[derive(Debug, Clone)]
pub struct Sum {
    /// The common year.
    pub year: i64,
    /// The common edition.
    pub edition: Edition,
    /// Every cell, in template order.
    pub cells: Vec<(Place, Figure)>,
    /// The names of the summed reports.
    pub sources: Vec<String>,
}

/// Sums `reports` (name, report), which must share year and edition; the error names the
/// first that does not.
pub fn sum(reports: &[(String, &Report)]) -> Result<Sum, String> {
    let Some((first_name, first)) = reports.first() else {
        return Err("没有要汇总的报告".into());
    };
    for (name, r) in reports {
        if r.year != first.year {
            return Err(format!(
                "{name} 是 {} 年度的报告，{first_name} 是 {} 年度的：只能汇总同一年度的报告",
                r.year, first.year
            ));
        }
        if r.edition() != first.edition() {
            return Err(format!(
                "{name} 用的是{}表格，{first_name} 用的是{}表格：只能汇总同一版本表格的报告",
                r.edition(),
                first.edition()
            ));
        }
    }
    // Every report of one edition has the same cells in the same order.
    let mut totals: Vec<(Place, Figure)> = cells(first);
    for (_, r) in &reports[1..] {
        for (t, (_, v)) in totals.iter_mut().zip(cells(r)) {
            t.1 = t.1.plus(v);
        }
    }
    Ok(Sum {
        year: first.year,
        edition: first.edition(),
        cells: totals,
        sources: reports.iter().map(|(n, _)| n.clone()).collect(),
    })
}

/// The 汇总 data file: the text of `gxgk new` for `agency`, its tables holding the sum and
/// each table saying which reports it sums. The narrative keeps the scaffold's placeholders.
pub fn data_file(s: &Sum, agency: &str, level: Level) -> String {
    let text = scaffold::render(&scaffold::Options {
        agency: agency.to_string(),
        level,
        year: s.year,
        previous: None,
        schema_path: "gxgk.schema.json".into(),
    });
    let Ok(mut doc) = text.parse::<DocumentMut>() else {
        return text;
    };
    // T3 and T4 rows are arrays: their cells are filled in place so the row's comment stays.
    let mut arrays: BTreeMap<String, Vec<Figure>> = BTreeMap::new();
    for (p, t) in &s.cells {
        if let Some((row, _)) = p.path.split_once('[') {
            arrays.entry(row.to_string()).or_default().push(*t);
        } else {
            set_t2(&mut doc, &p.path, toml_value(*t));
        }
    }
    for (row, values) in arrays {
        if let Some(Item::Value(Value::Array(a))) = item_mut(&mut doc, &row) {
            a.clear();
            for v in values {
                a.push(toml_value(v));
            }
            a.fmt();
        }
    }
    let list = s.sources.join("、");
    for table in ["t2", "t3", "t4"] {
        if let Some(t) = doc.get_mut(table).and_then(Item::as_table_mut) {
            let prefix = t
                .decor()
                .prefix()
                .and_then(|p| p.as_str())
                .unwrap_or("")
                .to_string();
            t.decor_mut().set_prefix(format!(
                "{prefix}# 汇总：本表是以下 {} 份报告之和（空白格只在各报告都空白时保留）：{list}\n",
                s.sources.len()
            ));
        }
    }
    doc.to_string()
}

/// The item at a dotted `path` through tables (dotted keys included).
fn item_mut<'a>(doc: &'a mut DocumentMut, path: &str) -> Option<&'a mut Item> {
    let mut node: &mut Item = doc.as_item_mut();
    for key in path.split('.') {
        node = node.as_table_like_mut()?.get_mut(key)?;
    }
    Some(node)
}

/// Sets `t2.ROW.COL` inside the row's inline table `{ … }`, keeping the row's comment.
fn set_t2(doc: &mut DocumentMut, path: &str, v: Value) {
    let mut keys = path.split('.').skip(1);
    let (Some(row), Some(col)) = (keys.next(), keys.next()) else {
        return;
    };
    if let Some(Item::Value(Value::InlineTable(t))) = item_mut(doc, &format!("t2.{row}"))
        && let Some(slot) = t.get_mut(col)
    {
        let decor = slot.decor().clone();
        *slot = v;
        *slot.decor_mut() = decor;
    }
}

/// Compares a hand-made 汇总 with the sum: one located error per cell that differs.
pub fn differences(s: &Sum, handmade: &Report) -> Vec<Diagnostic> {
    let found: BTreeMap<String, Figure> = cells(handmade)
        .into_iter()
        .map(|(p, v)| (p.path, v))
        .collect();
    s.cells
        .iter()
        .filter_map(|(p, want)| {
            let got = found.get(&p.path).copied().unwrap_or(Figure::Blank);
            (*want != got).then(|| {
                let got_text = text(got);
                Diagnostic::new(
                    "ROLLUP-DIFF",
                    Severity::Error,
                    format!(
                        "{}“{}”的“{}”：各报告之和是 {}，汇总表填的是 {got_text}",
                        p.table,
                        p.row,
                        p.col,
                        text(*want)
                    ),
                )
                .at(p.path.clone())
                .help(format!("改为 {}，或核对参与汇总的报告", text(*want)))
            })
        })
        .collect()
}
