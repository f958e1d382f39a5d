//! The GB/T 9704 layout engine: turns the shared view into pages of positioned text runs and
//! rules (spec §8). Pure: it only asks a [`Measure`] which face draws a character and how wide
//! it is, so any fixed-layout writer can draw its output.
//!
//! Coordinates are points from the page's top-left corner, y growing downwards; `Run::y` is
//! the baseline.

use std::collections::BTreeSet;
use std::ops::Range;

use crate::fonts::{FaceId, Role};
use crate::view::{Block, GridCell, Role as CellRole, Table, View};

/// Points per millimetre.
pub const MM: f32 = 72.0 / 25.4;
/// A4 width.
pub const PAGE_W: f32 = 210.0 * MM;
/// A4 height.
pub const PAGE_H: f32 = 297.0 * MM;
/// 订口 (left margin).
pub const LEFT: f32 = 28.0 * MM;
/// 天头 (top margin).
pub const TOP: f32 = 37.0 * MM;
/// 版心 width.
pub const BLOCK_W: f32 = 156.0 * MM;
/// 版心 height.
pub const BLOCK_H: f32 = 225.0 * MM;
/// Lines per page.
pub const LINES: usize = 22;
/// Characters per line.
pub const CHARS: usize = 28;
/// Line pitch: 225 mm / 22.
pub const LINE: f32 = BLOCK_H / LINES as f32;
/// Character pitch: 156 mm / 28.
pub const PITCH: f32 = BLOCK_W / CHARS as f32;
/// 3号.
pub const BODY_SIZE: f32 = 16.0;
/// 2号.
pub const TITLE_SIZE: f32 = 22.0;
/// 4号.
pub const PAGE_NO_SIZE: f32 = 14.0;

/// Glyph lookup the layout needs; implemented over real fonts by `fonts::Metrics`.
pub trait Measure {
    /// The face that draws `ch` in `role` (the role's own face or a fallback), `None` when no
    /// face has it.
    fn face_for(&self, role: Role, ch: char) -> Option<FaceId>;
    /// The advance width of `ch` in `face`, in em.
    fn advance(&self, face: FaceId, ch: char) -> f32;
}

impl Measure for crate::fonts::Metrics<'_> {
    fn face_for(&self, role: Role, ch: char) -> Option<FaceId> {
        crate::fonts::Metrics::face_for(self, role, ch)
    }
    fn advance(&self, face: FaceId, ch: char) -> f32 {
        self.glyph_advance(face, ch).unwrap_or(0.5)
    }
}

/// A grey level or colour for text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Ink {
    /// Black.
    Black,
    /// The light grey of the draft watermark.
    Watermark,
    /// Red, for the draft notice.
    Red,
}

/// A piece of text in one face, size and spacing.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// Left edge of the first glyph.
    pub x: f32,
    /// Baseline.
    pub y: f32,
    /// The face.
    pub face: FaceId,
    /// Font size in pt.
    pub size: f32,
    /// Extra space after every glyph (PDF `Tc`), in pt.
    pub spacing: f32,
    /// Counter-clockwise rotation in degrees around (x, y).
    pub angle: f32,
    /// Colour.
    pub ink: Ink,
    /// The characters.
    pub text: String,
}

/// What a line of text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The title.
    Title,
    /// A body paragraph line.
    Body,
    /// 一、 heading.
    Heading1,
    /// （一） heading.
    Heading2,
    /// A line in a table cell.
    Cell,
    /// Sign-off (agency, date).
    Signoff,
    /// `— N —`.
    PageNumber,
    /// The 「草稿」 watermark.
    Watermark,
    /// The draft's open-errors line.
    DraftNote,
}

/// One laid-out line.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// What it is.
    pub kind: Kind,
    /// Left edge.
    pub x: f32,
    /// Drawn width (from the first glyph's left to the last glyph's right edge).
    pub width: f32,
    /// The runs, left to right.
    pub runs: Vec<Run>,
}

impl Line {
    /// The text of the line.
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
    /// The baseline.
    pub fn baseline(&self) -> f32 {
        self.runs.first().map_or(0.0, |r| r.y)
    }
}

/// A straight stroke (table borders).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    /// Start.
    pub x1: f32,
    /// Start.
    pub y1: f32,
    /// End.
    pub x2: f32,
    /// End.
    pub y2: f32,
    /// Stroke width in pt.
    pub width: f32,
}

/// One page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// Text lines in reading order (watermark first).
    pub lines: Vec<Line>,
    /// Rules.
    pub rules: Vec<Rule>,
}

/// The laid-out document.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Page width in pt.
    pub width: f32,
    /// Page height in pt.
    pub height: f32,
    /// The pages.
    pub pages: Vec<Page>,
    /// Characters no found face can draw.
    pub missing: Vec<char>,
}

// ------------------------------------------------------------------ line breaking

/// A web or e-mail address long enough to be worth breaking.
fn is_address(s: &str) -> bool {
    s.len() > 12 && (s.contains("://") || s.starts_with("www.") || s.contains('@'))
}

/// Characters that must not start a line.
pub const NO_START: &str = "，。、；：？！）》」』”’〕］｝〉】〗〙〛｠»›・·％‰℃!%),.:;?]}";
/// Units that stay on the line of the number before them (and 元 after 万/亿).
const UNITS: &str = "条件个项次人家起宗份年月日元万亿%％天名户篇期场批台辆套所亩吨岁分秒倍";

