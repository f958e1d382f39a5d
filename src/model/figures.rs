//! Every figure of tables 二, 三 and 四 of a report as one flat list in template order, each
//! with its key path and template labels: what the roll-up sums and the statistics workbook
//! lists, read once here.

use super::{AnyCell, Cell, Report, T3_COLUMNS, T4_COLUMNS, T4_GROUPS, t2};

/// The value of a cell, or of a sum of cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    /// Blank (or the row is absent); in a sum: every summand was blank.
    Blank,
    /// A count (a 2019 本年增/减 may be negative).
    Count(i64),
    /// An amount in 分.
    Fen(i64),
}

impl Figure {
    /// This plus `other`; a blank adds nothing, and only blanks sum to blank.
    pub fn plus(self, other: Figure) -> Figure {
        match (self, other) {
            (Figure::Blank, o) => o,
            (Figure::Count(a), Figure::Count(b)) => Figure::Count(a + b),
            (Figure::Fen(a), Figure::Fen(b)) => Figure::Fen(a + b),
            (f, _) => f,
        }
    }
    /// The value as a float, for a spreadsheet (`None` when blank).
    pub fn number(self) -> Option<f64> {
        match self {
            Figure::Blank => None,
            Figure::Count(n) => Some(n as f64),
            Figure::Fen(f) => Some(f as f64 / 1_000_000.0),
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

/// Every cell of the report's three tables in template order, with its value.
pub fn cells(r: &Report) -> Vec<(Place, Figure)> {
    let count = |c: &Cell<u64>| match c {
        Cell::Value(v) => Figure::Count(*v as i64),
        _ => Figure::Blank,
    };
    let mut out = Vec::new();
    let rows = r.tables.t2_rows().unwrap_or_default();
    for (block, def) in t2::row_defs(r.edition()) {
        let row = rows.iter().find(|x| x.key == def.key);
        for c in block.columns {
            let v = match row.and_then(|x| x.cell(c.key)) {
                Some(AnyCell::Count(Cell::Value(v))) => Figure::Count(*v as i64),
                Some(AnyCell::Signed(Cell::Value(v))) => Figure::Count(*v),
                Some(AnyCell::Wan(Cell::Value(w))) => Figure::Fen(w.0.fen),
                _ => Figure::Blank,
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
            let v = e.row.map_or(Figure::Blank, |row| {
                if i + 1 == T3_COLUMNS.len() {
                    // 总计 as the report prints it: as written, or computed when left out.
                    match row.written_total() {
                        Some(c) => count(c),
                        None => Figure::Count(row.computed_total() as i64),
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
    for (g, (key, label)) in T4_GROUPS.iter().enumerate() {
        for (i, col) in T4_COLUMNS.iter().enumerate() {
            let v = groups
                .as_ref()
                .and_then(|gs| gs[g].2)
                .map_or(Figure::Blank, |grp| count(grp.cell(i)));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_blanks_sum_to_blank() {
        let b = Figure::Blank;
        assert_eq!(b.plus(b), b);
        assert_eq!(b.plus(Figure::Count(3)), Figure::Count(3));
        assert_eq!(Figure::Count(3).plus(b), Figure::Count(3));
        assert_eq!(
            Figure::Fen(70_000).plus(Figure::Fen(120_000)),
            Figure::Fen(190_000)
        );
        assert_eq!(Figure::Fen(190_000).number(), Some(0.19));
    }
}
