//! One embedded face: the glyphs a document draws with it, numbered in the font's glyph order
//! (the CIDs its text is written in), and the Type0/CIDFont objects, widths, ToUnicode map
//! and subset font program that go into the file (PDF 32000 §9.7, Identity-H).

use std::collections::{BTreeMap, HashMap};

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo};
use pdf_writer::{Filter, Finish, Name, Pdf, Rect, Ref, Str};
use rustc_hash::FxHashMap;
use subsetter::GlyphRemapper;

use super::backend::Options;
use crate::sys::fonts::{FaceId, Fonts, Glyph, Metrics};

/// Registry–Ordering–Supplement of an Identity-keyed CIDFont.
const IDENTITY: SystemInfo = SystemInfo {
    registry: Str(b"Adobe"),
    ordering: Str(b"Identity"),
    supplement: 0,
};

/// Why a face could not be embedded (it is damaged, or of a kind that cannot be subset).
#[derive(Debug, Clone, PartialEq)]
pub struct Unembeddable {
    /// The face.
    pub face: FaceId,
    /// What went wrong, for the log.
    pub why: String,
}

/// A face being embedded: the glyphs it draws and the objects it will be written to.
/// Glyphs are first gathered ([`Subset::add`]), then numbered in the font's own order
/// ([`Subset::seal`]), which keeps similar outlines, font-dict ranges and ToUnicode entries
/// together and so compresses best. A sealed subset is `Sync`: pages are drawn and the font
/// program made on several threads.
pub struct Subset {
    face: FaceId,
    /// Glyph ID → its advance in em and the character it was first drawn for.
    used: BTreeMap<u16, (f32, char)>,
    /// The glyph IDs by CID, once sealed.
    ids: Vec<u16>,
    /// Per CID: its advance in em and its character (none for .notdef).
    glyphs: Vec<(f32, Option<char>)>,
    /// Character → CID, once sealed.
    cids: FxHashMap<char, u16>,
    /// The font descriptor's numbers, once sealed.
    descriptor: Descriptor,
    /// Resource name (`/F0`).
    pub name: Vec<u8>,
    /// The Type0 font dictionary pages refer to.
    pub font_ref: Ref,
    cid_ref: Ref,
    descriptor_ref: Ref,
    program_ref: Ref,
    cmap_ref: Ref,
}

/// What the font descriptor says of a face, in thousandths of an em.
#[derive(Debug, Clone, Default)]
struct Descriptor {
    bbox: [f32; 4],
    italic: bool,
    italic_angle: f32,
    ascent: f32,
    descent: f32,
    cap_height: f32,
    weight: u16,
}

impl Descriptor {
    fn of(face: &ttf_parser::Face) -> Descriptor {
        let units = 1000.0 / f32::from(face.units_per_em().max(1));
        let b = face.global_bounding_box();
        Descriptor {
            bbox: [b.x_min, b.y_min, b.x_max, b.y_max].map(|v| f32::from(v) * units),
            italic: face.is_italic(),
            italic_angle: face.italic_angle(),
            ascent: f32::from(face.ascender()) * units,
            descent: f32::from(face.descender()) * units,
            cap_height: f32::from(face.capital_height().unwrap_or(face.ascender())) * units,
            weight: face.weight().to_number(),
        }
    }
}

/// A subset font program, compressed, ready to be written.
pub struct Program {
    pub data: Vec<u8>,
    /// Bare CFF (FontFile3/CIDFontType0C) rather than a TrueType file (FontFile2).
    cff: bool,
    /// Uncompressed length (`/Length1` of a TrueType program).
    len: usize,
}

impl Subset {
    /// A face with no glyph yet; its five objects take the next free IDs.
    pub fn new(face: FaceId, next: &mut Ref) -> Subset {
        let mut refs = [Ref::new(1); 5];
        for r in &mut refs {
            *r = next.bump();
        }
        Subset {
            face,
            used: BTreeMap::new(),
            ids: Vec::new(),
            glyphs: Vec::new(),
            cids: FxHashMap::default(),
            descriptor: Descriptor::default(),
            name: format!("F{face}").into_bytes(),
            font_ref: refs[0],
            cid_ref: refs[1],
            descriptor_ref: refs[2],
            program_ref: refs[3],
            cmap_ref: refs[4],
        }
    }

    /// Adds the glyph drawing `ch` (the first character drawn with a glyph names it in the
    /// ToUnicode map).
    pub fn add(&mut self, glyph: Glyph, ch: char) {
        self.used.entry(glyph.id).or_insert((glyph.advance, ch));
        self.cids.insert(ch, glyph.id);
    }

