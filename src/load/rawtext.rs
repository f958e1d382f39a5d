//! Mistakes clerks make in the raw text of a data file — full-width punctuation and digits, a
//! Chinese key, a Windows path's backslash, a text whose closing quotes are missing, a date
//! written the Chinese way, an empty value — found before TOML parsing, so that each gets a
//! precise Chinese message at its real cause, and all of them are reported in one run.

use crate::diag::{Diagnostic, Severity};

/// One mistake: the diagnostic (with its byte span) and whether parsing past it is pointless
/// (the rest of the file reads differently once a text's quotes are missing).
#[derive(Debug, Clone)]
pub struct Finding {
    /// What is wrong, where, and the fix.
    pub diagnostic: Diagnostic,
    /// The rest of the file cannot be read reliably after this mistake.
    pub fatal: bool,
}

fn finding(at: std::ops::Range<usize>, message: String, help: String, fatal: bool) -> Finding {
    let mut d = Diagnostic::new("TOML-SYNTAX", Severity::Error, message).help(help);
    d.span = Some(at);
    Finding {
        diagnostic: d,
        fatal,
    }
}

/// A full-width character written outside quotes, and what it should be.
fn half_width_of(c: char) -> Option<(&'static str, &'static str)> {
    Some(match c {
        '＝' => ("等号用了全角“＝”", "="),
        '，' => ("逗号用了中文逗号“，”", ","),
        '、' => ("数之间用了顿号“、”", ","),
        '；' => ("用了中文分号“；”", ","),
        '［' => ("方括号用了全角“［”", "["),
        '］' => ("方括号用了全角“］”", "]"),
        '｛' => ("花括号用了全角“｛”", "{"),
        '｝' => ("花括号用了全角“｝”", "}"),
        '－' | '—' | '−' => ("负号用了全角或中文的横线", "-"),
        '．' | '。' => ("小数点用了全角“．”或句号", "."),
        '＂' => ("引号用了全角“＂”", "\""),
        '“' | '”' => ("文字的引号用了中文引号“”", "\""),
        '‘' | '’' => ("文字的引号用了中文单引号‘’", "'"),
        '　' => ("有一个全角空格", " "),
        '＃' => ("注释符号用了全角“＃”", "#"),
        _ => return None,
    })
}

fn full_width_digit(c: char) -> Option<char> {
    ('０'..='９')
        .contains(&c)
        .then(|| char::from(b'0' + (c as u32 - '０' as u32) as u8))
}

/// Whether a line (inside a multi-line text) looks like the start of the next TOML item, which
/// means the text's closing `"""` is missing above it.
fn looks_like_toml_line(line: &str) -> bool {
    let t = line.trim();
    let is_key = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_.-".contains(c))
    };
    if let Some(inner) = t.strip_prefix("[[").and_then(|r| r.strip_suffix("]]")) {
        return is_key(inner);
    }
    if let Some(inner) = t.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
        return is_key(inner);
    }
    match t.split_once('=') {
        Some((k, v)) => is_key(k.trim()) && !v.trim().is_empty(),
        None => false,
    }
}

/// A date written as 2026.01.20, 2026/1/20 or 2026年1月20日, as (year, month, day).
fn chinese_style_date(value: &str) -> Option<(u32, u32, u32)> {
    let v = value.trim();
    let parts: Vec<&str> = v
        .trim_end_matches('日')
        .split(['.', '/', '年', '月', '．'])
        .collect();
    if parts.len() != 3 || !(v.contains(['.', '/', '年', '．'])) {
        return None;
    }
    let n = |s: &str| s.trim().parse::<u32>().ok();
    let (y, m, d) = (n(parts[0])?, n(parts[1])?, n(parts[2])?);
    (parts[0].trim().len() == 4).then_some((y, m, d))
}

