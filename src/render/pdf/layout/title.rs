//! The title re-fitted with the real fonts: a line of the view's title that is still too wide
//! is broken again at the view's word boundaries (`view::title_breaks`) into balanced lines —
//! the fewest that fit, as even as possible.

use std::ops::Range;

use super::text::{Item, break_lines};

/// Balanced title lines: the fewest lines that fit, breaking at word boundaries when
/// possible, with line widths as even as possible.
pub(super) fn title_lines(items: &[Item], title: &str, width: f32) -> Vec<Range<usize>> {
    let words = crate::view::title_breaks(title);
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
