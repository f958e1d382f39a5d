//! The `gxgk` command: parses arguments, calls the library, prints findings, writes files
//! and maps outcomes to exit codes (0 clean, 1 errors found, 2 usage or unreadable input).

mod cmd_import;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use gxgk::check::{self, Ctx, LOAD_RULES, RULES};
use gxgk::diag::{Diagnostic, Tally};
use gxgk::load::{LoadError, Loaded, load_file, load_previous_file};
use gxgk::model::Level;
use gxgk::oserr::io_cause;
use gxgk::view::View;
use gxgk::{err, errln, out, outln, render, scaffold, schema, write};

mod console;

const HELP_TEMPLATE: &str = "{about}\n\n用法：{usage}\n\n{all-args}{after-help}";

#[derive(Parser)]
#[command(
    name = "gxgk",
    version,
    about = "政府信息公开工作年度报告：生成数据文件、检查勾稽关系、输出报告",
    help_template = HELP_TEMPLATE,
    subcommand_help_heading = "命令",
    disable_help_subcommand = true,
    after_help = "示例：\n  gxgk new --agency 磐石镇\n  gxgk check report.toml\n  gxgk check --explain T3-COL-BALANCE\n  gxgk render report.toml\n  gxgk import 去年的报告.html -o 2024.toml"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 生成本年度的数据文件 report.toml（每一项都有中文说明）
    #[command(help_template = HELP_TEMPLATE)]
    New {
        /// 机关名称，如 磐石镇（会写成全称“磐石镇人民政府”）；有 --from 时可省略
        #[arg(long, value_name = "名称", required_unless_present = "from")]
        agency: Option<String>,
        /// 报告年度，默认为上一年
        #[arg(long, value_name = "年度")]
        year: Option<i64>,
        /// 机关层级：乡镇、街道、县级人民政府、县级政府部门、市级人民政府、市级政府部门、省级人民政府、省级政府部门、国务院部门、其他
        #[arg(long, value_name = "层级")]
        level: Option<String>,
        /// 上一年的数据文件：带入机关信息、上年结转数和现行有效件数
        #[arg(long, value_name = "文件")]
        from: Option<PathBuf>,
        /// 输出文件
        #[arg(short, long, value_name = "文件", default_value = "report.toml")]
        output: PathBuf,
        /// 覆盖已存在的文件
        #[arg(long)]
        force: bool,
    },
    /// 检查数据文件：勾稽关系、表格结构、日期、单位、文字
    #[command(help_template = HELP_TEMPLATE)]
    Check {
        /// 要检查的数据文件，或已发布的报告（.html、.txt、.docx、.pdf）
        #[arg(value_name = "文件", required_unless_present = "explain")]
        file: Option<PathBuf>,
        /// 更多要检查的文件（如 报告/*.html），逐个检查
        #[arg(value_name = "更多文件")]
        more: Vec<PathBuf>,
        /// 上一年的数据文件，用于跨年度核对（上年结转、现行有效件数）
        #[arg(long, value_name = "文件")]
        previous: Option<PathBuf>,
        /// 输出格式
        #[arg(long, value_enum, default_value_t = Format::Text, value_name = "格式")]
        format: Format,
        /// 发布期限（月-日），如 02-20；默认按机关层级
        #[arg(long, value_name = "月-日", value_parser = parse_deadline)]
        deadline: Option<(u32, u32)>,
        /// 解释一条规则；不写规则编号则列出全部规则
        #[arg(long, value_name = "规则", num_args = 0..=1, default_missing_value = "")]
        explain: Option<String>,
        /// 严格检查：警告也按错误处理（有警告时退出码为 1）
        #[arg(long)]
        strict: bool,
    },
    /// 生成报告：按国家格式输出网页（HTML）、Word 文档（DOCX）和 PDF；先检查，有错误时不生成（除非 --draft）
    #[command(help_template = HELP_TEMPLATE)]
    Render {
        /// 数据文件
        #[arg(value_name = "文件")]
        file: PathBuf,
        /// 输出网页（HTML）；不写格式时输出全部格式
        #[arg(long)]
        html: bool,
        /// 输出可编辑的 Word 文档（DOCX）
        #[arg(long)]
        docx: bool,
        /// 输出 PDF（字体子集嵌入，供发布和存档）
        #[arg(long)]
        pdf: bool,
        #[command(flatten)]
        fonts: FontArgs,
        /// 输出目录，默认与数据文件相同
        #[arg(short = 'o', long = "out-dir", value_name = "目录")]
        out_dir: Option<PathBuf>,
        /// 自定义模板目录：其中与内置模板同名的文件代替内置模板（见 gxgk templates export）
        #[arg(long, value_name = "目录")]
        templates: Option<PathBuf>,
        /// 即使有错误也生成，并加“草稿”水印，供内部审核
        #[arg(long)]
        draft: bool,
        /// 网页只输出报告正文 <article>（样式写在各元素上），便于粘贴到网站内容管理系统
        #[arg(long)]
        fragment: bool,
        /// 覆盖已存在的输出文件
        #[arg(long)]
        force: bool,
        /// 发布期限（月-日），如 02-20；默认按机关层级
        #[arg(long, value_name = "月-日", value_parser = parse_deadline)]
        deadline: Option<(u32, u32)>,
        /// 输出表格数据 JSON（文件名.json），供网站内容管理系统、统计汇总等使用
        #[arg(long)]
        json: bool,
    },
    /// 模板：导出内置模板，修改后用 gxgk render --templates 目录 使用
    #[command(help_template = HELP_TEMPLATE, subcommand_help_heading = "命令")]
    Templates {
        #[command(subcommand)]
        action: TemplatesAction,
    },
    /// 列出生成 PDF 时各类文字（标题、正文、黑体、楷体、页码）使用的字体
    #[command(help_template = HELP_TEMPLATE)]
    Fonts {
        #[command(flatten)]
        fonts: FontArgs,
    },
    /// 导入已发布的报告（网页 .html、Word .docx、PDF、复制的文字 .txt），生成数据文件；每项注明原文行号
    #[command(help_template = HELP_TEMPLATE)]
    Import {
        /// 已发布的报告文件或文件夹（可写多个）
        #[arg(value_name = "文件", required = true)]
        files: Vec<PathBuf>,
        /// 输出的数据文件；导入多个文件时为输出目录。默认与原文件同名、放在旁边
        #[arg(short, long, value_name = "文件或目录")]
        output: Option<PathBuf>,
        /// 覆盖已存在的文件
        #[arg(long)]
        force: bool,
    },
    /// 输出数据文件的 JSON Schema（供编辑器补全和提示）
    #[command(help_template = HELP_TEMPLATE)]
    Schema,
}

