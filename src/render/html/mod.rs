//! HTML output: the shared view through the tera templates in `templates/` (embedded, and
//! overridable file by file), as a self-contained page or as a `<article>` fragment with
//! inline styles for pasting into a portal CMS.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use crate::view::{self, CellRole, GridCell, View};

/// The built-in templates, by file name.
pub const BUILTIN: [(&str, &str); 3] = [
    (
        "report.html",
        include_str!("../../../templates/report.html"),
    ),
    (
        "article.html",
        include_str!("../../../templates/article.html"),
    ),
    ("report.css", include_str!("../../../templates/report.css")),
];

/// Why HTML could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum HtmlError {
    /// A template override could not be read.
    #[error("无法读取模板 {path}：{cause}")]
    Read {
        /// The override file.
        path: PathBuf,
        /// The reason.
        cause: String,
    },
    /// A template has an error (usually in a user's override).
    #[error("模板错误：{0}")]
    Template(String),
}

/// What to produce.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Only the `<article>`, with the stylesheet's rules inlined as `style` attributes.
    pub fragment: bool,
    /// A folder whose `report.html` / `article.html` / `report.css` replace the built-ins.
    pub templates: Option<PathBuf>,
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A tera error in Chinese, with the template's line and column when tera gives them; never
/// tera's English.
fn tera_error_zh(e: &tera::Error) -> String {
    use tera::ErrorKind as K;
    let mut parts: Vec<String> = Vec::new();
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        let text = err.to_string();
        let part = match err.downcast_ref::<tera::Error>().map(|t| &t.kind) {
            Some(K::CircularExtend { tpl, .. }) => format!("模板 {tpl} 的 extends 形成了循环"),
            Some(K::MissingParent { current, parent }) => {
                format!("模板 {current} 继承（extends）的 {parent} 不存在")
            }
            Some(K::TemplateNotFound(n)) => format!("找不到模板 {n}"),
            Some(K::FilterNotFound(n)) => format!("模板用到了不存在的过滤器 {n}"),
            Some(K::TestNotFound(n)) => format!("模板用到了不存在的测试 {n}"),
            Some(K::FunctionNotFound(n)) => format!("模板用到了不存在的函数 {n}"),
            Some(K::CallFunction(n)) if n == "get_env" => {
                "模板不能读取环境变量（get_env 在 gxgk 中已停用，以免把本机信息发布出去）"
                    .to_string()
            }
            Some(K::CallFunction(n)) => format!("调用函数 {n} 出错"),
            Some(K::CallFilter(n)) => format!("过滤器 {n} 出错"),
            Some(K::CallTest(n)) => format!("测试 {n} 出错"),
            Some(K::InvalidMacroDefinition(n)) => format!("宏 {n} 的定义有误"),
            _ => msg_zh(&text),
        };
        if !part.is_empty() && !parts.contains(&part) {
            parts.push(part);
        }
        cur = err.source();
    }
    if parts.is_empty() {
        "模板有错误".to_string()
    } else {
        parts.join("：")
    }
}

/// tera's free-text messages, in Chinese.
fn msg_zh(text: &str) -> String {
    let quoted = |t: &str, open: char, close: char| -> Option<String> {
        let a = t.find(open)? + open.len_utf8();
        let b = a + t[a..].find(close)?;
        Some(t[a..b].to_string())
    };
    if let Some(rest) = text.strip_prefix("Variable `") {
        let var = rest.split('`').next().unwrap_or("");
        return format!("模板用到了不存在的变量 {var}");
    }
    if text.starts_with("Failed to render") {
        return format!(
            "生成 {} 时出错",
            quoted(text, '\'', '\'').unwrap_or_default()
        );
    }
    if text.starts_with("Failed to parse") {
        let name = quoted(text, '\'', '\'')
            .or_else(|| quoted(text, '"', '"'))
            .unwrap_or_default();
        return format!("模板 {name} 有语法错误");
    }
    if let Some(rest) = text.split(" --> ").nth(1) {
        let at = rest
            .split_whitespace()
            .next()
            .and_then(|lc| lc.split_once(':'))
            .map(|(l, c)| {
                let c: String = c.chars().take_while(char::is_ascii_digit).collect();
                format!("第 {l} 行第 {c} 列")
            })
            .unwrap_or_default();
        return format!("{at}（检查 {{% %}} 与 {{{{ }}}} 是否配对、拼写是否正确）");
    }
    if text.is_ascii() {
        String::new()
    } else {
        text.to_string()
    }
}

