//! `gxgk render`: the report as HTML, DOCX and PDF (and its figures as JSON), refused while
//! errors remain unless `--draft`.

use std::path::{Path, PathBuf};

use gxgk::check::{self, Ctx};
use gxgk::diag::{Diagnostic, Tally};
use gxgk::load::Loaded;
use gxgk::sys::oserr::io_cause;
use gxgk::sys::write;
use gxgk::view::View;
use gxgk::{errln, outln, render};

use super::batch::{self, Done};
use super::{FontArgs, Format, Outcome, load_or_report, print_findings};

/// What `gxgk render` was asked for (its command-line arguments).
#[derive(clap::Args)]
pub struct Args {
    /// 数据文件；可以写多个，或写文件夹（其中所有 .toml 文件）
    #[arg(value_name = "文件", required = true)]
    pub files: Vec<PathBuf>,
    /// 输出网页（HTML）；不写格式时输出全部格式
    #[arg(long)]
    pub html: bool,
    /// 输出可编辑的 Word 文档（DOCX）
    #[arg(long)]
    pub docx: bool,
    /// 输出 PDF（字体子集嵌入，供发布和存档）
    #[arg(long)]
    pub pdf: bool,
    /// PDF 保留字体的微调（hinting）信息：个别阅读器在屏幕上显示小字时笔画略整齐，文件约大
    /// 15%；打印效果相同，默认不保留
    #[arg(long)]
    pub hinting: bool,
    #[command(flatten)]
    pub fonts: FontArgs,
    /// 输出目录，默认与数据文件相同
    #[arg(short = 'o', long = "out-dir", value_name = "目录")]
    pub out_dir: Option<PathBuf>,
    /// 自定义模板目录：其中与内置模板同名的文件代替内置模板（见 gxgk templates export）
    #[arg(long, value_name = "目录")]
    pub templates: Option<PathBuf>,
    /// 即使有错误也生成，并加“草稿”水印，供内部审核
    #[arg(long)]
    pub draft: bool,
    /// 网页只输出报告正文 <article>（样式写在各元素上），便于粘贴到网站内容管理系统
    #[arg(long)]
    pub fragment: bool,
    /// 覆盖已存在的输出文件
    #[arg(long)]
    pub force: bool,
    /// 发布期限（月-日），如 02-20；默认按机关层级
    #[arg(long, value_name = "月-日", value_parser = super::parse_deadline)]
    pub deadline: Option<(u32, u32)>,
    /// 输出表格数据 JSON（文件名.json），供网站内容管理系统、统计汇总等使用
    #[arg(long)]
    pub json: bool,
}

/// Renders the data files as asked: one by itself; several (or a folder) on all cores with
/// fonts found once, printed in input order, then a summary table.
pub fn run(r: Args) -> Outcome {
    let out_dir = r.out_dir.as_deref();
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
    // No format named: every document format (JSON only when asked for).
    if formats.is_empty() && !r.json {
        formats = render::Format::ALL.to_vec();
    }
    if r.json {
        formats.push(render::Format::Json);
    }
    let files = batch::expand(&r.files, |p| {
        p.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
    });
    let single = files.len() == 1 && r.files.len() == 1 && !r.files[0].is_dir();
    if files.is_empty() {
        return super::usage("给出的文件夹里没有数据文件（.toml）");
    }
    // The fonts of a batch are found once, before any report is rendered.
    let fonts = match (single, formats.contains(&render::Format::Pdf)) {
        (false, true) => match r.fonts.resolve(&[]) {
            Ok(f) => Some(f),
            Err(o) => return o,
        },
        _ => None,
    };
    // Two inputs whose outputs would have the same names in the same folder: the second is
    // refused rather than overwrite the first.
    let mut seen: std::collections::HashMap<PathBuf, &Path> = std::collections::HashMap::new();
    let clash: Vec<Option<PathBuf>> = files
        .iter()
        .map(|f| {
            let dir = out_dir
                .map(Path::to_path_buf)
                .unwrap_or_else(|| f.parent().unwrap_or(Path::new("")).to_path_buf());
            let target = dir.join(f.file_stem().unwrap_or_default());
            match seen.get(&target) {
                Some(first) => Some(first.to_path_buf()),
                None => {
                    seen.insert(target, f);
                    None
                }
            }
        })
        .collect();
    let job = |i: usize, file: &Path| -> Done {
        if let Some(first) = &clash[i] {
            errln!(
                "错误：{} 与 {} 的输出文件同名，放在同一个文件夹会互相覆盖，没有生成；请改名或分开输出",
                file.display(),
                first.display()
            );
            return Done {
                refused: Some("未生成：与另一文件的输出同名"),
                ..Done::unusable()
            };
        }
        let opts = render::Options {
            html: gxgk::render::html::Options {
                fragment: r.fragment,
                templates: r.templates.clone(),
            },
            fonts: fonts.clone(),
            hinting: r.hinting,
        };
        render_file(RenderRequest {
            file,
            formats: &formats,
            out_dir,
            opts,
            fonts: &r.fonts,
            draft: r.draft,
            force: r.force,
            deadline: r.deadline,
        })
    };
    if single {
        let outcome = job(0, &files[0]).outcome;
        gxgk::render::pdf::save_cache();
        return outcome;
    }
    let results = batch::each(&files, true, job);
    gxgk::render::pdf::save_cache();
    let mut rows = Vec::with_capacity(files.len());
    for ((done, printed), f) in results.into_iter().zip(&files) {
        printed.replay();
        rows.push((f.clone(), done));
    }
    batch::summary(&rows, "生成");
    rows.iter()
        .map(|r| r.1.outcome)
        .max()
        .unwrap_or(Outcome::Clean)
}

