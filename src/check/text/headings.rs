//! Sub-headings in the narrative: the markers of the four levels (GB/T 9704, docs/spec/layout.md
//! §8.4), `SUBHEAD-STYLE` on how each is written and `SUBHEAD-SEQ` on their numbering, with the
//! hand-written enumerations (`一是、二是`, `（1）（2）`).

use crate::diag::{Diagnostic, Severity};

use super::texts;
use crate::check::{Ctx, Rule, numeral, slice};

/// The parentheses a `（一）` or `（1）` marker is written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Parens {
    /// `（）`, as GB/T 9704 writes them.
    Full,
    /// `()`.
    Half,
}

/// A heading marker at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Marker {
    /// `一、`
    L1(String),
    /// `（一）`.
    L2(String, Parens),
    /// `1.`; the separator as written.
    L3(u32, char),
    /// `（1）`.
    L4(u32, Parens),
}

impl Marker {
    fn text(&self) -> String {
        match self {
            Marker::L1(n) => format!("{n}、"),
            Marker::L2(n, Parens::Full) => format!("（{n}）"),
            Marker::L2(n, Parens::Half) => format!("({n})"),
            Marker::L3(n, sep) => format!("{n}{sep}"),
            Marker::L4(n, Parens::Full) => format!("（{n}）"),
            Marker::L4(n, Parens::Half) => format!("({n})"),
        }
    }
}

/// The heading marker at the start of `line`, and the marker exactly as written there
/// (`01、` is `Marker::L3(1, '、')` written as `"01、"`).
pub(super) fn marker(line: &str) -> Option<(Marker, &str)> {
    let line = line.trim_start_matches([' ', '\u{3000}', '\t']);
    let digits: String = line.chars().take_while(|c| c.is_ascii_digit()).collect();
    if !digits.is_empty() {
        let rest = slice::from(line, digits.len());
        let n = digits.parse().ok()?;
        let sep = rest.chars().next()?;
        let after = rest.chars().nth(1);
        // `1.5万元` is a number, not a heading.
        let end = digits.len() + sep.len_utf8();
        return (matches!(sep, '.' | '、' | '．') && !after.is_some_and(|c| c.is_ascii_digit()))
            .then(|| (Marker::L3(n, sep), slice::range(line, 0..end)));
    }
    let cn: String = line
        .chars()
        .take_while(|c| numeral::DIGITS.contains(*c))
        .collect();
    if !cn.is_empty() && slice::from(line, cn.len()).starts_with('、') {
        let end = cn.len() + '、'.len_utf8();
        return Some((Marker::L1(cn), slice::range(line, 0..end)));
    }
    let (open, parens) = match line.chars().next()? {
        '（' => ('（', Parens::Full),
        '(' => ('(', Parens::Half),
        _ => return None,
    };
    let inner = slice::from(line, open.len_utf8());
    let close = match parens {
        Parens::Full => '）',
        Parens::Half => ')',
    };
    let (num, _) = inner
        .split_once(close)
        .or_else(|| inner.split_once(['）', ')']))?;
    let closing = slice::from(inner, num.len()).chars().next()?;
    let written = slice::range(line, 0..open.len_utf8() + num.len() + closing.len_utf8());
    if !num.is_empty() && num.chars().all(|c| numeral::DIGITS.contains(c)) {
        Some((Marker::L2(num.to_string(), parens), written))
    } else if !num.is_empty() && num.chars().all(|c| c.is_ascii_digit()) {
        Some((Marker::L4(num.parse().ok()?, parens), written))
    } else {
        None
    }
}

pub(super) fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(|l| l.trim_start_matches([' ', '\u{3000}', '\t']))
        .filter(|l| !l.is_empty())
}

