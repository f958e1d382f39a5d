//! The title: word boundaries (a small lexicon, numbers with 年, runs of other characters)
//! and balanced lines — the fewest that fit, as even as possible.

use super::*;

pub(super) const LEXICON: &[&str] = &[
    "人民政府",
    "管理委员会",
    "委员会",
    "办事处",
    "办公室",
    "办公厅",
    "街道",
    "人民",
    "政府",
    "信息",
    "公开",
    "工作",
    "年度",
    "报告",
];

/// Character indices where a title may break: between words (lexicon words, numbers with
/// their 年, and runs of other characters such as place names).
pub(super) fn title_boundaries(title: &str) -> BTreeSet<usize> {
    let chars: Vec<char> = title.chars().collect();
    let mut out = BTreeSet::new();
    let mut i = 0;
    let mut in_unknown = false;
    while i < chars.len() {
        // Compared in place: collecting the rest of the title at every position made long
        // titles quadratic.
        let starts_here = |w: &&&str| {
            let n = w.chars().count();
            chars.len() - i >= n && w.chars().zip(&chars[i..]).all(|(a, b)| a == *b)
        };
        if let Some(w) = LEXICON.iter().find(starts_here) {
            out.insert(i);
            i += w.chars().count();
            out.insert(i);
            in_unknown = false;
        } else if chars[i].is_ascii_digit() {
            out.insert(i);
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            if chars.get(i) == Some(&'年') {
                i += 1;
            }
            out.insert(i);
            in_unknown = false;
        } else {
            if !in_unknown {
                out.insert(i);
            }
            in_unknown = true;
            i += 1;
        }
    }
    out.remove(&0);
    out.remove(&chars.len());
    out
}

/// Balanced title lines: the fewest lines that fit, breaking at word boundaries when
/// possible, with line widths as even as possible.
pub(super) fn title_lines(items: &[Item], title: &str, width: f32) -> Vec<Range<usize>> {
    let words = title_boundaries(title);
    let by_words: Vec<bool> = (0..=items.len())
        .map(|j| j > 0 && j < items.len() && !items[j].glue && words.contains(&items[j].start))
        .collect();
    let any: Vec<bool> = (0..=items.len())
        .map(|j| j > 0 && j < items.len() && !items[j].glue)
        .collect();
    for allowed in [&by_words, &any] {
        if let Some(r) = balanced(items, allowed, width) {
            return r;
        }
    }
    break_lines(items, &|_| width)
}

pub(super) fn balanced(items: &[Item], allowed: &[bool], width: f32) -> Option<Vec<Range<usize>>> {
    let n = items.len();
    if n == 0 {
        return Some(Vec::new());
    }
    let mut prefix = vec![0.0f32; n + 1];
    for (k, it) in items.iter().enumerate() {
        prefix[k + 1] = prefix[k] + it.width;
    }
    let points: Vec<usize> = std::iter::once(0)
        .chain((1..n).filter(|&j| allowed[j]))
        .chain(std::iter::once(n))
        .collect();
    let w = |a: usize, b: usize| prefix[b] - prefix[a];
    (1..=8).find_map(|lines| rebuild(&points, &w, width, lines))
}

pub(super) fn rebuild(
    points: &[usize],
    w: &dyn Fn(usize, usize) -> f32,
    width: f32,
    lines: usize,
) -> Option<Vec<Range<usize>>> {
    let m = points.len();
    let mut levels: Vec<Vec<Option<(f32, usize)>>> = vec![vec![None; m]];
    levels[0][0] = Some((0.0, 0));
    for k in 0..lines {
        let mut next = vec![None; m];
        for p in 0..m {
            let Some((cost, _)) = levels[k][p] else {
                continue;
            };
            for q in p + 1..m {
                let lw = w(points[p], points[q]);
                if lw > width + 0.01 {
                    break;
                }
                let c = cost + lw * lw;
                if next[q].is_none_or(|(bc, _): (f32, usize)| c < bc) {
                    next[q] = Some((c, p));
                }
            }
        }
        levels.push(next);
    }
    levels[lines][m - 1]?;
    let mut out = Vec::new();
    let mut q = m - 1;
    for k in (1..=lines).rev() {
        let p = levels[k][q].map_or(0, |(_, p)| p);
        out.push(points[p]..points[q]);
        q = p;
    }
    out.reverse();
    Some(out)
}
