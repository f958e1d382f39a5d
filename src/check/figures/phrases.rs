//! The taxonomy of phrasings (see the table in `figures`): which words at the end of a label
//! tie its figure to which table quantity, how firmly, and the words that untie it.

use crate::model::Edition;

use super::Quantity;
use crate::check::slice;

/// Words dropped from the end of a label before looking for a keyword.
pub(super) const FILLER: &[&str] = &[
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

/// How firmly a label's words tie its figure to a quantity: a clear tie is compared exactly,
/// a loose one also against the quantity's alternatives (see [`Tie`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Firmness {
    Clear,
    Loose,
}

use Firmness::{Clear, Loose};

/// A word a label may end with and the quantity it names (`None`: a word recognised only so
/// that a shorter one inside it does not match).
pub(super) struct Keyword {
    pub(super) word: &'static str,
    pub(super) quantity: Option<Quantity>,
    pub(super) firmness: Firmness,
}

pub(super) const fn kw(
    word: &'static str,
    quantity: Option<Quantity>,
    firmness: Firmness,
) -> Keyword {
    Keyword {
        word,
        quantity,
        firmness,
    }
}

/// Whether one figure stated for several quantities is each one's (`各N件`) or their sum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Joint {
    Each,
    Sum,
}

/// What a label ties its figure to.
pub(super) struct Label {
    pub(super) quantities: Vec<Quantity>,
    pub(super) joint: Joint,
    pub(super) firmness: Firmness,
}

/// A keyword found at the end of a label, and the text before it.
pub(super) struct KeywordAtEnd<'a> {
    pub(super) quantity: Quantity,
    pub(super) firmness: Firmness,
    pub(super) before: &'a str,
}

/// Keywords a label may end with, longest first within overlaps; `None` entries are
/// recognised only to stop a shorter keyword from matching (`不予处理` is not `处理`).
pub(super) const KEYWORDS: &[Keyword] = &[
    kw("结转下年度继续办理", Some(Quantity::CarriedOut), Clear),
    kw("结转下一年度继续办理", Some(Quantity::CarriedOut), Clear),
    kw("结转下年度办理", Some(Quantity::CarriedOut), Clear),
    kw("结转至下年度", Some(Quantity::CarriedOut), Clear),
    kw("结转到下一年度", Some(Quantity::CarriedOut), Clear),
    kw("结转下一年度", Some(Quantity::CarriedOut), Clear),
    kw("结转下年度", Some(Quantity::CarriedOut), Clear),
    kw("转入下年度", Some(Quantity::CarriedOut), Clear),
    kw("上一年度结转", Some(Quantity::CarriedIn), Clear),
    kw("上年度结转", Some(Quantity::CarriedIn), Clear),
    kw("上年结转", Some(Quantity::CarriedIn), Clear),
    kw("结转上一年度", Some(Quantity::CarriedIn), Clear),
    kw("结转上年度", Some(Quantity::CarriedIn), Clear),
    kw("结转上年", Some(Quantity::CarriedIn), Clear),
    kw("予以公开", Some(Quantity::Outcome("granted")), Clear),
    kw("同意公开", Some(Quantity::Outcome("granted")), Clear),
    kw("部分公开", Some(Quantity::Outcome("partial")), Clear),
    kw("不予公开", Some(Quantity::Outcome("withheld")), Clear),
    kw("无法提供", Some(Quantity::Outcome("unable")), Clear),
    kw("不予处理", Some(Quantity::Outcome("not_processed")), Clear),
    kw("其他处理", Some(Quantity::Outcome("other")), Clear),
    kw("未经复议直接起诉", Some(Quantity::SuitDirect), Clear),
    kw("直接起诉", Some(Quantity::SuitDirect), Clear),
    kw("复议后起诉", Some(Quantity::SuitAfter), Clear),
    kw("行政复议", Some(Quantity::Review), Clear),
    kw("复议", Some(Quantity::Review), Clear),
    kw("行政诉讼", Some(Quantity::Suits), Clear),
    kw("诉讼", Some(Quantity::Suits), Clear),
    kw("起诉", Some(Quantity::Suits), Clear),
    kw("新收", Some(Quantity::New), Clear),
    kw("收到", Some(Quantity::New), Clear),
    kw("接收", Some(Quantity::New), Clear),
    kw("接到", Some(Quantity::New), Clear),
    kw("受理", Some(Quantity::New), Loose),
    kw("办结", Some(Quantity::Total), Clear),
    kw("答复", Some(Quantity::Total), Clear),
    kw("办理", Some(Quantity::Total), Loose),
    kw("处理", Some(Quantity::Total), Loose),
    kw("行政许可", Some(Quantity::T2("permit", "decisions")), Loose),
    kw(
        "行政处罚",
        Some(Quantity::T2("penalty", "decisions")),
        Loose,
    ),
    kw(
        "行政强制",
        Some(Quantity::T2("coercion", "decisions")),
        Loose,
    ),
    kw("行政事业性收费", Some(Quantity::Charge), Clear),
];