/// `SUBHEAD-STYLE`: markers follow §8.4, and （一） markers are never typed by hand.
pub static SUBHEAD_STYLE: Rule = Rule {
    id: "SUBHEAD-STYLE",
    severity: Severity::Warning,
    title: "小标题编号的写法符合公文规范",
    explain: "公文的层次序数依次为“一、”“（一）”“1.”“（1）”（GB/T 9704-2012）。gxgk 自动生成“一、”和“（一）”两级编号，\
所以小标题（heading）不要带编号，正文里也不要手写“（一）”；需要第三、四级时在段首写“1.”“（1）”：\
用英文句点而不是顿号“1、”，括号用全角“（）”。小标题末尾不加标点。",
    run: subhead_style_rule,
};

pub(super) fn subhead_style_rule(rule: &Rule, ctx: &Ctx) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for t in texts(ctx.report) {
        if t.heading {
            let h = t.text.trim();
            if h.is_empty() {
                out.push(
                    rule.diag("这一部分没有小标题")
                        .at(&t.path)
                        .help("写一个简短的小标题，如 heading = \"主动公开\""),
                );
                continue;
            }
            if let Some((_, written)) = marker(h) {
                let bare = slice::from(h, written.len()).trim_start();
                let help = if bare.is_empty() {
                    "小标题只有编号：删去编号，写上小标题的文字".to_string()
                } else {
                    format!("写成 heading = \"{bare}\"")
                };
                out.push(
                    rule.diag(format!(
                        "小标题“{h}”带了手写编号“{written}”，编号会自动生成"
                    ))
                    .at(&t.path)
                    .needle(written)
                    .help(help),
                );
            }
            if let Some(p) = h.chars().last().filter(|c| "。，；：.,;:".contains(*c)) {
                out.push(
                    rule.diag(format!("小标题“{h}”末尾不应有标点“{p}”"))
                        .at(&t.path)
                        .help("删去小标题末尾的标点"),
                );
            }
            continue;
        }
        for line in lines(t.text) {
            let Some((m, written)) = marker(line) else {
                continue;
            };
            let (msg, help) = match &m {
                Marker::L1(_) | Marker::L2(..) => (
                    format!("正文里手写了“{written}”级编号，它会和自动生成的编号冲突"),
                    "把这一段拆成一个部分：[[…parts]] 下写 heading 和 text，编号自动生成"
                        .to_string(),
                ),
                Marker::L3(n, sep) if *sep != '.' => (
                    format!("三级标题应写“{n}.”（英文句点），不是“{written}”"),
                    format!("把“{written}”改成“{n}.”"),
                ),
                Marker::L4(n, Parens::Half) => (
                    format!("四级标题应写全角括号“（{n}）”，不是“{written}”"),
                    format!("把“{written}”改成“（{n}）”"),
                ),
                _ => continue,
            };
            out.push(rule.diag(msg).at(&t.path).needle(written).help(help));
        }
    }
    out
}

/// `SUBHEAD-SEQ`: hand-typed `1.` and `（1）` run 1, 2, 3 … without gaps or restarts.
pub static SUBHEAD_SEQ: Rule = Rule {
    id: "SUBHEAD-SEQ",
    severity: Severity::Warning,
    title: "手写的“1.”“（1）”编号和“一是、二是”列举连续",
    explain: "正文段首手写的三级标题“1.”“2.”……和四级标题“（1）”“（2）”……应从 1 开始连续编号，不跳号、不重号；\
每个三级标题下的四级编号重新从（1）开始。段落中的列举“一是……二是……三是……”和“（1）……（2）……”也应连续，\
不跳号、不重号（如“三是……三是”）；同一段里另起一组列举时从“一是”“（1）”重新开始。",
    run: subhead_seq_rule,
};

