//! Text into lines: characters into unbreakable items (CJK characters, Latin words, numbers
//! with their units), greedy line breaking with the Chinese line-start and line-end rules, and
//! placing a line's items as runs, justified on the character grid.

use std::collections::BTreeSet;
use std::ops::Range;

use crate::sys::fonts::{FaceId, Role};

use super::{Ink, Kind, Line, Measure, PITCH, Run};

/// A web or e-mail address long enough to be worth breaking.
pub(super) fn is_address(s: &str) -> bool {
    s.len() > 12 && (s.contains("://") || s.starts_with("www.") || s.contains('@'))
}

/// Characters that must not start a line.
pub const NO_START: &str = "，。、；：？！）》」』”’〕］｝〉】〗〙〛｠»›・·％‰℃!%),.:;?]}";
/// Units that stay on the line of the number before them (and 元 after 万/亿).
pub(super) const UNITS: &str =
    "条件个项次人家起宗份年月日元万亿%％天名户篇期场批台辆套所亩吨岁分秒倍";

/// Characters that must not end a line.
pub const NO_END: &str = "（《「『“‘〔［｛〈【〖〘〚｟«‹([{";

pub(super) fn is_wide(ch: char) -> bool {
    matches!(ch as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
        || "—…“”‘’·".contains(ch)
}

/// An unbreakable piece of text: one CJK character, a `——`/`……` pair, a Latin word or
/// number, or a space.
#[derive(Debug, Clone)]
pub(super) struct Item {
    pub(super) text: String,
    pub(super) face: FaceId,
    pub(super) width: f32,
    /// Drawn with the grid's character spacing (one glyph per item, CJK).
    pub(super) wide: bool,
    pub(super) space: bool,
    /// No line break allowed before this item.
    pub(super) glue: bool,
    /// A piece of a web or e-mail address after its first: a break is allowed before it.
    pub(super) url_piece: bool,
    /// Index of the first character in the source text.
    pub(super) start: usize,
    /// The structure element it belongs to when that is not its line's (a link).
    pub(super) elem: Option<usize>,
}

pub(super) struct Style {
    pub(super) size: f32,
    /// Full-width characters advance by [`PITCH`] (the 28-per-line grid) instead of 1 em.
    pub(super) grid: bool,
}

impl Style {
    pub(super) fn tracking(&self) -> f32 {
        if self.grid { PITCH - self.size } else { 0.0 }
    }
}

/// What text layout needs while it runs: the font measurements, and the characters no face has.
pub(super) struct Shaper<'a> {
    pub(super) m: &'a dyn Measure,
    pub(super) missing: BTreeSet<char>,
}

impl Shaper<'_> {
    pub(super) fn face(&mut self, role: Role, ch: char) -> FaceId {
        match self.m.face_for(role, ch) {
            Some(f) => f,
            None => {
                if !ch.is_control() {
                    self.missing.insert(ch);
                }
                self.m.face_for(role, '字').unwrap_or(0)
            }
        }
    }

    pub(super) fn items(&mut self, spans: &[(Role, &str)], style: &Style) -> Vec<Item> {
        let mut out: Vec<Item> = Vec::new();
        let mut index = 0;
        for (role, text) in spans {
            let chars: Vec<char> = text.chars().filter(|c| !c.is_control()).collect();
            let mut i = 0;
            while i < chars.len() {
                let ch = chars[i];
                let face = self.face(*role, ch);
                let start = index + i;
                if ch == ' ' || ch == '\u{a0}' {
                    out.push(Item {
                        text: " ".into(),
                        face,
                        width: self.m.advance(face, ' ') * style.size,
                        wide: false,
                        space: true,
                        glue: false,
                        url_piece: false,
                        start,
                        elem: None,
                    });
                    i += 1;
                } else if is_wide(ch) {
                    let pair = (ch == '—' || ch == '…') && chars.get(i + 1) == Some(&ch);
                    let n = if pair { 2 } else { 1 };
                    let text: String = chars[i..i + n].iter().collect();
                    let width = n as f32 * (self.m.advance(face, ch) * style.size)
                        + n as f32 * style.tracking();
                    out.push(Item {
                        text,
                        face,
                        width,
                        wide: !pair,
                        space: false,
                        glue: false,
                        url_piece: false,
                        start,
                        elem: None,
                    });
                    i += n;
                } else {
                    // A Latin word or number: everything up to a space or wide character,
                    // in one face.
                    let mut j = i;
                    let mut text = String::new();
                    let mut width = 0.0;
                    while j < chars.len() {
                        let c = chars[j];
                        if c == ' ' || c == '\u{a0}' || is_wide(c) {
                            break;
                        }
                        let f = self.face(*role, c);
                        if f != face {
                            break;
                        }
                        text.push(c);
                        width += self.m.advance(face, c) * style.size;
                        j += 1;
                    }
                    if is_address(&text) {
                        // Web and e-mail addresses may break after / . - @ ? & =.
                        let mut piece = String::new();
                        let mut piece_start = start;
                        let mut first = true;
                        let pieces: Vec<char> = text.chars().collect();
                        for (k, c) in pieces.iter().enumerate() {
                            piece.push(*c);
                            let next = pieces.get(k + 1);
                            let cut = "/.-@?&=".contains(*c)
                                && next.is_some_and(|n| !"/.-@?&=".contains(*n));
                            if cut || next.is_none() {
                                let width = piece
                                    .chars()
                                    .map(|c| self.m.advance(face, c) * style.size)
                                    .sum();
                                out.push(Item {
                                    text: std::mem::take(&mut piece),
                                    face,
                                    width,
                                    wide: false,
                                    space: false,
                                    glue: false,
                                    url_piece: !first,
                                    start: piece_start,
                                    elem: None,
                                });
                                first = false;
                                piece_start = start + k + 1;
                            }
                        }
                    } else {
                        out.push(Item {
                            text,
                            face,
                            width,
                            wide: false,
                            space: false,
                            glue: false,
                            url_piece: false,
                            start,
                            elem: None,
                        });
                    }
                    i = j;
                }
            }
            index += chars.len();
        }
        for k in 1..out.len() {
            let prev_end = out[k - 1].text.chars().last().unwrap_or(' ');
            let first = out[k].text.chars().next().unwrap_or(' ');
            let latin_pair = !out[k].url_piece
                && !out[k - 1].wide
                && !out[k].wide
                && !out[k - 1].space
                && !out[k].space
                && !out[k - 1].text.starts_with(['—', '…'])
                && !out[k].text.starts_with(['—', '…']);
            // A number and its unit stay on one line: 326条, 12.5万元, 30%.
            let after_number = |j: usize| out[j].text.ends_with(|c: char| c.is_ascii_digit());
            let unit = UNITS.contains(first)
                && (after_number(k - 1)
                    || (k >= 2
                        && ["万", "亿"].contains(&out[k - 1].text.as_str())
                        && after_number(k - 2)));
            out[k].glue =
                NO_START.contains(first) || NO_END.contains(prev_end) || latin_pair || unit;
        }
        out
    }
}