/// Where the PDF's fonts come from.
#[derive(clap::Args)]
struct FontArgs {
    /// 字体目录：先在其中查找字体（可写多次），再查找系统字体
    #[arg(long = "font-dir", value_name = "目录")]
    font_dirs: Vec<PathBuf>,
    /// 指定某类文字的字体，如 --font 正文=仿宋_GB2312 或 --font title=字体文件.ttf
    /// （类别：标题/title、正文/body、黑体/hei、楷体/kai、宋体/song）
    #[arg(long = "font", value_name = "类别=字体", value_parser = parse_font_override)]
    overrides: Vec<(gxgk::fonts::Role, String)>,
}

impl FontArgs {
    /// Resolves the fonts, printing the Chinese reason and returning exit code 2 on failure.
    fn resolve(&self, exclude: &[PathBuf]) -> Result<gxgk::fonts::Fonts, u8> {
        gxgk::fonts::resolve(&gxgk::fonts::FontOptions {
            font_dirs: self.font_dirs.clone(),
            overrides: self.overrides.clone(),
            system: true,
            exclude: exclude.to_vec(),
        })
        .map_err(|e| {
            errln!("错误：{e}");
            2
        })
    }
}

fn parse_font_override(s: &str) -> Result<(gxgk::fonts::Role, String), String> {
    let (role, name) = s
        .split_once(['=', '＝'])
        .ok_or_else(|| format!("“{s}”应写成 类别=字体，如 正文=仿宋_GB2312"))?;
    let role = gxgk::fonts::Role::parse(role.trim()).ok_or_else(|| {
        format!("无法识别的字体类别“{role}”，可选：标题、正文、黑体、楷体、宋体（或 title、body、hei、kai、song）")
    })?;
    Ok((role, name.trim().to_string()))
}

