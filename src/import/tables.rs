//! Recognising tables 二, 三 and 四 in the lines of a section: the cell tokens of every
//! layout a portal copy produces (one cell per line with or without blank separators, blank
//! cells as extra blank lines, tab-separated rows, labels glued to their figures, figures
//! separated by spaces), the template's row labels matched in order, and each row's cells
//! resolved by [`super::solve`] under the table's own constraints.

use super::lines::{Line, Val, cell_value, is_cjk, key};
use super::solve::{
    self, CellTok, Certainty, Resolved, candidates, candidates_summed, total_holds,
};
use crate::model::Edition;

/// A token of a table region.
#[derive(Debug, Clone)]
pub enum Tok {
    /// Label text (a row or column heading, or a piece of one).
    Label(String, usize),
    /// A cell.
    Cell(CellTok),
}

/// Tokenises the lines of a table region.
pub fn tokens(lines: &[Line]) -> Vec<Tok> {
    // Separated layout: each cell followed by one blank line; then extra blank lines are
    // blank cells. Dense layout: blank lines mean nothing.
    let filled: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].is_blank()).collect();
    let followed = filled
        .iter()
        .filter(|&&i| lines.get(i + 1).is_some_and(|l| l.is_blank()))
        .count();
    let separated = !filled.is_empty() && followed * 10 >= filled.len() * 6;
    let mut out = Vec::new();
    let mut after_filled = true;
    // Blank cells that stand for blank lines at the end (not a table row's empty cells).
    let mut line_blanks = 0;
    for line in lines {
        // A table row with explicit cells: figures and blanks keep their places.
        let explicit_row = line.text.contains('\t')
            && match line.filled_fields() {
                0 => true,
                1 => {
                    cell_value(line.text.trim_matches([' ', '\t'])).is_some_and(|v| v != Val::Blank)
                }
                _ => false,
            };
        if line.filled_fields() >= 2 || explicit_row {
            line_blanks = 0;
            for f in line.text.split('\t') {
                field(f, line.no, true, &mut out);
            }
            after_filled = true;
            continue;
        }
        let text = line.text.trim_matches([' ', '\t']);
        if text.is_empty() {
            if separated && !after_filled {
                out.push(Tok::Cell(CellTok {
                    val: Val::Blank,
                    raw: String::new(),
                    line: line.no,
                }));
                line_blanks += 1;
            }
            after_filled = false;
            continue;
        }
        line_blanks = 0;
        field(text, line.no, false, &mut out);
        after_filled = true;
    }
    // Blank lines at the end of a region are the gap before the next heading.
    for _ in 0..line_blanks {
        out.pop();
    }
    out
}

/// Tokens of one field (a line, or a tab-separated cell).
fn field(f: &str, line: usize, in_row: bool, out: &mut Vec<Tok>) {
    let t = f.trim();
    if let Some(v) = cell_value(t) {
        if v == Val::Blank && t.is_empty() && !in_row {
            return;
        }
        out.push(cell(v, t, line));
        return;
    }
    // A digit run too long for one figure: a flattened row, split later.
    if t.len() > 18 && t.bytes().all(|b| b.is_ascii_digit()) {
        out.push(cell(Val::Int(i64::MAX), t, line));
        return;
    }
    // Figures separated by spaces: `15 13 0 0 0 0 154`.
    let parts: Vec<&str> = t.split_whitespace().collect();
    if parts.len() > 1
        && parts
            .iter()
            .all(|p| cell_value(p).is_some_and(|v| v != Val::Blank))
    {
        for p in parts {
            out.push(cell(cell_value(p).unwrap_or(Val::Blank), p, line));
        }
        return;
    }
    // A label with its figures glued on: `（一）予以公开1000001`, `规章 0 0 0`.
    let chars: Vec<char> = t.chars().collect();
    if let Some(last_text) = chars
        .iter()
        .rposition(|c| is_cjk(*c) || "）)”」".contains(*c))
    {
        let tail: String = chars[last_text + 1..].iter().collect();
        let tail_parts: Vec<&str> = tail.split_whitespace().collect();
        if !tail_parts.is_empty()
            && tail_parts
                .iter()
                .all(|p| matches!(cell_value(p), Some(v) if v != Val::Blank))
        {
            out.push(Tok::Label(chars[..=last_text].iter().collect(), line));
            for p in tail_parts {
                out.push(cell(cell_value(p).unwrap_or(Val::Blank), p, line));
            }
            return;
        }
    }
    out.push(Tok::Label(t.to_string(), line));
}

