//! Figures the narrative states about the tables (spec §6.2, issue 11): `NARRATIVE-FIGURES`,
//! `NARRATIVE-RESULT`, `NARRATIVE-SUM` and `NARRATIVE-LOST`.
//!
//! # How a figure is tied to a table quantity
//!
//! A sentence is cut at `。；;！？` and line breaks. Every number followed by a unit is a
//! *figure*: Arabic digits (half- or full-width) or a short Chinese numeral (`两件`) before
//! `件`/`起`/`宗`, or a decimal before `万元`/`元`. The text between the previous figure (or a
//! comma, colon or parenthesis) and the figure is its *label*.
//!
//! From the end of the label, filler words are dropped (`共`、`共计`、`累计`、`为`、`达`、`各`、
//! `案件`、`申请`、`政府信息公开`、`依申请公开`、`办件`、`的` …). What is left must **end** with a
//! keyword of the taxonomy below; anything else between the keyword and the number (`驳回诉讼
//! 请求1件`, `投诉反映件147件`) means the figure is not tied and is never compared. A label
//! that speaks of a change or a rate (`同比`、`较上年`、`增加`、`减少`、`率`、`占`) is not tied
//! either.
//!
//! | phrasing (examples) | quantity | tie |
//! |---|---|---|
//! | `收到/新收/接收/接到……申请N件`, `收到N件政府信息公开申请` | 表三 一、本年新收 总计 (收到 also 新收 + 上年结转) | clear |
//! | `收到申请N件（含上年结转M件）`, `……N件，其中上年结转M件` | N = 新收 + 上年结转; M = 上年结转 | clear |
//! | `受理……申请N件` | 新收 (新收 + 结转 also accepted) | loose |
//! | `上年结转N件`、`结转上年N件` | 表三 二、上年结转 总计 | clear |
//! | `办结N件`、`答复N件` | 表三 （七）总计 | clear |
//! | `办理N件`、`处理N件` (in a sentence about 申请) | （七）总计 (新收, 新收 + 结转 also accepted) | loose |
//! | `结转下年度（继续办理）N件`、`转入下年度N件` | 表三 四、结转下年度 总计 | clear |
//! | `予以公开N件`、`部分公开N件`、`不予公开N件`、`无法提供N件`、`不予处理N件`、`其他处理N件` | the outcome row, or the sum of its group's rows | clear |
//! | `予以公开及部分公开N件` (joined by 及/和/与/、) | sum of the joined outcomes | clear |
//! | `行政复议N件/起/宗`、`复议N件`、`发生N起行政复议` | 表四 行政复议 总计 | clear |
//! | `行政诉讼N件`、`诉讼N件`、`起诉N件` | 表四 两组行政诉讼 总计之和 | clear |
//! | `直接起诉N件`、`复议后起诉N件` | that group's 总计 | clear |
//! | `行政复议、行政诉讼各N件` / `行政复议和行政诉讼共N件` | each / the sum | clear |
//! | `未收到/没有收到/未接到……申请`、`无依申请公开申请` (no number in the clause) | 新收 = 0 | clear |
//! | `未发生/没有发生/未有/无……行政复议（、行政诉讼）` (no number in the clause) | the named totals = 0 | clear |
//! | `制发/印发/出台/制定……（行政）规范性文件/规章N件`, `废止……N件`, `现行有效……N件` (2021); `新制作`、`新公开`、`对外公开总数` (2019) | 表二 that cell | clear |
//! | `行政许可/行政处罚/行政强制（决定）N件` | 表二 处理决定数量 | loose |
//! | `行政事业性收费N万元/元` (2021) | 表二 本年收费金额, compared exactly in 分 | clear |
//!
//! Table figures are compared only when the table holds them (a missing table is not "0").
//! A clear tie that disagrees is an **error** (`NARRATIVE-FIGURES`): the published report would
//! state two numbers for one fact. A loose tie is a **warning**, and only when the figure
//! matches none of the quantities the phrasing may mean.
//!
//! `NARRATIVE-RESULT` (error): `均获维持`、`全部维持`、`均被维持` claim that no case of the named
//! kind (复议 / 诉讼, both when neither is named) was corrected or is pending; `无败诉`、`未败诉`、
//! `没有败诉`、`均胜诉` claim that no lawsuit was corrected; `未被纠错`、`无纠错` claim that no case
//! of the named kind was corrected.
//!
//! `NARRATIVE-SUM` (warning): outcomes stated in one sentence add up to more than the total the
//! same sentence states, or all six outcome groups are stated and add up to less.
//!
//! `NARRATIVE-LOST` (warning): a clause that opens with a counting word (`共`、`累计`、`现行有效`、
//! `本年制发` …) and names a table quantity, but holds no number — the figure was lost.

#[cfg(test)]
use crate::diag::Diagnostic;
use crate::diag::Severity;
use crate::model::{AnyCell, Edition, Report, RowKind, TOTAL_COL};

use super::text::{sentences, texts};
use super::{Rule, slice};

/// A table quantity a narrative figure can be tied to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Q {
    New,
    CarriedIn,
    /// 新收 + 上年结转 (`收到N件（含上年结转M件）`).
    Received,
    Total,
    CarriedOut,
    /// Outcome group by key prefix: `granted`, `partial`, `withheld`, `unable`, `not_processed`, `other`.
    Outcome(&'static str),
    Review,
    Suits,
    SuitDirect,
    SuitAfter,
    /// A count cell of table 二: row key, field.
    T2(&'static str, &'static str),
    /// 表二 行政事业性收费 本年收费金额 (2021), in 分.
    Charge,
}

impl Q {
    /// The quantity's name in the table, for messages.
    fn name(self, edition: Edition) -> String {
        match self {
            Q::New => "表三“一、本年新收政府信息公开申请数量”的总计".into(),
            Q::CarriedIn => "表三“二、上年结转政府信息公开申请数量”的总计".into(),
            Q::Received => "表三本年新收与上年结转的总计之和".into(),
            Q::Total => "表三“（七）总计”的总计".into(),
            Q::CarriedOut => "表三“四、结转下年度继续办理”的总计".into(),
            Q::Outcome(k) => format!("表三“{}”的总计", outcome_label(k)),
            Q::Review => "表四“行政复议”的总计".into(),
            Q::Suits => "表四两组“行政诉讼”的总计之和".into(),
            Q::SuitDirect => "表四“未经复议直接起诉”的总计".into(),
            Q::SuitAfter => "表四“复议后起诉”的总计".into(),
            Q::T2(row, field) => {
                let (row, col) = t2_labels(edition, row, field);
                format!("表二“{row}”的“{col}”")
            }
            Q::Charge => "表二“行政事业性收费”的本年收费金额".into(),
        }
    }
}

fn outcome_label(key: &str) -> &'static str {
    match key {
        "granted" => "（一）予以公开",
        "partial" => "（二）部分公开",
        "withheld" => "（三）不予公开",
        "unable" => "（四）无法提供",
        "not_processed" => "（五）不予处理",
        _ => "（六）其他处理",
    }
}

/// The template labels of a table-二 cell of `edition`: (row, column).
fn t2_labels(edition: Edition, row: &str, field: &str) -> (&'static str, &'static str) {
    crate::model::t2::row_defs(edition)
        .find(|(_, r)| r.key == row)
        .map_or(("", ""), |(block, r)| {
            let col = block.columns.iter().find(|c| c.key == field);
            (r.label, col.map_or("", |c| c.label))
        })
}

