//! The PDF writer: draws a laid-out [`Document`] with pdf-writer, page by page, text written
//! as the glyph IDs the layout measured, each face embedded as a subset ([`super::embed`]).
//! Same input, same bytes: the dates and the document ID come from the content.

use std::collections::BTreeMap;

use pdf_writer::types::PageMode;
use pdf_writer::writers::Resources;
use pdf_writer::{Content, Date, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use super::embed::{Subset, Unembeddable};
use rayon::prelude::*;

use super::layout::{Document, Ink, NO_GLYPH_ADVANCE, Page, Run};
use crate::sys::fonts::{FaceId, Metrics};

/// Deflate level for content streams and fonts (the one every output uses).
pub use crate::render::deflate::LEVEL;

/// Document metadata.
#[derive(Debug, Clone)]
pub struct Meta {
    /// `/Title`.
    pub title: String,
    /// `/Author`.
    pub author: String,
    /// `/Lang` of the catalog.
    pub lang: String,
    /// Creation and modification date (year, month, day).
    pub date: (u16, u8, u8),
    /// Bytes the document ID is derived from (the rendered content).
    pub id_seed: Vec<u8>,
    /// The report's data, embedded as a file (`attach`).
    pub data: String,
}

/// FNV-1a, 64 bit: a stable hash for the document ID.
fn fnv(data: &[u8], seed: u64) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ seed;
    for b in data {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// How to write (the defaults, or others for benchmarks and tests).
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Deflate level.
    pub level: u8,
    /// Subset CID-keyed CFF faces with our own subsetter (`false`: subsetter for every face).
    pub own_cff: bool,
    /// Keep the CFF faces' hints (stem hints, hint and counter masks). They only help a
    /// renderer fit stems to a coarse pixel grid; dropped by default, as WeasyPrint does, they
    /// are 15 % of the body face's program. TrueType faces (subset by subsetter) keep theirs.
    pub hinting: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            level: LEVEL,
            own_cff: true,
            hinting: false,
        }
    }
}

/// Writes the PDF; fails only when a face cannot be embedded.
pub fn write(doc: &Document, metrics: &Metrics, meta: &Meta) -> Result<Vec<u8>, Unembeddable> {
    write_with(doc, metrics, meta, Options::default())
}

/// [`write`] with chosen options.
///
/// Every glyph is gathered first, so CIDs follow the fonts' glyph order; then the pages'
/// content streams and the fonts' subset programs are made and compressed in parallel (the
/// pages in order, each compressed as soon as it is drawn), and the file is assembled.
pub fn write_with(
    doc: &Document,
    metrics: &Metrics,
    meta: &Meta,
    options: Options,
) -> Result<Vec<u8>, Unembeddable> {
    let level = options.level;
    let mut next = Ref::new(1);
    let catalog = next.bump();
    let tree = next.bump();
    let info = next.bump();
    let resources = next.bump();
    // Only the faces actually drawn are embedded, in face order.
    let mut subsets: BTreeMap<FaceId, Subset> = BTreeMap::new();
    for run in doc
        .pages
        .iter()
        .flat_map(|p| &p.lines)
        .flat_map(|l| &l.runs)
    {
        let subset = subsets
            .entry(run.face)
            .or_insert_with(|| Subset::new(run.face, &mut next));
        for ch in run.text.chars() {
            if let Some(g) = metrics.glyph(run.face, ch) {
                subset.add(g, ch);
            }
        }
    }
    subsets.values_mut().for_each(|s| s.seal(metrics));

    let fonts = metrics.fonts();
    let (contents, programs) = rayon::join(
        || {
            doc.pages
                .par_iter()
                .map(|page| crate::render::deflate::zlib(&draw(page, doc.height, &subsets), level))
                .collect::<Vec<_>>()
        },
        || {
            subsets
                .par_iter()
                .map(|(_, s)| s.program(fonts, options))
                .collect::<Result<Vec<_>, _>>()
        },
    );
    let programs = programs?;

    let mut pdf = Pdf::with_capacity(
        contents.iter().map(Vec::len).sum::<usize>()
            + programs.iter().map(|p| p.data.len()).sum::<usize>()
            + 16 * 1024,
    );
    pdf.set_binary_marker(b"\xe6\x94\xbf\xe5");
    let mut kids = Vec::with_capacity(doc.pages.len());
    for content in &contents {
        let (page_ref, content_ref) = (next.bump(), next.bump());
        kids.push(page_ref);
        pdf.stream(content_ref, content).filter(Filter::FlateDecode);
        pdf.page(page_ref)
            .media_box(Rect::new(0.0, 0.0, doc.width, doc.height))
            .parent(tree)
            .contents(content_ref)
            .pair(Name(b"Resources"), resources);
    }
    drop(contents);
    pdf.pages(tree)
        .kids(kids.iter().copied())
        .count(i32::try_from(kids.len()).unwrap_or(i32::MAX));
    let mut res = pdf.indirect(resources).start::<Resources>();
    let mut font_dict = res.fonts();
    for s in subsets.values() {
        font_dict.pair(Name(&s.name), s.font_ref);
    }
    font_dict.finish();
    res.finish();
    for (s, program) in subsets.values().zip(&programs) {
        s.write(&mut pdf, fonts, program, level);
    }

    let (y, m, d) = meta.date;
    let date = Date::new(y)
        .month(m)
        .day(d)
        .hour(0)
        .minute(0)
        .second(0)
        .utc_offset_hour(0)
        .utc_offset_minute(0);
    let data = super::attach::write(&mut pdf, &mut next, &meta.data, date, level);
    let mut cat = pdf.catalog(catalog);
    cat.pages(tree)
        .lang(TextStr(&meta.lang))
        .page_mode(PageMode::UseNone);
    super::attach::link(&mut cat, data);
    cat.finish();
    pdf.document_info(info)
        .title(TextStr(&meta.title))
        .author(TextStr(&meta.author))
        .subject(TextStr("政府信息公开工作年度报告"))
        .creator(TextStr("gxgk"))
        .producer(TextStr(concat!("gxgk ", env!("CARGO_PKG_VERSION"))))
        .creation_date(date)
        .modified_date(date);
    let mut id = fnv(&meta.id_seed, 0).to_be_bytes().to_vec();
    id.extend(fnv(&meta.id_seed, 0x9e37_79b9).to_be_bytes());
    pdf.set_file_id((id.clone(), id));
    Ok(pdf.finish())
}

