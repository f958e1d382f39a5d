//! Reads a data file into a [`Report`]: encoding, TOML syntax, the edition's typed shape.
//! Every failure is one located Chinese diagnostic (exit 2), never a panic.

use std::path::Path;

use thiserror::Error;

use crate::diag::{Diagnostic, Severity};
use crate::model::{Edition, Other2021, Report, ReportFile, Row, T2v2019, T2v2021, Tables};
use crate::source::Source;

/// A report and the source it came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The model.
    pub report: Report,
    /// The text, for locating findings.
    pub source: Source,
}

/// Why a data file could not be read.
#[derive(Debug, Error)]
pub enum LoadError {
    /// The file could not be read at all.
    #[error("无法读取文件 {path}：{cause}")]
    Io {
        /// The path as given.
        path: String,
        /// The cause, in Chinese.
        cause: String,
    },
    /// The file was read but is not a valid report file.
    #[error("{}", .diagnostic.message)]
    Invalid {
        /// The text, for locating the diagnostic.
        file: Box<Source>,
        /// What is wrong and where.
        diagnostic: Box<Diagnostic>,
    },
}

/// Reads and parses the data file at `path`.
pub fn load_file(path: &Path) -> Result<Loaded, LoadError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| LoadError::Io {
        path: name.clone(),
        cause: io_cause(&e),
    })?;
    load_bytes(&name, &bytes)
}

/// A Chinese description of an I/O error.
pub fn io_cause(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "文件不存在，请检查路径和文件名".to_string(),
        PermissionDenied => "没有权限读取或写入".to_string(),
        IsADirectory => "这是一个文件夹，不是文件".to_string(),
        AlreadyExists => "文件已存在".to_string(),
        _ => format!("{e}"),
    }
}

/// Parses a data file's bytes; `name` is used in locations.
pub fn load_bytes(name: &str, bytes: &[u8]) -> Result<Loaded, LoadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(e) => {
            let source = Source::new(name, String::from_utf8_lossy(bytes).into_owned());
            let mut d = Diagnostic::new(
                "ENCODING",
                Severity::Error,
                "文件不是 UTF-8 编码（可能是 GBK/ANSI）",
            )
            .help("用记事本或 WPS 打开，“另存为”时编码选择 UTF-8");
            d.span = Some(e.valid_up_to()..e.valid_up_to());
            return Err(invalid(source, d));
        }
    };
    load_str(name, text)
}

/// Parses a data file's text; `name` is used in locations.
pub fn load_str(name: &str, text: String) -> Result<Loaded, LoadError> {
    let source = Source::new(name, text);
    if let Err(e) = toml_edit::Document::parse(source.text.as_str()) {
        let d = syntax_error(e.message(), e.span(), &source.text);
        return Err(invalid(source, d));
    }
    let edition = match head(&source) {
        Ok(e) => e,
        Err(d) => return Err(invalid(source, d)),
    };
    let parsed = match edition {
        Edition::E2019 => toml::from_str::<ReportFile<T2v2019, Row>>(&source.text)
            .map(|f| f.into_report(|t2, t3| Tables::E2019 { t2, t3 })),
        Edition::E2021 => toml::from_str::<ReportFile<T2v2021, Other2021>>(&source.text)
            .map(|f| f.into_report(|t2, t3| Tables::E2021 { t2, t3 })),
    };
    match parsed {
        Ok(report) => Ok(Loaded { report, source }),
        Err(e) => {
            let d = shape_error(e.message(), e.span(), edition);
            Err(invalid(source, d))
        }
    }
}

fn invalid(source: Source, diagnostic: Diagnostic) -> LoadError {
    LoadError::Invalid {
        file: Box::new(source),
        diagnostic: Box::new(diagnostic),
    }
}

