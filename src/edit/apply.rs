//! The editor's changes applied to the data file's text with toml_edit: one value replaced,
//! a row or a table created where the file lacks it, a narrative part added, removed or moved.
//! Everything the change does not touch — comments, order, blank lines, the clerk's own notes —
//! stays as it was, byte for byte.

use serde::Deserialize;
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value};

use crate::model::{Edition, t2};

/// One change the page asks for. Key paths are the page's `data-key`s: dotted, with array
/// indices as numbers (`overview.parts.0.text`, `t3.withheld.state_secret`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Edit {
    /// A cell of 表二/表三/表四: the row's key path and the 0-based column.
    Cell {
        /// `t3.new`, `t2.rules`, `t4.review` …
        key: String,
        /// The column in the template's order.
        col: usize,
        /// What the clerk typed.
        value: String,
    },
    /// A field that is not a table cell: texts, headings, the date, level, contact, fees.
    Field {
        /// `intro`, `overview.parts.0.text`, `publication.date` …
        key: String,
        /// What the clerk typed.
        value: String,
    },
    /// A new, empty part at the end of a narrative section.
    AddPart {
        /// `overview`, `problems` or `other_matters`.
        section: String,
    },
    /// Removes part `index` of a narrative section.
    RemovePart {
        /// The section key.
        section: String,
        /// 0-based.
        index: usize,
    },
    /// Moves part `index` to position `to` (the others keep their order).
    MovePart {
        /// The section key.
        section: String,
        /// 0-based.
        index: usize,
        /// 0-based target position.
        to: usize,
    },
}

/// Why a change could not be applied; the text is left as it was.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApplyError {
    /// The text is not valid TOML (the page shows the raw text instead of the form).
    #[error("数据文件有语法错误，无法按表单修改：{0}")]
    Syntax(String),
    /// The key is not one the form has (a page of another version, or a crafted request).
    #[error("没有这一项：{0}")]
    UnknownKey(String),
    /// The file holds something else at that key (e.g. a number where a table is expected).
    #[error("文件中 {0} 的写法与模板不同（不是表格或数组），请在文本编辑器中修改这一项")]
    Shape(String),
}

/// Sections whose parts the form can add, remove and move.
const NARRATIVES: [&str; 3] = ["overview", "problems", "other_matters"];

/// Applies `edits` in order to `text` and returns the new text. `edition` decides the column
/// keys of 表二. All or nothing: on an error the caller keeps the old text.
pub fn apply(text: &str, edition: Edition, edits: &[Edit]) -> Result<String, ApplyError> {
    // toml_edit writes the line breaks between items as LF: a Notepad file (every line ended
    // by CRLF) is edited as LF and given its CRLF back.
    let crlf = text.contains("\r\n") && !text.replace("\r\n", "").contains('\n');
    let lf;
    let text = if crlf {
        lf = text.replace("\r\n", "\n");
        &lf
    } else {
        text
    };
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| ApplyError::Syntax(e.message().to_string()))?;
    for edit in edits {
        apply_one(&mut doc, edition, edit)?;
    }
    let out = doc.to_string();
    Ok(if crlf { out.replace('\n', "\r\n") } else { out })
}

fn apply_one(doc: &mut DocumentMut, edition: Edition, edit: &Edit) -> Result<(), ApplyError> {
    match edit {
        Edit::Cell { key, col, value } => set_cell(doc, edition, key, *col, value),
        Edit::Field { key, value } => set_field(doc, key, value),
        Edit::AddPart { section } => {
            let parts = parts_mut(doc, section)?;
            let mut part = Table::new();
            part.insert("heading", toml_edit::value(""));
            part.insert("text", toml_edit::value(""));
            parts.push(part);
            Ok(())
        }
        Edit::RemovePart { section, index } => {
            let parts = parts_mut(doc, section)?;
            if *index >= parts.len() {
                return Err(ApplyError::UnknownKey(format!("{section}.parts.{index}")));
            }
            parts.remove(*index);
            Ok(())
        }
        Edit::MovePart { section, index, to } => {
            let parts = parts_mut(doc, section)?;
            let n = parts.len();
            if *index >= n || *to >= n {
                return Err(ApplyError::UnknownKey(format!("{section}.parts.{index}")));
            }
            // Each part keeps its own comments; the places in the file stay where they were.
            let positions: Vec<Option<isize>> = parts.iter().map(Table::position).collect();
            let mut tables: Vec<Table> = parts.iter().cloned().collect();
            let moved = tables.remove(*index);
            tables.insert(*to, moved);
            parts.clear();
            for (mut t, pos) in tables.into_iter().zip(positions) {
                t.set_position(pos);
                parts.push(t);
            }
            Ok(())
        }
    }
}

