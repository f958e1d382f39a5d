//! The GB/T 9704 layout engine: turns the shared view into pages of positioned text runs and
//! rules (spec §8). Pure: it only asks a [`Measure`] which face draws a character and how wide
//! it is, so any fixed-layout writer can draw its output.
//!
//! Coordinates are points from the page's top-left corner, y growing downwards; `Run::y` is
//! the baseline.

mod flow;
mod table;
mod tags;
mod text;
mod title;

#[cfg(test)]
mod tests;

use crate::sys::fonts::{FaceId, Role};

pub use flow::layout;
pub use table::table_size;
pub use tags::{Elem, Scope, Tag, link_target};
pub use text::{NO_END, NO_START};

use crate::view::page;

/// Points per millimetre.
pub const MM: f32 = 72.0 / 25.4;
/// A4 width.
pub const PAGE_W: f32 = page::PAGE_W_MM * MM;
/// A4 height.
pub const PAGE_H: f32 = page::PAGE_H_MM * MM;
/// 订口 (left margin).
pub const LEFT: f32 = page::LEFT_MM * MM;
/// 天头 (top margin).
pub const TOP: f32 = page::TOP_MM * MM;
/// 版心 width.
pub const BLOCK_W: f32 = page::BLOCK_W_MM * MM;
/// 版心 height.
pub const BLOCK_H: f32 = page::BLOCK_H_MM * MM;
/// Lines per page.
pub const LINES: usize = page::LINES;
/// Characters per line.
pub const CHARS: usize = page::CHARS;
/// Line pitch: 225 mm / 22.
pub const LINE: f32 = BLOCK_H / LINES as f32;
/// Character pitch: 156 mm / 28.
pub const PITCH: f32 = BLOCK_W / CHARS as f32;
/// 3号.
pub const BODY_SIZE: f32 = page::BODY_PT;
/// 2号.
pub const TITLE_SIZE: f32 = page::TITLE_PT;
/// 4号.
pub const PAGE_NO_SIZE: f32 = page::PAGE_NO_PT;

/// The advance, in em, the layout gives a character its face has no glyph for (whitespace
/// only: any other such character is reported missing).
pub const NO_GLYPH_ADVANCE: f32 = 0.5;

/// Glyph lookup the layout needs; implemented over real fonts by `fonts::Metrics`.
pub trait Measure {
    /// The face that draws `ch` in `role` (the role's own face or a fallback), `None` when no
    /// face has it.
    fn face_for(&self, role: Role, ch: char) -> Option<FaceId>;
    /// The advance width of `ch` in `face`, in em.
    fn advance(&self, face: FaceId, ch: char) -> f32;
}

impl Measure for crate::sys::fonts::Metrics<'_> {
    fn face_for(&self, role: Role, ch: char) -> Option<FaceId> {
        crate::sys::fonts::Metrics::face_for(self, role, ch)
    }
    fn advance(&self, face: FaceId, ch: char) -> f32 {
        self.glyph_advance(face, ch).unwrap_or(NO_GLYPH_ADVANCE)
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
    /// The structure element (index into [`Document::elems`]) the run belongs to; `None`
    /// for an artifact.
    pub elem: Option<usize>,
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
    /// The structure element of the line's text (its runs may be in a child of it, a link);
    /// `None` for an artifact.
    pub elem: Option<usize>,
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
    /// Makes the line's runs that belong to no element yet part of `elem` (`None`: an
    /// artifact).
    pub fn tag(mut self, elem: Option<usize>) -> Line {
        self.elem = elem;
        for r in &mut self.runs {
            if r.elem.is_none() {
                r.elem = elem;
            }
        }
        self
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
    /// The structure elements in reading order (a parent before its children).
    pub elems: Vec<Elem>,
}
