//! Rules on the narrative: sections present, sub-heading markers and numbering, the five
//! overview areas, the statistics period, edition citations, figures that contradict the
//! tables, the 信息处理费 statement and leftover placeholders (docs/spec structure.md §2, rules.md §6.2, layout.md §8.4).
//! Sub-headings and enumerations are in `headings.rs`, the tests in `tests.rs`.

use crate::diag::{Diagnostic, Severity};
use crate::model::PLACEHOLDER as MARK;
use crate::model::{Edition, Part, Report};

use super::{Ctx, Rule, numeral, slice};

mod headings;

pub use headings::{SUBHEAD_SEQ, SUBHEAD_STYLE};

/// One piece of narrative text with its key path.
pub(super) struct Text<'a> {
    pub(super) path: String,
    pub(super) text: &'a str,
    /// Whether this is a part heading rather than body text.
    pub(super) heading: bool,
}

fn narrative_texts<'a>(key: &str, text: &'a str, parts: &'a [Part], out: &mut Vec<Text<'a>>) {
    out.push(Text {
        path: format!("{key}.text"),
        text,
        heading: false,
    });
    for (i, p) in parts.iter().enumerate() {
        out.push(Text {
            path: format!("{key}.parts[{i}].heading"),
            text: &p.heading,
            heading: true,
        });
        out.push(Text {
            path: format!("{key}.parts[{i}].text"),
            text: &p.text,
            heading: false,
        });
    }
}

/// Every narrative text of the report, in document order.
pub(super) fn texts(r: &Report) -> Vec<Text<'_>> {
    let mut out = vec![Text {
        path: "intro".into(),
        text: &r.intro,
        heading: false,
    }];
    narrative_texts("overview", &r.overview.text, &r.overview.parts, &mut out);
    narrative_texts("problems", &r.problems.text, &r.problems.parts, &mut out);
    let om = &r.other_matters;
    narrative_texts("other_matters", &om.text, &om.parts, &mut out);
    out
}

/// `SEC-MISSING`: sections 一, 五 and 六 have text (六 may be `无。`).
pub static SEC_MISSING: Rule = Rule {
    id: "SEC-MISSING",
    severity: Severity::Error,
    title: "六个部分都有内容",
    explain: "年度报告必须依次包含六个部分：一、总体情况；二、主动公开政府信息情况；三、收到和处理政府信息公开申请情况；\
四、政府信息公开行政复议、行政诉讼情况；五、存在的主要问题及改进情况；六、其他需要报告的事项。\
二、三、四由表格生成；一、五、六的文字不能为空，六没有内容时写“无。”。",
    run: sec_missing_rule,
};

fn sec_missing_rule(rule: &Rule, ctx: &Ctx) -> Vec<Diagnostic> {
    let r = ctx.report;
    let mut out = Vec::new();
    for (key, title, n) in r.narratives() {
        if n.is_empty() {
            let help = if key == "other_matters" {
                "没有其他需要报告的事项时写 text = \"无。\"".to_string()
            } else {
                format!("在 [{key}] 下写 text = \"\"\"…\"\"\"")
            };
            out.push(rule.diag(format!("“{title}”没有内容")).at(key).help(help));
        }
    }
    out
}

/// `PLACEHOLDER`: narrative still holds the scaffold's 【待填写】 text.
pub static PLACEHOLDER_RULE: Rule = Rule {
    id: "PLACEHOLDER",
    severity: Severity::Error,
    title: "没有遗留“【待填写】”的文字",
    explain: "gxgk new 生成的文件在每段需要撰写的文字前放了“【待填写】”和写作提示。\
这些段落换成本机关的实际内容之前，报告不能发布：gxgk check 报错误，gxgk render 不生成\
（需要先送审时加 --draft，生成带“草稿”水印的版本）。",
    run: placeholder_rule,
};

fn placeholder_rule(rule: &Rule, ctx: &Ctx) -> Vec<Diagnostic> {
    texts(ctx.report)
        .into_iter()
        .filter(|t| t.text.contains(MARK))
        .map(|t| {
            rule.diag("这段文字还是模板提示，尚未撰写")
                .at(t.path)
                .needle(MARK)
                .help("删去“【待填写】”和提示语，写入本机关的实际情况")
        })
        .collect()
}

/// The five areas of 一、总体情况 and words that show a report covers them.
const AREAS: [(&str, &[&str]); 5] = [
    ("主动公开", &["主动公开"]),
    ("依申请公开", &["依申请"]),
    ("政府信息管理", &["信息管理"]),
    ("政府信息公开平台建设", &["平台"]),
    ("监督保障", &["监督", "保障", "考核"]),
];

