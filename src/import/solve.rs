//! Turning the cells found under a row label into exactly the row's cells: the flattened
//! digit-run splitter (`15130000154` → 151|3|0|0|0|0|154), blank cells lost or added by a
//! copy, and the choice among candidates by the table's own constraints (row total = Σ six
//! applicant columns, 表四 group total = Σ four, 表三 column identities). A split is kept
//! only when it is the unique best; otherwise every candidate is kept for IMPORT-AMBIGUOUS.

use super::lines::Val;

/// One cell as found in the text, with the source line it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellTok {
    /// The value.
    pub val: Val,
    /// The text as published (a digit run keeps all its digits).
    pub raw: String,
    /// Source line.
    pub line: usize,
}

/// The candidates for one row: each a full row of cells.
pub type Candidates = Vec<Vec<CellTok>>;

/// How sure the importer is of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Certainty {
    /// The text gives exactly the row's cells.
    Exact,
    /// Several readings were possible; the table's constraints single out this one.
    ByConstraints,
    /// Several readings fit equally well: the row holds the first, `others` the rest.
    Ambiguous(Vec<Vec<Val>>),
}

/// A resolved row.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The cells, `width` of them.
    pub cells: Vec<CellTok>,
    /// How sure.
    pub certainty: Certainty,
}

const MAX_CANDIDATES: usize = 4000;

fn blank(line: usize) -> CellTok {
    CellTok {
        val: Val::Blank,
        raw: String::new(),
        line,
    }
}

/// Every reading of `toks` as exactly `width` cells. `own` is the row's own constraint
/// (row total, group totals; always true when the row has none): digit runs that split into
/// a row satisfying it are taken as a flattened row, not as a row that lost blank cells.
pub fn candidates(toks: &[CellTok], width: usize, own: &dyn Fn(&[CellTok]) -> bool) -> Candidates {
    let mut out: Candidates = Vec::new();
    if toks.len() == width {
        out.push(toks.to_vec());
        return dedupe(out);
    }
    let lead = toks.iter().take_while(|t| t.val == Val::Blank).count();
    let trail = if lead == toks.len() {
        0
    } else {
        toks.iter()
            .rev()
            .take_while(|t| t.val == Val::Blank)
            .count()
    };
    let core = &toks[lead..toks.len() - trail];
    let line = toks.first().map_or(0, |t| t.line);
    if core.len() == width {
        out.push(core.to_vec());
        return dedupe(out);
    }
    if core.len() > width {
        // Too many cells: drop blanks first, any cell only when blanks do not suffice.
        let extra = core.len() - width;
        let blanks: Vec<usize> = (0..core.len())
            .filter(|&i| core[i].val == Val::Blank)
            .collect();
        let pool: Vec<usize> = if blanks.len() >= extra {
            blanks
        } else {
            (0..core.len()).collect()
        };
        for drop in combinations(&pool, extra) {
            if out.len() >= MAX_CANDIDATES {
                break;
            }
            out.push(
                core.iter()
                    .enumerate()
                    .filter(|(i, _)| !drop.contains(i))
                    .map(|(_, t)| t.clone())
                    .collect(),
            );
        }
        return dedupe(out);
    }
    // Too few cells: digit runs may hold several cells…
    let need = width - core.len();
    if core.iter().any(splittable) {
        splits(core, 0, width, &mut Vec::new(), &mut out);
        if out.iter().any(|r| own(r)) {
            // Only the readings that keep the row's own identity: the others are not this
            // row's figures (and left in, they let the table's other constraints pick one).
            out.retain(|r| own(r));
            return dedupe(out);
        }
    }
    // …or blank cells were lost: take them from the blanks around, else anywhere.
    if lead + trail >= need {
        for k in 0..=need.min(lead) {
            let t = need - k;
            if t > trail {
                continue;
            }
            let mut row: Vec<CellTok> = toks[lead - k..lead].to_vec();
            row.extend_from_slice(core);
            row.extend_from_slice(&toks[toks.len() - trail..toks.len() - trail + t]);
            out.push(row);
        }
    } else if toks.len() < width {
        let missing = width - toks.len();
        let slots: Vec<usize> = (0..width).collect();
        for at in combinations(&slots, missing) {
            if out.len() >= MAX_CANDIDATES {
                break;
            }
            let mut it = toks.iter();
            let row = (0..width)
                .map(|i| {
                    if at.contains(&i) {
                        blank(line)
                    } else {
                        it.next().cloned().unwrap_or_else(|| blank(line))
                    }
                })
                .collect();
            out.push(row);
        }
    }
    dedupe(out)
}