    /// Numbers the glyphs gathered: CID 0 is .notdef, the rest follow in glyph-ID order.
    pub fn seal(&mut self, metrics: &Metrics) {
        let mut ids: Vec<u16> = vec![0];
        ids.extend(self.used.keys().filter(|&&g| g != 0));
        self.glyphs = ids
            .iter()
            .map(|g| match self.used.get(g) {
                Some((advance, ch)) if *g != 0 => (*advance, Some(*ch)),
                _ => (0.0, None),
            })
            .collect();
        // `cids` held glyph IDs until now; a glyph's CID is its place in `ids` (sorted).
        self.cids.retain(|_, g| match ids.binary_search(g) {
            Ok(cid) => {
                *g = cid as u16;
                true
            }
            Err(_) => false,
        });
        self.ids = ids;
        if let Some(face) = metrics.parsed(self.face) {
            self.descriptor = Descriptor::of(face);
        }
    }

    /// The CID drawing `ch`, `None` when the face has no glyph for it.
    pub fn cid(&self, ch: char) -> Option<u16> {
        self.cids.get(&ch).copied()
    }

    /// Subsets the face to the glyphs used and compresses the program at the options' level.
    /// CID-keyed CFF faces are subset by [`super::cff`] when `own_cff` (their glyphs cached for
    /// the process, their hints kept only with `hinting`); other faces, and any it cannot read,
    /// by subsetter. A damaged font can make either panic: that is this face's failure alone.
    pub fn program(&self, fonts: &Fonts, options: Options) -> Result<Program, Unembeddable> {
        let fail = |why: String| Unembeddable {
            face: self.face,
            why,
        };
        let face = fonts
            .faces()
            .get(self.face)
            .ok_or_else(|| fail("没有这个字体".into()))?;
        let data = face.data.as_slice();
        let own = options
            .own_cff
            .then(|| {
                crate::sys::guard::quietly(|| {
                    super::cff::subset(data, face.index, &face.path, &self.ids, options.hinting)
                })
            })
            .flatten()
            .flatten();
        // CFF outlines are embedded as the bare CFF program, TrueType as the subset file.
        let (program, cff) = match own {
            Some(cff) => (cff, true),
            None => {
                let remapper = GlyphRemapper::new_from_glyphs_sorted(&self.ids);
                let font =
                    crate::sys::guard::quietly(|| subsetter::subset(data, face.index, &remapper))
                        .ok_or_else(|| fail("取子集时出错".into()))?
                        .map_err(|e| fail(format!("取子集失败：{e}")))?;
                let table = ttf_parser::RawFace::parse(&font, 0)
                    .ok()
                    .and_then(|raw| raw.table(ttf_parser::Tag::from_bytes(b"CFF ")))
                    .map(<[u8]>::to_vec);
                match table {
                    Some(cff) => (cff, true),
                    None => (font, false),
                }
            }
        };
        Ok(Program {
            data: crate::render::deflate::zlib(&program, options.level),
            cff,
            len: program.len(),
        })
    }

    /// Writes the face's objects: font dictionaries, widths, font descriptor, the subset
    /// `program` and the ToUnicode map (compressed at `level`).
    pub fn write(&self, pdf: &mut Pdf, fonts: &Fonts, program: &Program, level: u8) {
        let postscript = fonts
            .faces()
            .get(self.face)
            .map_or("", |f| f.postscript.as_str());
        let base = format!(
            "{}+{}",
            tag(self.face),
            postscript_name(postscript, self.face)
        );
        let base = Name(base.as_bytes());

        pdf.type0_font(self.font_ref)
            .base_font(base)
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(self.cid_ref)
            .to_unicode(self.cmap_ref);

        let mut cid = pdf.cid_font(self.cid_ref);
        cid.subtype(if program.cff {
            CidFontType::Type0
        } else {
            CidFontType::Type2
        })
        .base_font(base)
        .system_info(IDENTITY)
        .font_descriptor(self.descriptor_ref);
        if !program.cff {
            cid.cid_to_gid_map_predefined(Name(b"Identity"));
        }
        let widths: Vec<f32> = self.glyphs.iter().map(|g| g.0 * 1000.0).collect();
        let default = most_common(widths.get(1..).unwrap_or_default()).unwrap_or(1000.0);
        cid.default_width(default);
        let exceptions = width_exceptions(&widths, default);
        if !exceptions.is_empty() {
            let mut w = cid.widths();
            for (first, run) in &exceptions {
                w.consecutive(*first, run.iter().copied());
            }
        }
        cid.finish();

        let d = &self.descriptor;
        let mut flags = FontFlags::SYMBOLIC;
        if d.italic {
            flags |= FontFlags::ITALIC;
        }
        let mut descriptor = pdf.font_descriptor(self.descriptor_ref);
        descriptor
            .name(base)
            .flags(flags)
            .bbox(Rect::new(d.bbox[0], d.bbox[1], d.bbox[2], d.bbox[3]))
            .italic_angle(d.italic_angle)
            .ascent(d.ascent)
            .descent(d.descent)
            .cap_height(d.cap_height)
            .weight(d.weight)
            // The usual estimate from the weight class (no stem width is stored in the font).
            .stem_v(10.0 + 0.244 * (f32::from(d.weight) - 50.0));
        if program.cff {
            descriptor.font_file3(self.program_ref);
        } else {
            descriptor.font_file2(self.program_ref);
        }
        descriptor.finish();

        let mut stream = pdf.stream(self.program_ref, &program.data);
        stream.filter(Filter::FlateDecode);
        if program.cff {
            stream.pair(Name(b"Subtype"), Name(b"CIDFontType0C"));
        } else {
            stream.pair(
                Name(b"Length1"),
                i32::try_from(program.len).unwrap_or(i32::MAX),
            );
        }
        stream.finish();

        let mut cmap = pdf_writer::types::UnicodeCmap::new(Name(b"Custom"), IDENTITY);
        for (n, (_, ch)) in self.glyphs.iter().enumerate() {
            if let (Some(ch), Ok(n)) = (ch, u16::try_from(n)) {
                cmap.pair(n, *ch);
            }
        }
        let cmap = crate::render::deflate::zlib(&cmap.finish(), level);
        pdf.cmap(self.cmap_ref, &cmap).filter(Filter::FlateDecode);
    }
}