#[derive(Subcommand)]
enum TemplatesAction {
    /// 把内置模板写到目录中
    #[command(help_template = HELP_TEMPLATE)]
    Export {
        /// 目标目录（不存在时创建）
        #[arg(value_name = "目录")]
        dir: PathBuf,
        /// 覆盖目录中已有的同名文件
        #[arg(long)]
        force: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// 中文文字，带位置和原文
    Text,
    /// JSON，供其他程序读取
    Json,
}

/// Translates the fixed English phrases clap prints around our Chinese help texts.
fn chinese_clap(text: &str) -> String {
    const PHRASES: &[(&str, &str)] = &[
        ("Arguments:", "参数："),
        ("Options:", "选项："),
        ("Commands:", "命令："),
        ("Print help", "显示帮助"),
        ("Print version", "显示版本"),
        ("Usage:", "用法："),
        ("[OPTIONS]", "[选项]"),
        ("<COMMAND>", "<命令>"),
        (
            "the following required arguments were not provided:",
            "缺少必填的参数：",
        ),
        ("unexpected argument", "无法识别的参数"),
        ("unrecognized subcommand", "无法识别的命令"),
        ("invalid value", "无效的值"),
        ("' found", "'"),
        ("[possible values: ", "[可选的值："),
        ("a similar value exists: ", "相近的值："),
        ("a similar argument exists: ", "相近的参数："),
        ("some similar arguments exist: ", "相近的参数："),
        ("to pass '", "如果 '"),
        ("' as a value, use '", "' 是要传入的值，请写成 '"),
        ("the argument ", "参数 "),
        ("cannot be used multiple times", "只能写一次"),
        ("cannot be used with", "不能与下面的参数同时使用："),
        ("a value is required for", "缺少值："),
        ("but none was supplied", ""),
        (
            "requires a subcommand but one was not provided",
            "需要一个命令",
        ),
        (
            "invalid UTF-8 was detected in one or more arguments",
            "参数中有无法识别的字符（不是 UTF-8）",
        ),
        (
            "equal sign is needed when assigning values to",
            "给参数赋值时需要写等号：",
        ),
        ("no more were expected", "多了这个值"),
        ("unexpected value", "多余的值"),
        ("subcommand", "命令"),
        ("': ", "'："),
        (" for ", " 用于 "),
        ("tip: ", "提示："),
        (
            "For more information, try '--help'.",
            "运行 --help 查看用法。",
        ),
        ("some similar subcommands exist:", "相近的命令："),
        ("a similar subcommand exists:", "相近的命令："),
        ("命令:", "命令："),
    ];
    let mut out = text.to_string();
    for (en, zh) in PHRASES {
        out = out.replace(en, zh);
    }
    out
}

fn parse_deadline(s: &str) -> Result<(u32, u32), String> {
    gxgk::model::date::parse_month_day(s)
        .ok_or_else(|| format!("“{s}”不是有效的月-日，应写成 01-31"))
}

fn main() -> ExitCode {
    gxgk::guard::install();
    // gxgk.exe double-clicked in Explorer: a help that stays on screen (see console.rs).
    if let Some(code) = console::double_clicked() {
        return code;
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind::*;
            let text = chinese_clap(&e.render().to_string());
            if matches!(
                e.kind(),
                DisplayHelp | DisplayVersion | DisplayHelpOnMissingArgumentOrSubcommand
            ) {
                out!("{text}");
                return if e.kind() == DisplayHelpOnMissingArgumentOrSubcommand {
                    ExitCode::from(2)
                } else {
                    ExitCode::SUCCESS
                };
            }
            let text = text.trim_start_matches("error: ");
            let args: Vec<String> = std::env::args().collect();
            let wants_json = args
                .windows(2)
                .any(|w| w[0] == "--format" && w[1] == "json")
                || args.iter().any(|a| a == "--format=json");
            if wants_json {
                let doc = serde_json::json!({
                    "readable": false,
                    "errors": 1,
                    "findings": [{ "severity": "error", "rule": "USAGE", "message": text.trim() }],
                });
                outln!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
            }
            err!("用法错误：{text}");
            let _ = gxgk::stdio::finish();
            return ExitCode::from(2);
        }
    };
    let code = match cli.command {
        Command::New {
            agency,
            year,
            level,
            from,
            output,
            force,
        } => new(
            agency.as_deref(),
            year,
            level.as_deref(),
            from.as_deref(),
            &output,
            force,
        ),
        Command::Check {
            file,
            more,
            previous,
            format,
            deadline,
            explain,
            strict,
        } => match explain {
            Some(id) => explain_rule(&id),
            None => {
                // Each file in turn; a published report (.txt/.html/.docx/.pdf) is imported in
                // memory, then checked. The exit code is the worst of them.
                let one = |file: &Path| -> u8 {
                    if gxgk::import::is_document(file) {
                        match previous
                            .as_deref()
                            .map(|p| load_previous_file(p).map_err(|e| report_load_error(&e)))
                            .transpose()
                        {
                            Ok(p) => cmd_import::check(
                                file,
                                p.as_ref().map(|l| &l.report),
                                matches!(format, Format::Json),
                                deadline,
                            ),
                            Err(code) => code,
                        }
                    } else {
                        check_file(file, previous.as_deref(), format, deadline, strict)
                    }
                };
                match file {
                    Some(file) => {
                        // With --format json, several files make one JSON array of their
                        // documents, so the output stays one JSON document.
                        let array = matches!(format, Format::Json) && !more.is_empty();
                        if array {
                            outln!("[");
                        }
                        let mut worst = 0;
                        for (i, f) in std::iter::once(&file).chain(&more).enumerate() {
                            if array && i > 0 {
                                outln!(",");
                            }
                            worst = worst.max(one(f));
                        }
                        if array {
                            outln!("]");
                        }
                        worst
                    }
                    None => usage("请给出要检查的文件，如 gxgk check report.toml"),
                }
            }
        },
        Command::Render {
            file,
            html,
            docx,
            pdf,
            fonts,
            out_dir,
            templates,
            draft,
            fragment,
            force,
            deadline,
            json,
        } => {
            // JSON data first; alone when no document format is asked for.
            let json_code = json.then(|| {
                cmd_import::render_json(&file, out_dir.as_deref(), force, draft, deadline)
            });
            if let Some(code) = json_code.filter(|&c| c != 0 || !(html || docx || pdf)) {
                return ExitCode::from(code);
            }
            let mut formats: Vec<render::Format> = Vec::new();
            if html {
                formats.push(render::Format::Html);
            }
            if docx {
                formats.push(render::Format::Docx);
            }
            if pdf {
                formats.push(render::Format::Pdf);
            }
            if formats.is_empty() {
                formats = render::Format::ALL.to_vec();
            }
            let opts = render::Options {
                html: gxgk::html::Options {
                    fragment,
                    templates,
                },
                fonts: None,
            };
            render_file(RenderRequest {
                file: &file,
                formats: &formats,
                out_dir: out_dir.as_deref(),
                opts,
                fonts,
                draft,
                force,
                deadline,
            })
        }
        Command::Fonts { fonts } => match fonts.resolve(&[]) {
            Ok(f) => {
                out!("{}", gxgk::fonts::describe(&f));
                0
            }
            Err(code) => code,
        },
        Command::Templates {
            action: TemplatesAction::Export { dir, force },
        } => export_templates(&dir, force),
        Command::Import {
            files,
            output,
            force,
        } => cmd_import::run(&files, output.as_deref(), force),
        Command::Schema => {
            out!("{}", schema::json());
            0
        }
    };
    // Output that could not be printed (a full disk behind `>`) is an error of its own.
    let code = match gxgk::stdio::finish() {
        Some(why) => {
            errln!("错误：无法输出结果：{why}");
            code.max(2)
        }
        None => code,
    };
    ExitCode::from(code)
}