/// Reads `year` and `edition` first: they decide which edition's shape the file must have.
// The error is built once and printed; its size does not matter.
#[allow(clippy::result_large_err)]
fn head(source: &Source) -> Result<Edition, Diagnostic> {
    #[derive(serde::Deserialize)]
    struct Head {
        year: Option<toml::Value>,
        edition: Option<toml::Value>,
    }
    let head: Head = toml::from_str(&source.text)
        .map_err(|e| shape_error(e.message(), e.span(), Edition::E2021))?;
    let located = |path: &str, msg: String, help: &str| {
        Diagnostic::new("TOML-TYPE", Severity::Error, msg)
            .at(path)
            .help(help)
    };
    let year = match head.year {
        None => {
            return Err(
                Diagnostic::new("TOML-KEY", Severity::Error, "缺少 year（报告年度）")
                    .help("在文件开头写一行 year = 2025（报告所属年度）"),
            );
        }
        Some(toml::Value::Integer(y)) => y,
        Some(other) => {
            return Err(located(
                "year",
                format!("报告年度应为整数，实际写的是{}", describe_value(&other)),
                "写成 year = 2025，不加引号",
            ));
        }
    };
    if !(2019..=2100).contains(&year) {
        return Err(located(
            "year",
            format!(
                "报告年度 {year} 不在支持范围内：gxgk 支持 2019 年度起的报告（2018 年度及以前的格式已废止）"
            ),
            "写成报告所属的年度，如 year = 2025",
        ));
    }
    let declared = match head.edition {
        None => None,
        Some(toml::Value::Integer(e)) => match Edition::try_from(e) {
            Ok(e) => Some(e),
            Err(msg) => {
                return Err(located(
                    "edition",
                    msg,
                    "写成 edition = 2021 或 edition = 2019",
                ));
            }
        },
        Some(other) => {
            return Err(located(
                "edition",
                format!(
                    "表格版本应为整数 2019 或 2021，实际写的是{}",
                    describe_value(&other)
                ),
                "写成 edition = 2021，不加引号",
            ));
        }
    };
    Ok(declared.unwrap_or(Edition::for_year(year)))
}

fn describe_value(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => format!("文字 \"{s}\""),
        toml::Value::Integer(i) => format!("整数 {i}"),
        toml::Value::Float(f) => format!("小数 {f}"),
        toml::Value::Boolean(b) => format!("{b}"),
        toml::Value::Datetime(d) => format!("日期 {d}"),
        toml::Value::Array(_) => "数组".to_string(),
        toml::Value::Table(_) => "表".to_string(),
    }
}

/// Translates a TOML syntax error.
fn syntax_error(msg: &str, span: Option<std::ops::Range<usize>>, text: &str) -> Diagnostic {
    let marked = span.clone().and_then(|s| text.get(s)).unwrap_or("");
    let (message, help) = if msg.contains("string values must be quoted") {
        if marked.contains(['“', '”', '‘', '’']) {
            (
                "文字的引号用错了：TOML 只认英文双引号 \"".to_string(),
                "把中文引号“”换成英文双引号 \"\"".to_string(),
            )
        } else {
            (
                format!("文字 {marked} 两边缺少英文双引号"),
                format!("写成 \"{marked}\""),
            )
        }
    } else if msg.contains("extra comma") {
        (
            "数组里多了一个逗号".to_string(),
            "删去多余的逗号；空白单元格请写 \"\"".to_string(),
        )
    } else if msg.contains("unclosed inline table") {
        (
            "花括号 { } 没有配对".to_string(),
            "在这一行末尾补上 }".to_string(),
        )
    } else if msg.contains("missing comma between array elements") {
        (
            "数组的两个数之间缺少逗号，或上一行的数组缺少右方括号 ]".to_string(),
            "数之间用英文逗号 , 隔开；每行数组以 ] 结束".to_string(),
        )
    } else if msg.contains("unclosed array") {
        (
            "数组的方括号 [ ] 没有配对".to_string(),
            "在数组末尾补上 ]".to_string(),
        )
    } else if msg.contains("unclosed table") {
        (
            "表头缺少右方括号 ]".to_string(),
            "写成 [t3] 这样的形式".to_string(),
        )
    } else if msg.contains("invalid basic string") || msg.contains("invalid multiline") {
        (
            "文字缺少结尾的英文双引号".to_string(),
            "单行文字用 \"…\"，多行文字用三个双引号 \"\"\"…\"\"\" 括起来".to_string(),
        )
    } else if msg.contains("leading zero") {
        (
            "数字不能以 0 开头".to_string(),
            "如 08 应写成 8".to_string(),
        )
    } else if msg.contains("invalid date") || msg.contains("invalid time") {
        (
            "日期不存在或格式不对".to_string(),
            "写成 2026-01-20 这样的真实日期".to_string(),
        )
    } else if msg.contains("duplicate key") {
        (
            "同一个键写了两次".to_string(),
            "删去或合并重复的一项".to_string(),
        )
    } else if msg.contains("expected newline") {
        (
            "这一行多了内容：每行只能写一个“键 = 值”".to_string(),
            "检查是否漏了换行，或多了逗号".to_string(),
        )
    } else {
        (
            format!("TOML 格式错误（{msg}）"),
            "对照 gxgk new 生成的文件检查这一行的写法".to_string(),
        )
    };
    let mut d = Diagnostic::new("TOML-SYNTAX", Severity::Error, message).help(help);
    d.span = Some(span.unwrap_or(0..0));
    d
}