/// Words that make a label about something else than the quantity itself.
pub(super) const OFF_TOPIC: &[&str] = &[
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
pub(super) const JOINERS: &[&str] = &["以及", "及", "和", "与", "、", "或"];

/// `s` without the filler words it ends with, and whether one of them was 各 (each).
pub(super) fn strip_filler(mut s: &str) -> (&str, Joint) {
    let mut joint = Joint::Sum;
    loop {
        let before = s.len();
        for f in FILLER {
            if let Some(r) = s.strip_suffix(f) {
                if *f == "各" {
                    joint = Joint::Each;
                }
                s = r;
            }
        }
        if s.len() == before {
            return (s, joint);
        }
    }
}

/// The keyword `s` ends with, and the text before it.
pub(super) fn keyword_at_end(s: &str) -> Option<KeywordAtEnd<'_>> {
    let k = KEYWORDS
        .iter()
        .filter(|k| s.ends_with(k.word))
        .max_by_key(|k| k.word.len())?;
    Some(KeywordAtEnd {
        quantity: k.quantity?,
        firmness: k.firmness,
        before: slice::range(s, 0..s.len() - k.word.len()),
    })
}

/// Table 二 document rows: (noun, row key).
pub(super) const DOC_NOUNS: &[(&str, &str)] = &[
    ("行政规范性文件", "normative"),
    ("规范性文件", "normative"),
    ("规章", "rules"),
];

pub(super) fn doc_verb(edition: Edition, s: &str) -> Option<&'static str> {
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
pub(super) fn doc_claim(edition: Edition, label: &str) -> Option<Quantity> {
    let s = strip_filler(label).0;
    for (noun, row) in DOC_NOUNS {
        if let Some(before) = s.strip_suffix(noun) {
            let before = before.strip_suffix("行政").unwrap_or(before);
            return doc_verb(edition, before).map(|f| Quantity::T2(row, f));
        }
    }
    // Verb after the noun.
    for (noun, row) in DOC_NOUNS {
        if let Some(at) = s.rfind(noun) {
            let after = slice::from(s, at + noun.len());
            let f = doc_verb(edition, after)?;
            if strip_filler(after).0.len() <= "对外公开总数".len() {
                return Some(Quantity::T2(row, f));
            }
            let _ = row;
        }
    }
    None
}

/// What a label ties its figure to: the quantities, whether they are each or summed, the tie.
pub(super) fn classify(edition: Edition, label: &str) -> Option<Label> {
    if OFF_TOPIC.iter().any(|w| label.contains(w)) {
        return None;
    }
    if let Some(q) = doc_claim(edition, label) {
        return Some(Label {
            quantities: vec![q],
            joint: Joint::Sum,
            firmness: Clear,
        });
    }
    let (s, joint) = strip_filler(label);
    let KeywordAtEnd {
        quantity: q,
        firmness,
        mut before,
    } = keyword_at_end(s)?;
    let mut qs = vec![q];
    // Joined keywords of the same family: 予以公开及部分公开, 行政复议、行政诉讼.
    while let Some(rest) = JOINERS.iter().find_map(|j| before.strip_suffix(j)) {
        let rest = strip_filler(rest).0;
        let Some(KeywordAtEnd {
            quantity: q2,
            before: b2,
            ..
        }) = keyword_at_end(rest)
        else {
            break;
        };
        let family = |q: Quantity| match q {
            Quantity::Outcome(_) => 0,
            Quantity::Review | Quantity::Suits | Quantity::SuitDirect | Quantity::SuitAfter => 1,
            _ => 2,
        };
        if family(q2) != family(q) || family(q) == 2 || qs.contains(&q2) {
            break;
        }
        qs.insert(0, q2);
        before = b2;
    }
    Some(Label {
        quantities: qs,
        joint,
        firmness,
    })
}