/// `OVERVIEW-AREAS`: 一、总体情况 covers the five areas.
pub static OVERVIEW_AREAS: Rule = Rule {
    id: "OVERVIEW-AREAS",
    severity: Severity::Warning,
    title: "总体情况涵盖五个方面",
    explain: "2021 版格式要求“总体情况”主要围绕主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障五个方面撰写；\
监督保障包括工作考核、社会评议和责任追究结果情况。2019 版的报告在实践中也按这五个方面写（此时仅作提示）。\
gxgk 在小标题和正文中查找这些词。",
    run: overview_areas_rule,
};

fn overview_areas_rule(rule: &Rule, ctx: &Ctx) -> Vec<Diagnostic> {
    let r = ctx.report;
    let mut all = r.overview.text.clone();
    for p in &r.overview.parts {
        all.push_str(&p.heading);
        all.push_str(&p.text);
    }
    let missing: Vec<&str> = AREAS
        .iter()
        .filter(|(_, words)| !words.iter().any(|w| all.contains(w)))
        .map(|(area, _)| *area)
        .collect();
    if missing.is_empty() {
        return Vec::new();
    }
    let mut d = rule
        .diag(format!("“一、总体情况”没有写到：{}", missing.join("、")))
        .at("overview")
        .help(format!(
            "为每个方面加一个部分，如 [[overview.parts]] heading = \"{}\"",
            missing[0]
        ));
    if r.edition() == Edition::E2019 {
        d.severity = Severity::Info;
    }
    vec![d]
}

/// Finds `YYYY年M月D日` dates in order, with their text.
fn chinese_dates(s: &str) -> Vec<(String, (i64, u32, u32))> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let num = |i: &mut usize| {
        let start = *i;
        while *i < chars.len() && chars[*i].is_ascii_digit() {
            *i += 1;
        }
        chars[start..*i]
            .iter()
            .collect::<String>()
            .parse::<i64>()
            .ok()
    };
    while i < chars.len() {
        let start = i;
        if let Some(y) = num(&mut i) {
            let save = i;
            let ok = (|| {
                if chars.get(i) != Some(&'年') {
                    return None;
                }
                i += 1;
                let m = num(&mut i)?;
                if chars.get(i) != Some(&'月') {
                    return None;
                }
                i += 1;
                let d = num(&mut i)?;
                if chars.get(i) != Some(&'日') {
                    return None;
                }
                i += 1;
                Some((m as u32, d as u32))
            })();
            match ok {
                Some((m, d)) => out.push((chars[start..i].iter().collect(), (y, m, d))),
                None => i = save,
            }
        } else {
            i += 1;
        }
    }
    out
}

/// A date in `s` whose digits ran together (`2025111231日`, `20211月7`): a run of digits before
/// `年` that is not four long, or of more than two before `月` or `日`. Returns the run with its
/// unit as written.
fn garbled_date(s: &str) -> Option<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        let run = i - start;
        let bad = match chars.get(i) {
            Some('年') => run != 4,
            Some('月') | Some('日') => run > 2,
            _ => false,
        };
        if bad {
            return Some(chars[start..=i].iter().collect());
        }
    }
    None
}

pub(super) fn sentences(text: &str) -> impl Iterator<Item = &str> {
    text.split(['。', '；', ';', '！', '？', '\n'])
        .filter(|s| !s.trim().is_empty())
}

/// `PERIOD`: a stated statistics period is exactly 1 January – 31 December of the year.
pub static PERIOD: Rule = Rule {
    id: "PERIOD",
    severity: Severity::Error,
    title: "写明的统计期限是报告年度的 1 月 1 日至 12 月 31 日",
    explain: "年度报告的统计期限是报告年度的 1 月 1 日至 12 月 31 日。gxgk 会在报告开头自动写出统计期限；\
如果文字中另外写了统计期限（如“统计期限自……起至……止”），日期必须与报告年度一致。常见原因：复制上年报告后年份没改。\
数字挤在一起、缺了“年”“月”的日期（如“2025111231日”“20211月7日”）也是错误。",
    run: period_rule,
};

fn period_rule(rule: &Rule, ctx: &Ctx) -> Vec<Diagnostic> {
    let year = ctx.report.year;
    let mut out = Vec::new();
    for t in texts(ctx.report) {
        for s in sentences(t.text).filter(|s| s.contains("统计")) {
            if let Some(bad) = garbled_date(s) {
                out.push(
                    rule.diag(format!(
                        "统计期限的日期写乱了：“{bad}”不是“YYYY年M月D日”，应为“{year}年1月1日”至“{year}年12月31日”"
                    ))
                    .at(&t.path)
                    .needle(bad)
                    .help(format!(
                        "改成“自{year}年1月1日起至{year}年12月31日止”，或删去这一句（gxgk 会自动写出统计期限）"
                    )),
                );
                continue;
            }
            let dates = chinese_dates(s);
            if dates.len() < 2 {
                continue;
            }
            let (ref a, start) = dates[0];
            let (ref b, end) = dates[1];
            if start != (year, 1, 1) || end != (year, 12, 31) {
                out.push(
                    rule.diag(format!(
                        "统计期限写的是“{a}”至“{b}”，应为“{year}年1月1日”至“{year}年12月31日”"
                    ))
                    .at(&t.path)
                    .needle(a.clone())
                    .help("改正日期，或删去这一句（gxgk 会自动写出统计期限）"),
                );
            }
        }
    }
    out
}