/// Like [`candidates`], for a row made of groups whose last cell is the sum of the others
/// (表三's row: one group of 7; 表四: three of 5). A row that came as a single digit run is
/// read by a search the sums prune, so a long run (`0700758600759312106830804`) is read
/// completely instead of being cut off at the candidate cap. The flag says whether the sums
/// decided where the run is cut (it had more digits than the row has cells).
pub fn candidates_summed(toks: &[CellTok], groups: &[usize]) -> (Candidates, bool) {
    let width: usize = groups.iter().sum();
    let own = |r: &[CellTok]| {
        let mut at = 0;
        groups.iter().all(|&n| {
            let ok = total_holds(&r[at..at + n], n - 1);
            at += n;
            ok
        })
    };
    if let [one] = toks
        && matches!(one.val, Val::Int(v) if v >= 0)
        && one.raw.len() > 1
        && one.raw.bytes().all(|b| b.is_ascii_digit())
    {
        let mut out = Vec::new();
        summed(
            one.raw.as_bytes(),
            groups,
            &mut Vec::new(),
            &mut Vec::new(),
            &mut out,
        );
        if !out.is_empty() {
            let row = |r: &Vec<String>| {
                r.iter()
                    .map(|p| CellTok {
                        val: Val::Int(p.parse().unwrap_or(0)),
                        raw: p.clone(),
                        line: one.line,
                    })
                    .collect()
            };
            return (out.iter().map(row).collect(), one.raw.len() > width);
        }
    }
    let by_sums = toks.len() < width
        && toks
            .iter()
            .any(|t| splittable(t) && t.raw.trim_start_matches('-').len() > 1);
    (
        candidates(toks, width, &|r| r.len() == width && own(r)),
        by_sums,
    )
}

/// The search of [`candidates_summed`]: `cur` holds the current group's cells so far.
fn summed(
    d: &[u8],
    groups: &[usize],
    cur: &mut Vec<u64>,
    acc: &mut Vec<String>,
    out: &mut Vec<Vec<String>>,
) {
    if out.len() >= MAX_CANDIDATES {
        return;
    }
    let Some(&n) = groups.first() else {
        if d.is_empty() {
            out.push(acc.clone());
        }
        return;
    };
    let cells_left: usize = groups.iter().sum::<usize>() - cur.len();
    if d.len() < cells_left {
        return;
    }
    if cur.len() == n - 1 {
        let sum = cur.iter().sum::<u64>().to_string();
        if d.starts_with(sum.as_bytes()) {
            let saved = std::mem::take(cur);
            acc.push(sum.clone());
            summed(&d[sum.len()..], &groups[1..], cur, acc, out);
            acc.pop();
            *cur = saved;
        }
        return;
    }
    let max = if d[0] == b'0' { 1 } else { d.len().min(9) };
    for len in 1..=max {
        let p = String::from_utf8_lossy(&d[..len]).into_owned();
        cur.push(p.parse().unwrap_or(0));
        acc.push(p);
        summed(&d[len..], groups, cur, acc, out);
        acc.pop();
        cur.pop();
    }
}