/// Example values for the keys a clerk is most likely to leave empty.
fn example_for(key: &str) -> &'static str {
    match key {
        "year" => "2025",
        "edition" => "2021",
        "date" => "2026-01-20",
        "name" | "signatory" => "\"磐石镇人民政府\"",
        "level" => "\"乡镇\"",
        "heading" => "\"主动公开\"",
        "text" => "\"……\"",
        _ => "…",
    }
}

/// Finds the mistakes in `text`, in file order.
pub fn scan(text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut line_start = 0;
    // Whether the current position is before the `=` of a key-value line (key position).
    let mut in_key = true;
    let mut array_depth = 0usize;
    let mut key_start = 0;
    while i < bytes.len() {
        let rest = &text[i..];
        let c = rest.chars().next().unwrap_or('\0');
        let len = c.len_utf8();
        match c {
            '\n' => {
                i += 1;
                line_start = i;
                if array_depth == 0 {
                    in_key = true;
                    key_start = i;
                }
                continue;
            }
            '#' => {
                i += rest.find('\n').unwrap_or(rest.len());
                continue;
            }
            '=' if in_key && array_depth == 0 => {
                let key = text[key_start..i].trim();
                let line_end = rest.find('\n').map_or(text.len(), |e| i + e);
                let value = text[i + 1..line_end].trim_end_matches('\r');
                let value_code = value.split('#').next().unwrap_or("").trim();
                if value_code.is_empty() {
                    let key_name = key.rsplit('.').next().unwrap_or(key);
                    out.push(finding(
                        i..i + 1,
                        format!("{key} 没有写值"),
                        format!("在等号后写上值，如 {key_name} = {}", example_for(key_name)),
                        false,
                    ));
                } else if let Some((y, m, d)) = chinese_style_date(value_code) {
                    let at = i + 1 + (value.len() - value.trim_start().len());
                    out.push(finding(
                        at..at + value_code.len(),
                        format!("日期“{value_code}”的写法不对：数据文件里的日期用短横线分隔"),
                        format!("写成 {y}-{m:02}-{d:02}（不加引号）"),
                        false,
                    ));
                    i = line_end;
                    continue;
                }
                in_key = false;
                i += 1;
                continue;
            }
            '[' if !in_key => array_depth += 1,
            ']' if !in_key => array_depth = array_depth.saturating_sub(1),
            '"' | '\'' => {
                let (end, finding) = string_end(text, i);
                out.extend(finding);
                if out.last().is_some_and(|f| f.fatal) {
                    return out;
                }
                i = end;
                continue;
            }
            _ => {}
        }
        if let Some(half) = full_width_digit(c) {
            out.push(finding(
                i..i + len,
                format!("数字用了全角字符“{c}”"),
                format!("改成半角数字 {half}（输入法切换到英文或半角后输入）"),
                false,
            ));
        } else if let Some((what, fix)) = half_width_of(c) {
            out.push(finding(
                i..i + len,
                format!("{what}：数据文件的符号要用英文（半角）"),
                format!("改成英文的 {fix}"),
                false,
            ));
        } else if in_key && !c.is_ascii() && !c.is_whitespace() {
            // A key written in Chinese: up to the `=` on this line.
            let line_end = rest.find('\n').map_or(text.len(), |e| i + e);
            let line = &text[i..line_end];
            if let Some(eq) = line.find(['=', '＝']) {
                let key = line[..eq].trim();
                out.push(finding(
                    i..i + key.len(),
                    format!("键名“{key}”不能用中文：等号左边的键名是固定的英文"),
                    "对照 gxgk new 生成的文件写英文键名（如 year、name、text）；中文内容写在等号右边的引号里"
                        .to_string(),
                    false,
                ));
            } else {
                out.push(finding(
                    i..line_end,
                    "这一行是文字，但不在引号里，也不是“键 = 值”".to_string(),
                    "把文字写进上面某一项的引号里（多行文字用 \"\"\" 括起来），或在行首加 # 作为注释"
                        .to_string(),
                    false,
                ));
            }
            i = line_end;
            continue;
        }
        let _ = line_start;
        i += len;
    }
    out
}

