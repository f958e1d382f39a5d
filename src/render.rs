//! Rendering orchestration: builds the shared view once and runs each requested format's
//! renderer, returning named bytes. Only the CLI writes files.

use crate::view::View;
use crate::{docx, html};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Self-contained HTML page (or fragment).
    Html,
    /// Editable Word document.
    Docx,
}

impl Format {
    /// Every format gxgk can produce, in output order.
    pub const ALL: [Format; 2] = [Format::Html, Format::Docx];

    /// The Chinese name shown to the clerk.
    pub fn name(self) -> &'static str {
        match self {
            Format::Html => "HTML 网页",
            Format::Docx => "Word 文档",
        }
    }
}

/// Options for all renderers.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// HTML options (fragment, template overrides).
    pub html: html::Options,
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
            };
            Ok(Output {
                format,
                file_name,
                bytes,
            })
        })
        .collect()
}