/// How firmly a phrasing ties a figure to its quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tie {
    /// The phrasing names the quantity: a different number is an error.
    Clear,
    /// The phrasing may mean one of several quantities: a warning when it matches none.
    Loose(&'static [Q]),
}

/// A figure the narrative states: the quantities it adds up, and its value (counts, or 分).
#[derive(Debug, Clone)]
struct Claim {
    qs: Vec<Q>,
    value: i64,
    tie: Tie,
    /// The phrase as written, for the message and the caret.
    phrase: String,
}

/// Words dropped from the end of a label before looking for a keyword.
const FILLER: &[&str] = &[
    "政府信息公开申请",
    "政府信息公开",
    "依申请公开",
    "依申请",
    "信息公开",
    "政府信息",
    "申请",
    "办件",
    "案件",
    "案",
    "共计",
    "合计",
    "总计",
    "累计",
    "共",
    "计",
    "为",
    "达",
    "了",
    "有",
    "各",
    "数量",
    "件数",
    "决定",
    "的",
    "分别",
    "总数",
    "金额",
    "收取",
    " ",
    "\u{3000}",
];

/// Keywords a label may end with, longest first within overlaps; `None` entries are
/// recognised only to stop a shorter keyword from matching (`不予处理` is not `处理`).
const KEYWORDS: &[(&str, Option<Q>, bool)] = &[
    // (keyword, quantity, loose)
    ("结转下年度继续办理", Some(Q::CarriedOut), false),
    ("结转下一年度继续办理", Some(Q::CarriedOut), false),
    ("结转下年度办理", Some(Q::CarriedOut), false),
    ("结转至下年度", Some(Q::CarriedOut), false),
    ("结转到下一年度", Some(Q::CarriedOut), false),
    ("结转下一年度", Some(Q::CarriedOut), false),
    ("结转下年度", Some(Q::CarriedOut), false),
    ("转入下年度", Some(Q::CarriedOut), false),
    ("上一年度结转", Some(Q::CarriedIn), false),
    ("上年度结转", Some(Q::CarriedIn), false),
    ("上年结转", Some(Q::CarriedIn), false),
    ("结转上一年度", Some(Q::CarriedIn), false),
    ("结转上年度", Some(Q::CarriedIn), false),
    ("结转上年", Some(Q::CarriedIn), false),
    ("予以公开", Some(Q::Outcome("granted")), false),
    ("同意公开", Some(Q::Outcome("granted")), false),
    ("部分公开", Some(Q::Outcome("partial")), false),
    ("不予公开", Some(Q::Outcome("withheld")), false),
    ("无法提供", Some(Q::Outcome("unable")), false),
    ("不予处理", Some(Q::Outcome("not_processed")), false),
    ("其他处理", Some(Q::Outcome("other")), false),
    ("未经复议直接起诉", Some(Q::SuitDirect), false),
    ("直接起诉", Some(Q::SuitDirect), false),
    ("复议后起诉", Some(Q::SuitAfter), false),
    ("行政复议", Some(Q::Review), false),
    ("复议", Some(Q::Review), false),
    ("行政诉讼", Some(Q::Suits), false),
    ("诉讼", Some(Q::Suits), false),
    ("起诉", Some(Q::Suits), false),
    ("新收", Some(Q::New), false),
    ("收到", Some(Q::New), false),
    ("接收", Some(Q::New), false),
    ("接到", Some(Q::New), false),
    ("受理", Some(Q::New), true),
    ("办结", Some(Q::Total), false),
    ("答复", Some(Q::Total), false),
    ("办理", Some(Q::Total), true),
    ("处理", Some(Q::Total), true),
    ("行政许可", Some(Q::T2("permit", "decisions")), true),
    ("行政处罚", Some(Q::T2("penalty", "decisions")), true),
    ("行政强制", Some(Q::T2("coercion", "decisions")), true),
    ("行政事业性收费", Some(Q::Charge), false),
];

/// Words that make a label about something else than the quantity itself.
const OFF_TOPIC: &[&str] = &[
    "同比",
    "较上年",
    "比上年",
    "较去年",
    "比去年",
    "增加",
    "减少",
    "增长",
    "下降",
    "率",
    "占",
    "平均",
    "建议",
    "提案",
    "热线",
    "12345",
    "留言",
    "投诉",
    "纠错",
    "纠正",
    "维持",
    "败诉",
    "驳回",
    "撤销",
];

/// Outcome keywords that may be joined (`予以公开及部分公开`).
const JOINERS: &[&str] = &["以及", "及", "和", "与", "、", "或"];

fn strip_filler(mut s: &str) -> (&str, bool) {
    let mut each = false;
    loop {
        let before = s.len();
        for f in FILLER {
            if let Some(r) = s.strip_suffix(f) {
                each |= *f == "各";
                s = r;
            }
        }
        if s.len() == before {
            return (s, each);
        }
    }
}

/// The keyword `s` ends with, and the text before it.
fn keyword_at_end(s: &str) -> Option<(&'static str, Q, bool, &str)> {
    KEYWORDS
        .iter()
        .filter(|(k, ..)| s.ends_with(k))
        .max_by_key(|(k, ..)| k.len())
        .and_then(|(k, q, loose)| q.map(|q| (*k, q, *loose, slice::range(s, 0..s.len() - k.len()))))
}

/// Table 二 document rows: (noun, row key).
const DOC_NOUNS: &[(&str, &str)] = &[
    ("行政规范性文件", "normative"),
    ("规范性文件", "normative"),
    ("规章", "rules"),
];

fn doc_verb(edition: Edition, s: &str) -> Option<&'static str> {
    let verbs: &[(&str, &str)] = match edition {
        Edition::E2021 => &[
            ("制发", "issued"),
            ("印发", "issued"),
            ("出台", "issued"),
            ("制定", "issued"),
            ("废止", "abolished"),
            ("现行有效", "in_force"),
        ],
        Edition::E2019 => &[
            ("新制作", "new_made"),
            ("制作", "new_made"),
            ("新公开", "new_published"),
            ("对外公开总数", "total_published"),
        ],
    };
    let s = strip_filler(s).0;
    verbs
        .iter()
        .find(|(v, _)| s.ends_with(v) || s.ends_with(&format!("{v}的")))
        .map(|(_, f)| *f)
}

/// A table-二 document figure: `制发规范性文件N件` or `规范性文件现行有效N件`.
fn doc_claim(edition: Edition, label: &str) -> Option<Q> {
    let s = strip_filler(label).0;
    for (noun, row) in DOC_NOUNS {
        if let Some(before) = s.strip_suffix(noun) {
            let before = before.strip_suffix("行政").unwrap_or(before);
            return doc_verb(edition, before).map(|f| Q::T2(row, f));
        }
    }
    // Verb after the noun.
    for (noun, row) in DOC_NOUNS {
        if let Some(at) = s.rfind(noun) {
            let after = slice::from(s, at + noun.len());
            let f = doc_verb(edition, after)?;
            if strip_filler(after).0.len() <= "对外公开总数".len() {
                return Some(Q::T2(row, f));
            }
            let _ = row;
        }
    }
    None
}

