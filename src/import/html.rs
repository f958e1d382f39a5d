//! The HTML reader: a lenient parser for portal pages (any CMS layout, unclosed tags,
//! entities, tables with rowspan/colspan or flattened into paragraphs) that keeps the
//! source line of every piece of text, so findings point at the page source. Layout tables
//! (tables holding tables) are read as blocks; a data table's row becomes one line with its
//! cells separated by tabs, as a copy from the portal gives them.
//!
//! html5ever (via scraper) builds a better tree but does not give text positions back to the
//! caller; the line of the page source is what a reviewer needs, so the parser is our own.

use super::lines::{Line, normalise};

#[derive(Debug)]
enum Node {
    Elem { name: String, children: Vec<usize> },
    Text { text: String, line: usize },
}

/// How deep elements nest in the tree (real pages stay under 40; a hostile page of 200,000
/// nested `<div>`s would otherwise overflow the stack of every recursive walk).
const MAX_DEPTH: usize = 256;

const VOID: [&str; 14] = [
    "br", "img", "hr", "meta", "link", "input", "col", "wbr", "area", "base", "source", "embed",
    "param", "track",
];
const SKIP: [&str; 9] = [
    "script", "style", "head", "noscript", "template", "iframe", "svg", "select", "button",
];
const BLOCK: [&str; 30] = [
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "hr",
    "dl",
    "dt",
    "dd",
    "table",
    "caption",
    "tr",
    "center",
    "form",
    "nav",
    "main",
    "aside",
    "address",
];

fn decode_entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let v = match num.strip_prefix(['x', 'X']) {
            Some(h) => u32::from_str_radix(h, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(v);
    }
    Some(match name {
        "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        "apos" => '\'',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "middot" => '·',
        "times" => '×',
        "yen" => '¥',
        "copy" => '©',
        _ => return None,
    })
}