/// Words of the template's table labels that a narrow cell must not split (`自然/人`,
/// `不予公/开`): a cell breaks between them, not inside.
const TABLE_WORDS: &[&str] = &[
    "自然人",
    "申请人",
    "法人",
    "或其他",
    "组织",
    "商业",
    "企业",
    "科研",
    "机构",
    "社会",
    "公益",
    "法律",
    "服务",
    "其他",
    "总计",
    "予以",
    "部分",
    "公开",
    "不予",
    "无法",
    "提供",
    "处理",
    "国家",
    "秘密",
    "法律",
    "行政",
    "法规",
    "禁止",
    "危及",
    "三安全一稳定",
    "保护",
    "第三方",
    "合法",
    "权益",
    "三类",
    "内部",
    "事务",
    "信息",
    "四类",
    "过程性",
    "执法",
    "案卷",
    "查询",
    "事项",
    "本机关",
    "不掌握",
    "相关",
    "政府",
    "没有",
    "现成",
    "需要",
    "另行",
    "制作",
    "补正",
    "后",
    "申请",
    "内容",
    "仍不",
    "明确",
    "信访",
    "举报",
    "投诉",
    "类",
    "重复",
    "要求",
    "公开",
    "出版物",
    "无正当",
    "理由",
    "大量",
    "反复",
    "确认",
    "重新",
    "出具",
    "已获取",
    "逾期",
    "不补正",
    "不再",
    "收费",
    "通知",
    "缴纳",
    "费用",
    "结转",
    "下年度",
    "继续",
    "办理",
    "本年度",
    "结果",
    "维持",
    "纠正",
    "尚未",
    "审结",
    "复议",
    "诉讼",
    "直接",
    "起诉",
    "情况",
    "数量",
    "本年",
    "新收",
    "上年",
    "制发",
    "废止",
    "现行",
    "有效",
    "件数",
    "规章",
    "规范性",
    "文件",
    "许可",
    "处罚",
    "强制",
    "事业性",
    "决定",
    "金额",
    "单位",
    "万元",
];

/// Glues the characters of each [`TABLE_WORDS`] word in `items` (built from `text`).
fn keep_words(items: &mut [Item], text: &str) {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_control()).collect();
    let mut inside = vec![false; chars.len() + 1];
    let mut i = 0;
    while i < chars.len() {
        let hit = TABLE_WORDS
            .iter()
            .filter(|w| {
                let n = w.chars().count();
                chars.len() - i >= n && w.chars().zip(&chars[i..]).all(|(a, b)| a == *b)
            })
            .max_by_key(|w| w.chars().count());
        match hit {
            Some(w) => {
                let n = w.chars().count();
                for flag in &mut inside[i + 1..i + n] {
                    *flag = true;
                }
                i += n;
            }
            None => i += 1,
        }
    }
    for it in items.iter_mut() {
        if inside.get(it.start).copied().unwrap_or(false) {
            it.glue = true;
        }
    }
}

/// Characters that must not end a line.
pub const NO_END: &str = "（《「『“‘〔［｛〈【〖〘〚｟«‹([{";

fn is_wide(ch: char) -> bool {
    matches!(ch as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
        || "—…“”‘’·".contains(ch)
}

/// An unbreakable piece of text: one CJK character, a `——`/`……` pair, a Latin word or
/// number, or a space.
#[derive(Debug, Clone)]
struct Item {
    text: String,
    face: FaceId,
    width: f32,
    /// Drawn with the grid's character spacing (one glyph per item, CJK).
    wide: bool,
    space: bool,
    /// No line break allowed before this item.
    glue: bool,
    /// A piece of a web or e-mail address after its first: a break is allowed before it.
    url_piece: bool,
    /// Index of the first character in the source text.
    start: usize,
}

struct Style {
    size: f32,
    /// Full-width characters advance by [`PITCH`] (the 28-per-line grid) instead of 1 em.
    grid: bool,
}

impl Style {
    fn tracking(&self) -> f32 {
        if self.grid { PITCH - self.size } else { 0.0 }
    }
}

struct Ctx<'a> {
    m: &'a dyn Measure,
    missing: BTreeSet<char>,
}