/// Splits the digit runs of `toks[i..]` into pieces so the row has `width` cells.
fn splits(toks: &[CellTok], i: usize, width: usize, acc: &mut Vec<CellTok>, out: &mut Candidates) {
    if out.len() >= MAX_CANDIDATES {
        return;
    }
    let rest = toks.len() - i;
    if i == toks.len() {
        if acc.len() == width {
            out.push(acc.clone());
        }
        return;
    }
    if acc.len() + rest > width {
        return;
    }
    let t = &toks[i];
    if !splittable(t) {
        acc.push(t.clone());
        splits(toks, i + 1, width, acc, out);
        acc.pop();
        return;
    }
    let room = width - acc.len() - (rest - 1);
    // The integer digits are cut; a sign stays with the first piece, a fraction with the last.
    let unsigned = t.raw.trim_start_matches('-');
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let negative = matches!(&t.val, Val::Int(v) if *v < 0)
        || matches!(&t.val, Val::Dec(d) if d.starts_with('-'));
    let digits: Vec<char> = int.chars().collect();
    for k in 1..=room.min(digits.len()) {
        for cut in pieces(&digits, k) {
            let n = cut.len();
            for (j, p) in cut.iter().enumerate() {
                let sign = if negative && j == 0 { "-" } else { "" };
                let val = if j + 1 == n && !frac.is_empty() {
                    Val::Dec(format!("{sign}{p}.{frac}"))
                } else {
                    Val::Int(format!("{sign}{p}").parse().unwrap_or(0))
                };
                let raw = if j + 1 == n && !frac.is_empty() {
                    format!("{p}.{frac}")
                } else {
                    p.clone()
                };
                acc.push(CellTok {
                    val,
                    raw,
                    line: t.line,
                });
            }
            splits(toks, i + 1, width, acc, out);
            acc.truncate(acc.len() - n);
        }
    }
}

/// Whether a cell may hold several cells run together: a whole number (with its sign) or a
/// decimal whose integer part has at least two digits (`486.35` → 4 | 86.35).
fn splittable(t: &CellTok) -> bool {
    let raw = t.raw.trim_start_matches('-');
    let int = raw.split_once('.').map_or(raw, |p| p.0);
    matches!(t.val, Val::Int(_) | Val::Dec(_))
        && int.len() >= 2
        && raw.bytes().all(|b| b.is_ascii_digit() || b == b'.')
}

/// All ways to cut `digits` into `k` numbers without leading zeros.
fn pieces(digits: &[char], k: usize) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    fn go(d: &[char], k: usize, acc: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        if out.len() >= MAX_CANDIDATES {
            return;
        }
        if k == 1 {
            if d.len() == 1 || d[0] != '0' {
                acc.push(d.iter().collect());
                out.push(acc.clone());
                acc.pop();
            }
            return;
        }
        let max = if d[0] == '0' { 1 } else { d.len() - (k - 1) };
        for len in 1..=max.min(d.len().saturating_sub(k - 1)) {
            acc.push(d[..len].iter().collect());
            go(&d[len..], k - 1, acc, out);
            acc.pop();
        }
    }
    if k >= 1 && k <= digits.len() {
        go(digits, k, &mut Vec::new(), &mut out);
    }
    out
}

/// The ways to choose `k` of `pool` in order, at most [`MAX_CANDIDATES`] of them.
fn combinations(pool: &[usize], k: usize) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    fn go(pool: &[usize], k: usize, start: usize, acc: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        if out.len() >= MAX_CANDIDATES {
            return;
        }
        if acc.len() == k {
            out.push(acc.clone());
            return;
        }
        // Only starts that leave enough elements to finish: every path then ends in a
        // combination, so the cap on combinations bounds the work (without it, choosing 37 of
        // 44 walked every short path first and never returned).
        let need = k - acc.len();
        for i in start..(pool.len() + 1).saturating_sub(need) {
            acc.push(pool[i]);
            go(pool, k, i + 1, acc, out);
            acc.pop();
        }
    }
    go(pool, k, 0, &mut Vec::new(), &mut out);
    out
}

/// The distinct candidates; a run too long to be one figure is never a cell of its own.
fn dedupe(c: Candidates) -> Candidates {
    let mut seen = std::collections::HashSet::new();
    c.into_iter()
        .filter(|row| row.iter().all(|t| t.raw.len() <= 18))
        .filter(|row| seen.insert(vals(row)))
        .collect()
}

/// The values of a row.
pub fn vals(row: &[CellTok]) -> Vec<Val> {
    row.iter().map(|t| t.val.clone()).collect()
}