/// The end of the string starting at `start` (a quote), and a mistake inside it if any.
fn string_end(text: &str, start: usize) -> (usize, Option<Finding>) {
    let rest = &text[start..];
    let (delim, multi, escapes) = if rest.starts_with("\"\"\"") {
        ("\"\"\"", true, true)
    } else if rest.starts_with("'''") {
        ("'''", true, false)
    } else if rest.starts_with('"') {
        ("\"", false, true)
    } else {
        ("'", false, false)
    };
    let body_start = start + delim.len();
    let mut i = body_start;
    let bytes = text.as_bytes();
    let mut bad_escape: Option<Finding> = None;
    while i < text.len() {
        if text[i..].starts_with(delim) {
            let mut end = i + delim.len();
            // `""""` ends with up to two quotes belonging to the text.
            if multi {
                while end < text.len() && bytes[end] == delim.as_bytes()[0] && end - i < 5 {
                    end += 1;
                }
            }
            if multi && let Some(f) = runaway_text(text, start, body_start, i) {
                return (end, Some(f));
            }
            return (end, bad_escape);
        }
        let b = bytes[i];
        let c = text[i..].chars().next().unwrap_or('\0');
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r') && bad_escape.is_none() {
            // Pasted from another program; TOML refuses it, and it is never meant.
            bad_escape = Some(finding(
                i..i + c.len_utf8(),
                format!("文字里有看不见的控制字符（U+{:04X}）", c as u32),
                "删去这个字符（可重新输入这一句），它通常是从别的软件复制时带进来的".to_string(),
                false,
            ));
        }
        if b == b'\n' && !multi {
            let f = finding(
                start..start + 1,
                "这段文字缺少结尾的英文双引号".to_string(),
                "在这一行文字末尾补上 \"；多行文字请用三个双引号 \"\"\" 开头和结尾".to_string(),
                false,
            );
            return (i, Some(f));
        }
        if b == b'\\' && escapes {
            let next = text[i + 1..].chars().next();
            let ok = match next {
                Some('b' | 't' | 'n' | 'f' | 'r' | '"' | '\\' | 'e') => true,
                Some('u') => hex_run(&text[i + 2..]) >= 4,
                Some('U') => hex_run(&text[i + 2..]) >= 8,
                Some('x') => hex_run(&text[i + 2..]) >= 2,
                Some(c) if multi && (c == '\n' || c == '\r' || c == ' ' || c == '\t') => true,
                _ => false,
            };
            if !ok && bad_escape.is_none() {
                bad_escape = Some(finding(
                    i..i + 1,
                    "文字里有反斜杠“\\”：在英文双引号里，反斜杠有特殊含义".to_string(),
                    "把 \\ 写成 \\\\（如 C:\\\\Users\\\\报告），或把这段文字的双引号改成单引号 '…'"
                        .to_string(),
                    false,
                ));
            }
            i += 1 + next.map_or(0, char::len_utf8);
            continue;
        }
        i += text[i..].chars().next().map_or(1, char::len_utf8);
    }
    let what = if multi {
        "多行文字的开头 \"\"\" 没有对应的结尾 \"\"\""
    } else {
        "这段文字缺少结尾的引号"
    };
    let f = finding(
        start..start + delim.len(),
        what.to_string(),
        format!("在这段文字的最后补上 {delim}"),
        true,
    );
    (text.len(), Some(f))
}