/// Decodes entities in text.
fn decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i + 1..];
        match tail.find(';').filter(|&j| j <= 10) {
            Some(j) => match decode_entity(&tail[..j]) {
                Some(c) => {
                    out.push(c);
                    rest = &tail[j + 1..];
                }
                None => {
                    out.push('&');
                    rest = tail;
                }
            },
            None => {
                out.push('&');
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

struct Tree {
    nodes: Vec<Node>,
}

impl Tree {
    fn parse(src: &str) -> Tree {
        let mut nodes = vec![Node::Elem {
            name: "#root".into(),
            children: Vec::new(),
        }];
        let mut stack: Vec<usize> = vec![0];
        let b = src.as_bytes();
        let mut i = 0;
        let mut line = 1;
        let mut text_start = 0;
        let mut text_line = 1;
        let push = |nodes: &mut Vec<Node>, stack: &[usize], n: Node| {
            let id = nodes.len();
            nodes.push(n);
            if let Some(&p) = stack.last()
                && let Node::Elem { children, .. } = &mut nodes[p]
            {
                children.push(id);
            }
            id
        };
        let name_of = |nodes: &Vec<Node>, id: usize| match &nodes[id] {
            Node::Elem { name, .. } => name.clone(),
            Node::Text { .. } => String::new(),
        };
        while i < b.len() {
            if b[i] != b'<' {
                if b[i] == b'\n' {
                    line += 1;
                }
                i += 1;
                continue;
            }
            // Flush text before the tag.
            if text_start < i {
                let t = &src[text_start..i];
                if !t.trim().is_empty() {
                    let lead = t.len() - t.trim_start().len();
                    let l = text_line + t[..lead].matches('\n').count();
                    push(
                        &mut nodes,
                        &stack,
                        Node::Text {
                            text: decode(t),
                            line: l,
                        },
                    );
                }
            }
            let rest = &src[i..];
            let end = if rest.starts_with("<!--") {
                rest.find("-->").map_or(rest.len(), |e| e + 3)
            } else {
                rest.find('>').map_or(rest.len(), |e| e + 1)
            };
            let tag = &rest[..end];
            line += tag.matches('\n').count();
            i += end;
            if !tag.starts_with("<!") && !tag.starts_with("<?") {
                let closing = tag.starts_with("</");
                let body = tag.trim_start_matches('<').trim_start_matches('/');
                let name: String = body
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect::<String>()
                    .to_ascii_lowercase();
                if !name.is_empty() {
                    if closing {
                        if let Some(pos) = stack.iter().rposition(|&id| name_of(&nodes, id) == name)
                            && pos > 0
                        {
                            stack.truncate(pos);
                        }
                    } else if SKIP.contains(&name.as_str()) {
                        // Skip to the matching end tag.
                        let close = format!("</{name}");
                        let lower = src[i..].to_ascii_lowercase();
                        let skip = lower.find(&close).unwrap_or(lower.len());
                        line += src[i..i + skip].matches('\n').count();
                        i += skip;
                    } else {
                        // Implied ends: a new cell closes the open cell, a new row the open row.
                        let closes: &[&str] = match name.as_str() {
                            "td" | "th" => &["td", "th"],
                            "tr" => &["tr", "td", "th"],
                            "li" => &["li"],
                            "p" => &["p"],
                            _ => &[],
                        };
                        if !closes.is_empty() {
                            let table_at = stack
                                .iter()
                                .rposition(|&id| name_of(&nodes, id) == "table")
                                .unwrap_or(0);
                            // The outermost open one since the innermost table.
                            if let Some(pos) = stack[table_at + 1..]
                                .iter()
                                .position(|&id| closes.contains(&name_of(&nodes, id).as_str()))
                            {
                                stack.truncate(table_at + 1 + pos);
                            }
                        }
                        let id = push(
                            &mut nodes,
                            &stack,
                            Node::Elem {
                                name: name.clone(),
                                children: Vec::new(),
                            },
                        );
                        // Past MAX_DEPTH an element holds nothing: what follows goes to the
                        // deepest open element, so no later walk recurses deeper than that.
                        if !VOID.contains(&name.as_str())
                            && !tag.ends_with("/>")
                            && stack.len() < MAX_DEPTH
                        {
                            stack.push(id);
                        }
                    }
                }
            }
            text_start = i;
            text_line = line;
        }
        if text_start < b.len() {
            let t = &src[text_start..];
            if !t.trim().is_empty() {
                push(
                    &mut nodes,
                    &stack,
                    Node::Text {
                        text: decode(t),
                        line: text_line,
                    },
                );
            }
        }
        Tree { nodes }
    }

    fn name(&self, id: usize) -> &str {
        match &self.nodes[id] {
            Node::Elem { name, .. } => name,
            Node::Text { .. } => "",
        }
    }

    fn children(&self, id: usize) -> &[usize] {
        match &self.nodes[id] {
            Node::Elem { children, .. } => children,
            Node::Text { .. } => &[],
        }
    }

    fn has_table_inside(&self, id: usize) -> bool {
        self.children(id)
            .iter()
            .any(|&c| self.name(c) == "table" || self.has_table_inside(c))
    }

    /// The text of a subtree on one line, whitespace collapsed, and its first line.
    fn flat_text(&self, id: usize, out: &mut String, line: &mut Option<usize>) {
        match &self.nodes[id] {
            Node::Text { text, line: l } => {
                line.get_or_insert(*l);
                out.push_str(text);
                out.push(' ');
            }
            Node::Elem { .. } => {
                for &c in self.children(id) {
                    self.flat_text(c, out, line);
                }
            }
        }
    }
}

fn collapse(s: &str) -> String {
    let t = normalise(s);
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Joins the pieces of a line: CJK text split by markup needs no space between pieces.
fn join_cjk(s: &str) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    let mut out = String::new();
    for w in words {
        let prev_ascii = out
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_alphanumeric());
        let next_ascii = w.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
        if !out.is_empty() && prev_ascii && next_ascii {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

struct Walker<'a> {
    tree: &'a Tree,
    lines: Vec<Line>,
    buf: String,
    buf_line: Option<usize>,
    in_heading: usize,
}

impl Walker<'_> {
    fn flush(&mut self) {
        let t = join_cjk(&collapse(&self.buf));
        if !t.is_empty() {
            self.lines.push(Line {
                no: self.buf_line.unwrap_or(1),
                text: t,
            });
        }
        self.buf.clear();
        self.buf_line = None;
    }

    fn walk(&mut self, id: usize) {
        let tree = self.tree;
        match &tree.nodes[id] {
            Node::Text { text, line } => {
                self.buf_line.get_or_insert(*line);
                self.buf.push_str(text);
                self.buf.push(' ');
            }
            Node::Elem { name, children } => {
                let name = name.as_str();
                if name == "br" {
                    if self.in_heading == 0 {
                        self.flush();
                    }
                    return;
                }
                if name == "table" && !tree.has_table_inside(id) {
                    self.flush();
                    self.table(id);
                    return;
                }
                let block = BLOCK.contains(&name) || name == "td" || name == "th";
                if block {
                    self.flush();
                }
                let heading = matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
                self.in_heading += usize::from(heading);
                for &c in children {
                    self.walk(c);
                }
                self.in_heading -= usize::from(heading);
                if block {
                    self.flush();
                }
            }
        }
    }

    /// A data table: every row one line, cells separated by tabs.
    fn table(&mut self, id: usize) {
        let mut rows = Vec::new();
        self.rows(id, &mut rows);
        for r in rows {
            let mut cells = Vec::new();
            let mut first = None;
            for &c in self.tree.children(r) {
                if !matches!(self.tree.name(c), "td" | "th") {
                    continue;
                }
                let mut s = String::new();
                let mut l = None;
                self.tree.flat_text(c, &mut s, &mut l);
                if first.is_none() {
                    first = l;
                }
                cells.push(join_cjk(&collapse(&s)));
            }
            // A row of blank cells is a row of blanks (a 表四 of an office that leaves zeros
            // blank); only a row without cells is nothing.
            if cells.iter().all(|c| c.is_empty()) && cells.len() < 2 {
                continue;
            }
            // A row of one text cell is a line of text; a lone figure among blank cells keeps
            // its place (position is the truth in a table with explicit cells).
            let filled: Vec<&String> = cells.iter().filter(|c| !c.is_empty()).collect();
            let lone_figure = cells.len() > 1
                && filled.len() == 1
                && super::lines::cell_value(filled[0])
                    .is_some_and(|v| v != super::lines::Val::Blank);
            let text = if filled.len() == 1 && !lone_figure {
                cells
                    .into_iter()
                    .find(|c| !c.is_empty())
                    .unwrap_or_default()
            } else {
                cells.join("\t")
            };
            self.lines.push(Line {
                no: first.unwrap_or(1),
                text,
            });
        }
        // The caption is a line of its own, before the rows.
    }

    fn rows(&self, id: usize, out: &mut Vec<usize>) {
        for &c in self.tree.children(id) {
            match self.tree.name(c) {
                "tr" => out.push(c),
                "caption" => {}
                _ => self.rows(c, out),
            }
        }
    }
}

/// Reads an HTML page into lines numbered by the page source.
pub fn read(src: &str) -> Vec<Line> {
    let tree = Tree::parse(src);
    let mut w = Walker {
        tree: &tree,
        lines: Vec::new(),
        buf: String::new(),
        buf_line: None,
        in_heading: 0,
    };
    w.walk(0);
    w.flush();
    w.lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_rows_and_lines() {
        let src = "<html><head><title>x</title><style>p{}</style></head><body>\n\
                   <h1>某镇2025年<br>政府信息公开工作年度报告</h1>\n\
                   <p>第一段&nbsp;文字<p>第二段\n\
                   <table><tr><th rowspan=2>一、本年新收政府信息公开申请数量<td>1<td><td>0\n\
                   <tr><td>/<td>2\n\
                   <tr><td>&nbsp;<td>3<td>&nbsp;</table>\n\
                   <table><tr><td><table><tr><td>内</td><td>1</td></tr></table></td></tr></table>\n\
                   <div>落款</div></body></html>";
        let lines = read(src);
        let t: Vec<(usize, &str)> = lines.iter().map(|l| (l.no, l.text.as_str())).collect();
        assert_eq!(
            t,
            vec![
                (2, "某镇2025年政府信息公开工作年度报告"),
                (3, "第一段文字"),
                (3, "第二段"),
                (4, "一、本年新收政府信息公开申请数量\t1\t\t0"),
                (5, "/\t2"),
                (6, "\t3\t"),
                (7, "内\t1"),
                (8, "落款"),
            ]
        );
    }

    #[test]
    fn nesting_depth_does_not_reach_the_stack() {
        let n = 200_000;
        let src = format!(
            "{}<p>深处的文字</p>{}",
            "<div>".repeat(n),
            "</div>".repeat(n)
        );
        // A thread with a small stack: the walk must not depend on the depth.
        let lines = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || read(&src))
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].text, "深处的文字");
    }
}