/// Chooses one candidate per row so that `score` (the number of the table's constraints that
/// hold) is highest. Rows are solved jointly when the combinations are few, else one at a
/// time with the others fixed.
pub fn solve(rows: &[Candidates], score: &dyn Fn(&[&[CellTok]]) -> usize) -> Vec<Resolved> {
    let mut pick: Vec<usize> = vec![0; rows.len()];
    let open: Vec<usize> = (0..rows.len()).filter(|&i| rows[i].len() > 1).collect();
    let eval = |pick: &[usize]| {
        let chosen: Vec<&[CellTok]> = rows
            .iter()
            .zip(pick)
            .map(|(r, &p)| r.get(p).map_or(&[][..], |v| v.as_slice()))
            .collect();
        score(&chosen)
    };
    let product = open
        .iter()
        .try_fold(1usize, |acc, &i| acc.checked_mul(rows[i].len()))
        .unwrap_or(usize::MAX);
    // Per open row, the candidates that reach the best score.
    let mut ties: Vec<Vec<usize>> = vec![Vec::new(); rows.len()];
    if product <= 20_000 && !open.is_empty() {
        let mut best = None;
        let mut best_picks: Vec<Vec<usize>> = Vec::new();
        let mut cur = pick.clone();
        loop {
            let s = eval(&cur);
            match best {
                Some(b) if s < b => {}
                Some(b) if s == b => best_picks.push(cur.clone()),
                _ => {
                    best = Some(s);
                    best_picks = vec![cur.clone()];
                }
            }
            // Next combination (odometer over open rows).
            let mut k = 0;
            while k < open.len() {
                let r = open[k];
                cur[r] += 1;
                if cur[r] < rows[r].len() {
                    break;
                }
                cur[r] = 0;
                k += 1;
            }
            if k == open.len() {
                break;
            }
        }
        pick = best_picks[0].clone();
        for &r in &open {
            let mut t: Vec<usize> = best_picks.iter().map(|p| p[r]).collect();
            t.sort();
            t.dedup();
            ties[r] = t;
        }
    } else {
        for _ in 0..2 {
            for &r in &open {
                let scores: Vec<usize> = (0..rows[r].len())
                    .map(|c| {
                        let mut p = pick.clone();
                        p[r] = c;
                        eval(&p)
                    })
                    .collect();
                let max = scores.iter().copied().max().unwrap_or(0);
                let t: Vec<usize> = (0..scores.len()).filter(|&c| scores[c] == max).collect();
                pick[r] = t[0];
                ties[r] = t;
            }
        }
    }
    rows.iter()
        .enumerate()
        .map(|(r, cands)| {
            let Some(chosen) = cands.get(pick[r]) else {
                return Resolved {
                    cells: Vec::new(),
                    certainty: Certainty::Exact,
                };
            };
            let certainty = if cands.len() <= 1 {
                Certainty::Exact
            } else if ties[r].len() <= 1 {
                Certainty::ByConstraints
            } else {
                Certainty::Ambiguous(ties[r].iter().map(|&c| vals(&cands[c])).collect())
            };
            Resolved {
                cells: chosen.clone(),
                certainty,
            }
        })
        .collect()
}