fn cell(v: Val, raw: &str, line: usize) -> Tok {
    Tok::Cell(CellTok {
        val: v,
        raw: raw.trim().trim_start_matches(['+', '-', '－']).to_string(),
        line,
    })
}

/// A row of a table as the template defines it, and how its label is recognised.
#[derive(Debug, Clone, Copy)]
pub struct RowDef {
    /// Key path inside the table (`withheld.state_secret`, `permit`).
    pub key: &'static str,
    /// The template label.
    pub label: &'static str,
    /// What identifies the label in a published page (after [`key`] normalisation).
    pub pattern: &'static str,
    /// Whether the label must equal the pattern rather than contain it.
    pub exact: bool,
    /// Number of cells.
    pub width: usize,
}

/// The words that find each row of table 三 in a published text, by the model's row key: the
/// template's labels are long and get cut, wrapped or shortened, so a distinctive part of each
/// is looked for (the rows themselves — keys, labels, order — come from `model::tables`).
const T3_PATTERNS: [(&str, &str); 26] = [
    ("new", "本年新收"),
    ("carried_in", "上年结转"),
    ("granted", "予以公开"),
    ("partial", "部分公开"),
    ("withheld.state_secret", "国家秘密"),
    ("withheld.law_prohibited", "禁止公开"),
    ("withheld.three_safety", "三安全一稳定"),
    ("withheld.third_party", "第三方合法权益"),
    ("withheld.internal", "内部事务"),
    ("withheld.process", "过程性信息"),
    ("withheld.enforcement_file", "行政执法案卷"),
    ("withheld.query_matter", "行政查询事项"),
    ("unable.not_held", "不掌握"),
    ("unable.need_create", "另行制作"),
    ("unable.unclear", "补正后申请"),
    ("not_processed.petition", "信访举报"),
    ("not_processed.repeat", "重复申请"),
    ("not_processed.publication", "公开出版物"),
    ("not_processed.excessive", "大量反复"),
    ("not_processed.confirm", "重新出具"),
    ("other", "其他处理"),
    ("other.no_correction", "逾期不补正"),
    ("other.no_fee", "缴纳费用"),
    ("other.misc", "3.其他"),
    ("total", "总计"),
    ("carried_out", "结转下年度"),
];

/// Table 三's rows of an edition, in template order, from the model's row table.
pub fn t3_rows(edition: Edition) -> Vec<RowDef> {
    let other: &[crate::model::RowSpec] = match edition {
        Edition::E2019 => &crate::model::T3_OTHER_2019,
        Edition::E2021 => &crate::model::T3_OTHER_2021,
    };
    crate::model::T3_ROWS_BEFORE_OTHER
        .iter()
        .chain(other)
        .chain(&crate::model::T3_ROWS_AFTER_OTHER)
        .map(|spec| RowDef {
            key: spec.key,
            label: spec.label,
            pattern: T3_PATTERNS
                .iter()
                .find(|(k, _)| *k == spec.key)
                .map_or(spec.label, |p| p.1),
            exact: false,
            width: 7,
        })
        .collect()
}

const fn exact(key: &'static str, label: &'static str, width: usize) -> RowDef {
    RowDef {
        key,
        label,
        pattern: label,
        exact: true,
        width,
    }
}

/// Table 二's rows of an edition, from the one definition of table 二.
pub fn t2_rows(edition: Edition) -> Vec<RowDef> {
    crate::model::t2::row_defs(edition)
        .map(|(block, row)| exact(row.key, row.label, block.columns.len()))
        .collect()
}

