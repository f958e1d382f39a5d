//! The command line in Chinese: the help's headings, flags and usage lines set through clap's
//! own settings, and usage errors written from clap's error kinds and their context (the
//! argument, the value, the suggestions). Nothing here rewrites text clap has already
//! rendered, so what the clerk typed is quoted exactly as typed.

use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue, ErrorFormatter, ErrorKind};
use clap::{Arg, ArgAction, Command};

/// `cmd` and its subcommands with Chinese help: a layout with Chinese headings (命令, 参数,
/// 选项, each only where the command has such), and Chinese help and version flags (clap's
/// own headings and flag descriptions are English).
pub fn localize(cmd: Command) -> Command {
    let mut cmd = cmd.disable_help_flag(true).disable_version_flag(true).arg(
        Arg::new("help")
            .short('h')
            .long("help")
            .action(ArgAction::Help)
            .help("显示帮助"),
    );
    if cmd.get_version().is_some() {
        cmd = cmd.arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本"),
        );
    }
    let mut layout = String::from("{about}\n\n用法：{usage}\n");
    if cmd.has_subcommands() {
        layout += "\n命令：\n{subcommands}\n";
    }
    if cmd.get_positionals().next().is_some() {
        layout += "\n参数：\n{positionals}\n";
    }
    layout += "\n选项：\n{options}{after-help}";
    cmd.help_template(layout)
        .subcommand_value_name("命令")
        .mut_args(say_values)
        .mut_subcommands(localize)
}

/// An argument's possible and default values said in its own help line, in Chinese (clap
/// would add `[possible values: …]` and `[default: …]`).
fn say_values(a: Arg) -> Arg {
    if !a.get_action().takes_values() || a.is_hide_set() {
        return a;
    }
    let mut help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
    let values: Vec<String> = a
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| match v.get_help() {
            Some(h) => format!("{}（{h}）", v.get_name()),
            None => v.get_name().to_string(),
        })
        .collect();
    if !values.is_empty() {
        help += &format!("：{}", values.join("；"));
    }
    let defaults: Vec<String> = a
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() {
        help += &format!("。默认为 {}", defaults.join(" "));
    }
    a.help(help)
        .hide_possible_values(true)
        .hide_default_value(true)
}

/// Formats a usage error in Chinese (without the `error:` clap starts its own with).
pub struct Chinese;

impl ErrorFormatter for Chinese {
    fn format_error(error: &clap::error::Error<Self>) -> StyledStr {
        let mut out = StyledStr::new();
        out.push_str(&message(error));
        for (kind, what) in [
            (ContextKind::SuggestedSubcommand, "命令"),
            (ContextKind::SuggestedArg, "参数"),
            (ContextKind::SuggestedValue, "值"),
        ] {
            if let Some(list) = error.get(kind).and_then(strings) {
                out.push_str(&format!("\n\n  提示：相近的{what}：{}", quoted(&list)));
            }
        }
        // clap's own tip (in English) for an unknown `-x`: that a value starting with `-` is
        // passed after `--`.
        if let (ErrorKind::UnknownArgument, Some(ContextValue::String(arg)), Some(_)) = (
            error.kind(),
            error.get(ContextKind::InvalidArg),
            error.get(ContextKind::Suggested),
        ) && arg.starts_with('-')
            && error.get(ContextKind::SuggestedArg).is_none()
        {
            out.push_str(&format!(
                "\n\n  提示：如果 '{arg}' 是要传入的值，请写成 '-- {arg}'"
            ));
        }
        if let Some(ContextValue::StyledStr(usage)) = error.get(ContextKind::Usage) {
            // clap puts its own title before the usage line (from our override_usage).
            let usage = usage.to_string();
            let line = usage.split_once(':').map_or(&usage[..], |(_, rest)| rest);
            out.push_str(&format!("\n\n用法：{}", line.trim()));
        }
        out.push_str("\n\n运行 --help 查看用法。\n");
        out
    }
}

/// The context's value as a list of strings.
fn strings(v: &ContextValue) -> Option<Vec<String>> {
    match v {
        ContextValue::String(s) => Some(vec![s.clone()]),
        ContextValue::Strings(s) if !s.is_empty() => Some(s.clone()),
        _ => None,
    }
}

/// `'a'、'b'`.
fn quoted(list: &[String]) -> String {
    list.iter()
        .map(|s| format!("'{s}'"))
        .collect::<Vec<_>>()
        .join("、")
}

