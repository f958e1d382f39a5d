//! Findings as data, and their two printed forms: Chinese text with `file:line:col`, the
//! source line and a caret, and JSON for other tools.

use serde::Serialize;

use crate::load::source::{Location, Source};

/// How serious a finding is (docs/spec/rules.md §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Stated by the template or implied by its arithmetic: the report must not be published.
    Error,
    /// Plausibility or convention: look at it.
    Warning,
    /// Advisory.
    Info,
}

impl Severity {
    /// The Chinese label printed before a finding.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Info => "提示",
        }
    }
}

/// How a character of a source line is shown: control, invisible and direction-changing
/// characters as `<U+XXXX>`, so an echoed line never hides or reorders text on a terminal.
pub fn visible(c: char) -> Option<String> {
    let hidden = c.is_control()
        || matches!(c as u32, 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2069 | 0xFEFF | 0xFFFE | 0xFFFF);
    hidden.then(|| format!("<U+{:04X}>", c as u32))
}

/// Columns of source line shown around the caret; longer lines are cut with `…`.
const BEFORE: usize = 40;
/// Lines up to this many columns are shown whole.
const WHOLE: usize = 100;
const AFTER: usize = 60;

/// The source line as shown (made visible, cut to a window around the caret), with the
/// caret's offset and width in display columns.
fn excerpt(loc: &Location) -> (String, usize, usize) {
    use unicode_width::UnicodeWidthChar;
    let chars: Vec<char> = loc.line_text.chars().collect();
    let col = (loc.column - 1).min(chars.len());
    // The marked characters: as many as fill the caret's width.
    let mut marked_end = col;
    let mut w = 0;
    while marked_end < chars.len() && w < loc.caret_width {
        w += chars[marked_end].width().unwrap_or(0).max(1);
        marked_end += 1;
    }
    let piece = |c: char| match visible(c) {
        Some(v) => (v.clone(), v.len()),
        None if c == '\t' => (" ".to_string(), 1),
        None => (c.to_string(), c.width().unwrap_or(0)),
    };
    let total: usize = chars.iter().map(|&c| piece(c).1).sum();
    let mut start = if total > WHOLE { col } else { 0 };
    let mut width_before = 0;
    while start > 0 {
        let w = piece(chars[start - 1]).1;
        if width_before + w > BEFORE {
            break;
        }
        width_before += w;
        start -= 1;
    }
    let mut shown = String::new();
    let mut offset = 0;
    if start > 0 {
        shown.push('…');
        offset += 1;
    }
    let (mut caret_offset, mut caret_width, mut width_after) = (0, 0, 0);
    for (i, &c) in chars.iter().enumerate().skip(start) {
        let (text, w) = piece(c);
        if i == col {
            caret_offset = offset;
        }
        if i >= col {
            if width_after + w > AFTER && total > WHOLE {
                shown.push('…');
                break;
            }
            width_after += w;
            if i < marked_end {
                caret_width += w;
            }
        }
        shown.push_str(&text);
        offset += w;
    }
    if col >= chars.len() {
        caret_offset = offset;
    }
    (shown, caret_offset, caret_width.max(1))
}

/// The two sides of a failed equation, for JSON consumers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Figures {
    /// The left-hand side as computed.
    pub left: i64,
    /// The right-hand side as computed.
    pub right: i64,
}

/// One finding of a check, or a load error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable rule ID from the spec, e.g. `T3-COL-BALANCE`.
    pub rule: &'static str,
    /// Severity.
    pub severity: Severity,
    /// Chinese message: what is wrong, with expected and found values.
    pub message: String,
    /// Key path of the offending value, e.g. `t3.new[0]`.
    pub path: Option<String>,
    /// Text inside the value to point at (a phrase in a narrative).
    pub needle: Option<String>,
    /// Byte span, when the finding comes from the parser rather than a key path.
    pub span: Option<std::ops::Range<usize>>,
    /// The computed sides of an equation.
    pub figures: Option<Figures>,
    /// Chinese advice: what to change.
    pub help: Option<String>,
    /// Finer findings a summary stands for (one per row), shown in JSON only.
    pub detail: Vec<String>,
}