/// Whether a row's last cell equals the sum of the others (blank counts as 0).
pub fn total_holds(row: &[CellTok], parts: usize) -> bool {
    row.len() == parts + 1
        && row[..parts].iter().map(|t| t.val.num()).sum::<i64>() == row[parts].val.num()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combinations_are_bounded_and_complete() {
        let pool: Vec<usize> = (0..5).collect();
        assert_eq!(combinations(&pool, 2).len(), 10);
        assert_eq!(combinations(&pool, 5), [vec![0, 1, 2, 3, 4]]);
        assert!(combinations(&pool, 6).is_empty());
        // 37 of 44: C(44, 37) is 38 billion; the cap stops it at once.
        let pool: Vec<usize> = (0..44).collect();
        assert_eq!(combinations(&pool, 37).len(), MAX_CANDIDATES);
    }

    fn toks(items: &[&str]) -> Vec<CellTok> {
        items
            .iter()
            .map(|s| CellTok {
                val: super::super::lines::cell_value(s).unwrap(),
                raw: s.trim().to_string(),
                line: 1,
            })
            .collect()
    }

    fn row_score(rows: &[&[CellTok]]) -> usize {
        rows.iter().filter(|r| total_holds(r, 6)).count()
    }

    #[test]
    fn flattened_run_splits_uniquely_by_row_total() {
        let (c, by_sums) = candidates_summed(&toks(&["15130000154"]), &[7]);
        assert!(by_sums);
        assert_eq!(c.len(), 1);
        let c = candidates(&toks(&["15130000154"]), 7, &|r| total_holds(r, 6));
        assert_eq!(c.len(), 1, "only the readings that keep the row total");
        let r = solve(&[c], &row_score);
        assert_eq!(
            vals(&r[0].cells),
            [151, 3, 0, 0, 0, 0, 154].map(Val::Int).to_vec()
        );
        assert_eq!(r[0].certainty, Certainty::Exact, "one reading left");
    }

    #[test]
    fn signed_and_decimal_runs_split() {
        let c = candidates(&toks(&["12", "-2380"]), 3, &|_| true);
        assert!(
            c.iter()
                .any(|r| vals(r) == [12, -23, 80].map(Val::Int).to_vec()),
            "{c:?}"
        );
        let c = candidates(&toks(&["486.35"]), 2, &|_| true);
        assert!(
            c.iter()
                .any(|r| vals(r) == vec![Val::Int(4), Val::Dec("86.35".into())]),
            "{c:?}"
        );
        assert!(c.iter().all(|r| r.iter().all(|x| x.val != Val::Blank)));
    }

    #[test]
    fn long_runs_are_read_by_their_sums() {
        // 表四 with multi-digit figures: 25 digits, far past the candidate cap.
        let run = CellTok {
            val: Val::Int(i64::MAX),
            raw: "0700758600759312106830804".into(),
            line: 1,
        };
        let (c, by_sums) = candidates_summed(&[run], &[5, 5, 5]);
        assert!(by_sums);
        assert!(!c.is_empty());
        for r in &c {
            assert_eq!(r.len(), 15);
            for g in 0..3 {
                assert!(total_holds(&r[g * 5..g * 5 + 5], 4), "{:?}", vals(r));
            }
        }
        let run = CellTok {
            val: Val::Int(i64::MAX),
            raw: "12345678901234567890123".into(),
            line: 1,
        };
        let (c, _) = candidates_summed(&[run], &[7]);
        assert!(
            c.iter().flatten().all(|t| t.raw.len() <= 18),
            "never one huge cell"
        );
    }

    #[test]
    fn zeros_run_is_exact() {
        let c = candidates(&toks(&["0000000"]), 7, &|r| total_holds(r, 6));
        assert_eq!(c.len(), 1);
        assert_eq!(vals(&c[0]), vec![Val::Int(0); 7]);
    }

    #[test]
    fn ambiguous_run_keeps_every_best_candidate() {
        // 1|10|0|0|0|0|11 and 11|0|0|0|0|0|11 both satisfy the row total.
        let c = candidates(&toks(&["110000011"]), 7, &|r| total_holds(r, 6));
        let r = solve(&[c], &row_score);
        match &r[0].certainty {
            Certainty::Ambiguous(all) => {
                assert!(
                    all.contains(&[1, 10, 0, 0, 0, 0, 11].map(Val::Int).to_vec()),
                    "{all:?}"
                );
                assert!(
                    all.contains(&[11, 0, 0, 0, 0, 0, 11].map(Val::Int).to_vec()),
                    "{all:?}"
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn lost_blank_is_placed_by_column_constraint() {
        // Row: five blank lines then "1": the sixth blank was lost by the copy.
        let mut t = toks(&["", "", "", "", "", "1"]);
        t.iter_mut().for_each(|x| x.line = 2);
        let c = candidates(&t, 7, &|r| total_holds(r, 6));
        assert!(c.len() >= 2);
        // A column constraint: the total column must hold 1.
        let score = |rows: &[&[CellTok]]| usize::from(rows[0][6].val == Val::Int(1));
        let r = solve(&[c], &score);
        assert_eq!(r[0].cells[6].val, Val::Int(1));
        assert_eq!(r[0].certainty, Certainty::ByConstraints);
    }

    #[test]
    fn extra_blank_is_dropped() {
        let c = candidates(&toks(&["", "0", "0", "0", "0", "0", "0", "0"]), 7, &|_| {
            true
        });
        assert_eq!(c.len(), 1);
        let c = candidates(&toks(&["0", "0", "0", "0", "0", "0", "0", "0"]), 7, &|_| {
            true
        });
        assert_eq!(c.len(), 1);
    }
}