/// Which edition a table region's labels belong to, when they tell.
pub fn edition_of(t2: &[Line], t3: &[Line]) -> Option<(Edition, usize)> {
    const E2019: [&str; 6] = [
        "本年新制作数量",
        "对外公开总数量",
        "上一年项目数量",
        "其他对外管理服务事项",
        "政府集中采购",
        "采购总金额",
    ];
    const E2021: [&str; 6] = [
        "本年制发件数",
        "现行有效件数",
        "本年废止件数",
        "本年处理决定数量",
        "本年收费金额",
        "逾期不补正",
    ];
    let mut acc = String::new();
    let mut first = None;
    for l in t2.iter().chain(t3) {
        let k = key(&l.text);
        acc.push_str(&k);
        acc.push('|');
        for (ed, words) in [(Edition::E2019, &E2019), (Edition::E2021, &E2021)] {
            if first.is_none() && words.iter().any(|w| acc.contains(w)) {
                first = Some((ed, l.no));
            }
        }
    }
    let a = E2019.iter().filter(|w| acc.contains(*w)).count();
    let b = E2021.iter().filter(|w| acc.contains(*w)).count();
    match (a, b) {
        (0, 0) => None,
        _ if a > b => Some((Edition::E2019, first.map_or(0, |f| f.1))),
        _ if b > a => Some((Edition::E2021, first.map_or(0, |f| f.1))),
        _ => first,
    }
}

/// A table row as imported.
#[derive(Debug, Clone)]
pub struct RowImport {
    /// The row definition.
    pub def: RowDef,
    /// Source line of its label.
    pub line: usize,
    /// The cells, `def.width` of them.
    pub cells: Vec<CellTok>,
    /// How sure.
    pub certainty: Certainty,
    /// The cells as found, before resolution (for the report when they did not fit).
    pub found: usize,
}

/// Splits the tokens of a region into rows by the template's labels, in order. A label
/// may be broken over several tokens (`（三）不予` / `公开`), and rows may be missing.
fn assign(toks: &[Tok], defs: &[RowDef]) -> Vec<(usize, usize, Vec<CellTok>)> {
    let mut rows: Vec<(usize, usize, Vec<CellTok>)> = Vec::new();
    let mut next = 0;
    let mut buf = String::new();
    for t in toks {
        match t {
            Tok::Label(text, line) => {
                buf.push_str(&key(text));
                let hit = (next..defs.len().min(next + 6)).find(|&i| {
                    let d = &defs[i];
                    if d.exact {
                        let k = key(text);
                        let k = k.trim_start_matches(|c: char| {
                            c.is_ascii_digit() || "().,、一二三四五六七八九十".contains(c)
                        });
                        k == d.pattern
                    } else {
                        buf.contains(&key(d.pattern))
                    }
                });
                if let Some(i) = hit {
                    rows.push((i, *line, Vec::new()));
                    next = i + 1;
                    buf.clear();
                }
            }
            Tok::Cell(c) => {
                buf.clear();
                if let Some(r) = rows.last_mut() {
                    r.2.push(c.clone());
                }
            }
        }
    }
    regroup(&mut rows, defs);
    rows
}

/// A PDF's text layer may print a tall row's label after its figures, so the figures land
/// under the row above. When a row has no figures and the rows above it hold exactly the
/// figures of them all, the figures are dealt out again in order.
fn regroup(rows: &mut [(usize, usize, Vec<CellTok>)], defs: &[RowDef]) {
    for i in 1..rows.len() {
        if !rows[i].2.is_empty() {
            continue;
        }
        for j in (i.saturating_sub(4)..i).rev() {
            let have: usize = rows[j..=i].iter().map(|r| r.2.len()).sum();
            let want: usize = rows[j..=i].iter().map(|r| defs[r.0].width).sum();
            if rows[j].2.len() > defs[rows[j].0].width && have == want {
                let mut all: Vec<CellTok> =
                    rows[j..=i].iter_mut().flat_map(|r| r.2.drain(..)).collect();
                for r in rows[j..=i].iter_mut() {
                    let rest = all.split_off(defs[r.0].width.min(all.len()));
                    r.2 = all;
                    all = rest;
                }
                break;
            }
        }
    }
}