/// Keys that belong to one edition only, for the hint on an unknown key.
const KEYS_2019: [&str; 8] = [
    "new_made",
    "new_published",
    "total_published",
    "prev_items",
    "delta",
    "other_services",
    "procurement",
    "count",
];
const KEYS_2021: [&str; 6] = [
    "issued",
    "abolished",
    "in_force",
    "no_correction",
    "no_fee",
    "misc",
];

/// Translates a serde shape error (unknown key, wrong type, missing key).
fn shape_error(msg: &str, span: Option<std::ops::Range<usize>>, edition: Edition) -> Diagnostic {
    let (rule, message, help) = if let Some(rest) = msg.strip_prefix("unknown field `") {
        let (key, expected) = split_expected(rest);
        let mut help = match closest(key, &expected) {
            Some(best) => format!("是不是要写 {best}？"),
            None => String::new(),
        };
        let other_edition = match edition {
            Edition::E2021 if KEYS_2019.contains(&key) => Some(Edition::E2019),
            Edition::E2019 if KEYS_2021.contains(&key) => Some(Edition::E2021),
            _ => None,
        };
        if let Some(other) = other_edition {
            help = format!(
                "{key} 是{other}表格的栏目，本报告用{edition}表格（{}）；可以运行 gxgk new --from 旧文件 生成本年度格式的表格",
                edition.notice()
            );
        }
        if !expected.is_empty() {
            help.push_str(&format!("（此处可用的键：{}）", expected.join("、")));
        }
        ("TOML-KEY", format!("未知的键 {key}"), help)
    } else if let Some(rest) = msg.strip_prefix("unknown variant `") {
        let (value, expected) = split_expected(rest);
        let help = match closest(value, &expected) {
            Some(best) => format!("是不是要写 \"{best}\"？可选：{}", expected.join("、")),
            None => format!("可选：{}", expected.join("、")),
        };
        ("TOML-TYPE", format!("无法识别的取值 \"{value}\""), help)
    } else if let Some(rest) = msg.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let edition_hint = expected.contains("Other2021") && found.starts_with("sequence");
        let help = if edition_hint {
            format!(
                "{edition}表格的（六）其他处理分三行：在 [t3.other] 下写 no_correction、no_fee、misc；可以运行 gxgk new --from 旧文件 生成本年度格式的表格"
            )
        } else {
            format!("此处应为{}", expected_zh(expected))
        };
        (
            "TOML-TYPE",
            format!(
                "类型不对：此处应为{}，实际写的是{}",
                expected_zh(expected),
                found_zh(found)
            ),
            help,
        )
    } else if let Some(rest) = msg.strip_prefix("missing field `") {
        let key = rest.split('`').next().unwrap_or(rest);
        (
            "TOML-KEY",
            format!("缺少必填项 {key}（{}）", key_zh(key)),
            format!("补上 {key} = …，可参照 gxgk new 生成的文件"),
        )
    } else {
        // Our own deserializers already speak Chinese.
        ("TOML-TYPE", msg.to_string(), String::new())
    };
    let mut d = Diagnostic::new(rule, Severity::Error, message);
    if !help.is_empty() {
        d = d.help(help);
    }
    d.span = Some(span.unwrap_or(0..0));
    d
}

/// Splits "x`, expected one of `a`, `b`" into ("x", ["a", "b"]).
fn split_expected(rest: &str) -> (&str, Vec<&str>) {
    let (key, tail) = rest.split_once('`').unwrap_or((rest, ""));
    let expected = tail.split('`').skip(1).step_by(2).collect();
    (key, expected)
}

fn expected_zh(e: &str) -> String {
    let e = e.trim();
    if e.contains("i64") || e.contains("u64") || e.contains("integer") {
        "整数".to_string()
    } else if e.contains("a string") {
        "文字（两边加英文双引号）".to_string()
    } else if e.contains("sequence") {
        "数组，如 [0, 0, 0, 0, 0, 0]".to_string()
    } else if e.starts_with("struct") || e.contains("map") {
        "表（如 [t3.deny] 或 { … }）".to_string()
    } else if e.contains("boolean") {
        "true 或 false".to_string()
    } else if e.is_empty() {
        "别的类型".to_string()
    } else {
        e.to_string()
    }
}

fn found_zh(f: &str) -> String {
    let f = f.trim();
    if let Some(s) = f.strip_prefix("string ") {
        format!("文字 {s}")
    } else if let Some(s) = f.strip_prefix("integer ") {
        format!("整数 {}", s.trim_matches('`'))
    } else if let Some(s) = f.strip_prefix("floating point ") {
        format!("小数 {}", s.trim_matches('`'))
    } else if f.starts_with("sequence") {
        "数组".to_string()
    } else if f.starts_with("map") {
        "表".to_string()
    } else if f.starts_with("boolean") {
        f.replace("boolean", "布尔值").replace('`', "")
    } else {
        f.to_string()
    }
}

