//! Reads a data file into a [`Report`]: encoding, TOML syntax, the edition's typed shape.
//! Every failure is one located Chinese diagnostic (exit 2), never a panic.
//! The encoding is read in `decode.rs`, the messages are worded in `messages.rs`.

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

mod decode;
mod messages;

use decode::decode;
pub use messages::closest;
use messages::{shape_error, syntax_error};

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

/// Parses last year's data file from its bytes, accepting the old names of renamed keys.
pub fn load_previous_bytes(name: &str, bytes: &[u8]) -> Result<Loaded, LoadError> {
    load_bytes_with(name, bytes, OldKeys::Migrate)
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

#[cfg(test)]
mod tests;
