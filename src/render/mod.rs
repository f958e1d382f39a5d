//! Rendering orchestration: builds the shared view once and runs each requested format's
//! renderer, returning named bytes. Only the CLI writes files.

pub mod deflate;
pub mod docx;
pub mod export;
pub mod html;
pub mod pdf;

use crate::sys::fonts::Fonts;
use crate::view::View;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Self-contained HTML page (or fragment).
    Html,
    /// Editable Word document.
    Docx,
    /// PDF for publishing and archiving.
    Pdf,
}

impl Format {
    /// Every format gxgk can produce, in output order.
    pub const ALL: [Format; 3] = [Format::Html, Format::Docx, Format::Pdf];

    /// The Chinese name shown to the clerk.
    pub fn name(self) -> &'static str {
        match self {
            Format::Html => "HTML 网页",
            Format::Docx => "Word 文档",
            Format::Pdf => "PDF 文件",
        }
    }
}

/// Options for all renderers.
#[derive(Default)]
pub struct Options {
    /// HTML options (fragment, template overrides).
    pub html: html::Options,
    /// The fonts for the PDF, resolved by the caller when PDF is requested.
    pub fonts: Option<Fonts>,
    /// Keep the fonts' hints in the PDF (see [`pdf::backend::Options::hinting`]).
    pub hinting: bool,
}

/// One rendered file.
#[derive(Debug)]
pub struct Output {
    /// The format.
    pub format: Format,
    /// File name: `<stem>.html`, `<stem>.fragment.html` …
    pub file_name: String,
    /// The content.
    pub bytes: Vec<u8>,
}

/// Why a format could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// HTML failed (template error).
    #[error("{0}")]
    Html(#[from] html::HtmlError),
    /// DOCX failed.
    #[error("{0}")]
    Docx(#[from] docx::DocxError),
    /// PDF failed.
    #[error("{0}")]
    Pdf(#[from] pdf::PdfError),
    /// PDF was requested without resolved fonts (a caller's mistake).
    #[error("生成 PDF 需要先找到中文字体")]
    NoFonts,
}

/// Renders `view` in each of `formats`; `stem` names the outputs.
pub fn render(
    view: &View,
    formats: &[Format],
    opts: &Options,
    stem: &str,
) -> Result<Vec<Output>, RenderError> {
    formats
        .iter()
        .map(|&format| {
            let (file_name, bytes) = match format {
                Format::Html => {
                    let name = if opts.html.fragment {
                        format!("{stem}.fragment.html")
                    } else {
                        format!("{stem}.html")
                    };
                    (name, html::render(view, &opts.html)?.into_bytes())
                }
                Format::Docx => (format!("{stem}.docx"), docx::render(view)?),
                Format::Pdf => {
                    let fonts = opts.fonts.as_ref().ok_or(RenderError::NoFonts)?;
                    let options = pdf::backend::Options {
                        hinting: opts.hinting,
                        ..Default::default()
                    };
                    (
                        format!("{stem}.pdf"),
                        pdf::render_with(view, fonts, options)?,
                    )
                }
            };
            Ok(Output {
                format,
                file_name,
                bytes,
            })
        })
        .collect()
}
