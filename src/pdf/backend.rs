//! The printpdf writer: draws a laid-out [`Document`] with the chosen faces embedded as
//! subsets, then fixes what printpdf leaves random or unset (document ID, `/Lang`) so the
//! same input always gives the same bytes.

use std::collections::BTreeMap;

use printpdf::{
    Color, FontId, Greyscale, Line as PdfLine, LinePoint, Op, PdfDocument, PdfFont, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Pt, Rgb, TextItem, TextMatrix,
};

use super::layout::{Document, Ink};
use crate::fonts::{FaceId, Fonts};

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

/// A six-capital-letter font resource name; printpdf uses its first six characters as the
/// subset tag (`ABCDEF+Name`).
fn font_tag(face: FaceId) -> String {
    let mut n = face;
    let mut s = String::from("GXGK");
    for _ in 0..2 {
        s.insert(4, char::from(b'A' + (n % 26) as u8));
        n /= 26;
    }
    s
}

fn color(ink: Ink) -> Color {
    match ink {
        Ink::Black => Color::Greyscale(Greyscale {
            percent: 0.0,
            icc_profile: None,
        }),
        Ink::Watermark => Color::Greyscale(Greyscale {
            percent: 0.82,
            icc_profile: None,
        }),
        Ink::Red => Color::Rgb(Rgb {
            r: 0.8,
            g: 0.0,
            b: 0.0,
            icc_profile: None,
        }),
    }
}

/// Writes the PDF.
pub fn write(doc: &Document, fonts: &Fonts, meta: &Meta) -> Result<Vec<u8>, String> {
    let mut pdf = PdfDocument::new(&meta.title);
    let info = &mut pdf.metadata.info;
    info.author = meta.author.clone();
    info.creator = "gxgk".into();
    info.producer = format!("gxgk {}", env!("CARGO_PKG_VERSION"));
    info.subject = "政府信息公开工作年度报告".into();
    let (y, m, d) = meta.date;
    let when = printpdf::date::DateTime::new_in_offset(
        printpdf::date::Date {
            year: i32::from(y),
            month: m,
            day: d,
        },
        printpdf::date::Time {
            hour: 0,
            minute: 0,
            second: 0,
            millisecond: 0,
        },
        printpdf::date::Offset {
            hours: 0,
            minutes: 0,
            seconds: 0,
            milliseconds: 0,
        },
    );
    info.creation_date = when;
    info.modification_date = when;
    info.metadata_date = when;

    // Only the faces actually drawn are parsed and embedded.
    let mut used: BTreeMap<FaceId, FontId> = BTreeMap::new();
    for run in doc
        .pages
        .iter()
        .flat_map(|p| &p.lines)
        .flat_map(|l| &l.runs)
    {
        used.entry(run.face)
            .or_insert_with(|| FontId(font_tag(run.face)));
    }
    for (face, id) in &used {
        let f = fonts
            .faces()
            .get(*face)
            .ok_or_else(|| format!("没有第 {face} 号字体"))?;
        let mut warnings = Vec::new();
        let index = f.index as usize;
        let parsed =
            printpdf::font::AzulParsedFont::from_bytes_shared(f.data.clone(), index, &mut warnings)
                .ok_or_else(|| format!("无法解析字体 {}：{warnings:?}", f.path.display()))?;
        let parsed = printpdf::ParsedFont::from_azul(parsed);
        pdf.resources
            .fonts
            .map
            .insert(id.clone(), PdfFont::new(parsed));
    }

    let h = doc.height;
    let mut pages = Vec::with_capacity(doc.pages.len());
    for page in &doc.pages {
        let mut ops = Vec::new();
        if !page.rules.is_empty() {
            ops.push(Op::SetOutlineColor {
                col: color(Ink::Black),
            });
            let mut width = f32::NAN;
            for r in &page.rules {
                if r.width != width {
                    width = r.width;
                    ops.push(Op::SetOutlineThickness { pt: Pt(width) });
                }
                let pt = |x: f32, y: f32| LinePoint {
                    p: Point {
                        x: Pt(x),
                        y: Pt(h - y),
                    },
                    bezier: false,
                };
                ops.push(Op::DrawLine {
                    line: PdfLine {
                        points: vec![pt(r.x1, r.y1), pt(r.x2, r.y2)],
                        is_closed: false,
                    },
                });
            }
        }
        ops.push(Op::StartTextSection);
        let mut state: Option<(FaceId, f32)> = None;
        let mut spacing = 0.0f32;
        let mut ink = Ink::Black;
        ops.push(Op::SetFillColor { col: color(ink) });
        for run in page.lines.iter().flat_map(|l| &l.runs) {
            if run.text.is_empty() {
                continue;
            }
            if state != Some((run.face, run.size)) {
                state = Some((run.face, run.size));
                ops.push(Op::SetFont {
                    font: PdfFontHandle::External(used[&run.face].clone()),
                    size: Pt(run.size),
                });
            }
            if run.spacing != spacing {
                spacing = run.spacing;
                ops.push(Op::SetCharacterSpacing {
                    multiplier: spacing,
                });
            }
            if run.ink != ink {
                ink = run.ink;
                ops.push(Op::SetFillColor { col: color(ink) });
            }
            let (x, y) = (run.x, h - run.y);
            let matrix = if run.angle == 0.0 {
                TextMatrix::Translate(Pt(x), Pt(y))
            } else {
                let (s, c) = run.angle.to_radians().sin_cos();
                TextMatrix::Raw([c, s, -s, c, x, y])
            };
            ops.push(Op::SetTextMatrix { matrix });
            ops.push(Op::ShowText {
                items: vec![TextItem::Text(run.text.clone())],
            });
        }
        ops.push(Op::EndTextSection);
        pages.push(PdfPage::new(
            printpdf::Mm(doc.width * 25.4 / 72.0),
            printpdf::Mm(doc.height * 25.4 / 72.0),
            ops,
        ));
    }
    pdf.pages = pages;

    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = printpdf::serialize::to_lopdf_doc(&pdf, &opts, &mut warnings);
    // Deterministic trailer ID, and the document language.
    let mut id = fnv(&meta.id_seed, 0).to_be_bytes().to_vec();
    id.extend(fnv(&meta.id_seed, 0x9e37_79b9).to_be_bytes());
    let id = lopdf::Object::String(id, lopdf::StringFormat::Hexadecimal);
    lo.trailer
        .set("ID", lopdf::Object::Array(vec![id.clone(), id]));
    let root = lo
        .trailer
        .get(b"Root")
        .and_then(lopdf::Object::as_reference)
        .map_err(|e| e.to_string())?;
    if let Ok(lopdf::Object::Dictionary(cat)) = lo.get_object_mut(root) {
        cat.set(
            "Lang",
            lopdf::Object::String(meta.lang.clone().into_bytes(), lopdf::StringFormat::Literal),
        );
        cat.set("PageMode", lopdf::Object::Name(b"UseNone".to_vec()));
    }
    // printpdf claims PDF/X conformance in the Info dictionary; this file makes no such claim.
    if let Ok(info) = lo
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
        .and_then(|r| lo.get_object_mut(r))
        .and_then(lopdf::Object::as_dict_mut)
    {
        for key in [
            &b"GTS_PDFXVersion"[..],
            b"Identifier",
            b"Keywords",
            b"Trapped",
        ] {
            info.remove(key);
        }
    }
    lo.compress();
    let mut out = Vec::new();
    lo.save_to(&mut out).map_err(|e| e.to_string())?;
    Ok(out)
}