fn usage(msg: &str) -> u8 {
    errln!("用法错误：{msg}");
    2
}

/// Prints a load error (exit 2).
fn report_load_error(e: &LoadError) -> u8 {
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
    2
}

fn new(
    agency: Option<&str>,
    year: Option<i64>,
    level: Option<&str>,
    from: Option<&Path>,
    output: &Path,
    force: bool,
) -> u8 {
    // Last year's file may use key names renamed since: read under the new names, with a note.
    let previous = match from.map(load_previous_file).transpose() {
        Ok(p) => p.map(|l| {
            for n in &l.notes {
                outln!("{}", n.render_text(&l.source));
            }
            l.report
        }),
        Err(e) => return report_load_error(&e),
    };
    let agency = match (agency, &previous) {
        (Some(a), _) => a.to_string(),
        (None, Some(p)) => p.agency.name.clone(),
        (None, None) => return usage("请用 --agency 写明机关名称"),
    };
    let agency = agency.as_str();
    let year = year
        .or(previous.as_ref().map(|p| p.year + 1))
        .unwrap_or_else(scaffold::default_year);
    if !(2019..=2100).contains(&year) {
        return usage(&format!("报告年度 {year} 不在支持范围内（2019 年度起）"));
    }
    let level = match level {
        Some(name) => match Level::from_name(name) {
            Some(l) => l,
            None => {
                let names: Vec<&str> = Level::ALL.iter().map(|(_, n)| *n).collect();
                return usage(&format!(
                    "无法识别的机关层级“{name}”，可选：{}",
                    names.join("、")
                ));
            }
        },
        None => match previous
            .as_ref()
            .map(|p| p.agency.level)
            .or_else(|| gxgk::model::Level::guess(agency))
        {
            Some(l) => l,
            None => {
                return usage(&format!(
                    "无法从名称“{agency}”判断机关层级，请加 --level，如 --level 县级政府部门"
                ));
            }
        },
    };
    let name = scaffold::full_name(agency, level);
    let schema_name = "gxgk.schema.json";
    let text = scaffold::render(&scaffold::Options {
        agency: name.clone(),
        level,
        year,
        previous,
        schema_path: schema_name.to_string(),
    });
    let inputs: Vec<&Path> = from.into_iter().collect();
    let out = write::Out {
        path: output,
        bytes: text.as_bytes(),
    };
    if let Err(e) = write::write_set(&[out], force, &inputs) {
        errln!("错误：{e}");
        return 2;
    }
    // The schema beside the file is ours to refresh, but a file of that name that gxgk did
    // not write is left alone.
    let schema_path = output.parent().unwrap_or(Path::new("")).join(schema_name);
    let ours = std::fs::read_to_string(&schema_path)
        .map(|t| schema::is_ours(&t))
        .unwrap_or(!write::occupied(&schema_path));
    if !ours {
        errln!(
            "提示：{} 已存在且不是 gxgk 生成的，没有覆盖（编辑器的自动补全可能不准，不影响使用）",
            schema_path.display()
        );
    } else if let Err(e) = write::atomic(&schema_path, schema::json().as_bytes(), true) {
        errln!("警告：{e}（编辑器将无法自动补全，不影响使用）");
    }
    outln!(
        "已生成 {}：{name}{year}年政府信息公开工作年度报告（{}级，{}格式）",
        output.display(),
        level.name(),
        gxgk::model::Edition::for_year(year)
    );
    if name != agency.trim() {
        outln!("机关全称写为“{name}”，如不对请在文件中修改 [agency] name。");
    }
    outln!(
        "下一步：按文件中的说明填写数字和文字，然后运行  gxgk check {}",
        output.display()
    );
    0
}

