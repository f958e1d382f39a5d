//! The line model every reader produces: normalised text lines that remember the line of the
//! source document they came from, plus the small text helpers (keys, numbers, dates) the
//! recognisers share.

use chrono::NaiveDate;

/// One line of a published report, normalised, with the 1-based line of the source it came
/// from (for HTML the line of the page source, for DOCX/PDF the paragraph or text line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based line number in the source document.
    pub no: usize,
    /// The text: odd spaces turned into plain ones, full-width digits into ASCII, right-trimmed.
    /// Tabs are kept: they separate the cells of a table row.
    pub text: String,
}

impl Line {
    /// Whether the line holds nothing but spaces and tabs.
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
    /// The non-empty tab-separated fields.
    pub fn filled_fields(&self) -> usize {
        self.text
            .split('\t')
            .filter(|f| !f.trim().is_empty())
            .count()
    }
}

/// Normalises one character: no-break, ideographic and other odd spaces become a space;
/// full-width digits, letters and `．` become ASCII.
fn norm_char(c: char) -> char {
    match c {
        '\u{a0}' | '\u{3000}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' => ' ',
        '\u{200b}' | '\u{feff}' | '\u{c}' => '\0',
        '\u{2212}' => '-',
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
            char::from_u32(c as u32 - 0xFF10 + 0x30).unwrap_or(c)
        }
        '．' => '.',
        _ => c,
    }
}

/// Splits text into normalised lines numbered from 1.
pub fn lines_of(text: &str) -> Vec<Line> {
    text.lines()
        .enumerate()
        .map(|(i, l)| Line {
            no: i + 1,
            text: normalise(l),
        })
        .collect()
}

/// Normalises a piece of text (see [`Line::text`]).
pub fn normalise(s: &str) -> String {
    let t: String = s.chars().map(norm_char).filter(|c| *c != '\0').collect();
    t.trim_end_matches([' ', '\r']).to_string()
}

/// The matching key of a label: no whitespace, full-width brackets and punctuation made
/// half-width, quotes dropped — so `（三） 不予公 开` and `(三)不予公开` compare equal.
pub fn key(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '“' | '”' | '"' | '‘' | '’'))
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '：' => ':',
            '，' => ',',
            '、' => ',',
            '；' => ';',
            _ => c,
        })
        .collect()
}

/// Whether a character is a CJK ideograph.
pub fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// A cell value as published.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Val {
    /// A whole number (may be negative for 本年增/减).
    Int(i64),
    /// A decimal number without unit, as written (`126.39`).
    Dec(String),
    /// An amount with its unit, as written (`271.53万元`, `7399700元`).
    Money(String),
    /// A blank cell: empty, or `/`, `—`, `-` as many portals print.
    Blank,
}

impl Val {
    /// The value as a TOML literal.
    pub fn toml(&self) -> String {
        match self {
            Val::Int(v) => v.to_string(),
            Val::Dec(s) => s.clone(),
            Val::Money(s) => format!("\"{s}\""),
            Val::Blank => "\"\"".to_string(),
        }
    }
    /// The value for arithmetic: blank counts as 0.
    pub fn num(&self) -> i64 {
        match self {
            Val::Int(v) => *v,
            _ => 0,
        }
    }
    /// The value as JSON (`null` for blank).
    pub fn json(&self) -> serde_json::Value {
        match self {
            Val::Int(v) => serde_json::json!(v),
            Val::Dec(s) => s
                .parse::<f64>()
                .map(|f| serde_json::json!(f))
                .unwrap_or(serde_json::Value::Null),
            Val::Money(s) => serde_json::json!(s),
            Val::Blank => serde_json::Value::Null,
        }
    }
}

