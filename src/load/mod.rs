//! Reads a data file into a [`Report`]: encoding, TOML syntax, the edition's typed shape.
//! Every failure is one located Chinese diagnostic (exit 2), never a panic.

pub mod migrate;
pub mod rawtext;
pub mod scaffold;
pub mod schema;
pub mod source;

use std::path::Path;

use thiserror::Error;

use crate::diag::{Diagnostic, Severity};
use crate::load::source::Source;
use crate::model::{Edition, Other2021, Report, ReportFile, Row, T2v2019, T2v2021, Tables};
use crate::sys::oserr::io_cause;

/// A report and the source it came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The model.
    pub report: Report,
    /// The text, for locating findings.
    pub source: Source,
    /// What the loader noticed but accepted (e.g. UTF-16 read as it is): shown with the findings.
    pub notes: Vec<Diagnostic>,
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
    #[error("{}", .diagnostics.first().map_or("", |d| d.message.as_str()))]
    Invalid {
        /// The text, for locating the diagnostics.
        file: Box<Source>,
        /// What is wrong and where, in file order.
        diagnostics: Vec<Diagnostic>,
    },
}

/// The largest data file read (a real report is under 100 KB); anything larger, `/dev/zero`
/// included, is refused before it fills the memory.
pub const MAX_INPUT: u64 = 16 * 1024 * 1024;

/// How keys renamed since an earlier version of the format are treated (see `migrate`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OldKeys {
    /// An old name is an error, located on the name: the report being checked or rendered.
    Refuse,
    /// An old name is read as the new one, with a note: last year's file.
    Migrate,
}

/// Reads and parses the data file at `path`.
pub fn load_file(path: &Path) -> Result<Loaded, LoadError> {
    load_file_with(path, OldKeys::Refuse)
}

/// Reads and parses last year's data file at `path`, accepting the old names of renamed keys.
pub fn load_previous_file(path: &Path) -> Result<Loaded, LoadError> {
    load_file_with(path, OldKeys::Migrate)
}

fn load_file_with(path: &Path, old: OldKeys) -> Result<Loaded, LoadError> {
    let name = path.display().to_string();
    let bytes = read_capped(path).map_err(|cause| LoadError::Io {
        path: name.clone(),
        cause,
    })?;
    load_bytes_with(&name, &bytes, old)
}

/// Reads at most [`MAX_INPUT`] bytes of a regular file; the error is Chinese.
pub fn read_capped(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| io_cause(&e))?;
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(io_cause(&std::io::Error::from(
            std::io::ErrorKind::IsADirectory,
        )));
    }
    let mut bytes = Vec::new();
    file.take(MAX_INPUT + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_cause(&e))?;
    if bytes.len() as u64 > MAX_INPUT {
        return Err(format!(
            "文件超过 {} MB，不像是报告的数据文件（一份报告通常不到 100 KB），请检查是否选错了文件",
            MAX_INPUT / 1024 / 1024
        ));
    }
    Ok(bytes)
}

/// Parses a data file's bytes; `name` is used in locations.
pub fn load_bytes(name: &str, bytes: &[u8]) -> Result<Loaded, LoadError> {
    load_bytes_with(name, bytes, OldKeys::Refuse)
}

fn load_bytes_with(name: &str, bytes: &[u8], old: OldKeys) -> Result<Loaded, LoadError> {
    let (text, note) = match decode(bytes) {
        Ok(decoded) => decoded,
        Err((d, shown)) => return Err(invalid(Source::new(name, shown), d)),
    };
    let mut loaded = load_str_with(name, text, old)?;
    loaded.notes.extend(note);
    Ok(loaded)
}