fn normalise_brackets(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '[' | '(' | '（' | '［' | '【' => '〔',
            ']' | ')' | '）' | '］' | '】' => '〕',
            c => c,
        })
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// `EDITION-CITE`: the narrative does not cite the other edition's notice.
pub static EDITION_CITE: Rule = Rule {
    id: "EDITION-CITE",
    severity: Severity::Warning,
    title: "文字中引用的格式文件与本版本一致",
    explain: "2021 年度起的报告依据国办公开办函〔2021〕30号编制，2019、2020 年度的报告依据国办公开办函〔2019〕60号。\
文字中引用了另一版的文号，通常是复制上年报告时没有改。",
    run: edition_cite_rule,
};

fn edition_cite_rule(rule: &Rule, ctx: &Ctx) -> Vec<Diagnostic> {
    let edition = ctx.report.edition();
    let (wrong, wrong_text) = match edition {
        Edition::E2021 => ("〔2019〕60号", "国办公开办函〔2019〕60号"),
        Edition::E2019 => ("〔2021〕30号", "国办公开办函〔2021〕30号"),
    };
    texts(ctx.report)
        .into_iter()
        .filter(|t| normalise_brackets(t.text).contains(wrong))
        .map(|t| {
            rule.diag(format!(
                "{} 年度的报告应依据{}，文字中却引用了{wrong_text}",
                ctx.report.year,
                edition.notice()
            ))
            .at(&t.path)
            .needle(if t.text.contains(wrong) {
                wrong
            } else {
                "60号"
            })
            .help(format!("改为{}", edition.notice()))
        })
        .collect()
}

/// `FEE-STATEMENT`: 2021, section 六 states the 信息处理费 situation, even if zero.
pub static FEE_STATEMENT: Rule = Rule {
    id: "FEE-STATEMENT",
    severity: Severity::Warning,
    title: "“六、其他需要报告的事项”说明信息处理费情况",
    explain: "2021 版格式要求在“其他需要报告的事项”中报告依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）\
收取信息处理费的情况：发出收费通知的件数和总金额、实际收取的总金额，即使为 0 也要写明。\
可以在“六”的文字里自己写这一句（如“本年度未发出信息处理费收费通知，未收取信息处理费。”），\
此时 [other_matters.fees] 可以不填；也可以在 [other_matters.fees] 下填写这三个数，由 gxgk 写出这一句\
（三个数都填了才写；文字里已经写了信息处理费时不再重复）。文字说“未收取”“未发出”而填的数字不是 0 时也会提示。",
    run: fee_statement_rule,
};

fn fee_statement_rule(rule: &Rule, ctx: &Ctx) -> Vec<Diagnostic> {
    let r = ctx.report;
    if r.edition() != Edition::E2021 {
        return Vec::new();
    }
    let om = &r.other_matters;
    let stated =
        om.text.contains("信息处理费") || om.parts.iter().any(|p| p.text.contains("信息处理费"));
    match &om.info_fees {
        None if !stated => vec![
            rule.diag("2021 版要求在“六、其他需要报告的事项”中说明信息处理费的收取情况，但没有填写")
                .at("other_matters")
                .help("在 [other_matters.fees] 下填写 notices_issued、notices_amount_yuan、collected_yuan，没有的填 0"),
        ],
        None => Vec::new(),
        Some(f) => {
            let text = std::iter::once(om.text.as_str())
                .chain(om.parts.iter().map(|p| p.text.as_str()))
                .collect::<Vec<_>>()
                .join("\n");
            let says_none = |w: &str| {
                sentences(&text).any(|s| s.contains(w) && s.contains("信息处理费"))
            };
            let mut out = Vec::new();
            for (word, key, nonzero) in [
                ("未收取", "collected_yuan", f.collected_yuan.get().0.fen > 0),
                ("未发出", "notices_issued", f.notices_issued.get() > 0),
            ] {
                if nonzero && says_none(word) {
                    out.push(
                        rule.diag(format!(
                            "文字说“{word}”信息处理费，但 [other_matters.fees] 的 {key} 不是 0"
                        ))
                        .at(format!("other_matters.fees.{key}"))
                        .help("核对文字和数字，改成一致"),
                    );
                }
            }
            if stated {
                // The clerk's sentence states the situation; the figures are optional.
                return out;
            }
            let missing: Vec<&str> = [
                ("notices_issued（收费通知件数）", f.notices_issued.is_value()),
                ("notices_amount_yuan（收费通知总金额）", f.notices_amount_yuan.is_value()),
                ("collected_yuan（实际收取金额）", f.collected_yuan.is_value()),
            ]
            .into_iter()
            .filter(|(_, ok)| !ok)
            .map(|(k, _)| k)
            .collect();
            if !missing.is_empty() {
                out.push(
                    rule.diag(format!("信息处理费情况不完整：{} 没有填写数字", missing.join("、")))
                        .at("other_matters.fees")
                        .help("没有发生的填 0；或在“六”的文字里自己写明信息处理费情况"),
                );
            }
            out
        }
    }
}