/// Reads a table cell's text as a value, or `None` when it is not a number or blank mark.
pub fn cell_value(s: &str) -> Option<Val> {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() || matches!(t.as_str(), "/" | "／" | "—" | "——" | "–" | "-" | "－" | "―")
    {
        return Some(Val::Blank);
    }
    let t = t.replace([',', '，'], "");
    let (num, unit) = if let Some(n) = t.strip_suffix("万元") {
        (n, "万元")
    } else if let Some(n) = t.strip_suffix('元') {
        (n, "元")
    } else {
        (t.as_str(), "")
    };
    let body = num.strip_prefix(['-', '－', '+']).unwrap_or(num);
    let neg = num.len() != body.len() && !num.starts_with('+');
    if body.is_empty() {
        return None;
    }
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if let Some(f) = frac
        && (f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    if !unit.is_empty() {
        return Some(Val::Money(format!("{}{unit}", body)));
    }
    match frac {
        Some(_) => Some(Val::Dec(format!("{}{body}", if neg { "-" } else { "" }))),
        None => {
            let v: i64 = int.parse().ok()?;
            Some(Val::Int(if neg { -v } else { v }))
        }
    }
}

/// Finds the first date written `2021年1月29日`, `2021-01-27`, `2021- 01- 27` or `2021.1.7`.
pub fn find_date(s: &str) -> Option<NaiveDate> {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let b: Vec<char> = t.chars().collect();
    let mut i = 0;
    while i < b.len() {
        if let Some((d, _)) = date_at(&b, i) {
            return Some(d);
        }
        i += 1;
    }
    None
}

fn digits(b: &[char], mut i: usize, max: usize) -> Option<(u32, usize)> {
    let start = i;
    let mut v = 0u32;
    while i < b.len() && i - start < max && b[i].is_ascii_digit() {
        v = v * 10 + b[i].to_digit(10)?;
        i += 1;
    }
    (i > start).then_some((v, i))
}

fn date_at(b: &[char], i: usize) -> Option<(NaiveDate, usize)> {
    if i > 0 && b[i - 1].is_ascii_digit() {
        return None;
    }
    let (y, j) = digits(b, i, 4)?;
    if j - i != 4 || j >= b.len() {
        return None;
    }
    let sep = b[j];
    if !matches!(sep, '年' | '-' | '.' | '/') {
        return None;
    }
    let (m, k) = digits(b, j + 1, 2)?;
    let sep2 = *b.get(k)?;
    let ok = match sep {
        '年' => sep2 == '月',
        s => sep2 == s,
    };
    if !ok {
        return None;
    }
    let (d, l) = digits(b, k + 1, 2)?;
    if sep == '年' && b.get(l) != Some(&'日') {
        return None;
    }
    NaiveDate::from_ymd_opt(y as i32, m, d).map(|date| (date, l))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_blanks() {
        assert_eq!(cell_value(" 46"), Some(Val::Int(46)));
        assert_eq!(cell_value("　0"), Some(Val::Int(0)));
        assert_eq!(cell_value("/"), Some(Val::Blank));
        assert_eq!(cell_value("—"), Some(Val::Blank));
        assert_eq!(cell_value(""), Some(Val::Blank));
        assert_eq!(
            cell_value("271.53万元"),
            Some(Val::Money("271.53万元".into()))
        );
        assert_eq!(
            cell_value("7399700元"),
            Some(Val::Money("7399700元".into()))
        );
        assert_eq!(cell_value("126.39"), Some(Val::Dec("126.39".into())));
        assert_eq!(cell_value("-3"), Some(Val::Int(-3)));
        assert_eq!(cell_value("1.属于国家秘密"), None);
        assert_eq!(cell_value("规章"), None);
    }

    #[test]
    fn dates() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(find_date("2021年1月29日"), d(2021, 1, 29));
        assert_eq!(find_date("发布日期: 2021- 01- 27 15 : 11"), d(2021, 1, 27));
        assert_eq!(find_date("20211月7"), None);
        assert_eq!(find_date("2021年13月1日"), None);
    }

    #[test]
    fn normalising() {
        assert_eq!(normalise("\u{a0}\u{a0}１２ "), "  12");
        assert_eq!(key("（三） 不予公 开"), "(三)不予公开");
    }
}
