//! The `gxgk` command: parses arguments, calls the library, prints findings, writes files
//! and maps outcomes to exit codes (0 clean, 1 errors found, 2 usage or unreadable input).

mod cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use cmd::{FontArgs, Format, Outcome};
use gxgk::load::schema;
use gxgk::{err, errln, out, outln};

mod console;
mod usage;

#[derive(Parser)]
#[command(
    name = "gxgk",
    version,
    override_usage = "gxgk <命令>",
    about = "政府信息公开工作年度报告：生成数据文件、检查勾稽关系、输出报告",
    disable_help_subcommand = true,
    after_help = "示例：\n  gxgk edit report.toml\n  gxgk new --agency 磐石镇\n  gxgk check report.toml\n  gxgk check --explain T3-COL-BALANCE\n  gxgk render report.toml\n  gxgk import 去年的报告.html -o 2024.toml"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 生成本年度的数据文件 report.toml（每一项都有中文说明）
    #[command(override_usage = "gxgk new [选项]")]
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
    /// 在浏览器中按报告格式填写数据文件，边填边检查，自动保存
    #[command(override_usage = "gxgk edit [选项] [文件]")]
    Edit(cmd::edit::Args),
    /// 检查数据文件：勾稽关系、表格结构、日期、单位、文字
    #[command(override_usage = "gxgk check [选项] [文件] [更多文件]...")]
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
        #[arg(long, value_name = "月-日", value_parser = cmd::parse_deadline)]
        deadline: Option<(u32, u32)>,
        /// 解释一条规则；不写规则编号则列出全部规则
        #[arg(long, value_name = "规则", num_args = 0..=1, default_missing_value = "")]
        explain: Option<String>,
        /// 严格检查：警告也按错误处理（有警告时退出码为 1）
        #[arg(long)]
        strict: bool,
    },
    /// 生成报告：按国家格式输出网页（HTML）、Word 文档（DOCX）和 PDF；先检查，有错误时不生成（除非 --draft）
    #[command(override_usage = "gxgk render [选项] <文件>...")]
    Render(cmd::render::Args),
    /// 模板：导出内置模板，修改后用 gxgk render --templates 目录 使用
    #[command(override_usage = "gxgk templates <命令>")]
    Templates {
        #[command(subcommand)]
        action: TemplatesAction,
    },
    /// 列出生成 PDF 时各类文字（标题、正文、黑体、楷体、页码）使用的字体
    #[command(override_usage = "gxgk fonts [选项]")]
    Fonts {
        #[command(flatten)]
        fonts: FontArgs,
    },
    /// 导入已发布的报告（网页 .html、Word .docx、PDF、复制的文字 .txt），生成数据文件；每项注明原文行号
    #[command(override_usage = "gxgk import [选项] <文件>...")]
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
    /// 汇总：把多份报告的表二、表三、表四逐格相加，生成汇总报告的数据文件；或核对手工汇总表
    #[command(override_usage = "gxgk rollup [选项] --agency <名称> <文件>...")]
    Rollup {
        /// 参与汇总的数据文件；可以写多个，或写文件夹（其中所有 .toml 文件）
        #[arg(value_name = "文件", required = true)]
        files: Vec<PathBuf>,
        /// 汇总报告的机关全称，如 某县人民政府（照写，用于标题和落款）
        #[arg(long, value_name = "名称")]
        agency: String,
        /// 机关层级，默认按名称判断（判断不了时为县级人民政府）
        #[arg(long, value_name = "层级")]
        level: Option<String>,
        /// 输出的汇总数据文件（默认 汇总.toml；只核对时不写）
        #[arg(short, long, value_name = "文件")]
        output: Option<PathBuf>,
        /// 手工填写的汇总数据文件：逐格与各报告之和比较，列出不一致的格子
        #[arg(long, value_name = "文件")]
        check_against: Option<PathBuf>,
        /// 覆盖已存在的文件
        #[arg(long)]
        force: bool,
    },
    /// 统计：把多份报告的表格数字汇成一个 Excel 工作簿（每张表一个工作表，每份报告一行）
    #[command(override_usage = "gxgk stats [选项] <文件>...")]
    Stats {
        /// 数据文件；可以写多个，或写文件夹（其中所有 .toml 文件）
        #[arg(value_name = "文件", required = true)]
        files: Vec<PathBuf>,
        /// 输出的工作簿
        #[arg(short, long, value_name = "文件", default_value = "统计.xlsx")]
        output: PathBuf,
        /// 覆盖已存在的文件
        #[arg(long)]
        force: bool,
    },
    /// 输出数据文件的 JSON Schema（供编辑器补全和提示）
    #[command(override_usage = "gxgk schema")]
    Schema,
}
#[derive(Subcommand)]
enum TemplatesAction {
    /// 把内置模板写到目录中
    #[command(override_usage = "gxgk templates export [选项] <目录>")]
    Export {
        /// 目标目录（不存在时创建）
        #[arg(value_name = "目录")]
        dir: PathBuf,
        /// 覆盖目录中已有的同名文件
        #[arg(long)]
        force: bool,
    },
}