/// Parts of the pre-2019 format (条例 of 2007) that a copied preamble may still list.
const OLD_PARTS: [&str; 5] = [
    "概述",
    "收费及减免",
    "不予公开政府信息",
    "提起行政诉讼",
    "依申请公开政府信息和",
];

/// A count of parts as the preamble writes it: `6` or 一 to 十 (两 too).
fn chinese_count(s: &str) -> Option<u32> {
    if s.chars().all(|c| c.is_ascii_digit()) {
        return s.parse().ok();
    }
    numeral::parse(s).filter(|n| *n >= 1 && s.chars().count() == 1)
}

/// `INTRO-PARTS`: a preamble that lists the report's parts lists the six parts.
pub static INTRO_PARTS: Rule = Rule {
    id: "INTRO-PARTS",
    severity: Severity::Warning,
    title: "引言所列的组成部分与六个部分一致",
    explain: "引言常写“本报告由总体情况、主动公开政府信息情况……等六部分组成”。报告按国家格式由六个部分组成；\
引言里的部分数不是六、所列的项数与所说的部分数不符，或列的是 2019 年以前旧格式的部分\
（如“概述”“政府信息公开的收费及减免情况”“因政府信息公开申请行政复议、提起行政诉讼的情况”），\
通常是照抄了旧报告，应改正。",
    run: intro_parts_rule,
};

fn intro_parts_rule(rule: &Rule, ctx: &Ctx) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for s in sentences(&ctx.report.intro) {
        let Some(end) = s.find("部分组成") else {
            continue;
        };
        let head = slice::range(s, 0..end);
        let head = head.strip_suffix('个').unwrap_or(head);
        let numeral: String = {
            let mut v: Vec<char> = head
                .chars()
                .rev()
                .take_while(|c| c.is_ascii_digit() || numeral::DIGITS.contains(*c) || *c == '两')
                .collect();
            v.reverse();
            v.into_iter().collect()
        };
        let Some(n) = chinese_count(&numeral) else {
            continue;
        };
        let before = slice::range(head, 0..head.len() - numeral.len());
        let before = before
            .strip_suffix('等')
            .or_else(|| before.strip_suffix("共"))
            .unwrap_or(before);
        let list = before
            .rfind('由')
            .map_or("", |i| slice::from(before, i + '由'.len_utf8()));
        let items: Vec<&str> = list
            .split(['、', '，', ','])
            .map(str::trim)
            .filter(|i| !i.is_empty())
            .collect();
        let said = format!("{numeral}部分组成");
        let old: Vec<&str> = items
            .iter()
            .copied()
            .filter(|i| OLD_PARTS.iter().any(|o| i.contains(o)))
            .collect();
        if !old.is_empty() {
            out.push(
                rule.diag(format!(
                    "引言列出的组成部分有 2019 年以前旧格式的“{}”，现行格式的六个部分是：总体情况、主动公开政府信息情况、\
收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项",
                    old.join("”“")
                ))
                .at("intro")
                .needle(old[0])
                .help("按六个部分改写这一句，或删去这一句"),
            );
        } else if n != 6 {
            out.push(
                rule.diag(format!("引言说报告由“{said}”，但年度报告由六个部分组成"))
                    .at("intro")
                    .needle(said)
                    .help("改成“六部分组成”，并列全六个部分"),
            );
        } else if items.len() >= 2 && items.len() as u32 != n {
            out.push(
                rule.diag(format!(
                    "引言列出了 {} 个部分，却说“{said}”",
                    items.len()
                ))
                .at("intro")
                .needle(said)
                .help("列全六个部分：总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项"),
            );
        }
    }
    out
}

/// Findings of one rule over `t`, for tests.
#[cfg(test)]
fn only(d: Vec<crate::diag::Diagnostic>) -> Vec<String> {
    d.into_iter().map(|d| d.message).collect()
}

#[cfg(test)]
mod tests;