/// The `[[SECTION.parts]]` array, created when the section has none yet.
fn parts_mut<'a>(
    doc: &'a mut DocumentMut,
    section: &str,
) -> Result<&'a mut ArrayOfTables, ApplyError> {
    if !NARRATIVES.contains(&section) {
        return Err(ApplyError::UnknownKey(section.to_string()));
    }
    let table = table_mut(doc.as_table_mut(), section, false)
        .ok_or_else(|| ApplyError::Shape(section.to_string()))?;
    let item = table
        .entry("parts")
        .or_insert(Item::ArrayOfTables(ArrayOfTables::new()));
    item.as_array_of_tables_mut()
        .ok_or_else(|| ApplyError::Shape(format!("{section}.parts")))
}

/// The table at `key` below `parent`, created (dotted when `dotted`) when absent.
fn table_mut<'a>(parent: &'a mut Table, key: &str, dotted: bool) -> Option<&'a mut Table> {
    let item = parent.entry(key).or_insert_with(|| {
        let mut t = Table::new();
        t.set_implicit(dotted);
        t.set_dotted(dotted);
        Item::Table(t)
    });
    if let Item::Value(Value::InlineTable(_)) = item {
        // `contact = { … }` written inline: keep it inline, edit it as a table view.
        return None;
    }
    item.as_table_mut()
}

/// The fields the form edits outside the tables, and how each is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Text that may have paragraphs: a `"""` string when it has more than one line.
    Text,
    /// A one-line string.
    Line,
    /// A one-line string removed from the file when emptied (an optional field).
    Optional,
    /// A TOML date when written `YYYY-MM-DD`, else the text as the clerk wrote it.
    Date,
    /// A figure, written as a table cell is.
    Figure,
}

fn kind_of(path: &[&str]) -> Option<Kind> {
    Some(match path {
        ["intro"] => Kind::Text,
        ["agency", "name"] | ["agency", "level"] => Kind::Line,
        ["agency", "contact", _] => Kind::Optional,
        ["publication", "date"] => Kind::Date,
        ["publication", "signatory" | "deadline"] => Kind::Optional,
        [s, "text"] if NARRATIVES.contains(s) => Kind::Text,
        [s, "parts", i, "heading"] if NARRATIVES.contains(s) && i.parse::<usize>().is_ok() => {
            Kind::Line
        }
        [s, "parts", i, "text"] if NARRATIVES.contains(s) && i.parse::<usize>().is_ok() => {
            Kind::Text
        }
        [
            "other_matters",
            "fees",
            "notices_issued" | "notices_amount_yuan" | "collected_yuan",
        ] => Kind::Figure,
        _ => return None,
    })
}

