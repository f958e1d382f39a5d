//! `gxgk render`: the report as HTML, DOCX and PDF (and its figures as JSON), refused while
//! errors remain unless `--draft`.

use std::path::{Path, PathBuf};

use gxgk::check::{self, Ctx};
use gxgk::diag::{Diagnostic, Tally};
use gxgk::load::Loaded;
use gxgk::oserr::io_cause;
use gxgk::view::View;
use gxgk::{errln, outln, render, write};

use super::{FontArgs, Format, Outcome, load_or_report, print_findings};

/// What `gxgk render` was asked for.
pub struct Request<'a> {
    /// The data file.
    pub file: &'a Path,
    /// `--html`, `--docx`, `--pdf` (none of them: all three).
    pub html: bool,
    /// See `html`.
    pub docx: bool,
    /// See `html`.
    pub pdf: bool,
    /// Font folders and overrides.
    pub fonts: FontArgs,
    /// The output folder.
    pub out_dir: Option<&'a Path>,
    /// A folder of templates overriding the built-in ones.
    pub templates: Option<PathBuf>,
    /// Render despite errors, marked as a draft.
    pub draft: bool,
    /// HTML: an article with inline styles for a CMS.
    pub fragment: bool,
    /// Overwrite outputs.
    pub force: bool,
    /// The deadline in force.
    pub deadline: Option<(u32, u32)>,
    /// Also the figures as JSON.
    pub json: bool,
}

/// Renders one data file as asked.
pub fn run(r: Request) -> Outcome {
    // JSON data first; alone when no document format is asked for.
    let json = r
        .json
        .then(|| super::import::render_json(r.file, r.out_dir, r.force, r.draft, r.deadline));
    if let Some(o) = json.filter(|&o| o != Outcome::Clean || !(r.html || r.docx || r.pdf)) {
        return o;
    }
    let mut formats: Vec<render::Format> = Vec::new();
    if r.html {
        formats.push(render::Format::Html);
    }
    if r.docx {
        formats.push(render::Format::Docx);
    }
    if r.pdf {
        formats.push(render::Format::Pdf);
    }
    if formats.is_empty() {
        formats = render::Format::ALL.to_vec();
    }
    let opts = render::Options {
        html: gxgk::html::Options {
            fragment: r.fragment,
            templates: r.templates,
        },
        fonts: None,
    };
    render_file(RenderRequest {
        file: r.file,
        formats: &formats,
        out_dir: r.out_dir,
        opts,
        fonts: r.fonts,
        draft: r.draft,
        force: r.force,
        deadline: r.deadline,
    })
}

pub struct RenderRequest<'a> {
    file: &'a Path,
    formats: &'a [render::Format],
    out_dir: Option<&'a Path>,
    opts: render::Options,
    /// Resolved only when PDF is requested, after the check has passed.
    fonts: FontArgs,
    draft: bool,
    force: bool,
    deadline: Option<(u32, u32)>,
}

pub fn render_file(mut req: RenderRequest) -> Outcome {
    let loaded = match load_or_report(req.file) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let diags = check::check(&Ctx {
        report: &loaded.report,
        previous: None,
        previous_source: None,
        deadline: req.deadline,
    });
    let errors = Tally::of(&diags).errors;
    if errors > 0 {
        let shown: Vec<Diagnostic> = diags
            .iter()
            .filter(|d| d.severity == gxgk::diag::Severity::Error)
            .cloned()
            .collect();
        print_findings(&loaded, &shown, Format::Text);
        if !req.draft {
            errln!(
                "{}：有 {errors} 个错误，不能生成报告。请改正后再运行；需要先给领导审核时，可加 --draft 生成带“草稿”水印的版本。",
                req.file.display()
            );
            return Outcome::Errors;
        }
    }
    let view = View::new(&loaded.report, req.draft.then_some(errors));
    let stem = req
        .file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".into());
    // A font file found damaged while embedding is named and skipped; the next one is tried.
    let mut damaged: Vec<PathBuf> = Vec::new();
    let outputs = loop {
        if req.formats.contains(&render::Format::Pdf) {
            match req.fonts.resolve(&damaged) {
                Ok(f) => req.opts.fonts = Some(f),
                Err(code) => return code,
            }
        }
        match render::render(&view, req.formats, &req.opts, &stem) {
            Ok(o) => break o,
            Err(render::RenderError::Pdf(gxgk::pdf::PdfError::BadFont { path }))
                if damaged.len() < 8 =>
            {
                errln!(
                    "警告：字体文件 {} 已损坏，无法嵌入 PDF，改用下一个可用的字体。",
                    path.display()
                );
                damaged.push(path);
            }
            Err(render::RenderError::Pdf(gxgk::pdf::PdfError::MissingGlyphs { chars })) => {
                report_missing_glyphs(&loaded, &chars);
                return Outcome::Unusable;
            }
            Err(e) => {
                errln!("错误：{e}");
                return Outcome::Unusable;
            }
        }
    };
    let dir = req
        .out_dir
        .map(Path::to_path_buf)
        .unwrap_or_else(|| req.file.parent().unwrap_or(Path::new("")).to_path_buf());
    if let Some(d) = req.out_dir
        && let Err(e) = std::fs::create_dir_all(d)
    {
        errln!("错误：无法创建目录 {}：{}", d.display(), io_cause(&e));
        return Outcome::Unusable;
    }
    // All formats move into place together or not at all; an existing file is kept unless
    // --force, and the data file itself is never an output.
    let paths: Vec<PathBuf> = outputs.iter().map(|o| dir.join(&o.file_name)).collect();
    let set: Vec<write::Out> = outputs
        .iter()
        .zip(&paths)
        .map(|(o, path)| write::Out {
            path,
            bytes: &o.bytes,
        })
        .collect();
    if let Err(e) = write::write_set(&set, req.force, &[req.file]) {
        errln!("错误：{e}");
        return Outcome::Unusable;
    }
    for (o, path) in outputs.iter().zip(&paths) {
        outln!("已生成 {}（{}）", path.display(), o.format.name());
    }
    if req.draft {
        outln!("这是草稿：每页带有“草稿”水印，不能发布。");
    }
    Outcome::Clean
}

/// Characters no found font can draw, each located where the clerk wrote it first.
fn report_missing_glyphs(loaded: &Loaded, chars: &str) {
    let texts = loaded.report.texts();
    for c in chars.chars() {
        let shown = match gxgk::diag::visible(c) {
            Some(_) => String::new(),
            None => format!("“{c}”"),
        };
        let mut d = Diagnostic::new(
            "TEXT-GLYPH",
            gxgk::diag::Severity::Error,
            format!(
                "找到的字体中都没有{shown}（U+{:04X}）的字形，PDF 中会缺字",
                c as u32
            ),
        )
        .help("改用常用字，或用 --font-dir / --font 指定含有这个字的字体");
        if let Some((path, _)) = texts.iter().find(|(_, t)| t.contains(c)) {
            d = d.at(path.clone()).needle(c.to_string());
        }
        errln!("{}", d.render_text(&loaded.source));
    }
    errln!(
        "错误：有 {} 个字符无法用已找到的字体显示，没有生成报告。",
        chars.chars().count()
    );
}