/// A multi-line text that swallowed the next items of the file (its closing `"""` is missing
/// and the text ended at the opening quotes of a later text).
fn runaway_text(text: &str, start: usize, body: usize, end: usize) -> Option<Finding> {
    let mut offset = body;
    for line in text[body..end].split_inclusive('\n') {
        if looks_like_toml_line(line) {
            let line_no = text[..offset].matches('\n').count() + 1;
            return Some(finding(
                start..start + 3,
                format!(
                    "多行文字的开头 \"\"\" 没有对应的结尾 \"\"\"：这段文字一直延续到了第 {line_no} 行的“{}”",
                    line.trim()
                ),
                "在这段文字的最后一行之后另起一行，写上 \"\"\"".to_string(),
                true,
            ));
        }
        offset += line.len();
    }
    None
}

fn hex_run(s: &str) -> usize {
    s.chars().take_while(char::is_ascii_hexdigit).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, usize)> {
        scan(text)
            .into_iter()
            .map(|f| {
                let at = f.diagnostic.span.clone().unwrap().start;
                (f.diagnostic.message, text[..at].matches('\n').count() + 1)
            })
            .collect()
    }

    #[test]
    fn clean_files_have_no_findings() {
        let text = std::fs::read_to_string("examples/2025-township.toml").unwrap();
        assert!(scan(&text).is_empty(), "{:?}", found(&text));
        let text = std::fs::read_to_string("examples/2020-street.toml").unwrap();
        assert!(scan(&text).is_empty(), "{:?}", found(&text));
    }

    #[test]
    fn full_width_characters_are_named() {
        let f = found("year ＝ 2025\n[t3]\nnew = [９, 1，0]\n");
        assert_eq!(f.len(), 3, "{f:?}");
        assert!(f[0].0.contains("＝"));
        assert!(f[1].0.contains("９") && f[1].1 == 3);
        assert!(f[2].0.contains("，"));
        // Inside quotes they are text, not mistakes.
        assert!(scan("text = \"一，二＝三\"\n").is_empty());
    }

    #[test]
    fn chinese_keys_and_bare_text() {
        let f = found("年度 = 2025\n");
        assert!(f[0].0.contains("年度"), "{f:?}");
        let f = found("year = 2025\n本年度主动公开信息326条\n");
        assert!(f[0].0.contains("不在引号里") && f[0].1 == 2, "{f:?}");
    }

    #[test]
    fn windows_paths_in_basic_strings() {
        let f = found("[agency]\nwebsite = \"C:\\Users\\a\"\n");
        assert!(f[0].0.contains("反斜杠"), "{f:?}");
        assert!(scan("x = 'C:\\Users\\a'\n").is_empty());
        assert!(scan("x = \"a\\\\b \\u4e00\"\n").is_empty());
    }

    #[test]
    fn missing_closing_quotes_are_reported_at_the_opening() {
        let text = "[[overview.parts]]\nheading = \"主动公开\"\ntext = \"\"\"\n第一段\n\n[[overview.parts]]\nheading = \"依申请公开\"\ntext = \"\"\"\n第二段\n\"\"\"\n";
        let f = found(text);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].1, 3);
        assert!(f[0].0.contains("第 6 行"), "{f:?}");
        let f = found("text = \"\"\"\n没有结尾\n");
        assert_eq!(f[0].1, 1);
        let f = found("name = \"磐石镇\nlevel = \"乡镇\"\n");
        assert_eq!(f[0].1, 1, "{f:?}");
    }

    #[test]
    fn raw_control_characters_inside_text() {
        let f = found("text = \"\"\"\n接受群众\u{1}监督\n\"\"\"\n");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].0.contains("U+0001") && f[0].1 == 2, "{f:?}");
    }

    #[test]
    fn dates_and_empty_values() {
        let f = found("[publication]\ndate = 2026.01.20\n");
        assert!(f[0].0.contains("2026.01.20"), "{f:?}");
        let d = &scan("date = 2026年1月20日\n")[0].diagnostic;
        assert!(d.help.as_ref().unwrap().contains("2026-01-20"));
        let d = &scan("year = \n")[0].diagnostic;
        assert!(d.message.contains("year 没有写值"));
        assert!(d.help.as_ref().unwrap().contains("year = 2025"));
    }
}