/// The sentence for the error's kind, with the argument and value it names.
fn message(error: &clap::error::Error<Chinese>) -> String {
    let text = |k| match error.get(k) {
        Some(ContextValue::String(s)) => Some(s.as_str()),
        _ => None,
    };
    let number = |k| match error.get(k) {
        Some(ContextValue::Number(n)) => Some(*n),
        _ => None,
    };
    let arg = text(ContextKind::InvalidArg).unwrap_or("");
    let value = text(ContextKind::InvalidValue).unwrap_or("");
    match error.kind() {
        ErrorKind::InvalidValue if value.is_empty() => format!("参数 '{arg}' 缺少值"),
        ErrorKind::InvalidValue => {
            let mut m = format!("参数 '{arg}' 的值 '{value}' 无效");
            if let Some(valid) = error.get(ContextKind::ValidValue).and_then(strings) {
                m += &format!("\n  [可选的值：{}]", valid.join("、"));
            }
            m
        }
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(error)
                .map(cause)
                .unwrap_or_default();
            format!("参数 '{arg}' 的值 '{value}' 无效{why}")
        }
        ErrorKind::UnknownArgument => format!("无法识别的参数 '{arg}'"),
        ErrorKind::InvalidSubcommand => format!(
            "无法识别的命令 '{}'",
            text(ContextKind::InvalidSubcommand).unwrap_or("")
        ),
        ErrorKind::MissingRequiredArgument => {
            let list = error.get(ContextKind::InvalidArg).and_then(strings);
            let list = list.unwrap_or_default();
            format!("缺少必填的参数：\n  {}", list.join("\n  "))
        }
        ErrorKind::MissingSubcommand => {
            let mut m = format!(
                "'{}' 后面需要写一个命令",
                text(ContextKind::InvalidSubcommand).unwrap_or("gxgk")
            );
            if let Some(valid) = error.get(ContextKind::ValidSubcommand).and_then(strings) {
                m += &format!("\n  [可选的命令：{}]", valid.join("、"));
            }
            m
        }
        ErrorKind::ArgumentConflict => match error.get(ContextKind::PriorArg).and_then(strings) {
            Some(prior) if prior.iter().any(|p| p == arg) => format!("参数 '{arg}' 只能写一次"),
            Some(prior) => format!("参数 '{arg}' 不能与 {} 同时使用", quoted(&prior)),
            None => format!("参数 '{arg}' 不能与已写的其他参数同时使用"),
        },
        ErrorKind::NoEquals => format!("给参数 '{arg}' 赋值时需要写等号，如 {arg}=值"),
        ErrorKind::TooManyValues => format!("参数 '{arg}' 多了一个值 '{value}'"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            let want = number(ContextKind::MinValues)
                .or(number(ContextKind::ExpectedNumValues))
                .unwrap_or(1);
            let got = number(ContextKind::ActualNumValues).unwrap_or(0);
            format!("参数 '{arg}' 需要 {want} 个值，只写了 {got} 个")
        }
        ErrorKind::InvalidUtf8 => "参数中有无法识别的字符（不是 UTF-8 编码）".into(),
        _ => "命令行参数有误".into(),
    }
}

/// Why a value was refused, after a full-width colon: our own parsers' messages are Chinese
/// already; the standard library's number errors are said in Chinese here.
fn cause(e: &(dyn std::error::Error + 'static)) -> String {
    if let Some(e) = e.downcast_ref::<std::num::ParseIntError>() {
        use std::num::IntErrorKind::*;
        let why = match e.kind() {
            Empty => "没有写数字",
            PosOverflow | NegOverflow => "数字太大",
            _ => "应为整数（只写数字）",
        };
        return format!("：{why}");
    }
    format!("：{e}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmd() -> Command {
        localize(
            Command::new("t")
                .version("1")
                .arg(
                    Arg::new("n")
                        .long("n")
                        .value_parser(clap::value_parser!(i64)),
                )
                .arg(
                    Arg::new("f")
                        .long("f")
                        .value_parser(["text", "json"])
                        .value_name("格式"),
                ),
        )
    }

    fn error(args: &[&str]) -> String {
        let e = cmd().try_get_matches_from(args).unwrap_err();
        e.apply::<Chinese>().render().to_string()
    }

    #[test]
    fn values_are_quoted_as_typed() {
        let m = error(&["t", "--f", "invalid value for"]);
        assert!(
            m.starts_with("参数 '--f <格式>' 的值 'invalid value for' 无效"),
            "{m}"
        );
        assert!(m.contains("[可选的值：text、json]"), "{m}");
        let m = error(&["t", "--n", "x"]);
        assert!(
            m.starts_with("参数 '--n <n>' 的值 'x' 无效：应为整数"),
            "{m}"
        );
        let m = error(&["t", "--zz"]);
        assert!(m.starts_with("无法识别的参数 '--zz'"), "{m}");
    }

    #[test]
    fn the_help_has_chinese_headings_and_flags() {
        let help = cmd().render_help().to_string();
        assert!(help.contains("\n选项：\n"), "{help}");
        assert!(
            help.contains("显示帮助") && help.contains("显示版本"),
            "{help}"
        );
        assert!(
            !help.contains("Options") && !help.contains("Print"),
            "{help}"
        );
    }
}