/// What a label ties its figure to: the quantities, whether they are each or summed, the tie.
fn classify(edition: Edition, label: &str) -> Option<(Vec<Q>, bool, bool)> {
    if OFF_TOPIC.iter().any(|w| label.contains(w)) {
        return None;
    }
    if let Some(q) = doc_claim(edition, label) {
        return Some((vec![q], false, false));
    }
    let (s, each) = strip_filler(label);
    let (_, q, loose, mut before) = keyword_at_end(s)?;
    let mut qs = vec![q];
    // Joined keywords of the same family: 予以公开及部分公开, 行政复议、行政诉讼.
    while let Some(rest) = JOINERS.iter().find_map(|j| before.strip_suffix(j)) {
        let rest = strip_filler(rest).0;
        let Some((_, q2, _, b2)) = keyword_at_end(rest) else {
            break;
        };
        let family = |q: Q| match q {
            Q::Outcome(_) => 0,
            Q::Review | Q::Suits | Q::SuitDirect | Q::SuitAfter => 1,
            _ => 2,
        };
        if family(q2) != family(q) || family(q) == 2 || qs.contains(&q2) {
            break;
        }
        qs.insert(0, q2);
        before = b2;
    }
    Some((qs, each, loose))
}

/// The number of a figure at the start of `s`: digits (half- or full-width, with a decimal
/// point for money) or a short Chinese numeral; its byte length and value (×100 when decimal).
fn number_at(s: &str) -> Option<(usize, String)> {
    let mut text = String::new();
    let mut len = 0;
    for c in s.chars() {
        let d = match c {
            '0'..='9' | '.' => c,
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32)?,
            _ => break,
        };
        if d == '.' && (text.is_empty() || text.contains('.')) {
            break;
        }
        text.push(d);
        len += c.len_utf8();
    }
    // A trailing '.' ends the sentence, it is not part of the number.
    if text.ends_with('.') {
        text.pop();
        len -= 1;
    }
    (!text.is_empty()).then_some((len, text))
}

/// A character a Chinese numeral is written with.
fn is_cn_numeral(c: char) -> bool {
    matches!(
        c,
        '零' | '〇' | '一' | '二' | '两' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
}

fn chinese_number(s: &str) -> Option<(usize, u64)> {
    let chars: Vec<char> = s.chars().take_while(|c| is_cn_numeral(*c)).collect();
    if chars.is_empty() || chars.len() > 3 {
        return None;
    }
    let val = |c: char| match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        _ => 9,
    };
    let n = match chars.as_slice() {
        ['十'] => 10,
        ['十', b] => 10 + val(*b),
        [a, '十'] => val(*a) * 10,
        [a, '十', b] => val(*a) * 10 + val(*b),
        [a] => val(*a),
        _ => return None,
    };
    Some((chars.iter().map(|c| c.len_utf8()).sum(), n))
}

/// A figure in a sentence: byte range of number + unit, its value, whether it is money (分).
#[derive(Debug, Clone)]
struct Figure {
    start: usize,
    end: usize,
    value: i64,
    money: bool,
}

fn figures(s: &str) -> Vec<Figure> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let rest = slice::from(s, i);
        // A figure starts with a digit or a Chinese numeral; most characters are neither.
        let first = rest.chars().next().unwrap_or(' ');
        if !(first.is_ascii_digit() || ('０'..='９').contains(&first) || is_cn_numeral(first)) {
            i += first.len_utf8();
            continue;
        }
        let prev_digit = slice::range(s, 0..i)
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_digit() || c == '.');
        let found = if prev_digit {
            None
        } else if let Some((len, text)) = number_at(rest) {
            let after = slice::from(rest, len).trim_start();
            let gap = rest.len() - len - after.len();
            if ["件", "起", "宗"].iter().any(|u| after.starts_with(u)) && !text.contains('.') {
                text.parse::<i64>().ok().map(|v| (len + gap + 3, v, false))
            } else if let Some(unit) = ["万元", "元"].iter().find(|u| after.starts_with(**u)) {
                let per = if *unit == "万元" { 1_000_000 } else { 100 };
                money_fen(&text, per).map(|v| (len + gap + unit.len(), v, true))
            } else {
                None
            }
        } else if let Some((len, v)) = chinese_number(rest) {
            let after = slice::from(rest, len);
            // `一起` is "together", not "one case".
            let together = v == 1 && after.starts_with('起');
            (["件", "起", "宗"].iter().any(|u| after.starts_with(u)) && !together).then_some((
                len + 3,
                v as i64,
                false,
            ))
        } else {
            None
        };
        match found {
            Some((len, value, money)) => {
                out.push(Figure {
                    start: i,
                    end: i + len,
                    value,
                    money,
                });
                i += len;
            }
            None => i += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    out
}

fn money_fen(text: &str, per: i64) -> Option<i64> {
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    let width = per.ilog10() as usize;
    let frac = frac.trim_end_matches('0');
    if frac.len() > width {
        return None;
    }
    let int: i64 = int.parse().ok()?;
    let f: i64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<width$}").parse().ok()?
    };
    int.checked_mul(per)?.checked_add(f)
}

/// Characters that end a label (a figure's label never reaches back across them).
const LABEL_STOPS: &[char] = &['，', ',', '：', ':', '（', '(', '）', ')', '“', '”', '"'];

/// What the sentence after a figure may name (`收到8件政府信息公开申请`, `发生1起行政复议`).
fn right_context(after: &str) -> Option<Q> {
    let after = after.trim_start_matches('的');
    if ["政府信息公开申请", "依申请公开申请", "申请", "依申请公开"]
        .iter()
        .any(|w| after.starts_with(w))
    {
        return Some(Q::New);
    }
    if after.starts_with("行政复议") {
        return Some(Q::Review);
    }
    if after.starts_with("行政诉讼") {
        return Some(Q::Suits);
    }
    None
}