/// Table 三's header as a page break repeats it inside the body (申请人情况, 法人或其他组织,
/// the column names — "总计" among them, which is also a row's label — and the 勾稽关系
/// note), dropped so its words are not taken for row labels. Text extraction may cut the
/// header's words into pieces (`商业`, `企业`), so a label belongs to the header when every
/// character of it is one of the header's.
fn without_repeated_header(toks: &[Tok]) -> Vec<Tok> {
    let mut header: String = crate::model::T3_COLUMNS.concat();
    header.push_str("申请人情况法人或其他组织");
    header.push_str(crate::view::T3_NOTE);
    let header = key(&header);
    let is_header = |text: &str| key(text).chars().all(|c| header.contains(c));
    let mut out = Vec::with_capacity(toks.len());
    let mut in_header = false;
    for t in toks {
        match t {
            Tok::Label(text, _) if key(text).contains("申请人情况") => in_header = true,
            Tok::Label(text, _) if in_header && is_header(text) => {}
            _ => {
                in_header = false;
                out.push(t.clone());
            }
        }
    }
    out
}

/// Reads table 三 from its region.
pub fn read_t3(lines: &[Line], edition: Edition) -> Vec<RowImport> {
    let defs = t3_rows(edition);
    let toks = tokens(lines);
    // Skip the header: rows start at the first 本年新收 label.
    let start = toks
        .iter()
        .position(|t| matches!(t, Tok::Label(s, _) if key(s).contains("本年新收")))
        .unwrap_or(toks.len());
    let body = without_repeated_header(&toks[start..]);
    let rows = assign(&body, &defs);
    let (cands, by_sums): (Vec<_>, Vec<_>) =
        rows.iter().map(|r| candidates_summed(&r.2, &[7])).unzip();
    let index: Vec<usize> = rows.iter().map(|r| r.0).collect();
    let defs2 = defs.clone();
    let score = move |chosen: &[&[CellTok]]| t3_score(&defs2, &index, chosen);
    let mut resolved = solve::solve(&cands, &score);
    for (((r, by), c), row) in resolved.iter_mut().zip(by_sums).zip(&cands).zip(&rows) {
        if by && r.certainty == Certainty::Exact {
            r.certainty = Certainty::ByConstraints;
        }
        unsure(r, c, &row.2, &|x| total_holds(x, 6));
    }
    finish(&defs, rows, resolved)
}

/// A row read from a run of several digits (`4646`, from a row with blank cells run
/// together) whose every reading breaks its own sums is not known: whichever the table's
/// other constraints prefer, it is reported as IMPORT-AMBIGUOUS, never taken as read. (Cells
/// given one by one keep their reading even when the report's own sums are wrong.)
fn unsure(
    r: &mut Resolved,
    cands: &[Vec<CellTok>],
    found: &[CellTok],
    own: &dyn Fn(&[CellTok]) -> bool,
) {
    let run = found.iter().any(|t| {
        let d = t.raw.trim_start_matches('-');
        d.len() >= 2 && d.bytes().all(|b| b.is_ascii_digit())
    });
    if !run || found.len() == r.cells.len() || r.cells.is_empty() || own(&r.cells) {
        return;
    }
    if matches!(r.certainty, Certainty::Ambiguous(_)) {
        return;
    }
    let chosen = solve::vals(&r.cells);
    let others: Vec<Vec<Val>> = cands
        .iter()
        .map(|c| solve::vals(c))
        .filter(|v| *v != chosen)
        .take(5)
        .collect();
    let mut all = vec![chosen];
    all.extend(others);
    r.certainty = Certainty::Ambiguous(all);
}

fn finish(
    defs: &[RowDef],
    rows: Vec<(usize, usize, Vec<CellTok>)>,
    resolved: Vec<Resolved>,
) -> Vec<RowImport> {
    rows.into_iter()
        .zip(resolved)
        .filter(|(_, res)| !res.cells.is_empty())
        .map(|((i, line, found), res)| RowImport {
            def: defs[i],
            line,
            found: found.len(),
            cells: res.cells,
            certainty: res.certainty,
        })
        .collect()
}