fn set_field(doc: &mut DocumentMut, key: &str, typed: &str) -> Result<(), ApplyError> {
    let path: Vec<&str> = key.split('.').collect();
    let kind = kind_of(&path).ok_or_else(|| ApplyError::UnknownKey(key.to_string()))?;
    let (leaf, parents) = path.split_last().expect("a key has one step at least");
    // Walk to the table holding the leaf, creating tables that are not there yet (a part's
    // index must exist: parts are added with AddPart).
    let mut table = doc.as_table_mut();
    let mut i = 0;
    while i < parents.len() {
        let step = parents[i];
        if let Some(Ok(index)) = parents.get(i + 1).map(|s| s.parse::<usize>()) {
            let parts = table
                .get_mut(step)
                .and_then(Item::as_array_of_tables_mut)
                .ok_or_else(|| ApplyError::UnknownKey(key.to_string()))?;
            table = parts
                .get_mut(index)
                .ok_or_else(|| ApplyError::UnknownKey(key.to_string()))?;
            i += 2;
        } else {
            table =
                table_mut(table, step, false).ok_or_else(|| ApplyError::Shape(key.to_string()))?;
            i += 1;
        }
    }
    let old = table.get(leaf).and_then(Item::as_value);
    let new = match kind {
        Kind::Text => text_value(typed, old),
        Kind::Line => Value::from(one_line(typed)),
        Kind::Optional if typed.trim().is_empty() => {
            table.remove(leaf);
            return Ok(());
        }
        Kind::Optional => Value::from(one_line(typed)),
        Kind::Date => date_value(typed),
        Kind::Figure => cell_value(typed),
    };
    put(table, leaf, new);
    Ok(())
}

/// Sets `key` in `table` to `new`, keeping the spacing and comment the old value had.
fn put(table: &mut Table, key: &str, mut new: Value) {
    match table.get_mut(key) {
        Some(Item::Value(old)) => {
            *new.decor_mut() = old.decor().clone();
            *old = new;
        }
        _ => {
            table.insert(key, Item::Value(new));
        }
    }
}

fn set_cell(
    doc: &mut DocumentMut,
    edition: Edition,
    key: &str,
    col: usize,
    typed: &str,
) -> Result<(), ApplyError> {
    let unknown = || ApplyError::UnknownKey(format!("{key}[{col}]"));
    let path: Vec<&str> = key.split('.').collect();
    let (table_key, row_path) = path.split_first().ok_or_else(unknown)?;
    let width = match *table_key {
        "t3" => 7,
        "t4" => 5,
        "t2" => 0,
        _ => return Err(unknown()),
    };
    if row_path.is_empty() || (width > 0 && col >= width) {
        return Err(unknown());
    }
    // 表二: the column is a key of the row's inline table.
    let t2_key = if *table_key == "t2" {
        let [row] = row_path else {
            return Err(unknown());
        };
        let (block, _) = t2::row_defs(edition)
            .find(|(_, r)| r.key == *row)
            .ok_or_else(unknown)?;
        Some(block.columns.get(col).ok_or_else(unknown)?.key)
    } else {
        None
    };
    let mut table = table_mut(doc.as_table_mut(), table_key, false)
        .ok_or_else(|| ApplyError::Shape(table_key.to_string()))?;
    let (leaf, groups) = row_path.split_last().ok_or_else(unknown)?;
    for g in groups {
        table = table_mut(table, g, true).ok_or_else(|| ApplyError::Shape(key.to_string()))?;
    }
    let new = cell_value(typed);
    if let Some(col_key) = t2_key {
        let row = table
            .entry(leaf)
            .or_insert_with(|| Item::Value(Value::InlineTable(Default::default())));
        let Some(inline) = row.as_inline_table_mut() else {
            return Err(ApplyError::Shape(key.to_string()));
        };
        match inline.get_mut(col_key) {
            Some(old) => {
                let mut new = new;
                *new.decor_mut() = old.decor().clone();
                *old = new;
            }
            None => {
                inline.insert(col_key, new);
            }
        }
        return Ok(());
    }
    let row = table.entry(leaf).or_insert_with(|| {
        // A row the file lacks: its other cells are blank, for the clerk to fill.
        let mut a = toml_edit::Array::new();
        for _ in 0..width - 1 {
            a.push("");
        }
        Item::Value(Value::Array(a))
    });
    let Some(array) = row.as_array_mut() else {
        return Err(ApplyError::Shape(key.to_string()));
    };
    while array.len() <= col {
        array.push("");
    }
    array.replace(col, new);
    Ok(())
}

/// Full-width digits and signs (a Chinese input method's) as ASCII.
fn half_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' | '。' => '.',
            '－' | '−' => '-',
            _ => c,
        })
        .collect()
}