/// The text of a data file: UTF-8 (a BOM removed), or UTF-16 with a BOM (Notepad's "Unicode",
/// read as it is, with a note). Anything else is an error that names the encoding, with the
/// text to show beside it.
#[allow(clippy::result_large_err)]
fn decode(bytes: &[u8]) -> Result<(String, Option<Diagnostic>), (Diagnostic, String)> {
    let encoding_error = |msg: String, help: &str| {
        Diagnostic::new("ENCODING", Severity::Error, msg).help(help.to_string())
    };
    const SAVE_AS: &str =
        "用记事本打开，“另存为”时编码选择 UTF-8（WPS：文件 → 另存为 → 编码 UTF-8）";
    if let Some((enc, _)) = encoding_rs::Encoding::for_bom(bytes)
        && enc != encoding_rs::UTF_8
    {
        let (text, had_errors) = enc.decode_with_bom_removal(bytes);
        if had_errors {
            let msg = format!("文件是 {} 编码，但内容不完整或已损坏", enc.name());
            return Err((encoding_error(msg, SAVE_AS), String::new()));
        }
        let note = Diagnostic::new(
            "ENCODING",
            Severity::Info,
            format!(
                "文件是 {} 编码（记事本的“Unicode”），已按此读取",
                enc.name()
            ),
        )
        .help(SAVE_AS);
        return Ok((text.into_owned(), Some(note)));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        // Old Mac line endings (CR alone): read as lines, same offsets.
        Ok(t) if !t.contains('\0') && t.contains('\r') && !t.contains('\n') => {
            let note = Diagnostic::new(
                "ENCODING",
                Severity::Info,
                "文件的换行符是单独的回车（旧版 Mac 格式），已按换行读取",
            )
            .help("用记事本打开后另存一次，换行会变成标准格式");
            Ok((t.replace('\r', "\n"), Some(note)))
        }
        Ok(t) if !t.contains('\0') => Ok((t.to_string(), None)),
        Ok(_) | Err(_) => {
            if let Some(which) = utf16_without_bom(bytes) {
                let msg = format!("文件是 {which} 编码（没有 BOM 标记），gxgk 只读 UTF-8");
                return Err((encoding_error(msg, SAVE_AS), String::new()));
            }
            let valid = std::str::from_utf8(bytes).map_or_else(|e| e.valid_up_to(), |t| t.len());
            let (gbk, _, gbk_errors) = encoding_rs::GBK.decode(bytes);
            let msg = if !gbk_errors {
                "文件是 GBK 编码（记事本的“ANSI”），gxgk 只读 UTF-8".to_string()
            } else {
                "文件不是 UTF-8 编码，也不是 GBK 或 UTF-16，可能不是文本文件".to_string()
            };
            let mut d = encoding_error(msg, SAVE_AS);
            // Show the line in GBK when that is what it is, so the clerk sees their own words.
            let shown = if gbk_errors {
                String::from_utf8_lossy(bytes).into_owned()
            } else {
                gbk.into_owned()
            };
            let at = if gbk_errors {
                valid
            } else {
                encoding_rs::GBK.decode(&bytes[..valid]).0.len()
            };
            d.span = Some(at..at);
            Err((d, shown.replace('\0', "")))
        }
    }
}