/// Every figure of `s` tied to a table quantity.
fn claims(edition: Edition, s: &str, about_requests: bool) -> Vec<Claim> {
    let figs = figures(s);
    let mut out: Vec<Claim> = Vec::new();
    let mut prev_end = 0;
    let mut prev_claim: Option<usize> = None;
    for f in &figs {
        let before = slice::range(s, prev_end..f.start);
        let cut = before.rfind(LABEL_STOPS).map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
        let label = slice::from(before, cut);
        let paren = slice::range(before, 0..cut).ends_with(['（', '(']);
        let after = slice::from(s, f.end);
        let mut found = classify(edition, label);
        if found.is_none() && !f.money {
            // Number before the noun: `收到8件政府信息公开申请`, `发生2起行政复议`.
            let right = right_context(after);
            let (stem, _) = strip_filler(label);
            found = match right {
                Some(Q::New) => keyword_at_end(stem)
                    .filter(|(_, q, ..)| *q == Q::New)
                    .map(|(_, q, loose, _)| (vec![q], false, loose)),
                Some(q) if !OFF_TOPIC.iter().any(|w| label.contains(w)) => {
                    Some((vec![q], false, false))
                }
                _ => None,
            };
        }
        prev_end = f.end;
        let Some((qs, each, loose)) = found else {
            prev_claim = None;
            continue;
        };
        // Money goes only with the fee amount, counts never with it.
        if f.money != (qs == [Q::Charge]) {
            prev_claim = None;
            continue;
        }
        let requests = qs.iter().any(|q| {
            matches!(
                q,
                Q::New | Q::CarriedIn | Q::Received | Q::Total | Q::CarriedOut | Q::Outcome(_)
            )
        });
        if requests && !about_requests {
            prev_claim = None;
            continue;
        }
        // 收到8件：the receiving verb needs 申请 in its label or right after the figure.
        if qs == [Q::New] && !label.contains("申请") && right_context(after) != Some(Q::New) {
            prev_claim = None;
            continue;
        }
        let phrase = slice::range(s, prev_end - (f.end - f.start) - label.len()..f.end)
            .trim()
            .to_string();
        // `（含上年结转M件）` / `其中上年结转M件` after a received figure: that one counted both.
        if qs == [Q::CarriedIn]
            && (paren || label.contains('含') || label.contains("其中") || label.contains("包括"))
            && let Some(p) = prev_claim
            && out[p].qs == [Q::New]
        {
            out[p].qs = vec![Q::Received];
        }
        let alternatives: &'static [Q] = match qs.as_slice() {
            [Q::New] => &[Q::New, Q::Received],
            [Q::Total] => &[Q::Total, Q::Received, Q::New],
            _ => &[],
        };
        let tie = if loose {
            Tie::Loose(alternatives)
        } else {
            Tie::Clear
        };
        if each && qs.len() > 1 {
            for q in qs {
                out.push(Claim {
                    qs: vec![q],
                    value: f.value,
                    tie,
                    phrase: phrase.clone(),
                });
            }
            prev_claim = None;
        } else {
            prev_claim = Some(out.len());
            out.push(Claim {
                qs,
                value: f.value,
                tie,
                phrase,
            });
        }
    }
    out
}

/// Words that deny a 申请 was received / a case happened, for clauses with no number.
const NO_REQUESTS: &[&str] = &[
    "未收到",
    "没有收到",
    "未接到",
    "没有接到",
    "未受理",
    "没有受理",
    "无依申请",
    "无政府信息公开申请",
];
const NO_CASES: &[&str] = &[
    "未发生",
    "没有发生",
    "未有",
    "未出现",
    "没有出现",
    "未产生",
    "未收到",
    "没有收到",
    "未接到",
    "无",
];

/// `未收到政府信息公开申请`, `未发生行政复议、行政诉讼`: zero claims of a clause with no number.
fn negative_claims(clause: &str) -> Vec<Claim> {
    // Every denial below is of a 申请, a 复议 or a 诉讼 named after it.
    if !["申请", "复议", "诉讼"].iter().any(|w| clause.contains(w)) {
        return Vec::new();
    }
    if clause
        .chars()
        .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        || OFF_TOPIC.iter().any(|w| clause.contains(w))
    {
        return Vec::new();
    }
    let mut out = Vec::new();
    let zero = |q: Q, phrase: &str| Claim {
        qs: vec![q],
        value: 0,
        tie: Tie::Clear,
        phrase: phrase.to_string(),
    };
    if let Some(n) = NO_REQUESTS.iter().find(|n| clause.contains(**n)) {
        let after = slice::from(clause, clause.find(n).unwrap_or(0));
        if after.contains("申请") && !after.contains("复议") && !after.contains("诉讼") {
            out.push(zero(Q::New, n));
        }
    }
    for n in NO_CASES {
        let Some(at) = clause.find(n) else { continue };
        let after = slice::from(clause, at + n.len());
        // `无` only right before the case word: `无行政复议`, not `无法提供…复议`.
        let after = if *n == "无" {
            if !(after.starts_with("行政复议") || after.starts_with("行政诉讼")) {
                continue;
            }
            after
        } else {
            after
        };
        let phrase = slice::range(clause, at..clause.len()).trim();
        if after.contains("复议") && !after.contains("复议后") {
            out.push(zero(Q::Review, phrase));
        }
        if after.contains("诉讼") {
            out.push(zero(Q::Suits, phrase));
        }
        if !out.is_empty() {
            break;
        }
    }
    out
}

/// The table value of a quantity, when the table holds it: the figure as written, and the
/// figure its parts add up to (they differ when the table breaks its own arithmetic, which
/// the table rules report; the narrative may follow either).
fn table_value(r: &Report, q: Q) -> Option<(i64, i64)> {
    let rows = r.tables.t3_rows();
    let row_value = |row: &crate::model::Row| {
        (row.well_formed() && row.known(TOTAL_COL))
            .then(|| (row.value(TOTAL_COL) as i64, row.computed_total() as i64))
    };
    let row_total = |kind: RowKind| {
        rows.iter()
            .find(|e| e.spec.kind == kind)
            .and_then(|e| e.row)
            .and_then(row_value)
    };
    let t4 = |i: usize| {
        r.t4.as_ref().and_then(|t| {
            t.groups()[i].2.map(|g| {
                let parts: u64 = (0..4).map(|c| g.cell(c).get()).sum();
                (g.cell(4).get() as i64, parts as i64)
            })
        })
    };
    let add = |a: (i64, i64), b: (i64, i64)| (a.0 + b.0, a.1 + b.1);
    match q {
        Q::New => row_total(RowKind::New),
        Q::CarriedIn => row_total(RowKind::CarriedIn),
        Q::Received => Some(add(
            row_total(RowKind::New)?,
            row_total(RowKind::CarriedIn)?,
        )),
        Q::Total => row_total(RowKind::Total),
        Q::CarriedOut => row_total(RowKind::CarriedOut),
        Q::Outcome(prefix) => {
            let group: Vec<_> = rows
                .iter()
                .filter(|e| {
                    e.spec.kind == RowKind::Outcome
                        && (e.spec.key == prefix || e.spec.key.starts_with(&format!("{prefix}.")))
                })
                .collect();
            if group.is_empty() || group.iter().all(|e| e.row.is_none()) {
                return None;
            }
            group
                .iter()
                .filter_map(|e| e.row)
                .map(row_value)
                .try_fold((0, 0), |acc, v| Some(add(acc, v?)))
        }
        Q::Review => t4(0),
        Q::Suits => Some(add(t4(1)?, t4(2)?)),
        Q::SuitDirect => t4(1),
        Q::SuitAfter => t4(2),
        Q::T2(row, field) => {
            let rows = r.tables.t2_rows()?;
            let cell = rows
                .iter()
                .find(|x| x.key == row)?
                .cells
                .iter()
                .find(|c| c.path.ends_with(&format!(".{field}")))?
                .cell;
            match cell {
                AnyCell::Count(crate::model::Cell::Value(v)) => Some((*v as i64, *v as i64)),
                _ => None,
            }
        }
        Q::Charge => {
            if r.edition() != Edition::E2021 {
                return None;
            }
            let rows = r.tables.t2_rows()?;
            let cell = rows.iter().find(|x| x.key == "fees")?.cells.first()?.cell;
            match cell {
                AnyCell::Wan(crate::model::Cell::Value(w)) => Some((w.0.fen, w.0.fen)),
                _ => None,
            }
        }
    }
}

/// The table figures of the quantities `qs` added up.
fn sum(r: &Report, qs: &[Q]) -> Option<(i64, i64)> {
    qs.iter()
        .map(|q| table_value(r, *q))
        .try_fold((0, 0), |acc, v| v.map(|v| (acc.0 + v.0, acc.1 + v.1)))
}