/// What a typed figure is in the file: an integer, a decimal amount, `""` for a blank cell
/// (also for the clerk's `/`, `—`, `-`), or the text itself, which the checker then reports
/// where it is (never dropped).
pub fn cell_value(typed: &str) -> Value {
    let t = typed.trim();
    if crate::model::cell::is_blank_text(t) {
        return Value::from("");
    }
    let h = half_width(t);
    let digits = h.trim_start_matches('-');
    let grouped = digits.contains(',') && valid_grouping(digits);
    let plain: String = if grouped {
        h.replace(',', "")
    } else {
        h.clone()
    };
    let body = plain.trim_start_matches('-');
    let sign_ok = plain.len() - body.len() <= 1;
    if sign_ok && !body.is_empty() && body.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(n) = plain.parse::<i64>() {
            return Value::from(n);
        }
    }
    if sign_ok
        && let Some((i, f)) = body.split_once('.')
        && !i.is_empty()
        && !f.is_empty()
        && i.bytes().chain(f.bytes()).all(|b| b.is_ascii_digit())
        && let Ok(v) = plain.parse::<Value>()
    {
        return v;
    }
    Value::from(t)
}

/// Whether `s` is digits grouped by three with commas (`1,234,567`, decimals allowed after).
fn valid_grouping(s: &str) -> bool {
    let int = s.split('.').next().unwrap_or("");
    let groups: Vec<&str> = int.split(',').collect();
    groups.len() > 1
        && (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3)
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
}

/// A one-line field: line breaks (pasted) become nothing, surrounding spaces go.
fn one_line(typed: &str) -> String {
    typed.replace(['\r', '\n'], "").trim().to_string()
}

/// A date: a TOML date when it is `YYYY-MM-DD` (the form's date picker), else the text.
fn date_value(typed: &str) -> Value {
    let t = half_width(typed.trim());
    let b = t.as_bytes();
    let iso = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if iso && let Ok(v) = t.parse::<Value>() {
        return v;
    }
    Value::from(typed.trim())
}

