//! The editor's changes applied to the data file's text with toml_edit: one value replaced,
//! a row or a table created where the file lacks it, a narrative part added, removed or moved.
//! Everything the change does not touch — comments, order, blank lines, the clerk's own notes —
//! stays as it was, byte for byte.

use serde::Deserialize;
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value};

use crate::edit::value::{cell_value, date_value, one_line, text_value};
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

#[cfg(test)]
mod tests;