/// Splits items into lines: greedy, breaking only where allowed, moving the last breakable
/// piece down when a forbidden character would otherwise start or end a line. `avail(n)` is
/// the width of line n.
pub(super) fn break_lines(items: &[Item], avail: &dyn Fn(usize) -> f32) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut start = 0;
    while start < items.len() && items[start].space {
        start += 1;
    }
    while start < items.len() {
        let width = avail(lines.len());
        let mut w = 0.0;
        let mut last_break: Option<usize> = None;
        let mut end = items.len();
        let mut j = start;
        while j < items.len() {
            if j > start && !items[j].glue {
                last_break = Some(j);
            }
            if j > start && w + items[j].width > width + 0.01 && !items[j].space {
                end = last_break.filter(|&b| b > start).unwrap_or(j);
                break;
            }
            w += items[j].width;
            j += 1;
        }
        let mut stop = end;
        while stop > start && items[stop - 1].space {
            stop -= 1;
        }
        lines.push(start..stop);
        start = end;
        while start < items.len() && items[start].space {
            start += 1;
        }
    }
    lines
}

pub(super) fn natural(items: &[Item]) -> f32 {
    items.iter().map(|i| i.width).sum()
}

/// Positions a line's items from `x`; `justify` stretches the gaps to fill that width.
pub(super) fn place(
    items: &[Item],
    kind: Kind,
    x: f32,
    baseline: f32,
    size: f32,
    style: &Style,
    justify: Option<f32>,
) -> Line {
    let nat = natural(items);
    let extra = match justify {
        Some(w) if items.len() > 1 => (w - nat) / (items.len() - 1) as f32,
        _ => 0.0,
    };
    let mut runs: Vec<Run> = Vec::new();
    let mut pen = x;
    let mut open = false;
    for it in items {
        let spacing = if it.wide {
            style.tracking() + extra
        } else if it.text.chars().count() > 1 && is_wide(it.text.chars().next().unwrap_or('a')) {
            style.tracking()
        } else {
            0.0
        };
        match runs.last_mut() {
            Some(r) if open && it.wide && r.face == it.face && r.elem == it.elem => {
                r.text.push_str(&it.text)
            }
            _ => runs.push(Run {
                x: pen,
                y: baseline,
                face: it.face,
                size,
                spacing,
                angle: 0.0,
                ink: Ink::Black,
                text: it.text.clone(),
                elem: it.elem,
            }),
        }
        open = it.wide;
        pen += it.width + extra;
    }
    let width = (pen - extra - x).max(0.0);
    Line {
        kind,
        x,
        width,
        runs,
        elem: None,
    }
}

/// Baseline of text of `size` centred in a band starting at `top` of height `h`.
pub(super) fn baseline_in(top: f32, h: f32, size: f32) -> f32 {
    top + h / 2.0 + 0.36 * size
}