/// A text: `"""` with a line break after the quotes when it has more than one line or was
/// written that way before; a plain string otherwise.
fn text_value(typed: &str, old: Option<&Value>) -> Value {
    let text = typed.replace("\r\n", "\n").replace('\r', "\n");
    let text = text.trim_end_matches(['\n', ' ', '\t']);
    let was_multiline = old
        .and_then(|v| v.as_str().map(|_| v))
        .and_then(|v| {
            v.to_string()
                .trim_start()
                .get(..3)
                .map(|q| q == "\"\"\"" || q == "'''")
        })
        .unwrap_or(false);
    if text.is_empty() {
        return Value::from("");
    }
    if !text.contains('\n') && !was_multiline {
        return Value::from(text);
    }
    let mut body = String::with_capacity(text.len() + 16);
    let mut quotes = 0;
    for c in text.chars() {
        match c {
            '"' => {
                quotes += 1;
                // Never three quotes in a row inside `"""`.
                if quotes == 3 {
                    body.push_str("\\\"");
                    quotes = 0;
                    continue;
                }
            }
            _ => quotes = 0,
        }
        match c {
            '\\' => body.push_str("\\\\"),
            '\n' | '\t' => body.push(c),
            c if c.is_control() => body.push_str(&format!("\\u{:04X}", c as u32)),
            c => body.push(c),
        }
    }
    // A quote just before the closing `"""` would join it.
    if body.ends_with('"') {
        body.pop();
        body.push_str("\\\"");
    }
    format!("\"\"\"\n{body}\n\"\"\"")
        .parse()
        .unwrap_or_else(|_| Value::from(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = include_str!("../../examples/2025-township.toml");
    const EXAMPLE_2019: &str = include_str!("../../examples/2020-street.toml");

    fn cell(key: &str, col: usize, value: &str) -> Edit {
        Edit::Cell {
            key: key.into(),
            col,
            value: value.into(),
        }
    }
    fn field(key: &str, value: &str) -> Edit {
        Edit::Field {
            key: key.into(),
            value: value.into(),
        }
    }
    fn load(text: &str) -> crate::model::Report {
        crate::load::load_str("t.toml", text.to_string())
            .expect("loads")
            .report
    }
    /// The lines of `b` that differ from `a` (same number of lines expected).
    fn changed_lines(a: &str, b: &str) -> Vec<(String, String)> {
        assert_eq!(a.lines().count(), b.lines().count(), "{b}");
        a.lines()
            .zip(b.lines())
            .filter(|(x, y)| x != y)
            .map(|(x, y)| (x.to_string(), y.to_string()))
            .collect()
    }

    #[test]
    fn no_edit_leaves_the_text_byte_for_byte() {
        for text in [EXAMPLE, EXAMPLE_2019, &EXAMPLE.replace('\n', "\r\n")] {
            assert_eq!(apply(text, Edition::E2021, &[]).unwrap(), text);
        }
        // A Notepad file keeps its CRLF on every line, the edited one included.
        let crlf = EXAMPLE.replace('\n', "\r\n");
        let out = apply(
            &crlf,
            Edition::E2021,
            &[
                cell("t3.new", 0, "10"),
                Edit::AddPart {
                    section: "problems".into(),
                },
            ],
        )
        .unwrap();
        assert!(!out.replace("\r\n", "").contains('\n'), "{out}");
        assert!(out.contains("new                       = [10, 2, 0, 0, 1, 0, 12]\r\n"));
    }

    #[test]
    fn a_cell_changes_only_its_number() {
        let out = apply(EXAMPLE, Edition::E2021, &[cell("t3.new", 0, "10")]).unwrap();
        assert_eq!(
            changed_lines(EXAMPLE, &out),
            [(
                "new                       = [9, 2, 0, 0, 1, 0, 12]".into(),
                "new                       = [10, 2, 0, 0, 1, 0, 12]".into()
            )]
        );
        let out = apply(
            EXAMPLE,
            Edition::E2021,
            &[cell("t3.withheld.third_party", 6, "")],
        )
        .unwrap();
        assert!(
            out.contains("withheld.third_party      = [1, 0, 0, 0, 0, 0, \"\"]"),
            "{out}"
        );
        let out = apply(EXAMPLE, Edition::E2021, &[cell("t4.review", 4, "２")]).unwrap();
        assert!(
            out.contains("review                    = [1, 0, 0, 0, 2]"),
            "{out}"
        );
        // Comments beside a row stay.
        let text = EXAMPLE.replace(
            "carried_in                = [1, 0, 0, 0, 0, 0, 1]",
            "carried_in                = [1, 0, 0, 0, 0, 0, 1]  # 核对过 3 月台账",
        );
        let out = apply(&text, Edition::E2021, &[cell("t3.carried_in", 1, "3")]).unwrap();
        assert!(
            out.contains("carried_in                = [1, 3, 0, 0, 0, 0, 1]  # 核对过 3 月台账")
        );
    }

    #[test]
    fn table_two_cells_are_keys_of_the_row() {
        let out = apply(EXAMPLE, Edition::E2021, &[cell("t2.normative", 2, "15")]).unwrap();
        assert_eq!(
            changed_lines(EXAMPLE, &out),
            [(
                "normative = { issued = 2, abolished = 1, in_force = 14 }".into(),
                "normative = { issued = 2, abolished = 1, in_force = 15 }".into()
            )]
        );
        let out = apply(EXAMPLE, Edition::E2021, &[cell("t2.fees", 0, "1.25")]).unwrap();
        assert!(out.contains("fees      = { amount_wan = 1.25 }"), "{out}");
        let r = load(&out);
        assert!(format!("{:?}", r.tables).contains("125"));
        // 2019: 本年增/减 may be negative.
        let out = apply(EXAMPLE_2019, Edition::E2019, &[cell("t2.permit", 1, "-2")]).unwrap();
        assert!(out.contains("delta = -2"), "{out}");
        assert!(apply(EXAMPLE, Edition::E2021, &[cell("t2.normative", 3, "1")]).is_err());
        assert!(apply(EXAMPLE, Edition::E2021, &[cell("t2.procurement", 0, "1")]).is_err());
    }

    #[test]
    fn what_is_typed_is_kept_even_when_it_is_not_a_number() {
        for (typed, written) in [
            ("12", "12"),
            (" 1,234 ", "1234"),
            ("１２", "12"),
            ("", "\"\""),
            ("/", "\"\""),
            ("—", "\"\""),
            ("十二", "\"十二\""),
            ("12件", "\"12件\""),
            ("1,23", "\"1,23\""),
            ("7399700元", "\"7399700元\""),
            ("0.5", "0.5"),
        ] {
            assert_eq!(cell_value(typed).to_string(), written, "{typed}");
        }
    }

    #[test]
    fn a_missing_row_is_created_with_blank_cells() {
        let text = EXAMPLE.replace("withheld.internal         = [0, 0, 0, 0, 0, 0, 0]\n", "");
        let out = apply(
            &text,
            Edition::E2021,
            &[cell("t3.withheld.internal", 2, "1")],
        )
        .unwrap();
        assert!(
            out.contains("withheld.internal = [\"\", \"\", 1, \"\", \"\", \"\"]"),
            "{out}"
        );
        // Still a dotted key inside [t3], not a new [t3.withheld] table.
        assert!(!out.contains("[t3.withheld]"));
        load(&out);
        let text = EXAMPLE.replace("suit_direct               = [0, 0, 0, 0, 0]\n", "");
        let out = apply(&text, Edition::E2021, &[cell("t4.suit_direct", 4, "0")]).unwrap();
        assert!(
            out.contains("suit_direct = [\"\", \"\", \"\", \"\", 0]"),
            "{out}"
        );
    }

    #[test]
    fn texts_keep_their_form_and_escape_what_toml_needs() {
        let out = apply(
            EXAMPLE,
            Edition::E2021,
            &[field("other_matters.text", "无。")],
        )
        .unwrap();
        assert!(
            out.contains("[other_matters]\ntext = \"\"\"\n无。\n\"\"\""),
            "{out}"
        );
        let tricky =
            "第一段，引用“条例”和 \"\"\"三个引号\"\"\" 与反斜杠 \\ 。\n\n第二段结尾是引号\"";
        let out = apply(
            EXAMPLE,
            Edition::E2021,
            &[field("overview.parts.1.text", tricky)],
        )
        .unwrap();
        let r = load(&out);
        assert_eq!(r.overview.parts[1].text.trim_end(), tricky);
        // A one-line string stays one line.
        let out = apply(EXAMPLE, Edition::E2021, &[field("problems.text", "总述。")]).unwrap();
        assert!(out.contains("[problems]\ntext = \"总述。\""), "{out}");
        let out = apply(
            EXAMPLE,
            Edition::E2021,
            &[field("problems.text", "甲。\n乙。")],
        )
        .unwrap();
        assert_eq!(load(&out).problems.text, "甲。\n乙。\n");
    }

    #[test]
    fn dates_optional_fields_and_new_tables() {
        let out = apply(
            EXAMPLE,
            Edition::E2021,
            &[field("publication.date", "2026-01-25")],
        )
        .unwrap();
        assert!(out.contains("date = 2026-01-25\n"));
        let out = apply(
            EXAMPLE,
            Edition::E2021,
            &[field("publication.date", "2026年1月25日")],
        )
        .unwrap();
        assert!(out.contains("date = \"2026年1月25日\"\n"));
        let out = apply(
            EXAMPLE,
            Edition::E2021,
            &[field("publication.signatory", "")],
        )
        .unwrap();
        assert!(!out.contains("signatory"));
        let out = apply(
            EXAMPLE,
            Edition::E2021,
            &[field("publication.deadline", "02-20")],
        )
        .unwrap();
        assert!(out.contains("deadline = \"02-20\""));
        // A table the file lacks lands after its parent, not at the end of the file.
        let text = EXAMPLE
            .replace("[agency.contact]\n", "[agency.x]\n")
            .replace("[agency.x]\n", "");
        let text = text.replace("address = \"清河县磐石镇和平路18号\"\npostcode = \"123400\"\nphone = \"0431-6100000\"\nwebsite = \"https://www.example.gov.cn/psz\"\n", "");
        let out = apply(
            &text,
            Edition::E2021,
            &[field("agency.contact.email", "psz@example.cn")],
        )
        .unwrap();
        let contact = out.find("[agency.contact]").expect("created");
        assert!(contact < out.find("[publication]").unwrap(), "{out}");
        assert_eq!(
            load(&out).agency.contact.unwrap().email.as_deref(),
            Some("psz@example.cn")
        );
        assert!(apply(EXAMPLE, Edition::E2021, &[field("agency.secret", "x")]).is_err());
        assert!(
            apply(
                EXAMPLE,
                Edition::E2021,
                &[field("overview.parts.9.text", "x")]
            )
            .is_err()
        );
    }

    #[test]
    fn parts_are_added_removed_and_moved_with_their_comments() {
        let text = EXAMPLE.replace(
            "[[overview.parts]]\nheading = \"政府信息管理\"",
            "# 这一部分请办公室再核一下\n[[overview.parts]]\nheading = \"政府信息管理\"",
        );
        let out = apply(
            &text,
            Edition::E2021,
            &[Edit::AddPart {
                section: "overview".into(),
            }],
        )
        .unwrap();
        let r = load(&out);
        assert_eq!(r.overview.parts.len(), 6);
        assert_eq!(r.overview.parts[5].heading, "");
        // The new part sits after the last one, before 表二.
        assert!(out.rfind("[[overview.parts]]").unwrap() < out.find("[t2]").unwrap());
        let out = apply(
            &text,
            Edition::E2021,
            &[Edit::MovePart {
                section: "overview".into(),
                index: 2,
                to: 0,
            }],
        )
        .unwrap();
        let r = load(&out);
        let headings: Vec<&str> = r
            .overview
            .parts
            .iter()
            .map(|p| p.heading.as_str())
            .collect();
        assert_eq!(
            headings,
            [
                "政府信息管理",
                "主动公开",
                "依申请公开",
                "政府信息公开平台建设",
                "监督保障"
            ]
        );
        assert!(out.contains(
            "# 这一部分请办公室再核一下\n[[overview.parts]]\nheading = \"政府信息管理\""
        ));
        assert!(out.find("[[overview.parts]]").unwrap() > out.find("[overview]").unwrap());
        let out = apply(
            &text,
            Edition::E2021,
            &[Edit::RemovePart {
                section: "overview".into(),
                index: 2,
            }],
        )
        .unwrap();
        assert_eq!(load(&out).overview.parts.len(), 4);
        assert!(!out.contains("这一部分请办公室再核一下"));
        assert!(
            apply(
                &text,
                Edition::E2021,
                &[Edit::RemovePart {
                    section: "t3".into(),
                    index: 0
                }]
            )
            .is_err()
        );
        // Parts added to a section that had none.
        let out = apply(
            EXAMPLE,
            Edition::E2021,
            &[
                Edit::AddPart {
                    section: "other_matters".into(),
                },
                field("other_matters.parts.0.heading", "人大建议办理"),
            ],
        )
        .unwrap();
        assert_eq!(load(&out).other_matters.parts[0].heading, "人大建议办理");
    }

    #[test]
    fn broken_text_is_refused_not_rewritten() {
        let err = apply(
            "year = 2025\n[t3\n",
            Edition::E2021,
            &[cell("t3.new", 0, "1")],
        );
        assert!(matches!(err, Err(ApplyError::Syntax(_))));
        let shaped = EXAMPLE.replace(
            "new                       = [9, 2, 0, 0, 1, 0, 12]",
            "new = 12",
        );
        assert!(matches!(
            apply(&shaped, Edition::E2021, &[cell("t3.new", 0, "1")]),
            Err(ApplyError::Shape(_))
        ));
    }
}