fn load_or_report(path: &Path) -> Result<Loaded, u8> {
    load_file(path).map_err(|e| report_load_error(&e))
}

fn check_file(
    path: &Path,
    previous: Option<&Path>,
    format: Format,
    deadline: Option<(u32, u32)>,
    strict: bool,
) -> u8 {
    // With --format json every outcome is one JSON document on stdout, load errors included.
    let refused = |e: LoadError| match format {
        Format::Json => {
            print_load_error_json(&e);
            2
        }
        Format::Text => report_load_error(&e),
    };
    let loaded = match load_file(path) {
        Ok(l) => l,
        Err(e) => return refused(e),
    };
    // Last year's file may use key names renamed since: read under the new names.
    let prev = match previous.map(load_previous_file).transpose() {
        Ok(p) => p,
        Err(e) => return refused(e),
    };
    if let (Some(p), Format::Text) = (&prev, format) {
        for n in &p.notes {
            outln!("{}", n.render_text(&p.source));
        }
    }
    let ctx = Ctx {
        report: &loaded.report,
        previous: prev.as_ref().map(|p| &p.report),
        previous_source: prev.as_ref().map(|p| &p.source),
        deadline,
    };
    let mut diags = loaded.notes.clone();
    diags.extend(check::check(&ctx));
    if strict {
        // `--strict`: a warning is printed, counted and exits as an error.
        for d in &mut diags {
            if d.severity == gxgk::diag::Severity::Warning {
                d.severity = gxgk::diag::Severity::Error;
            }
        }
    }
    print_findings(&loaded, &diags, format);
    if Tally::of(&diags).errors > 0 { 1 } else { 0 }
}