/// The most frequent value (the smallest of equally frequent ones), `None` for none.
fn most_common(values: &[f32]) -> Option<f32> {
    let mut counts: HashMap<u32, usize> = HashMap::new();
    for v in values {
        *counts.entry(v.to_bits()).or_default() += 1;
    }
    counts
        .into_iter()
        .map(|(bits, n)| (n, f32::from_bits(bits)))
        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)))
        .map(|(_, v)| v)
}

/// The CIDs whose width is not `default`, as runs of consecutive CIDs with their widths
/// (the `/W` array's `c [w1 w2 …]` form). CID 0 (.notdef) is never drawn and left out.
fn width_exceptions(widths: &[f32], default: f32) -> Vec<(u16, Vec<f32>)> {
    let mut out: Vec<(u16, Vec<f32>)> = Vec::new();
    let mut last: Option<usize> = None;
    for (cid, w) in widths.iter().enumerate().skip(1) {
        if *w == default {
            continue;
        }
        let Ok(c) = u16::try_from(cid) else { break };
        match out.last_mut() {
            Some((_, run)) if last == Some(cid - 1) => run.push(*w),
            _ => out.push((c, vec![*w])),
        }
        last = Some(cid);
    }
    out
}

/// The six-capital subset tag of a face (`ABCDEF+Name`, PDF 32000 §9.6.4).
pub fn tag(face: FaceId) -> String {
    let mut n = face;
    let mut s = String::from("GXGK");
    for _ in 0..2 {
        s.insert(4, char::from(b'A' + (n % 26) as u8));
        n /= 26;
    }
    s
}

/// The PostScript name as a PDF name may hold it (printable ASCII, no delimiters).
fn postscript_name(name: &str, face: FaceId) -> String {
    let clean: String = name
        .chars()
        .filter(|c| c.is_ascii_graphic() && !"()<>[]{}/%#".contains(*c))
        .collect();
    if clean.is_empty() {
        format!("Face{face}")
    } else {
        clean
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_six_capitals_and_distinct() {
        let tags: Vec<String> = (0..30).map(tag).collect();
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
    fn widths_list_only_what_differs_from_the_default() {
        let w = [0.0, 1000.0, 500.0, 278.0, 1000.0, 1000.0, 333.0];
        assert_eq!(most_common(&w[1..]), Some(1000.0));
        assert_eq!(
            width_exceptions(&w, 1000.0),
            vec![(2, vec![500.0, 278.0]), (6, vec![333.0])]
        );
        assert!(width_exceptions(&[0.0, 1000.0], 1000.0).is_empty());
        assert_eq!(most_common(&[]), None);
    }

    #[test]
    fn postscript_names_are_pdf_names() {
        assert_eq!(
            postscript_name("NotoSerifCJKsc-Bold", 0),
            "NotoSerifCJKsc-Bold"
        );
        assert_eq!(postscript_name("仿宋 (GB)", 3), "GB");
        assert_eq!(postscript_name("仿宋", 3), "Face3");
    }
}