fn main() -> ExitCode {
    gxgk::sys::guard::install();
    // gxgk.exe double-clicked in Explorer: a help that stays on screen (see console.rs).
    if let Some(code) = console::double_clicked() {
        return code;
    }
    let parsed = usage::localize(Cli::command())
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind::*;
            let e = e.apply::<usage::Chinese>();
            let text = e.render().to_string();
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
            let _ = gxgk::sys::stdio::finish();
            return ExitCode::from(2);
        }
    };
    let outcome = match cli.command {
        Command::New {
            agency,
            year,
            level,
            from,
            output,
            force,
        } => cmd::new::run(
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
            Some(id) => cmd::check::explain_rule(&id),
            None => {
                let files: Vec<PathBuf> = file.into_iter().chain(more).collect();
                cmd::check::run(&files, previous.as_deref(), format, deadline, strict)
            }
        },
        Command::Render(args) => cmd::render::run(args),
        Command::Edit(args) => cmd::edit::run(&args, cmd::edit::Stop::Pages),
        Command::Fonts { fonts } => cmd::fonts::run(&fonts),
        Command::Templates {
            action: TemplatesAction::Export { dir, force },
        } => cmd::templates::export(&dir, force),
        Command::Import {
            files,
            output,
            force,
        } => cmd::import::run(&files, output.as_deref(), force),
        Command::Rollup {
            files,
            agency,
            level,
            output,
            check_against,
            force,
        } => cmd::rollup::run(cmd::rollup::Request {
            files: &files,
            agency: &agency,
            level: level.as_deref(),
            output: output.as_deref(),
            check_against: check_against.as_deref(),
            force,
        }),
        Command::Stats {
            files,
            output,
            force,
        } => cmd::stats::run(&files, &output, force),
        Command::Schema => {
            out!("{}", schema::json());
            Outcome::Clean
        }
    };
    // Output that could not be printed (a full disk behind `>`) is an error of its own.
    let outcome = match gxgk::sys::stdio::finish() {
        Some(why) => {
            errln!("错误：无法输出结果：{why}");
            outcome.max(Outcome::Unusable)
        }
        None => outcome,
    };
    ExitCode::from(outcome.code())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each command's one-line description is its own: `rollup` once showed the `schema`
    /// command's line before its own, and `schema` none (a doc comment in the wrong place).
    #[test]
    fn every_command_has_its_own_description() {
        let cmd = usage::localize(Cli::command());
        let mut seen = Vec::new();
        for sub in cmd.get_subcommands() {
            let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
            assert!(
                !about.trim().is_empty(),
                "{} has no description",
                sub.get_name()
            );
            assert!(!seen.contains(&about), "{} repeats {about}", sub.get_name());
            seen.push(about);
        }
        let about = |name: &str| {
            let sub = cmd.find_subcommand(name).unwrap();
            sub.get_about().unwrap().to_string()
        };
        assert!(about("schema").contains("JSON Schema"));
        assert!(about("rollup").starts_with("汇总"));
    }
}
