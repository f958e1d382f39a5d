//! The subcommands of `gxgk`, one module each, and what they share: loading with located
//! errors, printing findings as text or JSON, and the one mapping from a command's outcome to
//! the process exit code (0 clean, 1 errors found, 2 usage or unreadable input).

pub mod batch;
pub mod check;
pub mod edit;
pub mod fonts;
pub mod import;
pub mod new;
pub mod published;
pub mod render;
pub mod rollup;
pub mod stats;
pub mod templates;

use std::path::{Path, PathBuf};

use clap::ValueEnum;
use gxgk::diag::{Diagnostic, Tally};
use gxgk::load::{LoadError, Loaded, load_file};
use gxgk::{err, errln, outln};

/// What a command came to. `main` turns it into the exit code through [`Outcome::code`], the
/// only place outcomes become numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// Done; warnings and notes allowed.
    Clean,
    /// Done, and the check found errors (or an import left parts missing).
    Errors,
    /// Usage error, unreadable input, or output that could not be written.
    Unusable,
}

impl Outcome {
    /// The exit code of this outcome.
    pub fn code(self) -> u8 {
        match self {
            Outcome::Clean => 0,
            Outcome::Errors => 1,
            Outcome::Unusable => 2,
        }
    }
    /// The outcome of a check that found `errors` errors.
    pub fn of_errors(errors: usize) -> Outcome {
        if errors > 0 {
            Outcome::Errors
        } else {
            Outcome::Clean
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    /// 中文文字，带位置和原文
    Text,
    /// JSON，供其他程序读取
    Json,
}

/// Where the PDF's fonts come from.
#[derive(clap::Args)]
pub struct FontArgs {
    /// 字体目录：先在其中查找字体（可写多次），再查找系统字体
    #[arg(long = "font-dir", value_name = "目录")]
    font_dirs: Vec<PathBuf>,
    /// 指定某类文字的字体，如 --font 正文=仿宋_GB2312 或 --font title=字体文件.ttf
    /// （类别：标题/title、正文/body、黑体/hei、楷体/kai、宋体/song）
    #[arg(long = "font", value_name = "类别=字体", value_parser = parse_font_override)]
    overrides: Vec<(gxgk::sys::fonts::Role, String)>,
}

impl FontArgs {
    /// Resolves the fonts, printing the Chinese reason and returning exit code 2 on failure.
    pub fn resolve(&self, exclude: &[PathBuf]) -> Result<gxgk::sys::fonts::Fonts, Outcome> {
        gxgk::sys::fonts::resolve(&gxgk::sys::fonts::FontOptions {
            font_dirs: self.font_dirs.clone(),
            overrides: self.overrides.clone(),
            system: true,
            exclude: exclude.to_vec(),
        })
        .map_err(|e| {
            errln!("错误：{e}");
            Outcome::Unusable
        })
    }
}

pub fn parse_font_override(s: &str) -> Result<(gxgk::sys::fonts::Role, String), String> {
    let (role, name) = s
        .split_once(['=', '＝'])
        .ok_or_else(|| format!("“{s}”应写成 类别=字体，如 正文=仿宋_GB2312"))?;
    let role = gxgk::sys::fonts::Role::parse(role.trim()).ok_or_else(|| {
        format!("无法识别的字体类别“{role}”，可选：标题、正文、黑体、楷体、宋体（或 title、body、hei、kai、song）")
    })?;
    Ok((role, name.trim().to_string()))
}

/// Parses a `--deadline` (月-日) for clap.
pub fn parse_deadline(s: &str) -> Result<(u32, u32), String> {
    gxgk::model::date::parse_month_day(s)
        .ok_or_else(|| format!("“{s}”不是有效的月-日，应写成 01-31"))
}

/// Prints a usage error in Chinese; the outcome is unusable input.
pub fn usage(msg: &str) -> Outcome {
    errln!("用法错误：{msg}");
    Outcome::Unusable
}

/// Prints a load error (exit 2).
pub fn report_load_error(e: &LoadError) -> Outcome {
    match e {
        LoadError::Io { .. } => errln!("错误：{e}"),
        LoadError::Invalid { file, diagnostics } => {
            for d in diagnostics {
                err!("{}", d.render_text(file));
            }
            errln!(
                "{}：{} 处写法错误，文件无法读取，请按上面的位置逐条修改后再运行。",
                file.name,
                diagnostics.len()
            );
        }
    }
    Outcome::Unusable
}

pub fn load_or_report(path: &Path) -> Result<Loaded, Outcome> {
    load_file(path).map_err(|e| report_load_error(&e))
}

pub fn print_findings(loaded: &Loaded, diags: &[Diagnostic], format: Format) {
    match format {
        Format::Text => {
            for d in diags {
                outln!("{}", d.render_text(&loaded.source));
            }
            outln!("{}", Tally::of(diags).summary(&loaded.source.name));
        }
        Format::Json => print_json(&loaded.source, diags, true),
    }
}

/// Prints a load error as the one JSON document of a `--format json` run.
pub fn print_load_error_json(e: &LoadError) {
    match e {
        LoadError::Invalid { file, diagnostics } => print_json(file, diagnostics, false),
        LoadError::Io { path, cause } => {
            let doc = serde_json::json!({
                "file": path,
                "readable": false,
                "errors": 1,
                "warnings": 0,
                "infos": 0,
                "findings": [{
                    "file": path,
                    "line": null,
                    "column": null,
                    "severity": "error",
                    "rule": "IO",
                    "message": e.to_string(),
                    "cause": cause,
                }],
            });
            outln!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
        }
    }
}

/// Prints findings as one JSON document; `readable` is false when the file could not be
/// loaded (the findings are then the load error).
pub fn print_json(source: &gxgk::load::source::Source, diags: &[Diagnostic], readable: bool) {
    let items: Vec<_> = diags.iter().map(|d| d.to_json(source)).collect();
    let t = Tally::of(diags);
    let doc = serde_json::json!({
        "file": source.name,
        "readable": readable,
        "errors": t.errors,
        "warnings": t.warnings,
        "infos": t.infos,
        "findings": items,
    });
    outln!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
}