/// "UTF-16 LE" or "UTF-16 BE" when the bytes look like UTF-16 text without a BOM (many NULs,
/// all on one side of each pair).
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static str> {
    let pairs = bytes.len() / 2;
    if pairs < 2 {
        return None;
    }
    let zeros = |offset: usize| {
        bytes
            .iter()
            .skip(offset)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    let (even, odd) = (zeros(0), zeros(1));
    if odd * 3 > pairs && even * 10 < pairs {
        Some("UTF-16 LE")
    } else if even * 3 > pairs && odd * 10 < pairs {
        Some("UTF-16 BE")
    } else {
        None
    }
}

/// At most this many load errors are reported for one file.
const MAX_ERRORS: usize = 50;

/// Parses a data file's text; `name` is used in locations. Every error is reported, in file
/// order: after each one its line is blanked (offsets kept) and the rest is read again.
pub fn load_str(name: &str, text: String) -> Result<Loaded, LoadError> {
    load_str_with(name, text, OldKeys::Refuse)
}

/// Parses last year's data file from its text, accepting the old names of renamed keys.
pub fn load_previous_str(name: &str, text: String) -> Result<Loaded, LoadError> {
    load_str_with(name, text, OldKeys::Migrate)
}

fn load_str_with(name: &str, text: String, old: OldKeys) -> Result<Loaded, LoadError> {
    let mut errors: Vec<Diagnostic> = Vec::new();
    let mut notes: Vec<Diagnostic> = Vec::new();
    let mut work = text.clone();
    let findings = crate::load::rawtext::scan(&text);
    let fatal = findings.iter().any(|f| f.fatal);
    for f in findings {
        blank_line(&mut work, f.diagnostic.span.clone().unwrap_or(0..0).start);
        errors.push(f.diagnostic);
    }
    // The tree of the text as written, when it parses at the first try: read once, it serves
    // the shape, the edition and every finding's location.
    let mut tree: Option<toml_edit::Document<String>> = None;
    if !fatal {
        // TOML syntax, one error at a time.
        while errors.len() < MAX_ERRORS {
            let e = match toml_edit::Document::parse(work.clone()) {
                Ok(doc) => {
                    tree = errors.is_empty().then_some(doc);
                    break;
                }
                Err(e) => e,
            };
            let span = e.span().unwrap_or(0..0);
            // An error at the start of a line about a missing comma or bracket: the array on
            // the line above was never closed, which is where the clerk must look.
            let d = if e.message().contains("array") && at_line_start(&work, span.start) {
                let above = end_of_previous_line(&work, span.start);
                let mut d = Diagnostic::new("TOML-SYNTAX", Severity::Error, "数组缺少右方括号 ]")
                    .help("在这一行末尾补上 ]");
                d.span = Some(above..above);
                d
            } else {
                syntax_error(e.message(), Some(span.clone()), &text)
            };
            let span = d.span.clone().unwrap_or(span);
            let progressed = blank_line(&mut work, span.start);
            errors.push(d);
            if !progressed {
                break;
            }
        }
    }
    // The text parsed at the first try (its tree is kept), or once its broken lines were blanked.
    let parsed = if errors.is_empty() || toml_edit::Document::parse(work.as_str()).is_ok() {
        // Renamed keys: read under their new names, the findings located in the text as
        // written; an old name is an error or a note.
        let found = crate::load::migrate::find(&work);
        let (mut renamed, map) = crate::load::migrate::apply(&work, &found);
        let before = errors.len();
        // Nothing renamed: the text's own tree is lent to the shape and taken back.
        let renamed_tree = match tree.take_if(|_| found.is_empty()) {
            Some(doc) => Source::parsed("", renamed.clone(), doc),
            None => Source::new("", renamed.clone()),
        };
        let parsed = shape(&renamed_tree, &mut renamed, &mut errors);
        if found.is_empty() {
            tree = renamed_tree.into_doc();
        }
        for d in &mut errors[before..] {
            if let Some(span) = &mut d.span {
                *span = map.back(span.start)..map.back(span.end);
            }
        }
        match old {
            OldKeys::Refuse => errors.extend(found.iter().map(renamed_key)),
            OldKeys::Migrate => notes.extend(migrated_keys(&found)),
        }
        parsed
    } else {
        None
    };
    match parsed {
        Some(report) if errors.is_empty() => Ok(Loaded {
            report,
            source: match tree {
                Some(doc) => Source::parsed(name, text, doc),
                None => Source::new(name, text),
            },
            notes,
        }),
        _ => {
            errors.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
            errors.dedup_by(|a, b| a.span == b.span && a.message == b.message);
            Err(LoadError::Invalid {
                file: Box::new(Source::with_tree(name, text, &work)),
                diagnostics: errors,
            })
        }
    }
}

/// The error on an old key name, naming the new key.
fn renamed_key(f: &crate::load::migrate::Found) -> Diagnostic {
    let r = f.rename;
    let new_path = f.path.replacen(
        &format!("{}.{}", r.table, r.old),
        &format!("{}.{}", r.table, r.new),
        1,
    );
    let mut d = Diagnostic::new(
        "TOML-RENAMED",
        Severity::Error,
        format!("键 {} 已改名为 {}（{}）", f.path, new_path, r.what),
    )
    .help(format!(
        "把这里的 {} 改成 {}；（三）不予公开写 withheld，（五）不予处理写 not_processed",
        r.old, r.new
    ));
    d.span = Some(f.span.clone());
    d
}

/// One note per renamed key read under its new name in last year's file, at its first place.
fn migrated_keys(found: &[crate::load::migrate::Found]) -> Vec<Diagnostic> {
    crate::load::migrate::RENAMES
        .iter()
        .filter_map(|r| {
            let places: Vec<_> = found.iter().filter(|f| f.rename == *r).collect();
            let first = places.first()?;
            let mut d = Diagnostic::new(
                "TOML-RENAMED",
                Severity::Info,
                format!(
                    "上年文件用的是旧键名 {t}.{old}（{} 处），已按新名称 {t}.{new} 读取（{what}）",
                    places.len(),
                    t = r.table,
                    old = r.old,
                    new = r.new,
                    what = r.what
                ),
            );
            d.span = Some(first.span.clone());
            Some(d)
        })
        .collect()
}

/// Reads the parsed text into the edition's typed shape, collecting every shape error; `tree`
/// is `work` as parsed before any shape error blanks a line of it.
fn shape(tree: &Source, work: &mut String, errors: &mut Vec<Diagnostic>) -> Option<Report> {
    let blanked = !errors.is_empty();
    let edition = match head(tree) {
        Ok(e) => e,
        // `year` missing because its line was blanked: already reported.
        Err(d) if blanked && d.span.is_none() && d.path.is_none() => return None,
        Err(mut d) => {
            if d.span.is_none() {
                d.span = d.path.as_deref().and_then(|p| tree.span_of(p));
            }
            errors.push(d);
            return None;
        }
    };
    while errors.len() < MAX_ERRORS {
        let parsed = match edition {
            Edition::E2019 => toml::from_str::<ReportFile<T2v2019, Row>>(work)
                .map(|f| f.into_report(|t2, t3| Tables::E2019 { t2, t3 })),
            Edition::E2021 => toml::from_str::<ReportFile<T2v2021, Other2021>>(work)
                .map(|f| f.into_report(|t2, t3| Tables::E2021 { t2, t3 })),
        };
        match parsed {
            Ok(report) => return Some(report),
            Err(e) => {
                let d = shape_error(e.message(), e.span(), edition);
                // A missing key after a blanked line may be our doing, not the clerk's.
                let ours = !errors.is_empty() && d.message.starts_with("缺少必填项");
                let start = d.span.as_ref().map_or(0, |s| s.start);
                if !ours {
                    errors.push(d);
                }
                if ours || e.span().is_none() || !blank_line(work, start) {
                    return None;
                }
            }
        }
    }
    None
}

fn at_line_start(text: &str, at: usize) -> bool {
    let at = at.min(text.len());
    text[..at]
        .rsplit('\n')
        .next()
        .is_some_and(|l| l.trim().is_empty())
}

/// The end of the last non-blank line before the line holding `at`.
fn end_of_previous_line(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let mut end = line_start.saturating_sub(1);
    while end > 0 {
        let start = text[..end].rfind('\n').map_or(0, |i| i + 1);
        if !text[start..end].trim().is_empty() {
            return start + text[start..end].trim_end().len();
        }
        end = start.saturating_sub(1);
    }
    at
}

/// Replaces the line holding byte `at` with spaces (byte offsets stay valid); false when it
/// was blank already.
fn blank_line(work: &mut String, at: usize) -> bool {
    let at = at.min(work.len());
    let start = work[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = work[start..].find('\n').map_or(work.len(), |i| start + i);
    if work[start..end].trim().is_empty() {
        return false;
    }
    let spaces = " ".repeat(end - start);
    work.replace_range(start..end, &spaces);
    true
}

fn invalid(source: Source, diagnostic: Diagnostic) -> LoadError {
    LoadError::Invalid {
        file: Box::new(source),
        diagnostics: vec![diagnostic],
    }
}

/// Reads `year` and `edition` first: they decide which edition's shape the file must have.
// The error is built once and printed; its size does not matter.
#[allow(clippy::result_large_err)]
fn head(source: &Source) -> Result<Edition, Diagnostic> {
    let root = source.root().ok_or_else(|| {
        Diagnostic::new("TOML-SYNTAX", Severity::Error, "文件不是有效的 TOML 格式")
    })?;
    let item = |key: &str| root.get(key).filter(|i| !i.is_none());
    let located = |path: &str, msg: String, help: &str| {
        Diagnostic::new("TOML-TYPE", Severity::Error, msg)
            .at(path)
            .help(help)
    };
    let year = match item("year") {
        None => {
            return Err(
                Diagnostic::new("TOML-KEY", Severity::Error, "缺少 year（报告年度）")
                    .help("在文件开头写一行 year = 2025（报告所属年度）"),
            );
        }
        Some(i) if i.is_integer() => i.as_integer().unwrap_or_default(),
        Some(other) => {
            return Err(located(
                "year",
                format!("报告年度应为整数，实际写的是{}", describe(other)),
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
    let declared = match item("edition") {
        None => None,
        Some(i) if i.is_integer() => match Edition::try_from(i.as_integer().unwrap_or_default()) {
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
                    describe(other)
                ),
                "写成 edition = 2021，不加引号",
            ));
        }
    };
    Ok(declared.unwrap_or(Edition::for_year(year)))
}

/// What a value that should have been an integer is, in a clerk's words.
fn describe(item: &toml_edit::Item) -> String {
    use toml_edit::{Item, Value};
    match item {
        Item::Value(Value::String(s)) => format!("文字 \"{}\"", s.value()),
        Item::Value(Value::Integer(i)) => format!("整数 {}", i.value()),
        Item::Value(Value::Float(f)) => format!("小数 {}", f.value()),
        Item::Value(Value::Boolean(b)) => format!("{}", b.value()),
        Item::Value(Value::Datetime(d)) => format!("日期 {}", d.value()),
        Item::Value(Value::Array(_)) | Item::ArrayOfTables(_) => "数组".to_string(),
        Item::Value(Value::InlineTable(_)) | Item::Table(_) | Item::None => "表".to_string(),
    }
}

/// The TOML parser's phrases and what they mean for a clerk: (phrase, message, fix).
const SYNTAX_PHRASES: &[(&str, &str, &str)] = &[
    (
        "extra comma",
        "数组里多了一个逗号",
        "删去多余的逗号；空白单元格请写 \"\"",
    ),
    (
        "unclosed inline table",
        "花括号 { } 没有配对",
        "在这一行末尾补上 }",
    ),
    (
        "missing comma between array elements",
        "数组的两个数之间缺少逗号，或上一行的数组缺少右方括号 ]",
        "数之间用英文逗号 , 隔开；每行数组以 ] 结束",
    ),
    (
        "missing comma between key-value pairs",
        "花括号里的两项之间缺少逗号",
        "用英文逗号 , 隔开",
    ),
    (
        "unclosed array table",
        "表头缺少右方括号 ]]",
        "写成 [[overview.parts]] 这样的形式",
    ),
    (
        "unclosed array",
        "数组的方括号 [ ] 没有配对",
        "在数组末尾补上 ]",
    ),
    (
        "unclosed table",
        "表头缺少右方括号 ]",
        "写成 [t3] 这样的形式",
    ),
    (
        "invalid basic string",
        "文字缺少结尾的英文双引号",
        "单行文字用 \"…\"，多行文字用三个双引号 \"\"\"…\"\"\" 括起来",
    ),
    (
        "invalid multi",
        "文字缺少结尾的引号",
        "多行文字用三个双引号 \"\"\"…\"\"\" 括起来",
    ),
    ("leading zero", "数字不能以 0 开头", "如 08 应写成 8"),
    (
        "invalid date",
        "日期不存在或格式不对",
        "写成 2026-01-20 这样的真实日期",
    ),
    (
        "invalid time",
        "日期不存在或格式不对",
        "写成 2026-01-20 这样的真实日期",
    ),
    (
        "out-of-range",
        "日期或时间超出范围",
        "写成 2026-01-20 这样的真实日期",
    ),
    ("duplicate key", "同一个键写了两次", "删去或合并重复的一项"),
    (
        "expected newline",
        "这一行多了内容：每行只能写一个“键 = 值”",
        "检查是否漏了换行，或多了逗号",
    ),
    (
        "unexpected content",
        "这一行多了内容：每行只能写一个“键 = 值”",
        "检查是否漏了换行，或多了逗号",
    ),
    (
        "integer number overflowed",
        "数字太大，超出了范围",
        "检查是否多写了数字；报告中的数不会这么大",
    ),
    (
        "number too large",
        "数字太大，超出了范围",
        "检查是否多写了数字；报告中的数不会这么大",
    ),
    (
        "invalid float",
        "数字的写法不对",
        "整数写成 12，小数写成 1.5；日期写成 2026-01-20",
    ),
    (
        "invalid integer",
        "数字的写法不对",
        "整数写成 12，不加逗号、空格或单位",
    ),
    ("redundant", "数字前面多了符号", "删去数字前多余的 + 或 0"),
    ("unexpected sign", "数字前面多了符号", "删去多余的 + 或 -"),
    ("radix", "数字的写法不对", "用普通的十进制数，如 12"),
    (
        "key with no value",
        "只有键名，缺少等号和值",
        "写成 键 = 值，如 year = 2025",
    ),
    (
        "missing assignment",
        "只有键名，缺少等号和值",
        "写成 键 = 值，如 year = 2025",
    ),
    ("missing value", "等号后面缺少值", "在等号后写上值"),
    (
        "invalid unquoted key",
        "键名里有不允许的字符",
        "键名只用英文小写字母、数字和下划线，如 carried_in",
    ),
    (
        "unquoted keys cannot be empty",
        "缺少键名",
        "在等号左边写上键名",
    ),
    (
        "invalid key",
        "键名的写法不对",
        "键名只用英文小写字母、数字和下划线",
    ),
    (
        "too few unicode value digits",
        "文字里的反斜杠 \\ 后面的内容不对",
        "把 \\ 写成 \\\\，或把这段文字改用单引号 '…'",
    ),
    (
        "missing escaped value",
        "文字里的反斜杠 \\ 后面的内容不对",
        "把 \\ 写成 \\\\，或把这段文字改用单引号 '…'",
    ),
    (
        "invalid escape",
        "文字里的反斜杠 \\ 后面的内容不对",
        "把 \\ 写成 \\\\，或把这段文字改用单引号 '…'",
    ),
    (
        "carriage return",
        "文件里有单独的回车符（旧 Mac 格式的换行）",
        "用记事本打开后另存一次，换行会变成标准格式",
    ),
    (
        "recursion limit",
        "括号嵌套太深",
        "数据文件不需要多层嵌套的 [ ] 或 { }，对照 gxgk new 生成的文件修改",
    ),
    (
        "control character",
        "文字里有看不见的控制字符",
        "删去这一处（它可能是从别处复制来的）",
    ),
    (
        "missing inline table opening",
        "缺少左花括号 {",
        "写成 { 键 = 值 }",
    ),
    ("missing array opening", "缺少左方括号 [", "写成 [0, 0, 0]"),
    (
        "missing opening quote",
        "缺少开头的英文双引号",
        "在文字开头补上 \"",
    ),
    (
        "missing key for inline table element",
        "花括号里缺少键名",
        "写成 { 键 = 值 }",
    ),
    (
        "missing table open",
        "缺少左方括号 [",
        "写成 [t3] 这样的形式",
    ),
    (
        "missing comment start",
        "注释要以 # 开头",
        "在这一行开头加 #",
    ),
];

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
    } else if let Some((_, zh, fix)) = SYNTAX_PHRASES.iter().find(|(en, _, _)| msg.contains(en)) {
        (zh.to_string(), fix.to_string())
    } else {
        // A phrase of the TOML library without a translation: never show the English.
        (
            "这一行的写法不符合数据文件的格式".to_string(),
            "对照 gxgk new 生成的文件检查这一行：键 = 值，文字加英文双引号，数用半角数字"
                .to_string(),
        )
    };
    let mut d = Diagnostic::new("TOML-SYNTAX", Severity::Error, message).help(help);
    d.span = Some(span.unwrap_or(0..0));
    d
}

/// Whether `key` is a key of `edition`'s tables that the other edition does not have, for
/// the hint on an unknown key (from the one definition of each table).
fn only_in(edition: Edition, key: &str) -> bool {
    fn keys(edition: Edition) -> Vec<&'static str> {
        let t2 = crate::model::t2::row_defs(edition).flat_map(|(block, row)| {
            std::iter::once(row.key).chain(block.columns.iter().map(|c| c.key))
        });
        let other: &[crate::model::RowSpec] = match edition {
            Edition::E2019 => &crate::model::T3_OTHER_2019,
            Edition::E2021 => &crate::model::T3_OTHER_2021,
        };
        t2.chain(
            other
                .iter()
                .filter_map(|s| s.key.rsplit_once('.').map(|k| k.1)),
        )
        .collect()
    }
    let other = match edition {
        Edition::E2019 => Edition::E2021,
        Edition::E2021 => Edition::E2019,
    };
    keys(edition).contains(&key) && !keys(other).contains(&key)
}