/// The gray level (0 black) or RGB colour of an ink.
fn set_fill(c: &mut Content, ink: Ink) {
    match ink {
        Ink::Black => c.set_fill_gray(0.0),
        Ink::Watermark => c.set_fill_gray(0.82),
        Ink::Red => c.set_fill_rgb(0.8, 0.0, 0.0),
    };
}

/// Hundredths of a point: positions are written to 0.01 pt (0.0035 mm), and relative moves
/// are differences of rounded positions, so rounding never accumulates down a page.
fn centi(v: f32) -> i64 {
    (f64::from(v) * 100.0).round() as i64
}

/// A value in hundredths as the f32 pdf-writer prints shortest (`28.99`, `-595`).
fn pt(c: i64) -> f32 {
    (c as f64 / 100.0) as f32
}

/// One page's content stream (uncompressed). Coordinates turn from the layout's top-left
/// origin to PDF's bottom-left; each run after the first on a page moves by `Td` from the
/// previous one's start.
fn draw(page: &Page, h: f32, subsets: &BTreeMap<FaceId, Subset>) -> Vec<u8> {
    let mut c = Content::new();
    if !page.rules.is_empty() {
        c.set_stroke_gray(0.0);
        // Rules of one width are one path, stroked once.
        let mut width = f32::NAN;
        for r in &page.rules {
            if r.width != width {
                if !width.is_nan() {
                    c.stroke();
                }
                width = r.width;
                c.set_line_width(width);
            }
            c.move_to(pt(centi(r.x1)), pt(centi(h - r.y1)));
            c.line_to(pt(centi(r.x2)), pt(centi(h - r.y2)));
        }
        c.stroke();
    }
    c.begin_text();
    let mut state: Option<(FaceId, f32)> = None;
    let mut spacing = 0i64;
    let mut ink = Ink::Black;
    // The current line start in hundredths, when it is unrotated.
    let mut at: Option<(i64, i64)> = None;
    set_fill(&mut c, ink);
    for run in page.lines.iter().flat_map(|l| &l.runs) {
        if run.text.is_empty() {
            continue;
        }
        let Some(subset) = subsets.get(&run.face) else {
            continue;
        };
        if state != Some((run.face, run.size)) {
            state = Some((run.face, run.size));
            c.set_font(Name(&subset.name), run.size);
        }
        // Character spacing to 0.001 pt: 28 characters stay within 0.03 pt of the layout.
        let tc = (f64::from(run.spacing) * 1000.0).round() as i64;
        if tc != spacing {
            spacing = tc;
            c.set_char_spacing((tc as f64 / 1000.0) as f32);
        }
        if run.ink != ink {
            ink = run.ink;
            set_fill(&mut c, ink);
        }
        let (x, y) = (centi(run.x), centi(h - run.y));
        if run.angle != 0.0 {
            let (s, co) = run.angle.to_radians().sin_cos();
            c.set_text_matrix([co, s, -s, co, pt(x), pt(y)]);
            at = None;
        } else {
            match at {
                Some((lx, ly)) => c.next_line(pt(x - lx), pt(y - ly)),
                None => c.set_text_matrix([1.0, 0.0, 0.0, 1.0, pt(x), pt(y)]),
            };
            at = Some((x, y));
        }
        show(&mut c, run, subset);
    }
    c.end_text();
    c.finish().into_vec()
}

/// Shows a run as two-byte CIDs. A character its face has no glyph for (only whitespace
/// reaches here: the layout reports any other) is skipped by the advance the layout gave it.
fn show(c: &mut Content, run: &Run, subset: &Subset) {
    let mut pieces: Vec<(Vec<u8>, f32)> = vec![(Vec::new(), 0.0)];
    for ch in run.text.chars() {
        match subset.cid(ch) {
            Some(cid) => {
                let last = pieces.last_mut().map(|p| &mut p.0);
                if let Some(bytes) = last {
                    bytes.extend(cid.to_be_bytes());
                }
            }
            None => {
                // The layout's advance for a glyphless character, plus the character spacing
                // a drawn glyph would have had, in thousandths of the size (TJ moves left for
                // positive numbers).
                let skip = NO_GLYPH_ADVANCE * 1000.0 + run.spacing * 1000.0 / run.size.max(0.01);
                pieces.push((Vec::new(), -skip));
            }
        }
    }
    if let [(bytes, _)] = pieces.as_slice() {
        c.show(Str(bytes));
        return;
    }
    let mut tj = c.show_positioned();
    let mut items = tj.items();
    for (bytes, before) in &pieces {
        if *before != 0.0 {
            items.adjust(*before);
        }
        if !bytes.is_empty() {
            items.show(Str(bytes));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_depend_on_the_seed() {
        assert_eq!(fnv(b"a", 0), fnv(b"a", 0));
        assert_ne!(fnv(b"a", 0), fnv(b"b", 0));
    }
}