struct RenderRequest<'a> {
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

fn render_file(mut req: RenderRequest) -> u8 {
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
            return 1;
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
                return 2;
            }
            Err(e) => {
                errln!("错误：{e}");
                return 2;
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
        return 2;
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
        return 2;
    }
    for (o, path) in outputs.iter().zip(&paths) {
        outln!("已生成 {}（{}）", path.display(), o.format.name());
    }
    if req.draft {
        outln!("这是草稿：每页带有“草稿”水印，不能发布。");
    }
    0
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

fn export_templates(dir: &Path, force: bool) -> u8 {
    if let Err(e) = std::fs::create_dir_all(dir) {
        errln!("错误：无法创建目录 {}：{}", dir.display(), io_cause(&e));
        return 2;
    }
    for (name, text) in gxgk::html::BUILTIN {
        let path = dir.join(name);
        match write::atomic(&path, text.as_bytes(), force) {
            Ok(()) => outln!("已导出 {}", path.display()),
            Err(e) => {
                errln!("错误：{e}");
                return 2;
            }
        }
    }
    outln!(
        "修改这些文件后，用  gxgk render 数据文件 --templates {}  生成报告；删去的文件仍用内置模板。",
        dir.display()
    );
    0
}

fn print_findings(loaded: &Loaded, diags: &[Diagnostic], format: Format) {
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
fn print_load_error_json(e: &LoadError) {
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
fn print_json(source: &gxgk::source::Source, diags: &[Diagnostic], readable: bool) {
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

fn explain_rule(id: &str) -> u8 {
    if id.trim().is_empty() {
        outln!("gxgk check 的规则（用 gxgk check --explain 规则编号 查看详细说明）：\n");
        for r in RULES {
            outln!("  {:<24} {}  {}", r.id, r.severity_label(), r.title);
        }
        for (id, title) in LOAD_RULES {
            outln!("  {id:<24} 错误  {title}");
        }
        return 0;
    }
    match check::rule(id) {
        Some(r) => {
            outln!(
                "{}（{}）：{}\n\n{}",
                r.id,
                r.severity_label(),
                r.title,
                r.explain
            );
            0
        }
        None => match LOAD_RULES
            .iter()
            .find(|(i, _)| i.eq_ignore_ascii_case(id.trim()))
        {
            Some((id, title)) => {
                outln!(
                    "{id}（错误）：{title}\n\n文件无法读取时报告，退出码为 2。按提示修改对应的行即可。"
                );
                0
            }
            None => {
                let ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
                let hint = gxgk::load::closest(&id.trim().to_uppercase(), &ids)
                    .map(|b| format!("是不是要找 {b}？"))
                    .unwrap_or_default();
                usage(&format!(
                    "没有规则“{id}”。{hint}运行 gxgk check --explain 列出全部规则"
                ))
            }
        },
    }
}