/// Translates a serde shape error (unknown key, wrong type, missing key).
fn shape_error(msg: &str, span: Option<std::ops::Range<usize>>, edition: Edition) -> Diagnostic {
    let (rule, message, help) = if let Some(rest) = msg.strip_prefix("unknown field `") {
        let (key, expected) = split_expected(rest);
        let mut help = match closest(key, &expected) {
            Some(best) => format!("是不是要写 {best}？"),
            None => String::new(),
        };
        let other_edition = match edition {
            Edition::E2021 if only_in(Edition::E2019, key) => Some(Edition::E2019),
            Edition::E2019 if only_in(Edition::E2021, key) => Some(Edition::E2021),
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
        ("TOML-KEY", format!("未知的键 {}", shorten(key)), help)
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
    } else if msg.contains("wanted string or table") {
        (
            "TOML-TYPE",
            "此处应为文字（两边加英文双引号），实际写的是数字或其他类型".to_string(),
            "写成 level = \"乡镇\" 这样，两边加英文双引号".to_string(),
        )
    } else if msg.is_ascii() {
        // A phrase of the TOML library we have no translation for: never show it raw.
        (
            "TOML-TYPE",
            "这一项的写法或类型不对".to_string(),
            "对照 gxgk new 生成的文件检查这一项".to_string(),
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

/// A key or value as shown in a message: at most 40 characters.
fn shorten(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
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
        "表（如 [t3.withheld] 或 { … }）".to_string()
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
            Err(LoadError::Invalid { file, diagnostics }) => {
                let l = diagnostics[0].location(&file);
                (diagnostics[0].clone(), (l.line, l.column))
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
    fn year_and_edition_of_the_wrong_kind_are_described() {
        let body = MINIMAL.trim_start_matches("year = 2025\n");
        for (head, at, said) in [
            ("year = 2025.0\n", (1, 8), "小数 2025"),
            ("year = true\n", (1, 8), "实际写的是true"),
            ("year = [2025]\n", (1, 8), "数组"),
            ("year = 2025-01-01\n", (1, 8), "日期 2025-01-01"),
            ("year = { n = 1 }\n", (1, 8), "表"),
            (
                "year = 2025\nedition = \"2021\"\n",
                (2, 11),
                "文字 \"2021\"",
            ),
        ] {
            let (d, loc) = err(&format!("{head}{body}"));
            assert_eq!((d.rule, loc), ("TOML-TYPE", at), "{head}");
            assert!(d.message.contains(said), "{head}: {}", d.message);
        }
        let (d, _) = err(body);
        assert_eq!(d.rule, "TOML-KEY");
        assert!(d.message.contains("缺少 year"), "{}", d.message);
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
        assert_eq!(at, (3, 15));
        assert!(d.message.contains("方括号"), "{}", d.message);
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
            Err(LoadError::Invalid { diagnostics, .. }) => {
                assert_eq!(diagnostics[0].rule, "ENCODING")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn closest_finds_typos_only() {
        assert_eq!(closest("grantd", &["granted", "partial"]), Some("granted"));
        assert_eq!(closest("xyz", &["granted", "partial"]), None);
    }
}
