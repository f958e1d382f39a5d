//! PDF output: the report typeset as a GB/T 9704 official document with embedded subset CJK
//! fonts, tagged for PDF/UA-1. [`layout`](mod@layout) decides where everything goes and what each piece
//! is (pure), [`backend`] writes it with pdf-writer, [`embed`] subsets and embeds the faces
//! drawn, `tagged` writes the structure tree, bookmarks, links and XMP, `xref` packs the
//! small objects into an object stream.

pub mod attach;
pub mod backend;
mod cff;
pub mod embed;
pub mod layout;
mod tagged;
mod xref;

use thiserror::Error;

use crate::sys::fonts::Fonts;
use crate::view::View;

/// PDF rendering failures (Chinese messages).
#[derive(Debug, Error)]
pub enum PdfError {
    /// Characters no found font can draw.
    #[error(
        "以下字符在已找到的字体中都没有字形：{chars}。请改用常用字符，或用 --font-dir 指定包含这些字符的字体。"
    )]
    MissingGlyphs {
        /// The characters, each once.
        chars: String,
    },
    /// The PDF writer failed.
    #[error("生成 PDF 失败：{0}")]
    Write(String),
    /// A font file is damaged: it cannot be embedded (the caller may retry without it).
    #[error("字体文件 {} 已损坏，无法嵌入 PDF", .path.display())]
    BadFont {
        /// The file.
        path: std::path::PathBuf,
    },
}

/// Keeps the glyphs this process inlined in the per-user cache for the next one (see
/// [`crate::sys::cache`]); a command calls it once its outputs are written.
pub fn save_cache() {
    cff::save_cache();
}

/// Lays the report out without writing it (for tests and other fixed-layout writers).
pub fn layout(view: &View, fonts: &Fonts) -> layout::Document {
    layout::layout(view, &fonts.metrics())
}

/// The view's ISO 成文日期 `2026-01-20` → (2026, 1, 20).
fn parse_date(s: &str) -> Option<(u16, u8, u8)> {
    let mut parts = s.trim().splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let (y, m, d) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y, m, d))
}

/// The document metadata of a view.
pub fn meta(view: &View) -> backend::Meta {
    let fallback = (u16::try_from(view.year + 1).unwrap_or(1970), 1, 1);
    backend::Meta {
        title: view.title.clone(),
        author: view.agency.clone(),
        lang: "zh-CN".into(),
        date: view
            .signoff
            .iso_date
            .as_deref()
            .and_then(parse_date)
            .unwrap_or(fallback),
        id_seed: serde_json::to_vec(view).unwrap_or_default(),
        data: view.data.clone(),
    }
}

/// Renders the report as PDF bytes. The same view and fonts always give the same bytes:
/// the dates come from the publication date, the document ID from the content. The layout
/// and the writer share one set of glyph lookups.
pub fn render(view: &View, fonts: &Fonts) -> Result<Vec<u8>, PdfError> {
    render_with(view, fonts, backend::Options::default())
}

/// [`render`] with chosen writer options (e.g. `hinting`).
pub fn render_with(
    view: &View,
    fonts: &Fonts,
    options: backend::Options,
) -> Result<Vec<u8>, PdfError> {
    let metrics = fonts.metrics();
    let doc = layout::layout(view, &metrics);
    if !doc.missing.is_empty() {
        return Err(PdfError::MissingGlyphs {
            chars: doc.missing.iter().collect(),
        });
    }
    backend::write_with(&doc, &metrics, &meta(view), options).map_err(|e| {
        match fonts.faces().get(e.face) {
            Some(f) => PdfError::BadFont {
                path: f.path.clone(),
            },
            None => PdfError::Write(e.why),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_or_fall_back() {
        assert_eq!(parse_date("2026-01-20"), Some((2026, 1, 20)));
        assert_eq!(parse_date("2026-13-20"), None);
        assert_eq!(parse_date("2026年1月20日"), None);
        assert_eq!(parse_date(""), None);
    }
}