impl Diagnostic {
    /// A finding with a message and nothing else.
    pub fn new(rule: &'static str, severity: Severity, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            rule,
            severity,
            message: message.into(),
            path: None,
            needle: None,
            span: None,
            figures: None,
            help: None,
            detail: Vec::new(),
        }
    }
    /// Points the finding at a key path.
    pub fn at(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }
    /// Points the finding at a phrase inside the value at its path.
    pub fn needle(mut self, needle: impl Into<String>) -> Self {
        self.needle = Some(needle.into());
        self
    }
    /// Records both sides of a failed equation.
    pub fn figures(mut self, left: i64, right: i64) -> Self {
        self.figures = Some(Figures { left, right });
        self
    }
    /// Adds advice.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Where the finding points in `source`.
    pub fn location(&self, source: &Source) -> Location {
        match (&self.span, &self.path) {
            (Some(span), _) => source.locate(span.clone()),
            (None, Some(path)) => source.locate_path(path, self.needle.as_deref()),
            (None, None) => source.locate(0..0),
        }
    }

    /// The finding as Chinese text with location, source line and caret.
    pub fn render_text(&self, source: &Source) -> String {
        let loc = self.location(source);
        let num = loc.line.to_string();
        let pad = " ".repeat(num.len());
        let (shown, caret_offset, caret_width) = excerpt(&loc);
        let mut out = format!(
            "{}[{}]：{}\n{pad}--> {}:{}:{}\n{pad} |\n{num} | {shown}\n{pad} | {}{}\n",
            self.severity.label(),
            self.rule,
            self.message,
            source.name,
            loc.line,
            loc.column,
            " ".repeat(caret_offset),
            "^".repeat(caret_width),
        );
        if let Some(help) = &self.help {
            out.push_str(&format!("{pad} = 修改：{help}\n"));
        }
        out
    }

    /// The finding as a JSON object.
    pub fn to_json(&self, source: &Source) -> serde_json::Value {
        let loc = self.location(source);
        let mut json = serde_json::json!({
            "file": source.name,
            "line": loc.line,
            "column": loc.column,
            "severity": self.severity,
            "rule": self.rule,
            "message": self.message,
            "path": self.path,
            "left": self.figures.map(|f| f.left),
            "right": self.figures.map(|f| f.right),
            "delta": self.figures.map(|f| f.left - f.right),
            "help": self.help,
        });
        if !self.detail.is_empty()
            && let Some(o) = json.as_object_mut()
        {
            o.insert("detail".into(), serde_json::json!(self.detail));
        }
        json
    }
}

/// Counts of findings by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
}

impl Tally {
    /// Counts `diags`.
    pub fn of(diags: &[Diagnostic]) -> Tally {
        let mut t = Tally::default();
        for d in diags {
            match d.severity {
                Severity::Error => t.errors += 1,
                Severity::Warning => t.warnings += 1,
                Severity::Info => t.infos += 1,
            }
        }
        t
    }

    /// The closing summary line.
    pub fn summary(&self, file: &str) -> String {
        if self.errors + self.warnings + self.infos == 0 {
            format!("{file}：检查通过，未发现问题。")
        } else if self.errors == 0 {
            format!(
                "{file}：没有错误；{} 个警告，{} 条提示，请逐条核对。",
                self.warnings, self.infos
            )
        } else {
            format!(
                "{file}：{} 个错误，{} 个警告，{} 条提示。有错误的报告不能发布，请按上面的位置逐条修改。",
                self.errors, self.warnings, self.infos
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_sits_under_the_value_after_wide_text() {
        let src = Source::new("r.toml", "\"名称\" = \"镇\"\nnew = [46, 4]\n".to_string());
        let d = Diagnostic::new("T3-COL-BALANCE", Severity::Error, "不平")
            .at("new[1]")
            .help("改成 6");
        let text = d.render_text(&src);
        assert_eq!(
            text,
            "错误[T3-COL-BALANCE]：不平\n --> r.toml:2:12\n  |\n2 | new = [46, 4]\n  |            ^\n  = 修改：改成 6\n"
        );
    }

    #[test]
    fn json_carries_figures_and_delta() {
        let src = Source::new("r.toml", "a = 1\n".to_string());
        let d = Diagnostic::new("X", Severity::Warning, "m")
            .at("a")
            .figures(50, 44);
        let j = d.to_json(&src);
        assert_eq!(j["delta"], 6);
        assert_eq!(j["line"], 1);
        assert_eq!(j["severity"], "warning");
    }
}

#[cfg(test)]
mod excerpt_tests {
    use super::*;

    fn loc(line: &str, column: usize, caret_width: usize) -> Location {
        Location {
            line: 1,
            column,
            line_text: line.to_string(),
            caret_offset: 0,
            caret_width,
        }
    }

    #[test]
    fn short_lines_are_shown_whole() {
        let (s, off, w) = excerpt(&loc("new = [9，2]", 9, 2));
        assert_eq!(s, "new = [9，2]");
        assert_eq!((off, w), (8, 2));
    }

    #[test]
    fn long_lines_are_cut_around_the_caret() {
        let line = format!("{}X{}", "甲".repeat(5000), "乙".repeat(5000));
        let (s, off, w) = excerpt(&loc(&line, 5001, 1));
        assert!(s.chars().count() < 60, "{}", s.chars().count());
        assert!(s.starts_with('…') && s.ends_with('…'));
        assert_eq!(&s[s.char_indices().nth(1 + off / 2).unwrap().0..][..1], "X");
        assert_eq!(w, 1);
    }

    #[test]
    fn hidden_characters_are_made_visible() {
        let (s, off, _) = excerpt(&loc("a\u{202E}b\u{0}c", 4, 1));
        assert_eq!(s, "a<U+202E>b<U+0000>c");
        assert_eq!(off, 1 + 8 + 1);
    }
}
