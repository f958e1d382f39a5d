//! The page flow: the grid position on the current page, new pages, paragraphs with headings
//! kept with what follows and no orphan or widow lines, the title, the sign-off, and each
//! page's number, watermark and draft notice.

use std::collections::BTreeSet;

use crate::sys::fonts::Role;
use crate::view::{Block, Signoff, View};

use super::tags::{Elem, Tag, addresses};
use super::text::{Shaper, Style, baseline_in, break_lines, natural, place};
use super::title::title_lines;
use super::{
    BLOCK_H, BLOCK_W, BODY_SIZE, Document, Ink, Kind, LEFT, LINE, LINES, Line, MM, Measure, PAGE_H,
    PAGE_NO_SIZE, PAGE_W, PITCH, Page, TITLE_SIZE, TOP,
};

pub(super) struct Flow<'a> {
    pub(super) ctx: Shaper<'a>,
    pub(super) pages: Vec<Page>,
    /// Current position from the top of the page.
    pub(super) y: f32,
    /// The structure elements so far, in reading order.
    pub(super) elems: Vec<Elem>,
}

impl<'a> Flow<'a> {
    pub(super) fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.pages.push(Page::default());
        }
        let n = self.pages.len() - 1;
        &mut self.pages[n]
    }

    /// Starts a structure element; its index.
    pub(super) fn open(&mut self, tag: Tag, parent: Option<usize>) -> usize {
        self.elems.push(Elem { tag, parent });
        self.elems.len() - 1
    }

    pub(super) fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = TOP;
    }

    pub(super) fn bottom() -> f32 {
        TOP + BLOCK_H
    }

    /// Grid lines left on this page.
    pub(super) fn lines_left(&self) -> usize {
        ((Self::bottom() - self.y + 0.5) / LINE).floor().max(0.0) as usize
    }

    /// Moves to the next grid line boundary (after a table).
    pub(super) fn snap(&mut self) {
        let k = ((self.y - TOP) / LINE - 0.01).ceil().max(0.0);
        self.y = TOP + k * LINE;
        if self.lines_left() == 0 {
            self.new_page();
        }
    }

    /// Starts a new page unless `n` lines fit on this one. Headings that end the page go
    /// to the new one with what follows them (a heading's `keep_next` counts two lines, a
    /// short paragraph after it needs three).
    pub(super) fn ensure_lines(&mut self, n: usize) {
        if self.lines_left() < n && self.y > TOP + 0.5 {
            let lines = &self.page().lines;
            let headings = lines
                .iter()
                .rev()
                .take_while(|l| matches!(l.kind, Kind::Heading1 | Kind::Heading2))
                .count();
            let carried = if headings < lines.len() {
                let at = lines.len() - headings;
                self.page().lines.split_off(at)
            } else {
                Vec::new()
            };
            self.new_page();
            self.place_carried(carried);
        }
    }

    /// Puts lines taken off the end of the previous page at the top of this one, on the grid.
    pub(super) fn place_carried(&mut self, carried: Vec<Line>) {
        let Some(first) = carried.first() else {
            return;
        };
        let dy = baseline_in(self.y, LINE, BODY_SIZE) - first.baseline();
        for mut line in carried {
            for r in &mut line.runs {
                r.y += dy;
            }
            self.page().lines.push(line);
            self.y += LINE;
        }
    }

    /// Lays out a paragraph-like block on the grid: first-line indent `indent` (pt), justified.
    pub(super) fn paragraph(
        &mut self,
        spans: &[(Role, &str)],
        kind: Kind,
        indent: f32,
        keep_next: usize,
    ) {
        let style = Style {
            size: BODY_SIZE,
            grid: true,
        };
        let mut items = self.ctx.items(spans, &style);
        if items.is_empty() {
            return;
        }
        let tag = match kind {
            Kind::Heading1 => Tag::H2,
            Kind::Heading2 => Tag::H3,
            _ => Tag::P,
        };
        let elem = self.open(tag, None);
        for (first, end, uri, text) in addresses(&items) {
            let link = self.open(Tag::Link { uri, text }, Some(elem));
            for it in &mut items[first..end] {
                it.elem = Some(link);
            }
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
            )
            .tag(Some(elem));
            self.page().lines.push(line);
            self.y += LINE;
        }
    }

    /// The title in the view's lines (shared with HTML and DOCX); a line wider than the
    /// block with the real fonts is itself broken into balanced lines.
    pub(super) fn title(&mut self, view_lines: &[String]) {
        let elem = self.open(Tag::H1, None);
        for title in view_lines {
            self.title_line(title, elem);
        }
    }

    pub(super) fn title_line(&mut self, title: &str, elem: usize) {
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
            )
            .tag(Some(elem));
            self.page().lines.push(line);
            self.y += LINE;
        }
    }
}

