//! Figures the narrative states about the tables (docs/spec/rules.md §6.2; written after a published provincial report whose text contradicted its own tables): `NARRATIVE-FIGURES`,
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
//!
//! Here: the quantities, their table values and the four rules; `phrases.rs` the taxonomy
//! (keywords, fillers, off-topic words); `sentence.rs` the figures of a sentence and their
//! claims; `tests.rs` one test per phrasing.

use crate::diag::{Diagnostic, Severity};
use crate::model::{AnyCell, Edition, Report, RowKind, TOTAL_COL};

use super::text::{sentences, texts};
use super::{Ctx, Rule};

mod phrases;
mod sentence;

use phrases::classify;
use sentence::{claims, figures, negative_claims};

/// A table quantity a narrative figure can be tied to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quantity {
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

impl Quantity {
    /// The quantity's name in the table, for messages.
    fn name(self, edition: Edition) -> String {
        match self {
            Quantity::New => "表三“一、本年新收政府信息公开申请数量”的总计".into(),
            Quantity::CarriedIn => "表三“二、上年结转政府信息公开申请数量”的总计".into(),
            Quantity::Received => "表三本年新收与上年结转的总计之和".into(),
            Quantity::Total => "表三“（七）总计”的总计".into(),
            Quantity::CarriedOut => "表三“四、结转下年度继续办理”的总计".into(),
            Quantity::Outcome(k) => format!("表三“{}”的总计", outcome_label(k)),
            Quantity::Review => "表四“行政复议”的总计".into(),
            Quantity::Suits => "表四两组“行政诉讼”的总计之和".into(),
            Quantity::SuitDirect => "表四“未经复议直接起诉”的总计".into(),
            Quantity::SuitAfter => "表四“复议后起诉”的总计".into(),
            Quantity::T2(row, field) => {
                let (row, col) = t2_labels(edition, row, field);
                format!("表二“{row}”的“{col}”")
            }
            Quantity::Charge => "表二“行政事业性收费”的本年收费金额".into(),
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
    Loose(&'static [Quantity]),
}

/// A figure the narrative states: the quantities it adds up, and its value (counts, or 分).
#[derive(Debug, Clone)]
struct Claim {
    qs: Vec<Quantity>,
    value: i64,
    tie: Tie,
    /// The phrase as written, for the message and the caret.
    phrase: String,
}

/// The table value of a quantity, when the table holds it: the figure as written, and the
/// figure its parts add up to (they differ when the table breaks its own arithmetic, which
/// the table rules report; the narrative may follow either).
fn table_value(r: &Report, q: Quantity) -> Option<(i64, i64)> {
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
        Quantity::New => row_total(RowKind::New),
        Quantity::CarriedIn => row_total(RowKind::CarriedIn),
        Quantity::Received => Some(add(
            row_total(RowKind::New)?,
            row_total(RowKind::CarriedIn)?,
        )),
        Quantity::Total => row_total(RowKind::Total),
        Quantity::CarriedOut => row_total(RowKind::CarriedOut),
        Quantity::Outcome(prefix) => {
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
        Quantity::Review => t4(0),
        Quantity::Suits => Some(add(t4(1)?, t4(2)?)),
        Quantity::SuitDirect => t4(1),
        Quantity::SuitAfter => t4(2),
        Quantity::T2(row, field) => {
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
        Quantity::Charge => {
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
fn sum(r: &Report, qs: &[Quantity]) -> Option<(i64, i64)> {
    qs.iter()
        .map(|q| table_value(r, *q))
        .try_fold((0, 0), |acc, v| v.map(|v| (acc.0 + v.0, acc.1 + v.1)))
}

/// Whether a stated figure agrees with the table figures.
fn agrees(v: i64, table: Option<(i64, i64)>) -> bool {
    table.is_some_and(|(written, parts)| v == written || v == parts)
}

fn shown(q: &[Quantity], v: i64) -> String {
    if q == [Quantity::Charge] {
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
    run: narrative_figures,
};

fn narrative_figures(rule: &Rule, ctx: &Ctx) -> Vec<Diagnostic> {
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
            // 收到 often counts the carried-over applications too: 新收 + 上年结转 agrees.
            if c.qs == [Quantity::New]
                && !c.phrase.contains("新收")
                && agrees(c.value, table_value(r, Quantity::Received))
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
            let what = if c.qs.len() > 1 && c.qs.iter().all(|q| matches!(q, Quantity::Outcome(_))) {
                let names: Vec<String> =
                    c.qs.iter()
                        .map(|q| match q {
                            Quantity::Outcome(k) => format!("“{}”", outcome_label(k)),
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
}

/// `NARRATIVE-RESULT`: `均获维持`/`无败诉` agree with table 四's results.
pub static NARRATIVE_RESULT: Rule = Rule {
    id: "NARRATIVE-RESULT",
    severity: Severity::Error,
    title: "文字对复议、诉讼结果的说法与表四一致",
    explain: "文字写“均获维持”“全部维持”，表四对应的“结果纠正”和“尚未审结”就必须是 0；写“无败诉”“未败诉”“均胜诉”，\
两组行政诉讼的“结果纠正”必须是 0；写“未被纠错”，所说的复议或诉讼的“结果纠正”必须是 0。\
句中只说复议的只核对行政复议，只说诉讼的只核对行政诉讼，都没说的全部核对。",
    run: narrative_result,
};

fn narrative_result(rule: &Rule, ctx: &Ctx) -> Vec<Diagnostic> {
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
}

/// `NARRATIVE-SUM`: outcomes stated in one sentence add up to the total it states.
pub static NARRATIVE_SUM: Rule = Rule {
    id: "NARRATIVE-SUM",
    severity: Severity::Warning,
    title: "文字所列各项办理结果之和与所写总数相符",
    explain: "一句话里写了总数（“办结8件”“收到申请8件”），又分项写了办理结果（“其中予以公开5件，部分公开2件……”），\
各项之和不应大于总数；六类结果（予以公开、部分公开、不予公开、无法提供、不予处理、其他处理）都写到时，\
各项之和应等于总数。以“办结/答复”的数为总数，没有时以“收到”的数（含上年结转）为总数。",
    run: narrative_sum,
};

fn narrative_sum(rule: &Rule, ctx: &Ctx) -> Vec<Diagnostic> {
    let r = ctx.report;
    let edition = r.edition();
    let mut out = Vec::new();
    each_sentence(r, |path, s, prev| {
        let cs = claims(edition, s, requests_context(s, prev));
        let find = |q: Quantity| cs.iter().find(|c| c.qs == [q]);
        let total = find(Quantity::Total)
            .or_else(|| find(Quantity::Received))
            .or_else(|| find(Quantity::New).filter(|_| find(Quantity::CarriedIn).is_none()));
        let Some(total) = total else { return };
        let outcomes: Vec<&Claim> = cs
            .iter()
            .filter(|c| c.qs.iter().all(|q| matches!(q, Quantity::Outcome(_))))
            .collect();
        if outcomes.is_empty() {
            return;
        }
        let sum: i64 = outcomes.iter().map(|c| c.value).sum();
        let mut covered: Vec<Quantity> = outcomes.iter().flat_map(|c| c.qs.clone()).collect();
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
}

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
    run: narrative_lost,
};

fn narrative_lost(rule: &Rule, ctx: &Ctx) -> Vec<Diagnostic> {
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
}

#[cfg(test)]
mod tests;