/// The names a template pulls in with `include`, `extends` or `import`.
fn pulled_in(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    for tag in text.split("{%").skip(1) {
        let tag = tag
            .split("%}")
            .next()
            .unwrap_or("")
            .trim()
            .trim_start_matches('-')
            .trim();
        let mut words = tag.splitn(2, char::is_whitespace);
        if let (Some("include" | "extends" | "import"), Some(rest)) = (words.next(), words.next()) {
            let rest = rest.trim();
            let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                continue;
            };
            if let Some(name) = rest[1..].split(q).next() {
                names.push(name.to_string());
            }
        }
    }
    names
}

/// Refuses templates that include or extend themselves, directly or through others (tera
/// would recurse until the stack overflows).
fn check_cycles(sources: &[(&'static str, String)]) -> Result<(), HtmlError> {
    fn visit<'a>(
        name: &'a str,
        sources: &'a [(&'static str, String)],
        path: &mut Vec<&'a str>,
    ) -> Result<(), HtmlError> {
        if let Some(i) = path.iter().position(|n| *n == name) {
            let mut chain: Vec<&str> = path[i..].to_vec();
            chain.push(name);
            return Err(HtmlError::Template(format!(
                "模板互相包含，形成了循环：{}。请删去其中一处 include/extends",
                chain.join(" → ")
            )));
        }
        let Some((_, text)) = sources.iter().find(|(n, _)| *n == name) else {
            return Ok(());
        };
        path.push(name);
        for next in pulled_in(text) {
            if let Some((n, _)) = sources.iter().find(|(n, _)| *n == next) {
                visit(n, sources, path)?;
            }
        }
        path.pop();
        Ok(())
    }
    for (name, _) in sources {
        visit(name, sources, &mut Vec::new())?;
    }
    Ok(())
}

/// The template texts to use: built-ins, each replaced by a same-named file in `dir` (a UTF-8
/// BOM removed). A `dir` that is not a folder is an error, never silently ignored.
pub fn sources(dir: Option<&Path>) -> Result<Vec<(&'static str, String)>, HtmlError> {
    if let Some(d) = dir
        && !d.is_dir()
    {
        let cause = if d.exists() {
            "这不是一个文件夹".to_string()
        } else {
            "文件夹不存在".to_string()
        };
        return Err(HtmlError::Read {
            path: d.to_path_buf(),
            cause,
        });
    }
    BUILTIN
        .iter()
        .map(|(name, text)| {
            let over = dir.map(|d| d.join(name)).filter(|p| p.is_file());
            match over {
                Some(path) => std::fs::read_to_string(&path)
                    .map(|t| (*name, t.strip_prefix('\u{feff}').unwrap_or(&t).to_string()))
                    .map_err(|e| HtmlError::Read {
                        cause: crate::sys::oserr::io_cause(&e),
                        path,
                    }),
                None => Ok((*name, text.to_string())),
            }
        })
        .collect()
}