/// Whether a stated figure agrees with the table figures.
fn agrees(v: i64, table: Option<(i64, i64)>) -> bool {
    table.is_some_and(|(written, parts)| v == written || v == parts)
}

fn shown(q: &[Q], v: i64) -> String {
    if q == [Q::Charge] {
        let m = crate::model::Money {
            fen: v,
            written: Default::default(),
        };
        format!("{} 万元", m.wan_text())
    } else {
        v.to_string()
    }
}

/// Whether a sentence (or the one before it) is about 政府信息公开申请.
fn requests_context(s: &str, prev: Option<&str>) -> bool {
    let about = |s: &str| s.contains("申请") && !s.contains("建议") && !s.contains("提案");
    about(s) || prev.is_some_and(about)
}

/// Every narrative sentence with its key path and the sentence before it in the same text.
fn each_sentence(r: &Report, mut f: impl FnMut(&str, &str, Option<&str>)) {
    for t in texts(r).into_iter().filter(|t| !t.heading) {
        let mut prev = None;
        for s in sentences(t.text) {
            f(&t.path, s, prev);
            prev = Some(s);
        }
    }
}

/// `NARRATIVE-FIGURES`: figures stated in the narrative agree with the tables.
pub static NARRATIVE_FIGURES: Rule = Rule {
    id: "NARRATIVE-FIGURES",
    severity: Severity::Error,
    title: "文字中的数字与表格一致",
    explain: "总体情况等文字里写到的数字，如“收到政府信息公开申请8件（含上年结转1件）”“予以公开及部分公开6件”\
“办结7件，结转下年度1件”“被申请行政复议1件，行政诉讼2起”“现行有效的行政规范性文件12件”\
“行政事业性收费3.5万元”，必须与表二、表三、表四中对应的数字相同，否则同一份报告对同一件事写了两个数。\
gxgk 只核对紧挨着说明对象的数字：数字前面（去掉“共”“累计”“政府信息公开申请”“案件”等字）必须以\
“收到/新收/上年结转/办结/答复/结转下年度/予以公开/部分公开/不予公开/无法提供/不予处理/其他处理/\
行政复议/复议/行政诉讼/诉讼/起诉/制发/废止/现行有效/行政事业性收费”等说法结尾；“未收到申请”\
“未发生行政复议、行政诉讼”按 0 核对。用“同比”“增加”“率”等描述变化的数字、说法含糊的数字不核对。\
说法明确而数字不同是错误；“受理”“办理”“处理”以及行政许可/处罚/强制的件数说法不够确定，\
与几种可能的含义都对不上时才给警告。“收到……申请N件”的 N 等于本年新收，或等于本年新收加上年结转\
（很多报告把上年结转的申请也算作收到），都算一致。",
    run: |rule, ctx| {
        let r = ctx.report;
        let edition = r.edition();
        let mut out = Vec::new();
        each_sentence(r, |path, s, prev| {
            let about = requests_context(s, prev);
            let mut cs = claims(edition, s, about);
            for clause in s.split(['，', ',']) {
                cs.extend(negative_claims(clause));
            }
            for c in cs {
                let Some(figures) = sum(r, &c.qs) else {
                    continue;
                };
                if agrees(c.value, Some(figures)) {
                    continue;
                }
                // 收到 often counts the carried-over applications too (issue 25 §6).
                if c.qs == [Q::New]
                    && !c.phrase.contains("新收")
                    && agrees(c.value, table_value(r, Q::Received))
                {
                    continue;
                }
                let table = figures.0;
                let severity = match c.tie {
                    Tie::Clear => Severity::Error,
                    Tie::Loose(alts) => {
                        if alts.iter().any(|q| agrees(c.value, table_value(r, *q))) {
                            continue;
                        }
                        Severity::Warning
                    }
                };
                let what = if c.qs.len() > 1 && c.qs.iter().all(|q| matches!(q, Q::Outcome(_))) {
                    let names: Vec<String> =
                        c.qs.iter()
                            .map(|q| match q {
                                Q::Outcome(k) => format!("“{}”", outcome_label(k)),
                                _ => String::new(),
                            })
                            .collect();
                    format!("表三{}的总计之和", names.join("与"))
                } else if c.qs.len() > 1 {
                    let names: Vec<String> = c.qs.iter().map(|q| q.name(edition)).collect();
                    format!("{}之和", names.join("与"))
                } else {
                    c.qs[0].name(edition)
                };
                let mut d = rule
                    .diag(format!(
                        "文字写“{}”（{}），但{what}是 {}",
                        c.phrase,
                        shown(&c.qs, c.value),
                        shown(&c.qs, table)
                    ))
                    .at(path)
                    .needle(c.phrase.clone())
                    .figures(c.value, table)
                    .help(if severity == Severity::Error {
                        "核对文字和表格，改成一致的数字（发布后同一件事会有两个数）"
                    } else {
                        "这一说法可能指别的数量；如果说的就是表格中的这一项，改成一致的数字"
                    });
                d.severity = severity;
                out.push(d);
            }
        });
        out
    },
};

/// `NARRATIVE-RESULT`: `均获维持`/`无败诉` agree with table 四's results.
pub static NARRATIVE_RESULT: Rule = Rule {
    id: "NARRATIVE-RESULT",
    severity: Severity::Error,
    title: "文字对复议、诉讼结果的说法与表四一致",
    explain: "文字写“均获维持”“全部维持”，表四对应的“结果纠正”和“尚未审结”就必须是 0；写“无败诉”“未败诉”“均胜诉”，\
两组行政诉讼的“结果纠正”必须是 0；写“未被纠错”，所说的复议或诉讼的“结果纠正”必须是 0。\
句中只说复议的只核对行政复议，只说诉讼的只核对行政诉讼，都没说的全部核对。",
    run: |rule, ctx| {
        let r = ctx.report;
        let Some(t4) = r.t4.as_ref() else {
            return Vec::new();
        };
        let groups = t4.groups();
        let mut out = Vec::new();
        each_sentence(r, |path, s, _| {
            let review = s.contains("复议");
            let suits = s.contains("诉讼") || s.contains("起诉");
            let pick = |want_review: bool, want_suits: bool| -> Vec<usize> {
                let (a, b) = if want_review || want_suits {
                    (want_review, want_suits)
                } else {
                    (true, true)
                };
                [(0, a), (1, b), (2, b)]
                    .into_iter()
                    .filter(|(_, on)| *on)
                    .map(|(i, _)| i)
                    .collect()
            };
            let claims: [(&[&str], Vec<usize>, &[usize]); 3] = [
                (
                    &[
                        "均获维持",
                        "全部维持",
                        "均被维持",
                        "均维持",
                        "全部获得维持",
                        "均予维持",
                    ],
                    pick(review, suits),
                    &[1, 3],
                ),
                (
                    &[
                        "无败诉",
                        "未败诉",
                        "没有败诉",
                        "零败诉",
                        "均胜诉",
                        "全部胜诉",
                    ],
                    pick(false, true),
                    &[1],
                ),
                (
                    &["未被纠错", "无纠错", "没有被纠错", "未被纠正"],
                    pick(review, suits),
                    &[1],
                ),
            ];
            for (words, gs, cols) in claims {
                let Some(word) = words.iter().find(|w| s.contains(**w)) else {
                    continue;
                };
                let mut found = Vec::new();
                for g in gs {
                    let (_, name, Some(group)) = groups[g] else {
                        continue;
                    };
                    for &c in cols {
                        let v = group.cell(c).get();
                        if v > 0 {
                            let col = if c == 1 {
                                "结果纠正"
                            } else {
                                "尚未审结"
                            };
                            found.push(format!("“{name}”{col} {v} 件"));
                        }
                    }
                }
                if !found.is_empty() {
                    out.push(
                        rule.diag(format!("文字写“{word}”，但表四{}", found.join("，")))
                            .at(path)
                            .needle(*word)
                            .help("改写文字如实说明结果，或核对表四"),
                    );
                }
            }
        });
        out
    },
};

