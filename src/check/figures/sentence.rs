//! Figures in a sentence and what each claims: numbers with their units, the label before
//! each, tied to quantities by `phrases`; and the clauses that deny any case without a number.

use super::phrases::{Firmness, Joint, Label, OFF_TOPIC, classify, keyword_at_end, strip_filler};
use super::{Claim, Quantity, Tie};
use crate::check::{numeral, slice};
use crate::model::Edition;

/// The number of a figure at the start of `s`: digits (half- or full-width, with a decimal
/// point for money) or a short Chinese numeral; its byte length and value (×100 when decimal).
pub(super) fn number_at(s: &str) -> Option<(usize, String)> {
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

/// A figure in a sentence: byte range of number + unit, its value, whether it is money (分).
#[derive(Debug, Clone)]
pub(super) struct Figure {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) value: i64,
    pub(super) money: bool,
}

pub(super) fn figures(s: &str) -> Vec<Figure> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let rest = slice::from(s, i);
        // A figure starts with a digit or a Chinese numeral; most characters are neither.
        let first = rest.chars().next().unwrap_or(' ');
        if !(first.is_ascii_digit() || ('０'..='９').contains(&first) || numeral::is_digit(first))
        {
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
        } else if let Some((len, v)) =
            numeral::parse_prefix(rest).map(|(len, v)| (len, u64::from(v)))
        {
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

pub(super) fn money_fen(text: &str, per: i64) -> Option<i64> {
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
pub(super) const LABEL_STOPS: &[char] =
    &['，', ',', '：', ':', '（', '(', '）', ')', '“', '”', '"'];

/// What the sentence after a figure may name (`收到8件政府信息公开申请`, `发生1起行政复议`).
pub(super) fn right_context(after: &str) -> Option<Quantity> {
    let after = after.trim_start_matches('的');
    if ["政府信息公开申请", "依申请公开申请", "申请", "依申请公开"]
        .iter()
        .any(|w| after.starts_with(w))
    {
        return Some(Quantity::New);
    }
    if after.starts_with("行政复议") {
        return Some(Quantity::Review);
    }
    if after.starts_with("行政诉讼") {
        return Some(Quantity::Suits);
    }
    None
}

/// Every figure of `s` tied to a table quantity.
pub(super) fn claims(edition: Edition, s: &str, about_requests: bool) -> Vec<Claim> {
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
                Some(Quantity::New) => keyword_at_end(stem)
                    .filter(|k| k.quantity == Quantity::New)
                    .map(|k| Label {
                        quantities: vec![k.quantity],
                        joint: Joint::Sum,
                        firmness: k.firmness,
                    }),
                Some(q) if !OFF_TOPIC.iter().any(|w| label.contains(w)) => Some(Label {
                    quantities: vec![q],
                    joint: Joint::Sum,
                    firmness: Firmness::Clear,
                }),
                _ => None,
            };
        }
        prev_end = f.end;
        let Some(Label {
            quantities: qs,
            joint,
            firmness,
        }) = found
        else {
            prev_claim = None;
            continue;
        };
        // Money goes only with the fee amount, counts never with it.
        if f.money != (qs == [Quantity::Charge]) {
            prev_claim = None;
            continue;
        }
        let requests = qs.iter().any(|q| {
            matches!(
                q,
                Quantity::New
                    | Quantity::CarriedIn
                    | Quantity::Received
                    | Quantity::Total
                    | Quantity::CarriedOut
                    | Quantity::Outcome(_)
            )
        });
        if requests && !about_requests {
            prev_claim = None;
            continue;
        }
        // 收到8件：the receiving verb needs 申请 in its label or right after the figure.
        if qs == [Quantity::New]
            && !label.contains("申请")
            && right_context(after) != Some(Quantity::New)
        {
            prev_claim = None;
            continue;
        }
        let phrase = slice::range(s, prev_end - (f.end - f.start) - label.len()..f.end)
            .trim()
            .to_string();
        // `（含上年结转M件）` / `其中上年结转M件` after a received figure: that one counted both.
        if qs == [Quantity::CarriedIn]
            && (paren || label.contains('含') || label.contains("其中") || label.contains("包括"))
            && let Some(p) = prev_claim
            && out[p].qs == [Quantity::New]
        {
            out[p].qs = vec![Quantity::Received];
        }
        let alternatives: &'static [Quantity] = match qs.as_slice() {
            [Quantity::New] => &[Quantity::New, Quantity::Received],
            [Quantity::Total] => &[Quantity::Total, Quantity::Received, Quantity::New],
            _ => &[],
        };
        let tie = match firmness {
            Firmness::Loose => Tie::Loose(alternatives),
            Firmness::Clear => Tie::Clear,
        };
        if joint == Joint::Each && qs.len() > 1 {
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
pub(super) const NO_REQUESTS: &[&str] = &[
    "未收到",
    "没有收到",
    "未接到",
    "没有接到",
    "未受理",
    "没有受理",
    "无依申请",
    "无政府信息公开申请",
];
pub(super) const NO_CASES: &[&str] = &[
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
pub(super) fn negative_claims(clause: &str) -> Vec<Claim> {
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
    let zero = |q: Quantity, phrase: &str| Claim {
        qs: vec![q],
        value: 0,
        tie: Tie::Clear,
        phrase: phrase.to_string(),
    };
    if let Some(n) = NO_REQUESTS.iter().find(|n| clause.contains(**n)) {
        let after = slice::from(clause, clause.find(n).unwrap_or(0));
        if after.contains("申请") && !after.contains("复议") && !after.contains("诉讼") {
            out.push(zero(Quantity::New, n));
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
            out.push(zero(Quantity::Review, phrase));
        }
        if after.contains("诉讼") {
            out.push(zero(Quantity::Suits, phrase));
        }
        if !out.is_empty() {
            break;
        }
    }
    out
}