impl Ctx<'_> {
    fn face(&mut self, role: Role, ch: char) -> FaceId {
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

    fn items(&mut self, spans: &[(Role, &str)], style: &Style) -> Vec<Item> {
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
fn break_lines(items: &[Item], avail: &dyn Fn(usize) -> f32) -> Vec<Range<usize>> {
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

fn natural(items: &[Item]) -> f32 {
    items.iter().map(|i| i.width).sum()
}

/// Positions a line's items from `x`; `justify` stretches the gaps to fill that width.
fn place(
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
            Some(r) if open && it.wide && r.face == it.face => r.text.push_str(&it.text),
            _ => runs.push(Run {
                x: pen,
                y: baseline,
                face: it.face,
                size,
                spacing,
                angle: 0.0,
                ink: Ink::Black,
                text: it.text.clone(),
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
    }
}

/// Baseline of text of `size` centred in a band starting at `top` of height `h`.
fn baseline_in(top: f32, h: f32, size: f32) -> f32 {
    top + h / 2.0 + 0.36 * size
}

// ------------------------------------------------------------------ title

const LEXICON: &[&str] = &[
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
fn title_boundaries(title: &str) -> BTreeSet<usize> {
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
fn title_lines(items: &[Item], title: &str, width: f32) -> Vec<Range<usize>> {
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

fn balanced(items: &[Item], allowed: &[bool], width: f32) -> Option<Vec<Range<usize>>> {
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

fn rebuild(
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

// ------------------------------------------------------------------ tables

/// Table font size by table: 小四 for 二, 五号 for 三, 小五 for the 15-column 四.
pub fn table_size(t: &Table) -> f32 {
    match t.columns {
        c if c >= 12 => 9.0,
        c if c >= 8 => 10.5,
        _ => 12.0,
    }
}

const PAD_X: f32 = 3.0;
const PAD_Y: f32 = 3.0;
const BORDER: f32 = 0.6;

/// A table measured for pagination.
struct Measured {
    size: f32,
    lh: f32,
    xs: Vec<f32>,
    cells: Vec<CellBox>,
    heights: Vec<f32>,
    keep_next: Vec<bool>,
    header_rows: usize,
}

struct CellBox {
    row: usize,
    col: usize,
    cell: GridCell,
    lines: Vec<Vec<Item>>,
}

// ------------------------------------------------------------------ the document

struct Flow<'a> {
    ctx: Ctx<'a>,
    pages: Vec<Page>,
    /// Current position from the top of the page.
    y: f32,
}

impl<'a> Flow<'a> {
    fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.pages.push(Page::default());
        }
        let n = self.pages.len() - 1;
        &mut self.pages[n]
    }

    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = TOP;
    }

    fn bottom() -> f32 {
        TOP + BLOCK_H
    }

    /// Grid lines left on this page.
    fn lines_left(&self) -> usize {
        ((Self::bottom() - self.y + 0.5) / LINE).floor().max(0.0) as usize
    }

    /// Moves to the next grid line boundary (after a table).
    fn snap(&mut self) {
        let k = ((self.y - TOP) / LINE - 0.01).ceil().max(0.0);
        self.y = TOP + k * LINE;
        if self.lines_left() == 0 {
            self.new_page();
        }
    }

    fn ensure_lines(&mut self, n: usize) {
        if self.lines_left() < n && self.y > TOP + 0.5 {
            self.new_page();
        }
    }

    /// Lays out a paragraph-like block on the grid: first-line indent `indent` (pt), justified.
    fn paragraph(&mut self, spans: &[(Role, &str)], kind: Kind, indent: f32, keep_next: usize) {
        let style = Style {
            size: BODY_SIZE,
            grid: true,
        };
        let items = self.ctx.items(spans, &style);
        if items.is_empty() {
            return;
        }
        let lines = break_lines(&items, &|n| if n == 0 { BLOCK_W - indent } else { BLOCK_W });
        let count = lines.len();
        // Headings (keep_next > 0) stay whole and with the first lines of what follows; a
        // body paragraph may cross a page but leaves no single line behind or ahead of it
        // (orphans and widows), so short paragraphs of up to three lines stay whole.
        let together = if keep_next > 0 || count <= 3 {
            count
        } else {
            2
        };
        self.ensure_lines(together.min(LINES - 1) + keep_next);
        for (n, range) in lines.into_iter().enumerate() {
            let widow = n >= 2 && count - n == 2 && self.lines_left() == 1;
            if self.lines_left() == 0 || widow {
                self.new_page();
            }
            let x = if n == 0 { LEFT + indent } else { LEFT };
            let w = if n == 0 { BLOCK_W - indent } else { BLOCK_W };
            let last = n + 1 == count;
            let line = place(
                &items[range],
                kind,
                x,
                baseline_in(self.y, LINE, BODY_SIZE),
                BODY_SIZE,
                &style,
                (!last).then_some(w),
            );
            self.page().lines.push(line);
            self.y += LINE;
        }
    }

    /// The title in the view's lines (shared with HTML and DOCX); a line wider than the
    /// block with the real fonts is itself broken into balanced lines.
    fn title(&mut self, view_lines: &[String]) {
        for title in view_lines {
            self.title_line(title);
        }
    }

    fn title_line(&mut self, title: &str) {
        let style = Style {
            size: TITLE_SIZE,
            grid: false,
        };
        let items = self.ctx.items(&[(Role::Title, title)], &style);
        for range in title_lines(&items, title, BLOCK_W) {
            if self.lines_left() == 0 {
                self.new_page();
            }
            let w = natural(&items[range.clone()]);
            let line = place(
                &items[range],
                Kind::Title,
                LEFT + (BLOCK_W - w) / 2.0,
                baseline_in(self.y, LINE, TITLE_SIZE),
                TITLE_SIZE,
                &style,
                None,
            );
            self.page().lines.push(line);
            self.y += LINE;
        }
    }

    /// Cells, their lines and the row heights of a table, before pagination.
    fn measure(&mut self, t: &Table) -> Measured {
        let size = table_size(t);
        let lh = size * 1.3;
        let style = Style { size, grid: false };
        let total: f32 = t.widths.iter().map(|w| *w as f32).sum::<f32>().max(1.0);
        let cols = t.columns.max(1);
        let mut xs = vec![LEFT];
        for c in 0..cols {
            let w = t.widths.get(c).map_or(total / cols as f32, |w| *w as f32);
            xs.push(xs[c] + BLOCK_W * w / total);
        }
        let nrows = t.rows.len();
        // Place the cells on the grid positions.
        let grid = t.grid();
        let mut cells: Vec<CellBox> = Vec::new();
        for (r, row) in t.rows.iter().enumerate() {
            for (i, cell) in row.iter().enumerate() {
                let Some(col) = grid[r].iter().position(|g| *g == Some((r, i))) else {
                    continue;
                };
                let cs = cell.colspan.max(1).min(cols - col);
                let inner = (xs[col + cs] - xs[col] - 2.0 * PAD_X).max(size);
                let mut items = self.ctx.items(&[(Role::Body, cell.text.as_str())], &style);
                keep_words(&mut items, &cell.text);
                let lines = break_lines(&items, &|_| inner)
                    .into_iter()
                    .map(|r| items[r].to_vec())
                    .collect();
                let mut cell = cell.clone();
                cell.colspan = cs;
                cell.rowspan = cell.rowspan.clamp(1, nrows - r);
                cells.push(CellBox {
                    row: r,
                    col,
                    cell,
                    lines,
                });
            }
        }
        // Row heights from content; a merged cell's excess is shared by its rows.
        let need = |c: &CellBox| c.lines.len().max(1) as f32 * lh + 2.0 * PAD_Y;
        let mut heights = vec![lh + 2.0 * PAD_Y; nrows];
        for c in cells.iter().filter(|c| c.cell.rowspan == 1) {
            heights[c.row] = heights[c.row].max(need(c));
        }
        for c in cells.iter().filter(|c| c.cell.rowspan > 1) {
            let span = c.row..c.row + c.cell.rowspan;
            let have: f32 = heights[span.clone()].iter().sum();
            if need(c) > have {
                let add = (need(c) - have) / c.cell.rowspan as f32;
                for h in &mut heights[span] {
                    *h += add;
                }
            }
        }
        // Rows kept with the row after them: captions and column headers, and the rows of a
        // merged group small enough to stay on one page, so its label is never cut off.
        let mut keep_next: Vec<bool> = (0..nrows)
            .map(|r| {
                r + 1 < nrows
                    && (r < t.header_rows
                        || t.rows[r]
                            .iter()
                            .all(|c| matches!(c.role, CellRole::Caption | CellRole::ColHeader)))
            })
            .collect();
        for c in cells
            .iter()
            .filter(|c| c.cell.rowspan > 1 && c.row >= t.header_rows)
        {
            let span = c.row..c.row + c.cell.rowspan;
            if heights[span.clone()].iter().sum::<f32>() <= BLOCK_H / 2.0 {
                for keep in &mut keep_next[span.start..span.end - 1] {
                    *keep = true;
                }
            }
        }
        Measured {
            size,
            lh,
            xs,
            cells,
            heights,
            keep_next,
            header_rows: t.header_rows.min(nrows),
        }
    }

    /// Grid lines the table's first unbreakable block takes (a heading before the table
    /// keeps that much room below it).
    fn first_block_lines(m: &Measured) -> usize {
        let mut end = 0;
        while end + 1 < m.heights.len() && m.keep_next[end] {
            end += 1;
        }
        let h: f32 = m.heights.iter().take(end + 1).sum();
        (h / LINE - 0.01).ceil().max(1.0) as usize
    }

    fn table(&mut self, t: &Table) {
        let m = self.measure(t);
        let nrows = m.heights.len();
        if nrows == 0 {
            return;
        }
        let Measured {
            size,
            lh,
            xs,
            cells,
            mut heights,
            keep_next,
            header_rows,
        } = m;
        let style = Style { size, grid: false };
        let header: f32 = heights[..header_rows].iter().sum();
        let block_end = |r: usize| {
            let mut e = r;
            while e + 1 < nrows && keep_next[e] {
                e += 1;
            }
            e
        };
        // Paginate: (page, top) of every row; rows never split.
        let mut at: Vec<(usize, f32)> = Vec::with_capacity(nrows);
        let mut repeats: Vec<(usize, f32)> = Vec::new();
        let mut r = 0;
        while r < nrows {
            let end = block_end(r);
            let block: f32 = heights[r..=end].iter().sum();
            if self.y + block > Self::bottom() + 0.01 && self.y > TOP + 0.5 {
                // Never carry a single body row over under a repeated header: take the
                // block before it along when that leaves rows on this page.
                // Where the break really goes: never a single body row carried over under
                // a repeated header, never a merged label's first piece too small to show it.
                let mut back = r;
                if r == end && end + 1 == nrows && r > header_rows {
                    back = r - 1;
                    while back > header_rows && keep_next[back - 1] {
                        back -= 1;
                    }
                }
                for c in cells
                    .iter()
                    .filter(|c| c.cell.rowspan > 1 && c.row >= header_rows)
                {
                    let label = c.lines.len() as f32 * lh + 2.0 * PAD_Y;
                    if c.row < back && back < c.row + c.cell.rowspan {
                        let piece: f32 = heights[c.row..back].iter().sum();
                        if piece + 0.01 < label {
                            back = c.row;
                        }
                    }
                }
                let page = self.pages.len() - 1;
                if back < r && at[back].0 == page && (header_rows..back).any(|x| at[x].0 == page) {
                    at.truncate(back);
                    r = back;
                }
                self.new_page();
                if r >= header_rows && header_rows > 0 {
                    let rest: f32 = heights[r..=block_end(r)].iter().sum();
                    if header + rest <= BLOCK_H {
                        repeats.push((self.pages.len() - 1, self.y));
                        self.y += header;
                    }
                }
            }
            let end = block_end(r);
            for h in &heights[r..=end] {
                at.push((self.pages.len() - 1, self.y));
                self.y += h;
            }
            r = end + 1;
        }
        // The table ends on the line grid on every page: its rows there share the space left
        // to the next grid line, so the gap to what follows is always the same.
        let last_page = at.last().map_or(0, |a| a.0);
        for page in at.first().map_or(0, |a| a.0)..=last_page {
            // Body rows only: the header keeps its height, as it is repeated on later pages.
            let rows: Vec<usize> = (header_rows..nrows).filter(|&r| at[r].0 == page).collect();
            let (Some(&first), Some(&last)) = (rows.first(), rows.last()) else {
                continue;
            };
            let bottom = at[last].1 + heights[last];
            let k = ((bottom - TOP) / LINE - 0.01).ceil();
            let target = (TOP + k * LINE).min(Self::bottom());
            let add = (target - bottom).max(0.0) / rows.len() as f32;
            let mut y = at[first].1;
            for &row in &rows {
                heights[row] += add;
                at[row].1 = y;
                y += heights[row];
            }
            if page == last_page {
                self.y = y;
            }
        }
        // Draw every cell, split into one fragment per page it spans.
        let draw = |flow: &mut Flow, c: &CellBox, frags: Vec<(usize, f32, f32)>| {
            let (x1, x2) = (xs[c.col], xs[c.col + c.cell.colspan]);
            let text_h = c.lines.len() as f32 * lh;
            let fits: Vec<bool> = frags.iter().map(|f| f.2 + 0.01 >= text_h + PAD_Y).collect();
            let largest = frags
                .iter()
                .enumerate()
                .max_by(|a, b| a.1.2.total_cmp(&b.1.2))
                .map_or(0, |(i, _)| i);
            for (k, (page, top, h)) in frags.iter().copied().enumerate() {
                let p = &mut flow.pages[page];
                for (a, b, cx, cy) in [
                    (x1, top, x2, top),
                    (x1, top + h, x2, top + h),
                    (x1, top, x1, top + h),
                    (x2, top, x2, top + h),
                ] {
                    p.rules.push(Rule {
                        x1: a,
                        y1: b,
                        x2: cx,
                        y2: cy,
                        width: BORDER,
                    });
                }
                // A label is drawn in every piece of its cell that holds it (repeated after
                // a page break), or once in the largest piece when none does.
                if !(fits[k] || (!fits.iter().any(|f| *f) && k == largest)) {
                    continue;
                }
                let first = top + (h - text_h) / 2.0;
                for (n, items) in c.lines.iter().enumerate() {
                    let w = natural(items);
                    let x = match c.cell.role {
                        CellRole::RowHeader => x1 + PAD_X,
                        _ => (x1 + x2 - w) / 2.0,
                    };
                    let line = place(
                        items,
                        Kind::Cell,
                        x,
                        baseline_in(first + n as f32 * lh, lh, size),
                        size,
                        &style,
                        None,
                    );
                    p.lines.push(line);
                }
            }
        };
        let fragments = |rows: Range<usize>, at: &[(usize, f32)]| {
            let mut frags: Vec<(usize, f32, f32)> = Vec::new();
            for row in rows {
                let (page, top) = at[row];
                match frags.last_mut() {
                    Some(f) if f.0 == page => f.2 += heights[row],
                    _ => frags.push((page, top, heights[row])),
                }
            }
            frags
        };
        // Reading order: row by row.
        for c in &cells {
            let frags = fragments(c.row..c.row + c.cell.rowspan, &at);
            draw(self, c, frags);
            // Header rows again on continuation pages, before that page's rows.
            let _ = c;
        }
        for (page, top) in repeats {
            let mut y = top;
            let mut tops = Vec::new();
            for h in &heights[..header_rows] {
                tops.push((page, y));
                y += h;
            }
            // Move the repeated header's lines before the page's other table lines.
            let before = self.pages[page].lines.len();
            for c in cells.iter().filter(|c| c.row < header_rows) {
                let frags = fragments(c.row..c.row + c.cell.rowspan, &tops);
                draw(self, c, frags);
            }
            let p = &mut self.pages[page];
            let added: Vec<Line> = p.lines.drain(before..).collect();
            let insert_at = p
                .lines
                .iter()
                .position(|l| l.kind == Kind::Cell && l.baseline() > top)
                .unwrap_or(p.lines.len());
            p.lines.splice(insert_at..insert_at, added);
        }
    }
}

/// Lays out the whole report.
pub fn layout(view: &View, m: &dyn Measure) -> Document {
    let mut f = Flow {
        ctx: Ctx {
            m,
            missing: BTreeSet::new(),
        },
        pages: vec![Page::default()],
        y: TOP,
    };
    let indent = 2.0 * PITCH;
    f.title(&view.title_lines);
    f.y += LINE; // one blank line after the title
    for p in &view.lead {
        f.paragraph(&[(Role::Body, p)], Kind::Body, indent, 0);
    }
    for s in &view.sections {
        // A section heading keeps the first lines of what follows on its page: two lines
        // of text, or the caption, header and first row of a table.
        let keep = match s.blocks.first() {
            Some(Block::Table(t)) => {
                let m = f.measure(t);
                Flow::first_block_lines(&m)
            }
            _ => 2,
        };
        f.paragraph(&[(Role::Hei, s.heading)], Kind::Heading1, indent, keep);
        for b in &s.blocks {
            match b {
                Block::Paragraph { text } => {
                    f.paragraph(&[(Role::Body, text)], Kind::Body, indent, 0)
                }
                Block::Heading { marker, text } => {
                    let t = format!("{marker}{text}");
                    f.paragraph(&[(Role::Kai, &t)], Kind::Heading2, indent, 2);
                }
                Block::Table(t) => {
                    if f.lines_left() == 0 {
                        f.new_page();
                    }
                    f.table(t);
                    f.snap();
                }
            }
        }
    }
    signoff(&mut f, view);
    let mut pages = f.pages;
    let missing: Vec<char> = f.ctx.missing.iter().copied().collect();
    let mut ctx = Ctx {
        m,
        missing: BTreeSet::new(),
    };
    let total = pages.len();
    for (n, page) in pages.iter_mut().enumerate() {
        decorate(&mut ctx, page, n + 1, total, view.draft_notice.as_deref());
    }
    let mut missing = missing;
    missing.extend(ctx.missing);
    missing.sort_unstable();
    missing.dedup();
    Document {
        width: PAGE_W,
        height: PAGE_H,
        pages,
        missing,
    }
}

/// Sign-off without seal (spec §8.3): one blank line; the agency right-indented two
/// characters; the date below, starting two characters right of the agency's first
/// character — or, when the date is the longer, the date right-indented two characters and
/// the agency shifted to stay two characters left of it.
fn signoff(f: &mut Flow, view: &View) {
    let style = Style {
        size: BODY_SIZE,
        grid: true,
    };
    let name = f.ctx.items(&[(Role::Body, &view.signoff.agency)], &style);
    let date = f.ctx.items(&[(Role::Body, &view.signoff.date)], &style);
    let lines = [&name, &date].iter().filter(|l| !l.is_empty()).count();
    if lines == 0 {
        return;
    }
    f.y += LINE;
    if f.lines_left() < lines {
        f.new_page();
    }
    let right = LEFT + BLOCK_W - 2.0 * PITCH;
    let (nw, dw) = (natural(&name).min(BLOCK_W), natural(&date).min(BLOCK_W));
    let mut name_x = right - nw;
    let mut date_x = name_x + 2.0 * PITCH;
    if date_x + dw > right {
        date_x = right - dw;
        name_x = date_x - 2.0 * PITCH;
    }
    for (items, x) in [(&name, name_x), (&date, date_x)] {
        if items.is_empty() {
            continue;
        }
        let line = place(
            items,
            Kind::Signoff,
            x.max(LEFT),
            baseline_in(f.y, LINE, BODY_SIZE),
            BODY_SIZE,
            &style,
            None,
        );
        f.page().lines.push(line);
        f.y += LINE;
    }
}

/// Page number, watermark and draft notice.
fn decorate(ctx: &mut Ctx, page: &mut Page, n: usize, _total: usize, draft: Option<&str>) {
    let style = Style {
        size: PAGE_NO_SIZE,
        grid: false,
    };
    let items = ctx.items(&[(Role::Song, &format!("— {n} —"))], &style);
    let w = natural(&items);
    let x = if n % 2 == 1 {
        LEFT + BLOCK_W - PAGE_NO_SIZE - w
    } else {
        LEFT + PAGE_NO_SIZE
    };
    // The dashes' top edge 7 mm below the text block.
    let baseline = TOP + BLOCK_H + 7.0 * MM + 0.36 * PAGE_NO_SIZE;
    page.lines.push(place(
        &items,
        Kind::PageNumber,
        x,
        baseline,
        PAGE_NO_SIZE,
        &style,
        None,
    ));
    let Some(notice) = draft else { return };
    // The watermark goes first so everything else is drawn over it.
    let size = 110.0;
    let style = Style { size, grid: false };
    let items = ctx.items(&[(Role::Hei, "草稿")], &style);
    let w = natural(&items);
    let angle: f32 = 45.0;
    let (s, c) = angle.to_radians().sin_cos();
    let (cx, cy) = (PAGE_W / 2.0, PAGE_H / 2.0);
    // Origin so that the text's centre lands on the page centre (y down, rotation ccw).
    let ox = cx - c * w / 2.0 + s * 0.36 * size;
    let oy = cy + s * w / 2.0 + c * 0.36 * size;
    let mut mark = place(&items, Kind::Watermark, ox, oy, size, &style, None);
    for r in &mut mark.runs {
        r.x = ox;
        r.y = oy;
        r.angle = angle;
        r.ink = Ink::Watermark;
    }
    mark.runs.truncate(1);
    if let Some(r) = mark.runs.first_mut() {
        r.text = "草稿".into();
    }
    page.lines.insert(0, mark);
    let size = 12.0;
    let style = Style { size, grid: false };
    let items = ctx.items(&[(Role::Hei, notice)], &style);
    let mut note = place(
        &items,
        Kind::DraftNote,
        LEFT,
        TOP - 10.0 * MM,
        size,
        &style,
        None,
    );
    for r in &mut note.runs {
        r.ink = Ink::Red;
    }
    page.lines.insert(1, note);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character in face 0, CJK 1 em, others 0.5 em; `□` is in no face.
    struct Fake;
    impl Measure for Fake {
        fn face_for(&self, _role: Role, ch: char) -> Option<FaceId> {
            (ch != '□').then_some(0)
        }
        fn advance(&self, _face: FaceId, ch: char) -> f32 {
            if is_wide(ch) { 1.0 } else { 0.5 }
        }
    }

    fn lines_of(text: &str, width: f32) -> Vec<String> {
        let mut ctx = Ctx {
            m: &Fake,
            missing: BTreeSet::new(),
        };
        let style = Style {
            size: BODY_SIZE,
            grid: true,
        };
        let items = ctx.items(&[(Role::Body, text)], &style);
        break_lines(&items, &|_| width)
            .into_iter()
            .map(|r| items[r].iter().map(|i| i.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn twenty_eight_characters_fill_a_line() {
        let text = "政".repeat(60);
        let lines = lines_of(&text, BLOCK_W);
        assert_eq!(lines[0].chars().count(), CHARS);
        assert_eq!(lines[1].chars().count(), CHARS);
    }

    #[test]
    fn punctuation_never_starts_or_ends_a_line() {
        // 27 characters then a comma: the comma cannot start the next line, so the last
        // character goes down with it.
        let text = format!("{}字，后文“引号”（括号）继续。", "政".repeat(27));
        let lines = lines_of(&text, BLOCK_W);
        assert_eq!(lines[0].chars().count(), 27, "{lines:?}");
        assert!(lines[1].starts_with("字，"));
        let text = format!("{}（括号）", "政".repeat(27));
        let lines = lines_of(&text, BLOCK_W);
        assert!(!lines[0].ends_with('（'), "{lines:?}");
        assert!(lines[1].starts_with("（"));
    }

    #[test]
    fn latin_words_and_dashes_stay_whole() {
        let text = format!("{}GB/T9704-2012标准", "政".repeat(25));
        let lines = lines_of(&text, BLOCK_W);
        assert!(lines[1].starts_with("GB/T9704-2012"), "{lines:?}");
        let text = format!("{}——破折号", "政".repeat(27));
        let lines = lines_of(&text, BLOCK_W);
        assert!(lines[1].starts_with("——"), "{lines:?}");
        let text = format!("{}……省略", "政".repeat(27));
        assert!(lines_of(&text, BLOCK_W)[1].starts_with("……"));
        // Addresses may break after a slash or dot, words not.
        let text = format!("{}https://www.example.gov.cn/psz下载", "政".repeat(22));
        let lines = lines_of(&text, BLOCK_W);
        assert!(lines[0].ends_with("https://"), "{lines:?}");
        let text = format!("{}Internationalization works", "政".repeat(22));
        let lines = lines_of(&text, BLOCK_W);
        assert!(
            lines[0].ends_with('政') && lines[1] == "Internationalization works",
            "{lines:?}"
        );
    }

    #[test]
    fn overlong_words_are_forced_without_looping() {
        let text = "a".repeat(300);
        let lines = lines_of(&text, BLOCK_W);
        assert_eq!(lines.concat(), text);
        assert!(lines_of("", BLOCK_W).is_empty());
        assert!(lines_of("   ", BLOCK_W).is_empty());
    }

    #[test]
    fn title_breaks_between_words_balanced() {
        let mut ctx = Ctx {
            m: &Fake,
            missing: BTreeSet::new(),
        };
        let style = Style {
            size: TITLE_SIZE,
            grid: false,
        };
        let title = "磐石镇人民政府2025年政府信息公开工作年度报告";
        let items = ctx.items(&[(Role::Title, title)], &style);
        let lines: Vec<String> = title_lines(&items, title, BLOCK_W)
            .into_iter()
            .map(|r| items[r].iter().map(|i| i.text.as_str()).collect())
            .collect();
        assert_eq!(lines, ["磐石镇人民政府2025年", "政府信息公开工作年度报告"]);
        let short = "某镇报告";
        let items = ctx.items(&[(Role::Title, short)], &style);
        assert_eq!(title_lines(&items, short, BLOCK_W).len(), 1);
    }

    /// Face 0 lacks Latin letters; face 1 has them.
    struct TwoFaces;
    impl Measure for TwoFaces {
        fn face_for(&self, _role: Role, ch: char) -> Option<FaceId> {
            Some(usize::from(ch.is_ascii_alphabetic()))
        }
        fn advance(&self, _face: FaceId, ch: char) -> f32 {
            if is_wide(ch) { 1.0 } else { 0.5 }
        }
    }

    #[test]
    fn characters_fall_back_to_a_face_that_has_them() {
        let mut ctx = Ctx {
            m: &TwoFaces,
            missing: BTreeSet::new(),
        };
        let style = Style {
            size: BODY_SIZE,
            grid: true,
        };
        let items = ctx.items(&[(Role::Body, "见PDF文件")], &style);
        let faces: Vec<(String, FaceId)> = items.iter().map(|i| (i.text.clone(), i.face)).collect();
        assert_eq!(
            faces,
            [
                ("见".into(), 0),
                ("PDF".into(), 1),
                ("文".into(), 0),
                ("件".into(), 0)
            ]
        );
        let line = place(&items, Kind::Body, LEFT, 100.0, BODY_SIZE, &style, None);
        assert_eq!(line.runs.len(), 3);
        assert!(ctx.missing.is_empty());
    }

    #[test]
    fn missing_characters_are_reported() {
        let mut ctx = Ctx {
            m: &Fake,
            missing: BTreeSet::new(),
        };
        let style = Style {
            size: BODY_SIZE,
            grid: true,
        };
        ctx.items(&[(Role::Body, "有□字")], &style);
        assert_eq!(ctx.missing.into_iter().collect::<Vec<_>>(), ['□']);
    }

    fn cell(text: &str, role: CellRole, rowspan: usize) -> GridCell {
        GridCell {
            text: text.to_string(),
            rowspan,
            colspan: 1,
            role,
        }
    }

    /// A two-column table: a header row, then `rows` body rows; the first `group` body rows
    /// share a merged label cell.
    fn table(rows: usize, group: usize) -> Table {
        let mut out = vec![vec![
            cell("类别", CellRole::ColHeader, 1),
            cell("件数", CellRole::ColHeader, 1),
        ]];
        for r in 0..rows {
            let mut row = Vec::new();
            if r == 0 && group > 1 {
                row.push(cell("分组标签", CellRole::RowHeader, group));
            } else if r >= group {
                row.push(cell(&format!("第{r}行"), CellRole::RowHeader, 1));
            }
            row.push(cell(&format!("{}", 100 + r), CellRole::Number, 1));
            out.push(row);
        }
        Table {
            id: "t3",
            caption: "测试",
            columns: 2,
            widths: vec![500, 500],
            header_rows: 1,
            rows: out,
        }
    }

    fn flow() -> Flow<'static> {
        Flow {
            ctx: Ctx {
                m: &Fake,
                missing: BTreeSet::new(),
            },
            pages: vec![Page::default()],
            y: TOP,
        }
    }

    /// The cell texts on each page.
    fn cell_texts(f: &Flow) -> Vec<Vec<String>> {
        f.pages
            .iter()
            .map(|p| {
                p.lines
                    .iter()
                    .filter(|l| l.kind == Kind::Cell)
                    .map(Line::text)
                    .collect()
            })
            .collect()
    }

    #[test]
    fn a_table_never_carries_one_row_alone_under_a_repeated_header() {
        for rows in 20..40 {
            let mut f = flow();
            f.table(&table(rows, 0));
            let pages = cell_texts(&f);
            for (n, texts) in pages.iter().enumerate().skip(1) {
                let body = texts.iter().filter(|t| t.starts_with('1')).count();
                assert!(
                    body >= 2,
                    "{rows} rows: page {n} has {body} body row(s): {texts:?}"
                );
            }
        }
    }

    #[test]
    fn a_merged_label_shows_on_every_page_it_spans_or_moves_whole() {
        // A group taller than half a page is split; its label is repeated on each piece.
        let mut f = flow();
        f.y = TOP + 10.0 * LINE;
        f.table(&table(45, 45));
        let pages = cell_texts(&f);
        assert!(pages.len() >= 2);
        for (n, texts) in pages.iter().enumerate() {
            assert!(texts.iter().any(|t| t == "分组标签"), "page {n}: {texts:?}");
        }
        // A small group that does not fit at the foot of a page moves to the next one whole.
        let mut f = flow();
        f.y = TOP + 19.0 * LINE;
        f.table(&table(8, 6));
        let pages = cell_texts(&f);
        let with_label = pages
            .iter()
            .filter(|p| p.iter().any(|t| t == "分组标签"))
            .count();
        assert_eq!(with_label, 1, "{pages:?}");
        let page = pages
            .iter()
            .position(|p| p.iter().any(|t| t == "分组标签"))
            .unwrap();
        for v in 100..106 {
            assert!(pages[page].contains(&v.to_string()), "{pages:?}");
        }
    }

    #[test]
    fn a_table_ends_on_the_line_grid() {
        for rows in [1, 3, 7, 30] {
            let mut f = flow();
            f.y = TOP + 2.0 * LINE;
            f.table(&table(rows, 0));
            let k = (f.y - TOP) / LINE;
            assert!((k - k.round()).abs() < 0.01, "{rows} rows end at {k} lines");
        }
    }

    #[test]
    fn a_heading_keeps_the_next_lines_on_its_page() {
        let mut f = flow();
        f.y = TOP + (LINES as f32 - 1.0) * LINE;
        f.paragraph(&[(Role::Kai, "（五）监督保障")], Kind::Heading2, 0.0, 2);
        assert_eq!(f.pages.len(), 2, "the heading moved to the next page");
        // A long body paragraph crosses the page, leaving at least two lines on each side.
        let mut f = flow();
        f.y = TOP + (LINES as f32 - 1.0) * LINE;
        f.paragraph(&[(Role::Body, &"政".repeat(28 * 5))], Kind::Body, 0.0, 0);
        let per_page: Vec<usize> = f.pages.iter().map(|p| p.lines.len()).collect();
        assert_eq!(
            per_page,
            vec![0, 5],
            "one line left: the paragraph starts on the next page"
        );
        let mut f = flow();
        f.y = TOP + (LINES as f32 - 3.0) * LINE;
        f.paragraph(&[(Role::Body, &"政".repeat(28 * 4))], Kind::Body, 0.0, 0);
        let per_page: Vec<usize> = f.pages.iter().map(|p| p.lines.len()).collect();
        assert_eq!(
            per_page,
            vec![2, 2],
            "three lines left: two here, two there, never one"
        );
    }

    #[test]
    fn numbers_keep_their_units_and_labels_their_words() {
        // "326条" at the end of a line: the number goes down with its unit.
        let text = format!("{}326条信息", "政".repeat(26));
        let lines = lines_of(&text, BLOCK_W);
        assert!(lines[1].starts_with("326条"), "{lines:?}");
        let text = format!("{}12万元", "政".repeat(26));
        let lines = lines_of(&text, BLOCK_W);
        assert!(lines[1].starts_with("12万元"), "{lines:?}");
        // A label cell three characters wide breaks 不予公开 between its words.
        let mut ctx = Ctx {
            m: &Fake,
            missing: BTreeSet::new(),
        };
        let style = Style {
            size: 10.0,
            grid: false,
        };
        let label = "（三）不予公开";
        let mut items = ctx.items(&[(Role::Body, label)], &style);
        keep_words(&mut items, label);
        let lines: Vec<String> = break_lines(&items, &|_| 30.0)
            .into_iter()
            .map(|r| items[r].iter().map(|i| i.text.as_str()).collect())
            .collect();
        assert!(lines.contains(&"不予".to_string()), "{lines:?}");
        assert!(lines.contains(&"公开".to_string()), "{lines:?}");
    }
}
