//! The text of a data file kept beside its parsed TOML tree, so a key path such as
//! `t3.granted[0]` or a byte span can be turned into `file:line:col` and a source line.

use std::ops::Range;

use toml_edit::{Document, Item, Table, Value};
use unicode_width::UnicodeWidthStr;

/// A loaded data file.
#[derive(Debug, Clone)]
pub struct Source {
    /// The file name as the user gave it (printed in locations).
    pub name: String,
    /// The file's text (UTF-8, BOM removed).
    pub text: String,
    doc: Option<Document<String>>,
    /// Byte offset of every line's start (a long file's many findings are located without
    /// counting lines from the top each time).
    lines: Vec<usize>,
}

/// Byte offsets where the lines of `text` start.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// A position in a source file, ready to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// The whole source line (without its line break).
    pub line_text: String,
    /// Display width (terminal columns) of the text before the caret.
    pub caret_offset: usize,
    /// Display width of the marked text, at least 1.
    pub caret_width: usize,
}

/// One step of a key path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

fn steps(path: &str) -> Vec<Step<'_>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            out.push(Step::Key(key));
        }
        while let Some(end) = rest.find(']') {
            if let Ok(i) = rest[1..end].parse() {
                out.push(Step::Index(i));
            }
            rest = &rest[end + 1..];
        }
    }
    out
}

impl Source {
    /// Wraps text; `doc` is the parsed tree when the text is valid TOML.
    pub fn new(name: impl Into<String>, text: String) -> Source {
        let doc = Document::parse(text.clone()).ok();
        Source {
            name: name.into(),
            lines: line_starts(&text),
            text,
            doc,
        }
    }

    /// Wraps text already parsed into `doc` (the text's own tree, not another's).
    pub fn parsed(name: impl Into<String>, text: String, doc: Document<String>) -> Source {
        Source {
            name: name.into(),
            lines: line_starts(&text),
            text,
            doc: Some(doc),
        }
    }

    /// The parsed tree, given back.
    pub fn into_doc(self) -> Option<Document<String>> {
        self.doc
    }

    /// The top-level table, when the text is valid TOML.
    pub fn root(&self) -> Option<&Table> {
        self.doc.as_ref().map(|d| d.as_table())
    }

    /// Wraps text whose tree is read from `repaired`: the same text with broken lines blanked
    /// (same byte offsets), so key paths still locate when the text itself does not parse.
    pub fn with_tree(name: impl Into<String>, text: String, repaired: &str) -> Source {
        Source {
            name: name.into(),
            doc: Document::parse(repaired.to_string()).ok(),
            lines: line_starts(&text),
            text,
        }
    }

    /// The byte span of the value at `path`, or of its nearest written ancestor.
    pub fn span_of(&self, path: &str) -> Option<Range<usize>> {
        let doc = self.doc.as_ref()?;
        let mut node = Node::Table(doc.as_table());
        let mut best = None;
        for step in steps(path) {
            match node.get(step) {
                Some(next) => {
                    best = next.span().or(best);
                    node = next;
                }
                None => break,
            }
        }
        best
    }

    /// Turns a byte span into a printable location.
    pub fn locate(&self, span: Range<usize>) -> Location {
        let text = &self.text;
        let start = span.start.min(text.len());
        let start = floor_char(text, start);
        // The line holding `start`: the last line start at or before it.
        let line = self.lines.partition_point(|&l| l <= start).max(1);
        let line_start = self.lines[line - 1];
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line_text = text[line_start..line_end]
            .trim_end_matches('\r')
            .to_string();
        let end = floor_char(text, span.end.clamp(start, line_end));
        let before = &text[line_start..start];
        Location {
            line,
            column: before.chars().count() + 1,
            caret_offset: before.width(),
            caret_width: text[start..end].width().max(1),
            line_text,
        }
    }