pub(super) fn subhead_seq_rule(rule: &Rule, ctx: &Ctx) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for t in texts(ctx.report).into_iter().filter(|t| !t.heading) {
        let (mut l3, mut l4) = (0u32, 0u32);
        for line in lines(t.text) {
            let (n, expected, m) = match marker(line).map(|(m, _)| m) {
                Some(m @ Marker::L3(n, _)) => {
                    let e = l3 + 1;
                    l3 = n;
                    l4 = 0;
                    (n, e, m)
                }
                Some(m @ Marker::L4(n, _)) => {
                    let e = l4 + 1;
                    l4 = n;
                    (n, e, m)
                }
                _ => continue,
            };
            if n != expected {
                let shown = m.text();
                let want = match m {
                    Marker::L3(..) => format!("{expected}."),
                    _ => format!("（{expected}）"),
                };
                out.push(
                    rule.diag(format!("编号不连续：这里应为“{want}”，写的是“{shown}”"))
                        .at(&t.path)
                        .needle(line.chars().take(12).collect::<String>())
                        .help(format!("把“{shown}”改成“{want}”，并顺延后面的编号")),
                );
            }
        }
        // Runs inside paragraphs: 一是…二是…, and （1）…（2）… after the start of a line.
        for line in lines(t.text) {
            for (kind, items) in [
                ("是", enumeration_is(line)),
                ("（）", enumeration_paren(line, marker(line))),
            ] {
                let mut expected: Option<u32> = None;
                for (n, written) in items {
                    let ok = n == 1 || expected.is_none_or(|e| e == n);
                    if !ok && let Some(e) = expected {
                        let want = if kind == "是" {
                            format!("{}是", numeral::write(e))
                        } else {
                            format!("（{e}）")
                        };
                        let what = if n < e { "重复" } else { "跳号" };
                        out.push(
                            rule.diag(format!(
                                "段落中的列举{what}：这里应为“{want}”，写的是“{written}”"
                            ))
                            .at(&t.path)
                            .needle(written.clone())
                            .help(format!("把“{written}”改成“{want}”，并顺延后面的序号")),
                        );
                    }
                    expected = Some(n + 1);
                }
            }
        }
    }
    out
}

/// Whether an enumeration item may start after `prev` (start of line or a punctuation mark).
pub(super) fn item_boundary(prev: Option<char>) -> bool {
    prev.is_none_or(|c| "，。；：,;:、 \u{3000}".contains(c))
}

/// `一是`、`二是`… in a line, in order: the number and the text as written.
pub(super) fn enumeration_is(line: &str) -> Vec<(u32, String)> {
    let chars: Vec<char> = line.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if numeral::DIGITS.contains(chars[i]) && item_boundary(i.checked_sub(1).map(|p| chars[p])) {
            let start = i;
            while i < chars.len() && numeral::DIGITS.contains(chars[i]) && i - start < 3 {
                i += 1;
            }
            let num: String = chars[start..i].iter().collect();
            if chars.get(i) == Some(&'是')
                && let Some(n) = numeral::parse_standard(&num, 30)
            {
                out.push((n, format!("{num}是")));
            }
        } else {
            i += 1;
        }
    }
    out
}

/// `（1）`、`（2）`… inside a line (and the line's own marker when it is one), in order.
pub(super) fn enumeration_paren(line: &str, start: Option<(Marker, &str)>) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    let mut from = 0;
    if let Some((Marker::L4(n, _), written)) = start {
        out.push((n, written.to_string()));
        from = written.len();
    }
    let chars: Vec<(usize, char)> = slice::from(line, from).char_indices().collect();
    let body = slice::from(line, from);
    for (k, &(i, c)) in chars.iter().enumerate() {
        if !matches!(c, '（' | '(') || (k == 0 && from == 0) {
            continue;
        }
        let prev = k.checked_sub(1).map(|p| chars[p].1);
        if !item_boundary(prev) {
            continue;
        }
        let rest = slice::from(body, i + c.len_utf8());
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let close = slice::from(rest, digits.len()).chars().next();
        if !digits.is_empty()
            && digits.len() <= 2
            && matches!(close, Some('）' | ')'))
            && let Ok(n) = digits.parse::<u32>()
        {
            out.push((n, format!("{c}{digits}{}", close.unwrap_or('）'))));
        }
    }
    out
}