pub struct RenderRequest<'a> {
    file: &'a Path,
    formats: &'a [render::Format],
    out_dir: Option<&'a Path>,
    opts: render::Options,
    /// How to find fonts: used when PDF is requested and `opts.fonts` holds none yet (a
    /// batch finds them once), and again without a font found damaged.
    fonts: &'a FontArgs,
    draft: bool,
    force: bool,
    deadline: Option<(u32, u32)>,
}

/// Renders one data file unless it has errors (or `--draft`), writing all formats together.
pub fn render_file(mut req: RenderRequest) -> Done {
    let loaded = match load_or_report(req.file) {
        Ok(l) => l,
        Err(_) => return Done::unusable(),
    };
    let diags = check::check(&Ctx {
        report: &loaded.report,
        previous: None,
        previous_source: None,
        deadline: req.deadline,
    });
    let tally = Tally::of(&diags);
    let errors = tally.errors;
    let failed = |outcome: Outcome| Done {
        outcome,
        tally: Some(tally),
        written: 0,
        refused: None,
    };
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
            return failed(Outcome::Errors);
        }
    }
    let view = View::new(&loaded.report, req.draft.then_some(errors));
    // The view holds all that is drawn: the data file's text, tree and (unless the JSON data,
    // exported from it, is asked for) the typed report go before the layout (a long
    // narrative's peak memory is that much lower); a missing glyph, rare, reads the file again
    // to say where the character is.
    let report = req
        .formats
        .contains(&render::Format::Json)
        .then_some(loaded.report);
    let stem = req
        .file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".into());
    // A font file found damaged while embedding is named and skipped; the next one is tried.
    let mut damaged: Vec<PathBuf> = Vec::new();
    let outputs = loop {
        if req.formats.contains(&render::Format::Pdf)
            && (req.opts.fonts.is_none() || !damaged.is_empty())
        {
            match req.fonts.resolve(&damaged) {
                Ok(f) => req.opts.fonts = Some(f),
                Err(o) => return failed(o),
            }
        }
        match render::render(&view, report.as_ref(), req.formats, &req.opts, &stem) {
            Ok(o) => break o,
            Err(render::RenderError::Pdf(gxgk::render::pdf::PdfError::BadFont { path }))
                if damaged.len() < 8 =>
            {
                errln!(
                    "警告：字体文件 {} 已损坏，无法嵌入 PDF，改用下一个可用的字体。",
                    path.display()
                );
                damaged.push(path);
            }
            Err(render::RenderError::Pdf(gxgk::render::pdf::PdfError::MissingGlyphs { chars })) => {
                if let Ok(loaded) = load_or_report(req.file) {
                    report_missing_glyphs(&loaded, &chars);
                }
                return failed(Outcome::Unusable);
            }
            Err(e) => {
                errln!("错误：{e}");
                return failed(Outcome::Unusable);
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
        return failed(Outcome::Unusable);
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
        return failed(Outcome::Unusable);
    }
    for (o, path) in outputs.iter().zip(&paths) {
        outln!("已生成 {}（{}）", path.display(), o.format.name());
    }
    if req.draft {
        outln!("这是草稿：每页带有“草稿”水印，不能发布。");
    }
    Done {
        outcome: Outcome::Clean,
        tally: Some(tally),
        written: paths.len(),
        refused: None,
    }
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