/// Lays out the whole report.
pub fn layout(view: &View, m: &dyn Measure) -> Document {
    let mut f = Flow {
        ctx: Shaper {
            m,
            missing: BTreeSet::new(),
        },
        pages: vec![Page::default()],
        y: TOP,
        elems: Vec::new(),
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
        // The table measured for that is the one laid out next.
        let mut measured = None;
        let keep = match s.blocks.first() {
            Some(Block::Table(t)) => {
                let m = f.measure(t);
                let lines = Flow::first_block_lines(&m);
                measured = Some(m);
                lines
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
                    let m = measured.take().unwrap_or_else(|| f.measure(t));
                    f.table(m);
                    f.snap();
                }
            }
        }
    }
    signoff(&mut f, &view.signoff);
    let elems = f.elems;
    let mut pages = f.pages;
    let missing: Vec<char> = f.ctx.missing.iter().copied().collect();
    let mut ctx = Shaper {
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
        elems,
    }
}

/// Sign-off without seal (spec §8.3): one blank line, then the agency and the date placed
/// by `page::signoff_indents`.
pub(super) fn signoff(f: &mut Flow, signoff: &Signoff) {
    let style = Style {
        size: BODY_SIZE,
        grid: true,
    };
    let name = f.ctx.items(&[(Role::Body, &signoff.agency)], &style);
    let date = f.ctx.items(&[(Role::Body, &signoff.date)], &style);
    let lines = [&name, &date].iter().filter(|l| !l.is_empty()).count();
    if lines == 0 {
        return;
    }
    f.y += LINE;
    if f.lines_left() < lines {
        // 落款 never stands alone on a page: the end of the text goes with it.
        let carried = f.carry();
        f.new_page();
        if !carried.is_empty() {
            f.place_carried(carried);
            f.y += LINE;
        }
    }
    let (nw, dw) = (natural(&name).min(BLOCK_W), natural(&date).min(BLOCK_W));
    let (name_right, date_right) = crate::view::page::signoff_indents(nw, dw, PITCH);
    let name_x = LEFT + BLOCK_W - name_right - nw;
    let date_x = LEFT + BLOCK_W - date_right - dw;
    for (items, x) in [(&name, name_x), (&date, date_x)] {
        if items.is_empty() {
            continue;
        }
        let elem = f.open(Tag::P, None);
        let line = place(
            items,
            Kind::Signoff,
            x.max(LEFT),
            baseline_in(f.y, LINE, BODY_SIZE),
            BODY_SIZE,
            &style,
            None,
        )
        .tag(Some(elem));
        f.page().lines.push(line);
        f.y += LINE;
    }
}

impl Flow<'_> {
    /// Takes the lines that go with the sign-off to its new page off the current page
    /// (GB/T 9704-2012 §7.3.5, spec §8.3: 落款 is not separated from the text): at least the
    /// last two lines of text. A paragraph of up to three lines that began on this page goes
    /// whole, a longer one is split two lines from its end (no orphan or widow), and a
    /// heading goes with the paragraph under it. Nothing when a table ends the text: its rows
    /// stay where they are.
    pub(super) fn carry(&mut self) -> Vec<Line> {
        let Some(page) = self.pages.last() else {
            return Vec::new();
        };
        let lines = &page.lines;
        let earlier = &self.pages[..self.pages.len() - 1];
        let mut at = lines.len();
        let mut text = 0;
        while text < 2 && at > 0 {
            let last = &lines[at - 1];
            if last.kind != Kind::Body {
                break;
            }
            let here = lines[..at]
                .iter()
                .rev()
                .take_while(|l| l.elem == last.elem)
                .count();
            let began_here = earlier
                .iter()
                .all(|p| p.lines.iter().all(|l| l.elem != last.elem));
            if began_here && here <= 3 {
                at -= here;
                text += here;
                // A heading goes with the paragraph under it.
                while at > 0 && matches!(lines[at - 1].kind, Kind::Heading1 | Kind::Heading2) {
                    at -= 1;
                }
            } else {
                // A split leaves two lines or more on each page.
                at -= if here >= 4 { 2 } else { 0 };
                break;
            }
        }
        if at == 0 {
            return Vec::new();
        }
        let n = self.pages.len() - 1;
        self.pages[n].lines.split_off(at)
    }
}

/// Page number, watermark and draft notice.
pub(super) fn decorate(
    ctx: &mut Shaper,
    page: &mut Page,
    n: usize,
    _total: usize,
    draft: Option<&str>,
) {
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