    /// Location of `path`; with `needle`, of that text inside the value when it is there.
    pub fn locate_path(&self, path: &str, needle: Option<&str>) -> Location {
        let span = self.span_of(path).unwrap_or(0..0);
        if let Some(needle) = needle.filter(|n| !n.is_empty()) {
            let hay = &self.text[span.clone()];
            // A single character may be written as a TOML escape (`\u0001`).
            let escapes: Vec<String> = match needle.chars().collect::<Vec<_>>()[..] {
                [c] => vec![
                    format!("\\u{:04X}", c as u32),
                    format!("\\u{:04x}", c as u32),
                    format!("\\U{:08X}", c as u32),
                    format!("\\U{:08x}", c as u32),
                ],
                _ => Vec::new(),
            };
            let forms = std::iter::once(needle).chain(escapes.iter().map(String::as_str));
            for form in forms {
                if let Some(i) = hay.find(form) {
                    let start = span.start + i;
                    return self.locate(start..start + form.len());
                }
            }
        }
        self.locate(span)
    }
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn child<'a>(v: &'a Value, step: Step<'_>) -> Option<&'a Value> {
    match (v, step) {
        (Value::InlineTable(t), Step::Key(k)) => t.get(k),
        (Value::Array(a), Step::Index(i)) => a.get(i),
        _ => None,
    }
}

/// A place in the TOML tree.
#[derive(Clone, Copy)]
enum Node<'a> {
    Table(&'a Table),
    Item(&'a Item),
    Value(&'a Value),
}

impl<'a> Node<'a> {
    fn get(self, step: Step<'_>) -> Option<Node<'a>> {
        match (self, step) {
            (Node::Table(t), Step::Key(k)) | (Node::Item(Item::Table(t)), Step::Key(k)) => {
                t.get(k).map(Node::Item)
            }
            (Node::Item(Item::ArrayOfTables(a)), Step::Index(i)) => a.get(i).map(Node::Table),
            (Node::Item(Item::Value(v)), s) | (Node::Value(v), s) => child(v, s).map(Node::Value),
            _ => None,
        }
    }

    fn span(self) -> Option<Range<usize>> {
        match self {
            Node::Table(t) => t.span(),
            Node::Item(i) => i.span(),
            Node::Value(v) => v.span(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "year = 2025\n[t3]\nnew = [46, \"\", 0, 0, 0, 0, 46]\n[t3.withheld]\ninternal = [1, 0, 0, 0, 0, 0]\n[[overview.parts]]\nheading = \"主动公开\"\ntext = \"收到申请8件。\"\n";

    fn loc(path: &str) -> (usize, usize) {
        let l = Source::new("r.toml", SRC.to_string()).locate_path(path, None);
        (l.line, l.column)
    }

    #[test]
    fn paths_map_to_lines_and_columns() {
        assert_eq!(loc("year"), (1, 8));
        assert_eq!(loc("t3.new"), (3, 7));
        assert_eq!(loc("t3.new[0]"), (3, 8));
        assert_eq!(loc("t3.new[1]"), (3, 12));
        assert_eq!(loc("t3.withheld.internal[0]"), (5, 13));
        assert_eq!(loc("overview.parts[0].heading"), (7, 11));
    }

    #[test]
    fn missing_paths_fall_back_to_the_nearest_ancestor() {
        assert_eq!(loc("t3.granted"), (2, 1));
        assert_eq!(loc("t3.new[9]"), (3, 7));
        assert_eq!(loc("nothing.here"), (1, 1));
    }

    #[test]
    fn needle_and_wide_characters() {
        let s = Source::new("r.toml", SRC.to_string());
        let l = s.locate_path("overview.parts[0].text", Some("8件"));
        assert_eq!((l.line, l.column), (8, 13));
        // "text = \"收到申请" is 8 ASCII columns + 4 wide characters.
        assert_eq!(l.caret_offset, 8 + 8);
        assert_eq!(l.caret_width, 3);
    }
}