/// How many of table 三's constraints hold: each row's total, and per column the balance
/// (一 + 二 = （七） + 四) and the outcome sum ((七) = Σ outcomes).
fn t3_score(defs: &[RowDef], index: &[usize], chosen: &[&[CellTok]]) -> usize {
    let mut s = chosen.iter().filter(|r| total_holds(r, 6)).count();
    let get = |k: &str| -> Option<&[CellTok]> {
        index
            .iter()
            .position(|&i| defs[i].key == k)
            .and_then(|p| chosen.get(p).copied())
            .filter(|r| r.len() == 7)
    };
    let outcomes: Vec<&[CellTok]> = index
        .iter()
        .zip(chosen)
        .filter(|(i, r)| {
            let k = defs[**i].key;
            r.len() == 7 && !matches!(k, "new" | "carried_in" | "total" | "carried_out")
        })
        .map(|(_, r)| *r)
        .collect();
    for c in 0..7 {
        let v = |r: Option<&[CellTok]>| r.map_or(0, |r| r[c].val.num());
        if v(get("new")) + v(get("carried_in")) == v(get("total")) + v(get("carried_out")) {
            s += 1;
        }
        if outcomes.iter().map(|r| r[c].val.num()).sum::<i64>() == v(get("total")) {
            s += 1;
        }
    }
    s
}

/// Reads table 二 from its region.
pub fn read_t2(lines: &[Line], edition: Edition) -> Vec<RowImport> {
    let defs = t2_rows(edition);
    let toks = tokens(lines);
    let rows = assign(&toks, &defs);
    let cands: Vec<_> = rows
        .iter()
        .map(|r| candidates(&r.2, defs[r.0].width, &|_| true))
        .collect();
    let resolved = solve::solve(&cands, &|_| 0);
    finish(&defs, rows, resolved)
}

/// Table 四 as imported: the fifteen cells with the line of the first.
pub fn read_t4(lines: &[Line]) -> Option<RowImport> {
    let toks = tokens(lines);
    // The figures follow the last header label.
    let start = toks
        .iter()
        .rposition(|t| matches!(t, Tok::Label(..)))
        .map_or(0, |i| i + 1);
    let cells: Vec<CellTok> = toks[start..]
        .iter()
        .filter_map(|t| match t {
            Tok::Cell(c) => Some(c.clone()),
            Tok::Label(..) => None,
        })
        .collect();
    // Blank lines alone are no table; fifteen blank cells are (zeros left blank).
    if cells.iter().all(|c| c.val == Val::Blank) && cells.len() != 15 {
        return None;
    }
    let line = cells[0].line;
    let found = cells.len();
    let (cands, by_sums) = candidates_summed(&cells, &[5, 5, 5]);
    let cands = vec![cands];
    let score = |chosen: &[&[CellTok]]| {
        chosen.first().filter(|r| r.len() == 15).map_or(0, |r| {
            (0..3)
                .filter(|g| total_holds(&r[g * 5..g * 5 + 5], 4))
                .count()
        })
    };
    let mut res = solve::solve(&cands, &score).pop()?;
    if by_sums && res.certainty == Certainty::Exact {
        res.certainty = Certainty::ByConstraints;
    }
    let groups =
        |r: &[CellTok]| r.len() == 15 && (0..3).all(|g| total_holds(&r[g * 5..g * 5 + 5], 4));
    unsure(&mut res, &cands[0], &cells, &groups);
    if res.cells.is_empty() {
        return None;
    }
    Some(RowImport {
        def: RowDef {
            key: "t4",
            label: "表四",
            pattern: "",
            exact: false,
            width: 15,
        },
        line,
        cells: res.cells,
        certainty: res.certainty,
        found,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every row of the model's table 三 has a recognition pattern, taken from its own label.
    #[test]
    fn t3_patterns_cover_the_model_rows() {
        for edition in [Edition::E2019, Edition::E2021] {
            for d in t3_rows(edition) {
                assert!(T3_PATTERNS.iter().any(|(k, _)| *k == d.key), "{}", d.key);
                assert!(
                    key(d.label).contains(&key(d.pattern)),
                    "{}: {}",
                    d.label,
                    d.pattern
                );
            }
        }
        assert_eq!(t3_rows(Edition::E2021).len(), 25);
        assert_eq!(t3_rows(Edition::E2019).len(), 23);
    }
}