/// `NARRATIVE-SUM`: outcomes stated in one sentence add up to the total it states.
pub static NARRATIVE_SUM: Rule = Rule {
    id: "NARRATIVE-SUM",
    severity: Severity::Warning,
    title: "文字所列各项办理结果之和与所写总数相符",
    explain: "一句话里写了总数（“办结8件”“收到申请8件”），又分项写了办理结果（“其中予以公开5件，部分公开2件……”），\
各项之和不应大于总数；六类结果（予以公开、部分公开、不予公开、无法提供、不予处理、其他处理）都写到时，\
各项之和应等于总数。以“办结/答复”的数为总数，没有时以“收到”的数（含上年结转）为总数。",
    run: |rule, ctx| {
        let r = ctx.report;
        let edition = r.edition();
        let mut out = Vec::new();
        each_sentence(r, |path, s, prev| {
            let cs = claims(edition, s, requests_context(s, prev));
            let find = |q: Q| cs.iter().find(|c| c.qs == [q]);
            let total = find(Q::Total)
                .or_else(|| find(Q::Received))
                .or_else(|| find(Q::New).filter(|_| find(Q::CarriedIn).is_none()));
            let Some(total) = total else { return };
            let outcomes: Vec<&Claim> = cs
                .iter()
                .filter(|c| c.qs.iter().all(|q| matches!(q, Q::Outcome(_))))
                .collect();
            if outcomes.is_empty() {
                return;
            }
            let sum: i64 = outcomes.iter().map(|c| c.value).sum();
            let mut covered: Vec<Q> = outcomes.iter().flat_map(|c| c.qs.clone()).collect();
            covered.sort_by_key(|q| format!("{q:?}"));
            covered.dedup();
            let all = covered.len() == 6;
            if sum > total.value || (all && sum != total.value) {
                let parts: Vec<String> = outcomes.iter().map(|c| c.value.to_string()).collect();
                out.push(
                    rule.diag(format!(
                        "文字所列办理结果之和为 {} = {sum}，与同一句的“{}”（{}）不符",
                        parts.join(" + "),
                        total.phrase,
                        total.value
                    ))
                    .at(path)
                    .needle(total.phrase.clone())
                    .figures(sum, total.value)
                    .help("核对各项办理结果和总数"),
                );
            }
        });
        out
    },
};

/// Words that open a clause stating a count.
const COUNTING: &[&str] = &[
    "共计",
    "累计",
    "合计",
    "共",
    "现行有效",
    "本年制发",
    "本年废止",
];
const TIME_WORDS: &[&str] = &[
    "本年度",
    "全年",
    "今年",
    "本年",
    "年内",
    "截至年底",
    "截至目前",
    "目前",
];

/// `NARRATIVE-LOST`: a clause states a count of a table quantity but lost its number.
pub static NARRATIVE_LOST: Rule = Rule {
    id: "NARRATIVE-LOST",
    severity: Severity::Warning,
    title: "写了要报数的说法却没有数字",
    explain: "“现行有效的规范性文件。”“全年共收到政府信息公开申请。”这样的句子说的是一个数量，数字却丢了，\
通常是编辑时误删。gxgk 查找以“共”“累计”“合计”“现行有效”“本年制发”“本年废止”开头、\
说的是表格中的一项、却没有任何数字的分句。",
    run: |rule, ctx| {
        let r = ctx.report;
        let edition = r.edition();
        let mut out = Vec::new();
        each_sentence(r, |path, s, _| {
            for clause in s.split(['，', ',']) {
                let c = clause.trim();
                if c.chars()
                    .any(|ch| ch.is_ascii_digit() || ('０'..='９').contains(&ch))
                {
                    continue;
                }
                let mut start = c;
                for t in TIME_WORDS {
                    start = start.strip_prefix(t).unwrap_or(start);
                }
                let start = start.trim_start_matches(['，', ' ']);
                if !COUNTING.iter().any(|w| start.starts_with(w)) {
                    continue;
                }
                if classify(edition, c).is_some() && figures(c).is_empty() {
                    out.push(
                        rule.diag(format!("“{c}”说的是一个数量，却没有写数字"))
                            .at(path)
                            .needle(c.to_string())
                            .help("补上数字（与表格一致），或删去这一句"),
                    );
                }
            }
        });
        out
    },
};

#[cfg(test)]
mod tests {
    use super::super::testing::rule;
    use super::*;

    /// A 2025 scaffold with a balanced table 三 and table 四, plus `text` as 一、总体情况.
    fn run(r: &Rule, year: i64, text: &str) -> Vec<Diagnostic> {
        let t3: &[(&str, &str)] = if year >= 2021 {
            &[
                ("t3.new", "[10, 0, 0, 0, 0, 0, 10]"),
                ("t3.carried_in", "[2, 0, 0, 0, 0, 0, 2]"),
                ("t3.granted", "[5, 0, 0, 0, 0, 0, 5]"),
                ("t3.partial", "[1, 0, 0, 0, 0, 0, 1]"),
                ("t3.unable.not_held", "[3, 0, 0, 0, 0, 0, 3]"),
                ("t3.not_processed.repeat", "[1, 0, 0, 0, 0, 0, 1]"),
                ("t3.total", "[10, 0, 0, 0, 0, 0, 10]"),
                ("t3.carried_out", "[2, 0, 0, 0, 0, 0, 2]"),
                ("t4.review", "[1, 1, 0, 1, 3]"),
                ("t4.suit_direct", "[1, 0, 0, 0, 1]"),
                ("t4.suit_after_review", "[1, 0, 0, 0, 1]"),
                (
                    "t2.normative",
                    "{ issued = 3, abolished = 1, in_force = 12 }",
                ),
                ("t2.penalty", "{ decisions = 40 }"),
                ("t2.fees", "{ amount_wan = 3.5 }"),
            ]
        } else {
            &[(
                "t2.normative",
                "{ new_made = 4, new_published = 4, total_published = 30 }",
            )]
        };
        let mut edits = t3.to_vec();
        let text = format!("\"{text}\"");
        edits.push(("overview.text", &text));
        rule(r, year, &edits)
    }

    fn messages(d: &[Diagnostic]) -> Vec<(Severity, String)> {
        d.iter().map(|d| (d.severity, d.message.clone())).collect()
    }