/// The file of the first face `doc` draws with that cannot be parsed or subset (a damaged font),
/// tried face by face with the characters drawn in it.
pub fn damaged_face(doc: &Document, fonts: &Fonts) -> Option<std::path::PathBuf> {
    let mut chars: BTreeMap<FaceId, std::collections::BTreeSet<char>> = BTreeMap::new();
    for run in doc
        .pages
        .iter()
        .flat_map(|p| &p.lines)
        .flat_map(|l| &l.runs)
    {
        chars.entry(run.face).or_default().extend(run.text.chars());
    }
    for (face, used) in chars {
        let f = fonts.faces().get(face)?;
        let ok = crate::guard::quietly(|| {
            let mut warnings = Vec::new();
            let Some(parsed) = printpdf::font::AzulParsedFont::from_bytes_shared(
                f.data.clone(),
                f.index as usize,
                &mut warnings,
            ) else {
                return false;
            };
            let parsed = printpdf::ParsedFont::from_azul(parsed);
            let glyphs: BTreeMap<u16, String> = used
                .iter()
                .filter_map(|c| {
                    parsed
                        .lookup_glyph_index(*c as u32)
                        .map(|g| (g, c.to_string()))
                })
                .collect();
            printpdf::font::subset_font(&parsed, &glyphs).is_ok()
        });
        if ok != Some(true) {
            return Some(f.path.clone());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn font_tags_are_six_capitals_and_distinct() {
        let tags: Vec<String> = (0..30).map(font_tag).collect();
        for t in &tags {
            assert_eq!(t.len(), 6);
            assert!(t.chars().all(|c| c.is_ascii_uppercase()));
        }
        let mut d = tags.clone();
        d.sort();
        d.dedup();
        assert_eq!(d.len(), tags.len());
    }

    #[test]
    fn ids_depend_on_the_seed() {
        assert_eq!(fnv(b"a", 0), fnv(b"a", 0));
        assert_ne!(fnv(b"a", 0), fnv(b"b", 0));
    }
}
