//! The PDF writer: draws a laid-out [`Document`] with pdf-writer, page by page, text written
//! as the glyph IDs the layout measured, each face embedded as a subset ([`super::embed`]).
//! Each run is marked content of its structure element or an artifact (`tagged.rs`).
//! Same input, same bytes: the dates and the document ID come from the content.

use std::collections::BTreeMap;

use pdf_writer::types::{PageMode, TabOrder};
use pdf_writer::writers::Resources;
use pdf_writer::{Content, Date, Filter, Finish, Name, Pdf, Rect, Ref, Settings, Str, TextStr};

use super::embed::{Subset, Unembeddable};
use rayon::prelude::*;

use super::layout::{Document, Elem, Ink, NO_GLYPH_ADVANCE, Page, Run};
use super::tagged::{self, LinkBox};
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

/// The Info dictionary's and the XMP's subject.
pub const SUBJECT: &str = "政府信息公开工作年度报告";

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

/// [`write()`] with chosen options.
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
    let metadata = next.bump();
    let struct_root = next.bump();
    let outline = next.bump();
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
                .map(|page| {
                    let (content, marks) = draw(page, doc.height, &subsets, &doc.elems);
                    (crate::render::deflate::zlib(&content, level), marks)
                })
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

    let mut pdf = Pdf::with_settings_and_capacity(
        Settings { pretty: false },
        contents.iter().map(|c| c.0.len()).sum::<usize>()
            + programs.iter().map(|p| p.data.len()).sum::<usize>()
            + 16 * 1024,
    );
    pdf.set_binary_marker(b"\xe6\x94\xbf\xe5");
    let kids: Vec<Ref> = (0..doc.pages.len()).map(|_| next.bump()).collect();
    let links: Vec<(LinkBox, Ref)> = tagged::links(doc)
        .into_iter()
        .map(|l| (l, next.bump()))
        .collect();
    for (n, (content, _)) in contents.iter().enumerate() {
        let (page_ref, content_ref) = (kids[n], next.bump());
        pdf.stream(content_ref, content).filter(Filter::FlateDecode);
        let mut page = pdf.page(page_ref);
        page.media_box(Rect::new(0.0, 0.0, doc.width, doc.height))
            .parent(tree)
            .contents(content_ref)
            .struct_parents(n as i32)
            .tab_order(TabOrder::StructureOrder)
            .pair(Name(b"Resources"), resources);
        let annots: Vec<Ref> = links
            .iter()
            .filter(|l| l.0.page == n)
            .map(|l| l.1)
            .collect();
        if !annots.is_empty() {
            page.annotations(annots);
        }
    }
    let marks: Vec<Vec<usize>> = contents.into_iter().map(|c| c.1).collect();
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

    let producer = concat!("gxgk ", env!("CARGO_PKG_VERSION"));
    let xmp = tagged::xmp(meta, producer);
    // Uncompressed, as PDF/A asks, so any tool can find the packet.
    pdf.metadata(metadata, &xmp);
    let mut packed = super::xref::Packed::new();
    tagged::write(
        doc,
        meta,
        &tagged::Refs {
            pages: &kids,
            marks: &marks,
            links: &links,
            root: struct_root,
            outline,
        },
        &mut next,
        &mut packed,
    );
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
        .page_mode(PageMode::UseOutlines)
        .metadata(metadata)
        .outlines(outline)
        .pair(Name(b"StructTreeRoot"), struct_root);
    cat.mark_info().marked(true);
    cat.viewer_preferences().display_doc_title(true);
    super::attach::link(&mut cat, data);
    cat.finish();
    pdf.document_info(info)
        .title(TextStr(&meta.title))
        .author(TextStr(&meta.author))
        .subject(TextStr(SUBJECT))
        .creator(TextStr("gxgk"))
        .producer(TextStr(producer))
        .creation_date(date)
        .modified_date(date);
    let mut id = fnv(&meta.id_seed, 0).to_be_bytes().to_vec();
    id.extend(fnv(&meta.id_seed, 0x9e37_79b9).to_be_bytes());
    let ids = (next.bump(), next.bump());
    Ok(super::xref::finish(
        pdf,
        &packed,
        ids,
        (catalog, info, &id),
        level,
    ))
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
///
/// Tagged (PDF/UA-1): the rules are one artifact; each stretch of runs of one structure
/// element is a marked-content sequence with the next MCID (returned: the element of each),
/// runs of no element are artifacts.
fn draw(
    page: &Page,
    h: f32,
    subsets: &BTreeMap<FaceId, Subset>,
    elems: &[Elem],
) -> (Vec<u8>, Vec<usize>) {
    let mut c = Content::new();
    let mut marks = Vec::new();
    if !page.rules.is_empty() {
        c.begin_marked_content(Name(b"Artifact"));
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
        c.end_marked_content();
    }
    c.begin_text();
    // The element of the open marked-content sequence (`Some(None)`: an artifact).
    let mut open: Option<Option<usize>> = None;
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
        if open != Some(run.elem) {
            if open.is_some() {
                c.end_marked_content();
            }
            match run.elem {
                Some(e) => {
                    let tag = elems
                        .get(e)
                        .map_or(&b"Span"[..], |el| tagged::tag_name(&el.tag));
                    c.begin_marked_content_with_properties(Name(tag))
                        .properties()
                        .identify(marks.len() as i32);
                    marks.push(e);
                }
                None => {
                    c.begin_marked_content(Name(b"Artifact"));
                }
            }
            open = Some(run.elem);
        }
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
    if open.is_some() {
        c.end_marked_content();
    }
    c.end_text();
    (c.finish().into_vec(), marks)
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