/// The templates compiled, once per process for the same sources: a batch renders hundreds
/// of reports with them, and compiling takes longer than rendering.
fn compiled(sources: &[(&'static str, String)]) -> Result<Arc<tera::Tera>, HtmlError> {
    type Compiled = Option<(Vec<(&'static str, String)>, Arc<tera::Tera>)>;
    static CACHE: Mutex<Compiled> = Mutex::new(None);
    let mut cache = CACHE.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((cached, tera)) = cache.as_ref()
        && cached == sources
    {
        return Ok(Arc::clone(tera));
    }
    check_cycles(sources)?;
    let mut tera = tera::Tera::default();
    // A shared template must not print the machine's environment into a published report.
    tera.register_function(
        "get_env",
        |_: &std::collections::HashMap<String, tera::Value>| -> tera::Result<tera::Value> {
            Err(tera::Error::msg("get_env"))
        },
    );
    tera.autoescape_on(vec![".html", ".css"]);
    tera.set_escape_fn(escape);
    tera.add_raw_templates(sources.iter().map(|(n, t)| (*n, t.as_str())))
        .map_err(|e| HtmlError::Template(tera_error_zh(&e)))?;
    let tera = Arc::new(tera);
    *cache = Some((sources.to_vec(), Arc::clone(&tera)));
    Ok(tera)
}

/// Renders the view as HTML.
pub fn render(view: &View, opts: &Options) -> Result<String, HtmlError> {
    let sources = sources(opts.templates.as_deref())?;
    let tera = compiled(&sources)?;
    let mut ctx =
        tera::Context::from_serialize(view).map_err(|e| HtmlError::Template(tera_error_zh(&e)))?;
    ctx.insert("version", env!("CARGO_PKG_VERSION"));
    let offsets = offsets(view);
    let tables: BTreeMap<&str, String> = view
        .tables()
        .map(|t| {
            (
                t.id,
                table(t, offsets.get(t.id).map_or(&[][..], Vec::as_slice)),
            )
        })
        .collect();
    ctx.insert("tables", &tables);
    ctx.insert("offsets", &offsets);
    let name = if opts.fragment {
        "article.html"
    } else {
        "report.html"
    };
    let html = tera
        .render(name, &ctx)
        .map_err(|e| HtmlError::Template(tera_error_zh(&e)))?;
    let html = with_data(&html, &view.data);
    if opts.fragment {
        let css = &sources.iter().find(|(n, _)| *n == "report.css").unwrap().1;
        Ok(inline_styles(&html, &parse_css(css)))
    } else {
        Ok(html)
    }
}

/// The page with the report's data in `<script type="application/json" id="gxgk-data">` at
/// the end of the article (of the body, for a template without one), whatever the templates.
fn with_data(html: &str, data: &str) -> String {
    let script = format!(
        "<script type=\"application/json\" id=\"gxgk-data\">{}</script>\n",
        crate::view::data::script_safe(data)
    );
    let at = html
        .rfind("</article>")
        .or_else(|| html.rfind("</body>"))
        .unwrap_or(html.len());
    format!("{}{script}{}", &html[..at], &html[at..])
}

/// For every table (by id), row and cell: where the cell starts, in ‱ of the table's width
/// (the relative widths of the columns left of it over the sum of all). The page keeps the row labels of a wide
/// table visible while its numbers scroll sideways on a phone (`position: sticky` at that
/// offset).
fn offsets(view: &View) -> BTreeMap<&'static str, Vec<Vec<u32>>> {
    view.tables()
        .map(|t| {
            let mut starts: Vec<Vec<u32>> = t.rows.iter().map(|r| vec![0; r.len()]).collect();
            // The widths are relative: table 三's sum to 900, and the browser scales them.
            let sum: u32 = t.widths.iter().sum();
            for (row, line) in t.grid().iter().enumerate() {
                let mut left = 0;
                for (c, at) in line.iter().enumerate() {
                    if let Some((r, i)) = *at
                        && r == row
                        && (c == 0 || line[c - 1] != *at)
                        && let Some(slot) = starts.get_mut(r).and_then(|cells| cells.get_mut(i))
                    {
                        *slot = left * 10_000 / sum.max(1);
                    }
                    left += t.widths.get(c).copied().unwrap_or(0);
                }
            }
            (t.id, starts)
        })
        .collect()
}

// ------------------------------------------------------------------ statistics tables

/// A statistics table's markup (the built-in `article.html` prints it as
/// `{{ tables[b.id] | safe }}`; a template of its own may still build one from `b.rows`):
/// a focusable scroll region with the caption, relative column widths, the header rows in
/// `<thead>`, each 第二十条 group of 表二 in its own `<tbody>`, `th` scopes for screen readers,
/// and each row label's start offset `x` (‱ of the table's width) for sticky row labels on a
/// phone.
fn table(t: &view::Table, x: &[Vec<u32>]) -> String {
    use std::fmt::Write;
    let id = escape(t.id);
    let mut out = String::with_capacity(256 + t.rows.len() * 400);
    let _ = write!(
        out,
        concat!(
            r#"<div class="table-scroll" role="region" aria-labelledby="{id}-caption" tabindex="0">"#,
            "\n",
            r#"<table class="grid {id}" style="--table-pt: {pt}pt">"#,
            "\n",
            r#"<caption id="{id}-caption">{caption}</caption>"#,
            "\n<colgroup>"
        ),
        id = id,
        pt = t.font_pt,
        caption = escape(t.caption),
    );
    for w in &t.widths {
        let _ = write!(out, r#"<col style="width:{}%">"#, f64::from(*w) / 10.0);
    }
    out.push_str("</colgroup>");
    let last = t.rows.len().saturating_sub(1);
    for (r, row) in t.rows.iter().enumerate() {
        let caption_row = row.first().is_some_and(|c| c.role == CellRole::Caption);
        if r == 0 && t.header_rows > 0 {
            out.push_str("\n<thead>");
        } else if caption_row && r == t.header_rows {
            out.push_str("\n<tbody class=\"group\">");
        } else if caption_row {
            out.push_str("\n</tbody>\n<tbody class=\"group\">");
        } else if r == t.header_rows {
            out.push_str("\n<tbody>");
        }
        out.push_str("\n<tr>");
        for (i, c) in row.iter().enumerate() {
            cell(&mut out, c, x.get(r).and_then(|xs| xs.get(i)).copied());
        }
        out.push_str("\n</tr>");
        if t.header_rows > 0 && r + 1 == t.header_rows {
            out.push_str("\n</thead>");
        }
        if r == last {
            out.push_str("\n</tbody>");
        }
    }
    out.push_str("\n</table>\n</div>");
    out
}

/// One cell: `td` for figures, the note and empty cells, `th` with its scope for headers;
/// row labels and the note carry their start offset `x`.
fn cell(out: &mut String, c: &GridCell, x: Option<u32>) {
    use std::fmt::Write;
    let align = match c.align {
        view::Align::Left => "left",
        view::Align::Center => "center",
    };
    let spans = |out: &mut String, rows: bool| {
        if rows && c.rowspan > 1 {
            let _ = write!(out, r#" rowspan="{}""#, c.rowspan);
        }
        if c.colspan > 1 {
            let _ = write!(out, r#" colspan="{}""#, c.colspan);
        }
    };
    let first = if x == Some(0) { " first" } else { "" };
    let x = x.map(|x| x.to_string()).unwrap_or_default();
    let text = escape(&c.text);
    match c.role {
        CellRole::Number => {
            let _ = write!(out, r#"<td class="num a-{align}""#);
            spans(out, true);
            let _ = write!(out, ">{text}</td>");
        }
        CellRole::Empty => {
            let _ = write!(out, r#"<td class="empty a-{align}""#);
            spans(out, false);
            out.push_str("></td>");
        }
        CellRole::Note => {
            let _ = write!(
                out,
                r#"<td class="note a-{align}{first}" style="--x:{x}" rowspan="{}" colspan="{}">{text}</td>"#,
                c.rowspan, c.colspan
            );
        }
        CellRole::RowHeader => {
            let scope = if c.rowspan > 1 { "rowgroup" } else { "row" };
            let _ = write!(
                out,
                r#"<th class="rowhead a-{align}{first}" style="--x:{x}" scope="{scope}""#
            );
            spans(out, true);
            let _ = write!(out, ">{text}</th>");
        }
        CellRole::Caption => {
            let _ = write!(
                out,
                r#"<th class="subcaption a-{align}" scope="colgroup" colspan="{}">{text}</th>"#,
                c.colspan
            );
        }
        CellRole::ColHeader => {
            let scope = if c.colspan > 1 { "colgroup" } else { "col" };
            let _ = write!(out, r#"<th class="colhead a-{align}" scope="{scope}""#);
            spans(out, true);
            let _ = write!(out, ">{text}</th>");
        }
    }
}

// ------------------------------------------------------------------ style inlining

/// Rules with one simple selector (`tag`, `.class`, `tag.class`, or a comma list of them),
/// outside any `@` block, as (tag, class, declarations).
type Rules = Vec<(Option<String>, Option<String>, String)>;

fn parse_css(css: &str) -> Rules {
    let mut rules = Vec::new();
    let mut rest = strip_comments(css);
    while let Some(open) = rest.find('{') {
        let selector = rest[..open].trim().to_string();
        if selector.starts_with('@') {
            // Skip the whole at-block, nested braces included.
            let mut depth = 0;
            let mut end = rest.len();
            for (i, c) in rest.char_indices().skip(open) {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            end = i + 1;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            rest = rest[end..].to_string();
            continue;
        }
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        let decls = rest[open + 1..close].trim().trim_end_matches(';').trim();
        for sel in selector.split(',') {
            let sel = sel.trim();
            if sel.contains([' ', '>', ':', '[', '#', '+', '~']) {
                continue;
            }
            let (tag, class) = match sel.split_once('.') {
                Some((t, c)) => ((!t.is_empty()).then(|| t.to_string()), Some(c.to_string())),
                None => (Some(sel.to_string()), None),
            };
            rules.push((tag, class, decls.to_string()));
        }
        rest = rest[close + 1..].to_string();
    }
    rules
}

fn strip_comments(css: &str) -> String {
    let mut out = String::new();
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = match rest[start + 2..].find("*/") {
            Some(end) => &rest[start + 2 + end + 2..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

/// Adds each matching rule's declarations to the start tags of `html` (our own generated
/// markup: attributes double-quoted, no `>` inside attribute values).
fn inline_styles(html: &str, rules: &Rules) -> String {
    let mut out = String::with_capacity(html.len() * 2);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let Some(gt) = rest[lt..].find('>').map(|g| lt + g) else {
            out.push_str(&rest[lt..]);
            return out;
        };
        let tag_text = &rest[lt..=gt];
        out.push_str(&style_tag(tag_text, rules));
        rest = &rest[gt + 1..];
    }
    out.push_str(rest);
    out
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    Some(&tag[start..end])
}

fn style_tag(tag: &str, rules: &Rules) -> String {
    if tag.starts_with("</") || tag.starts_with("<!") {
        return tag.to_string();
    }
    let name: String = tag[1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let classes: Vec<&str> = attr(tag, "class")
        .map(|c| c.split_whitespace().collect())
        .unwrap_or_default();
    let mut decls: BTreeMap<usize, String> = BTreeMap::new();
    for (i, (t, c)) in rules.iter().map(|(t, c, _)| (t, c)).enumerate() {
        let tag_ok = t.as_deref().is_none_or(|t| t == name);
        let class_ok = c.as_deref().is_none_or(|c| classes.contains(&c));
        if tag_ok && class_ok {
            decls.insert(i, rules[i].2.clone());
        }
    }
    if decls.is_empty() {
        return tag.to_string();
    }
    let mut style: Vec<String> = decls.into_values().collect();
    let end = if tag.ends_with("/>") {
        tag.len() - 2
    } else {
        tag.len() - 1
    };
    match attr(tag, "style") {
        Some(existing) => {
            style.push(existing.to_string());
            let joined = escape(&style.join("; "));
            tag.replacen(
                &format!(" style=\"{existing}\""),
                &format!(" style=\"{joined}\""),
                1,
            )
        }
        None => format!(
            "{} style=\"{}\"{}",
            &tag[..end],
            escape(&style.join("; ")),
            &tag[end..]
        ),
    }
}

#[cfg(test)]
mod tests;
