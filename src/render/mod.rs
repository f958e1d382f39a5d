//! Rendering orchestration: runs each requested format's renderer over the shared view (and,
//! for the JSON data, over the report's figures), returning named bytes. Only the CLI writes
//! files, all formats of one report together.

pub mod deflate;
pub mod docx;
pub mod export;
pub mod html;
pub mod pdf;

use crate::model::Report;
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
    /// The tables' figures as JSON (for a website's content system or a rollup), written only
    /// when asked for.
    Json,
}

impl Format {
    /// The document formats, in output order: what `gxgk render` writes when no format is named.
    pub const ALL: [Format; 3] = [Format::Html, Format::Docx, Format::Pdf];

    /// The Chinese name shown to the clerk.
    pub fn name(self) -> &'static str {
        match self {
            Format::Html => "HTML 网页",
            Format::Docx => "Word 文档",
            Format::Pdf => "PDF 文件",
            Format::Json => "表格数据 JSON",
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
    /// JSON was requested without the report (a caller's mistake).
    #[error("输出表格数据 JSON 需要报告数据")]
    NoReport,
}

/// Renders `view` in each of `formats`; `stem` names the outputs. `report` is needed only for
/// [`Format::Json`] (the figures are exported from the model, not from the formatted view).
pub fn render(
    view: &View,
    report: Option<&Report>,
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
                Format::Json => {
                    let report = report.ok_or(RenderError::NoReport)?;
                    (
                        format!("{stem}.json"),
                        (export::json_text(report) + "\n").into_bytes(),
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