    /// Each phrasing of the taxonomy: one that agrees (no finding) and one that does not.
    #[test]
    fn taxonomy_one_phrasing_at_a_time() {
        use Severity::{Error, Warning};
        let cases: &[(&str, &str, Option<Severity>)] = &[
            // 表三 新收
            (
                "全年共收到政府信息公开申请10件。",
                "全年共收到政府信息公开申请9件。",
                Some(Error),
            ),
            (
                "本年度新收依申请公开申请10件。",
                "本年度新收依申请公开申请11件。",
                Some(Error),
            ),
            (
                "全年收到10件政府信息公开申请。",
                "全年收到8件政府信息公开申请。",
                Some(Error),
            ),
            ("共收到申请１０件。", "共收到申请１１件。", Some(Error)),
            // 收到 = 新收 + 上年结转 is the other reading of 收到, not an error.
            (
                "全年共收到政府信息公开申请12件。",
                "全年共收到政府信息公开申请13件。",
                Some(Error),
            ),
            // 收到 N（含上年结转 M）
            (
                "共收到政府信息公开申请12件（含上年结转2件）。",
                "共收到政府信息公开申请10件（含上年结转2件）。",
                Some(Error),
            ),
            (
                "共收到政府信息公开申请12件，其中上年结转2件。",
                "共收到政府信息公开申请12件，其中上年结转3件。",
                Some(Error),
            ),
            (
                "上年结转政府信息公开申请2件。",
                "上年结转政府信息公开申请两件。",
                None,
            ),
            ("被申请行政复议三起。", "被申请行政复议两起。", Some(Error)),
            (
                "上年结转政府信息公开申请2件。",
                "上年结转政府信息公开申请1件。",
                Some(Error),
            ),
            // 受理 is loose: 新收 or 新收 + 结转.
            (
                "受理政府信息公开申请12件。",
                "受理政府信息公开申请13件。",
                Some(Warning),
            ),
            // 办结 / 答复 / 办理
            (
                "申请均已办结，共办结10件。",
                "申请均已办结，共办结9件。",
                Some(Error),
            ),
            (
                "对申请人的申请，已答复10件。",
                "对申请人的申请，已答复11件。",
                Some(Error),
            ),
            ("依申请公开办理12件。", "依申请公开办理7件。", Some(Warning)),
            // 结转下年度
            (
                "收到申请10件，结转下年度继续办理2件。",
                "收到申请10件，结转下年度继续办理3件。",
                Some(Error),
            ),
            // outcomes
            ("申请中予以公开5件。", "申请中予以公开4件。", Some(Error)),
            ("申请中部分公开1件。", "申请中部分公开2件。", Some(Error)),
            (
                "申请中予以公开及部分公开6件。",
                "申请中予以公开及部分公开5件。",
                Some(Error),
            ),
            (
                "申请中予以公开和部分公开共6件。",
                "申请中予以公开、部分公开7件。",
                Some(Error),
            ),
            ("申请中无法提供3件。", "申请中无法提供4件。", Some(Error)),
            ("申请中不予处理1件。", "申请中不予处理0件。", Some(Error)),
            ("申请中不予公开0件。", "申请中不予公开1件。", Some(Error)),
            ("申请中其他处理0件。", "申请中其他处理2件。", Some(Error)),
            // the sentence before names 申请
            (
                "全年收到申请10件。其中予以公开5件。",
                "全年收到申请10件。其中予以公开6件。",
                Some(Error),
            ),
            (
                "收到申请的，予以公开5件。",
                "收到申请的，予以公开3件。",
                Some(Error),
            ),
            // 表四
            ("被申请行政复议3件。", "被申请行政复议2件。", Some(Error)),
            (
                "发生行政复议案件3起。",
                "发生行政复议案件2起。",
                Some(Error),
            ),
            ("行政复议3宗。", "行政复议4宗。", Some(Error)),
            ("发生3起行政复议。", "发生4起行政复议。", Some(Error)),
            ("行政诉讼2件。", "行政诉讼1件。", Some(Error)),
            (
                "行政复议3件，诉讼2件。",
                "行政复议3件，诉讼9件。",
                Some(Error),
            ),
            ("被提起行政诉讼2起。", "被提起行政诉讼3起。", Some(Error)),
            (
                "直接起诉1件，复议后起诉1件。",
                "直接起诉2件，复议后起诉1件。",
                Some(Error),
            ),
            (
                "行政复议和行政诉讼共5件。",
                "行政复议和行政诉讼共4件。",
                Some(Error),
            ),
            ("复议后起诉1件。", "复议后起诉0件。", Some(Error)),
            // 表二
            (
                "本年制发行政规范性文件3件。",
                "本年制发行政规范性文件2件。",
                Some(Error),
            ),
            ("废止规范性文件1件。", "废止规范性文件2件。", Some(Error)),
            (
                "现行有效的行政规范性文件12件。",
                "现行有效的行政规范性文件11件。",
                Some(Error),
            ),
            (
                "规范性文件现行有效12件。",
                "规范性文件现行有效13件。",
                Some(Error),
            ),
            (
                "作出行政处罚决定40件。",
                "作出行政处罚决定41件。",
                Some(Warning),
            ),
            (
                "收取行政事业性收费3.5万元。",
                "收取行政事业性收费3.6万元。",
                Some(Error),
            ),
            (
                "行政事业性收费35000元。",
                "行政事业性收费3500元。",
                Some(Error),
            ),
        ];
        for (good, bad, sev) in cases {
            let d = run(&NARRATIVE_FIGURES, 2025, good);
            assert!(d.is_empty(), "{good}: {:#?}", messages(&d));
            let d = run(&NARRATIVE_FIGURES, 2025, bad);
            match sev {
                None => assert!(d.is_empty(), "{bad}: {:#?}", messages(&d)),
                Some(s) => {
                    assert_eq!(d.len(), 1, "{bad}: {:#?}", messages(&d));
                    assert_eq!(d[0].severity, *s, "{bad}: {:#?}", messages(&d));
                }
            }
        }
    }

    #[test]
    fn messages_name_the_phrase_and_the_table() {
        let d = run(
            &NARRATIVE_FIGURES,
            2025,
            "共收到政府信息公开申请10件（含上年结转2件）。",
        );
        assert_eq!(
            messages(&d),
            [(
                Severity::Error,
                "文字写“共收到政府信息公开申请10件”（10），但表三本年新收与上年结转的总计之和是 12"
                    .into()
            )]
        );
        assert_eq!(d[0].needle.as_deref(), Some("共收到政府信息公开申请10件"));
        let d = run(&NARRATIVE_FIGURES, 2025, "申请中予以公开及部分公开5件。");
        assert!(
            d[0].message
                .ends_with("但表三“（一）予以公开”与“（二）部分公开”的总计之和是 6"),
            "{}",
            d[0].message
        );
        let d = run(&NARRATIVE_FIGURES, 2025, "收取行政事业性收费3.6万元。");
        assert!(
            d[0].message.contains("（3.6 万元），但"),
            "{}",
            d[0].message
        );
        assert!(d[0].message.ends_with("是 3.5 万元"), "{}", d[0].message);
    }

