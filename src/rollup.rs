//! `gxgk rollup`: the 汇总 of many reports — tables 二, 三 and 四 summed cell by cell (a blank
//! stays blank only where every report left it blank; money summed exactly in 分) — written as
//! a data file in the layout of `gxgk new`, and a hand-made 汇总 compared with the sum.

use std::collections::BTreeMap;

use toml_edit::{DocumentMut, Item, Value};

use crate::diag::{Diagnostic, Severity};
use crate::model::{AnyCell, Cell, Edition, Level, Report, T3_COLUMNS, T4_COLUMNS, t2};
use crate::scaffold;

/// A summed cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Total {
    /// Every report left it blank (or without the row).
    Blank,
    /// A count (a 2019 本年增/减 may be negative).
    Count(i64),
    /// An amount in 分.
    Fen(i64),
}

impl Total {
    fn add(self, other: Option<Total>) -> Total {
        match (self, other) {
            (t, None) => t,
            (Total::Blank, Some(o)) => o,
            (Total::Count(a), Some(Total::Count(b))) => Total::Count(a + b),
            (Total::Fen(a), Some(Total::Fen(b))) => Total::Fen(a + b),
            (t, Some(_)) => t,
        }
    }
    fn text(self) -> String {
        match self {
            Total::Blank => "空白".into(),
            Total::Count(n) => n.to_string(),
            Total::Fen(f) => crate::model::Money {
                fen: f,
                ..Default::default()
            }
            .wan_text(),
        }
    }
    fn toml(self) -> Value {
        match self {
            Total::Blank => Value::from(""),
            Total::Count(n) => Value::from(n),
            Total::Fen(f) => {
                let text = Total::Fen(f).text();
                match text.parse::<i64>() {
                    Ok(i) => Value::from(i),
                    Err(_) => Value::from(text.parse::<f64>().unwrap_or(0.0)),
                }
            }
        }
    }
}

/// One cell of the three tables: its key path in the data file and its labels.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    /// Key path, e.g. `t2.rules.issued`, `t3.new[0]`, `t4.review[4]`.
    pub path: String,
    /// `表二` / `表三` / `表四`.
    pub table: &'static str,
    /// The row's template label.
    pub row: String,
    /// The column's template label.
    pub col: &'static str,
}

/// Every cell of one report's three tables with its value (`None`: blank or absent).
fn cells(r: &Report) -> Vec<(Place, Option<Total>)> {
    let count = |c: &Cell<u64>| match c {
        Cell::Value(v) => Some(Total::Count(*v as i64)),
        _ => None,
    };
    let mut out = Vec::new();
    let rows = r.tables.t2_rows().unwrap_or_default();
    for (block, def) in t2::row_defs(r.edition()) {
        let row = rows.iter().find(|x| x.key == def.key);
        for c in block.columns {
            let v = match row.and_then(|x| x.cell(c.key)) {
                Some(AnyCell::Count(Cell::Value(v))) => Some(Total::Count(*v as i64)),
                Some(AnyCell::Signed(Cell::Value(v))) => Some(Total::Count(*v)),
                Some(AnyCell::Wan(Cell::Value(w))) => Some(Total::Fen(w.0.fen)),
                _ => None,
            };
            out.push((
                Place {
                    path: format!("t2.{}.{}", def.key, c.key),
                    table: "表二",
                    row: def.label.to_string(),
                    col: c.label,
                },
                v,
            ));
        }
    }
    for e in r.tables.t3_rows() {
        for (i, col) in T3_COLUMNS.iter().enumerate() {
            let v = e.row.and_then(|row| {
                if i + 1 == T3_COLUMNS.len() {
                    match row.written_total() {
                        Some(c) => count(c),
                        None => Some(Total::Count(row.computed_total() as i64)),
                    }
                } else {
                    count(row.cell(i))
                }
            });
            out.push((
                Place {
                    path: format!("t3.{}[{i}]", e.spec.key),
                    table: "表三",
                    row: e.name(),
                    col,
                },
                v,
            ));
        }
    }
    let groups = r.t4.as_ref().map(|t| t.groups());
    for (g, (key, label)) in crate::model::T4_GROUPS.iter().enumerate() {
        for (i, col) in T4_COLUMNS.iter().enumerate() {
            let v = groups
                .as_ref()
                .and_then(|gs| gs[g].2)
                .and_then(|grp| count(grp.cell(i)));
            out.push((
                Place {
                    path: format!("t4.{key}[{i}]"),
                    table: "表四",
                    row: label.to_string(),
                    col,
                },
                v,
            ));
        }
    }
    out
}

/// The sum of several reports' tables.
#[derive(Debug, Clone)]
pub struct Sum {
    /// The common year.
    pub year: i64,
    /// The common edition.
    pub edition: Edition,
    /// Every cell, in template order.
    pub cells: Vec<(Place, Total)>,
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
    let mut totals: BTreeMap<usize, Total> = BTreeMap::new();
    let mut places: Vec<Place> = Vec::new();
    for (_, r) in reports {
        for (i, (place, v)) in cells(r).into_iter().enumerate() {
            if places.len() <= i {
                places.push(place);
            }
            let t = totals.entry(i).or_insert(Total::Blank);
            *t = t.add(v);
        }
    }
    Ok(Sum {
        year: first.year,
        edition: first.edition(),
        cells: places
            .into_iter()
            .enumerate()
            .map(|(i, p)| (p, totals.get(&i).copied().unwrap_or(Total::Blank)))
            .collect(),
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
    let mut arrays: BTreeMap<String, Vec<Total>> = BTreeMap::new();
    for (p, t) in &s.cells {
        if let Some((row, _)) = p.path.split_once('[') {
            arrays.entry(row.to_string()).or_default().push(*t);
        } else {
            set_t2(&mut doc, &p.path, t.toml());
        }
    }
    for (row, values) in arrays {
        if let Some(Item::Value(Value::Array(a))) = item_mut(&mut doc, &row) {
            a.clear();
            for v in values {
                a.push(v.toml());
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
    let found: BTreeMap<String, Option<Total>> = cells(handmade)
        .into_iter()
        .map(|(p, v)| (p.path, v))
        .collect();
    s.cells
        .iter()
        .filter_map(|(p, want)| {
            let got = found.get(&p.path).copied().flatten();
            let same = match (want, got) {
                (Total::Blank, None) => true,
                (w, Some(g)) => *w == g,
                _ => false,
            };
            (!same).then(|| {
                let got_text = got.map_or("空白".to_string(), Total::text);
                Diagnostic::new(
                    "ROLLUP-DIFF",
                    Severity::Error,
                    format!(
                        "{}“{}”的“{}”：各报告之和是 {}，汇总表填的是 {got_text}",
                        p.table,
                        p.row,
                        p.col,
                        want.text()
                    ),
                )
                .at(p.path.clone())
                .help(format!("改为 {}，或核对参与汇总的报告", want.text()))
            })
        })
        .collect()
}