fn key_zh(key: &str) -> &'static str {
    match key {
        "agency" => "报告机关，[agency] 表",
        "name" => "机关全称",
        "level" => "机关层级",
        "year" => "报告年度",
        _ => "见 gxgk new 生成的文件",
    }
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a typo.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1) + 1;
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "year = 2025\n[agency]\nname = \"磐石镇人民政府\"\nlevel = \"乡镇\"\n";

    fn err(text: &str) -> (Diagnostic, (usize, usize)) {
        match load_str("r.toml", text.to_string()) {
            Err(LoadError::Invalid { file, diagnostic }) => {
                let l = diagnostic.location(&file);
                (*diagnostic, (l.line, l.column))
            }
            other => panic!("expected an error, got {other:?}"),
        }
    }

    #[test]
    fn minimal_file_loads_with_the_year_edition() {
        let l = load_str("r.toml", MINIMAL.to_string()).unwrap();
        assert_eq!(l.report.edition(), Edition::E2021);
        let l = load_str("r.toml", MINIMAL.replace("2025", "2020")).unwrap();
        assert_eq!(l.report.edition(), Edition::E2019);
    }

    #[test]
    fn string_where_a_number_belongs_is_located() {
        let (d, at) = err(&format!("{MINIMAL}[t3]\nnew = [1, \"八\", 0, 0, 0, 0]\n"));
        assert_eq!(d.rule, "TOML-TYPE");
        assert_eq!(at, (6, 11));
        assert!(d.message.contains("整数"), "{}", d.message);
    }

    #[test]
    fn unknown_key_suggests_the_right_one() {
        let (d, at) = err(&format!("{MINIMAL}[t3]\ngrantd = [1, 0, 0, 0, 0, 0]\n"));
        assert_eq!((d.rule, at), ("TOML-KEY", (6, 1)));
        assert!(d.help.unwrap().contains("是不是要写 granted"));
    }

    #[test]
    fn other_edition_keys_explain_the_edition() {
        let (d, _) = err(&format!("{MINIMAL}[t2]\nrules = {{ new_made = 0 }}\n"));
        assert!(d.help.unwrap().contains("2019版表格的栏目"));
        let (d, _) = err(&format!("{MINIMAL}[t3]\nother = [0, 0, 0, 0, 0, 0]\n"));
        assert!(d.message.contains("[t3.other]"), "{}", d.message);
    }

    #[test]
    fn unknown_level_is_explained() {
        let (d, _) = err(&MINIMAL.replace("\"乡镇\"", "\"乡政府\""));
        assert!(d.message.contains("乡政府"));
        assert!(d.help.unwrap().contains("乡镇"));
    }

    #[test]
    fn syntax_errors_are_chinese_and_located() {
        let (d, at) = err("year = 2025\nlevel = 乡镇\n");
        assert_eq!((d.rule, at), ("TOML-SYNTAX", (2, 9)));
        assert!(d.help.unwrap().contains("\"乡镇\""));
        let (d, _) = err("year = 2025\nname = “磐石镇”\n");
        assert!(d.message.contains("引号"));
        let (d, at) = err("year = 2025\n[t4]\nreview = [1, 0\nsuit_direct = [0]\n");
        assert_eq!(at, (4, 1));
        assert!(d.message.contains("右方括号"), "{}", d.message);
    }

    #[test]
    fn year_and_edition_are_checked_first() {
        let (d, _) = err("agency = { name = \"x\", level = \"乡镇\" }\n");
        assert!(d.message.contains("year"));
        let (d, at) = err("year = \"2025\"\n");
        assert_eq!(at, (1, 8));
        assert!(d.message.contains("整数"));
        let (d, _) = err("year = 2018\n");
        assert!(d.message.contains("2019"));
        let (d, _) = err("year = 2025\nedition = 2020\n");
        assert!(d.message.contains("2019"));
    }

    #[test]
    fn gbk_bytes_are_refused_with_advice() {
        match load_bytes("r.toml", b"year = 2025\nname = \"\xc4\xfe\"\n") {
            Err(LoadError::Invalid { diagnostic, .. }) => assert_eq!(diagnostic.rule, "ENCODING"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn closest_finds_typos_only() {
        assert_eq!(closest("grantd", &["granted", "partial"]), Some("granted"));
        assert_eq!(closest("xyz", &["granted", "partial"]), None);
    }
}