    #[test]
    fn each_and_negations() {
        let d = run(&NARRATIVE_FIGURES, 2025, "行政复议、行政诉讼各1件。");
        assert_eq!(d.len(), 2, "{:#?}", messages(&d));
        let d = run(&NARRATIVE_FIGURES, 2025, "行政复议、行政诉讼各2件。");
        assert_eq!(d.len(), 1, "{:#?}", messages(&d));
        assert!(d[0].message.contains("行政复议"));
        let d = run(
            &NARRATIVE_FIGURES,
            2025,
            "本年度未发生因政府信息公开引起的行政复议、行政诉讼。",
        );
        assert_eq!(d.len(), 2, "{:#?}", messages(&d));
        assert!(d.iter().all(|d| d.severity == Severity::Error));
        let d = run(&NARRATIVE_FIGURES, 2025, "无行政复议。");
        assert_eq!(d.len(), 1, "{:#?}", messages(&d));
        let d = run(&NARRATIVE_FIGURES, 2025, "本年度未收到政府信息公开申请。");
        assert_eq!(d.len(), 1, "{:#?}", messages(&d));
        // Zero tables: the negations agree.
        let empty = rule(
            &NARRATIVE_FIGURES,
            2025,
            &[(
                "overview.text",
                "\"本年度未收到政府信息公开申请，未发生行政复议、行政诉讼。\"",
            )],
        );
        assert!(empty.is_empty(), "{:#?}", messages(&empty));
    }

    /// Figures that are not tied to a table quantity are never compared.
    #[test]
    fn untied_figures_are_not_compared() {
        for text in [
            "收到“12345”投诉反映件147件，共处理147件。",
            "涉及诉讼2件，纠错1件，驳回诉讼请求1件。",
            "申请数量同比增加3件。",
            "办理人大代表建议5件。",
            "按时答复率100%。",
            "主动公开政府信息56条。",
            "对无法提供的申请逐一说明理由，全年开展培训3次。",
            "2025年共收到申请。",
            "规范性文件清理20件。",
            "本年度行政复议纠正1件。",
            "行政复议维持1件。",
            "全镇发放救助金216.31万元。",
            "把行政复议、行政诉讼一起纳入考核。",
        ] {
            let d = run(&NARRATIVE_FIGURES, 2025, text);
            assert!(d.is_empty(), "{text}: {:#?}", messages(&d));
        }
    }

    #[test]
    fn edition_2019_documents() {
        let d = run(&NARRATIVE_FIGURES, 2020, "本年新制作规范性文件4件。");
        assert!(d.is_empty(), "{:#?}", messages(&d));
        let d = run(&NARRATIVE_FIGURES, 2020, "本年新制作规范性文件5件。");
        assert_eq!(d.len(), 1);
        // 2021 verbs do not apply to the 2019 table.
        let d = run(&NARRATIVE_FIGURES, 2020, "现行有效规范性文件5件。");
        assert!(d.is_empty(), "{:#?}", messages(&d));
    }

    #[test]
    fn result_claims() {
        // review: corrected 1, pending 1; suits: nothing corrected or pending.
        let d = run(&NARRATIVE_RESULT, 2025, "行政复议3件，诉讼2件，均获维持。");
        assert_eq!(
            messages(&d),
            [(
                Severity::Error,
                "文字写“均获维持”，但表四“行政复议”结果纠正 1 件，“行政复议”尚未审结 1 件".into()
            )]
        );
        assert!(run(&NARRATIVE_RESULT, 2025, "行政诉讼2件，均获维持。").is_empty());
        assert!(run(&NARRATIVE_RESULT, 2025, "行政诉讼无败诉。").is_empty());
        assert_eq!(run(&NARRATIVE_RESULT, 2025, "行政复议未被纠错。").len(), 1);
        let d = rule(
            &NARRATIVE_RESULT,
            2025,
            &[
                ("t4.suit_direct", "[0, 1, 0, 0, 1]"),
                ("overview.text", "\"行政诉讼1件，无败诉。\""),
            ],
        );
        assert_eq!(d.len(), 1, "{d:#?}");
    }

    #[test]
    fn stated_sums() {
        assert!(
            run(
                &NARRATIVE_SUM,
                2025,
                "共办结申请10件，其中予以公开5件，部分公开1件，无法提供3件，不予处理1件。"
            )
            .is_empty()
        );
        let d = run(
            &NARRATIVE_SUM,
            2025,
            "共办结申请10件，其中予以公开5件，部分公开4件，无法提供3件。",
        );
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].message,
            "文字所列办理结果之和为 5 + 4 + 3 = 12，与同一句的“共办结申请10件”（10）不符"
        );
        let d = run(
            &NARRATIVE_SUM,
            2025,
            "共办结申请10件，其中予以公开5件，部分公开1件，不予公开0件，无法提供1件，不予处理1件，其他处理0件。",
        );
        assert_eq!(d.len(), 1, "all six listed but 8 ≠ 10");
        // Fewer than six listed and less than the total: the rest may be unlisted.
        assert!(run(&NARRATIVE_SUM, 2025, "共办结申请10件，其中予以公开5件。").is_empty());
    }

    /// The self-contradicting provincial report of issue 11, in our own words and figures:
    /// every stated figure that disagrees with the tables is an error, so `check` fails.
    #[test]
    fn a_report_that_contradicts_itself_fails() {
        let r = super::super::testing::report(
            2025,
            &[
                ("t3.new", "[600, 0, 0, 0, 0, 0, 600]"),
                ("t3.granted", "[200, 0, 0, 0, 0, 0, 200]"),
                ("t3.partial", "[75, 0, 0, 0, 0, 0, 75]"),
                ("t3.unable.not_held", "[337, 0, 0, 0, 0, 0, 337]"),
                ("t3.total", "[612, 0, 0, 0, 0, 0, 612]"),
                ("t3.carried_in", "[12, 0, 0, 0, 0, 0, 12]"),
                ("t4.review", "[5, 0, 0, 2, 7]"),
                ("t4.suit_direct", "[6, 1, 0, 2, 9]"),
                (
                    "overview.text",
                    "\"本年度共收到政府信息公开申请600件，其中予以公开及部分公开258件，无法提供265件。\\n因政府信息公开被申请行政复议7件，提起行政诉讼9件，均获维持。\"",
                ),
            ],
        );
        let d = crate::check::check(&crate::check::Ctx::alone(&r));
        let ours: Vec<(&str, Severity, &str)> = d
            .iter()
            .filter(|d| d.rule.starts_with("NARRATIVE"))
            .map(|d| (d.rule, d.severity, d.needle.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(
            ours,
            [
                (
                    "NARRATIVE-FIGURES",
                    Severity::Error,
                    "其中予以公开及部分公开258件"
                ),
                ("NARRATIVE-FIGURES", Severity::Error, "无法提供265件"),
                ("NARRATIVE-RESULT", Severity::Error, "均获维持"),
            ],
            "{d:#?}"
        );
    }

    #[test]
    fn lost_numbers() {
        let d = run(&NARRATIVE_LOST, 2025, "现行有效的规范性文件。");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].severity, Severity::Warning);
        assert_eq!(
            run(&NARRATIVE_LOST, 2025, "全年共收到政府信息公开申请。").len(),
            1
        );
        for ok in [
            "现行有效的规范性文件12件。",
            "清理现行有效的规范性文件。",
            "及时答复政府信息公开申请。",
            "共收到申请8件。",
        ] {
            assert!(run(&NARRATIVE_LOST, 2025, ok).is_empty(), "{ok}");
        }
    }
}
