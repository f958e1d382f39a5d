//! Rules on the narrative: sections present, sub-heading markers and numbering, the five
//! overview areas, the statistics period, edition citations, figures that contradict the
//! tables, the 信息处理费 statement and leftover placeholders (docs/spec structure.md §2, rules.md §6.2, layout.md §8.4).

use crate::diag::{Diagnostic, Severity};
use crate::model::PLACEHOLDER as MARK;
use crate::model::{Edition, Part, Report};

use super::{Ctx, Rule, numeral, slice};

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

/// The parentheses a `（一）` or `（1）` marker is written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Parens {
    /// `（）`, as GB/T 9704 writes them.
    Full,
    /// `()`.
    Half,
}

/// A heading marker at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Marker {
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
fn marker(line: &str) -> Option<(Marker, &str)> {
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

fn lines(text: &str) -> impl Iterator<Item = &str> {
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

fn subhead_style_rule(rule: &Rule, ctx: &Ctx) -> Vec<Diagnostic> {
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

fn subhead_seq_rule(rule: &Rule, ctx: &Ctx) -> Vec<Diagnostic> {
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
fn item_boundary(prev: Option<char>) -> bool {
    prev.is_none_or(|c| "，。；：,;:、 \u{3000}".contains(c))
}

/// `一是`、`二是`… in a line, in order: the number and the text as written.
fn enumeration_is(line: &str) -> Vec<(u32, String)> {
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
fn enumeration_paren(line: &str, start: Option<(Marker, &str)>) -> Vec<(u32, String)> {
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
mod tests {
    use super::super::testing::rule;
    use super::*;

    #[test]
    fn sec_missing() {
        assert!(rule(&SEC_MISSING, 2025, &[]).is_empty());
        let d = rule(&SEC_MISSING, 2025, &[("other_matters.text", "\"\"")]);
        assert_eq!(only(d), ["“六、其他需要报告的事项”没有内容"]);
    }

    #[test]
    fn placeholder() {
        assert!(
            rule(
                &PLACEHOLDER_RULE,
                2025,
                &[
                    ("overview", "{ text = \"本年度依法公开。\" }"),
                    ("problems", "{ text = \"无。\" }")
                ]
            )
            .is_empty()
        );
        assert_eq!(rule(&PLACEHOLDER_RULE, 2025, &[]).len(), 8);
    }

    #[test]
    fn markers() {
        let m = |l| marker(l).map(|(m, _)| m);
        assert_eq!(m("1.加强领导"), Some(Marker::L3(1, '.')));
        assert_eq!(m("2、加强领导"), Some(Marker::L3(2, '、')));
        assert_eq!(m("1.5万元用于"), None);
        assert_eq!(m("2020年，我镇"), None);
        assert_eq!(
            m("（三）平台建设"),
            Some(Marker::L2("三".into(), Parens::Full))
        );
        assert_eq!(m("(1)明确分工"), Some(Marker::L4(1, Parens::Half)));
        assert_eq!(m("一、总体情况"), Some(Marker::L1("一".into())));
        assert_eq!(m("一是加强领导"), None);
        // The marker as written, leading zeros and multi-byte separators included.
        assert_eq!(marker("01、主动公开"), Some((Marker::L3(1, '、'), "01、")));
        assert_eq!(
            marker("001、主动公开"),
            Some((Marker::L3(1, '、'), "001、"))
        );
        assert_eq!(
            marker("（01）主动公开"),
            Some((Marker::L4(1, Parens::Full), "（01）"))
        );
        assert_eq!(
            marker("(01)主动公开"),
            Some((Marker::L4(1, Parens::Half), "(01)"))
        );
        assert_eq!(
            marker("(一）主动公开"),
            Some((Marker::L2("一".into(), Parens::Half), "(一）"))
        );
        assert_eq!(marker("01、"), Some((Marker::L3(1, '、'), "01、")));
        assert_eq!(marker("1"), None);
        assert_eq!(marker("（"), None);
    }

    /// Headings numbered with a leading zero used to slice inside `、` and panic, and
    /// `(01)` got the advice `heading = ")主动公开"` (a review of the clerk-facing advice found both).
    #[test]
    fn subhead_style_leading_zero_headings() {
        for (heading, help) in [
            ("01、主动公开", "写成 heading = \"主动公开\""),
            ("001、主动公开", "写成 heading = \"主动公开\""),
            ("（01）主动公开", "写成 heading = \"主动公开\""),
            ("(01)主动公开", "写成 heading = \"主动公开\""),
            ("01、", "小标题只有编号：删去编号，写上小标题的文字"),
        ] {
            let d = rule(
                &SUBHEAD_STYLE,
                2025,
                &[(
                    "overview.parts",
                    &format!("[{{ heading = \"{heading}\", text = \"x\" }}]"),
                )],
            );
            assert_eq!(d.len(), 1, "{heading}: {d:#?}");
            assert_eq!(d[0].help.as_deref(), Some(help), "{heading}");
            assert!(
                heading.starts_with(d[0].needle.as_deref().unwrap()),
                "{heading}"
            );
        }
        let d = rule(
            &SUBHEAD_STYLE,
            2025,
            &[("overview.text", "\"01、加强领导\\n（01）明确分工\"")],
        );
        assert_eq!(only(d), ["三级标题应写“1.”（英文句点），不是“01、”"],);
    }

    #[test]
    fn subhead_style() {
        assert!(
            rule(
                &SUBHEAD_STYLE,
                2025,
                &[("overview.text", "\"1.加强领导\\n（1）明确分工\"")]
            )
            .is_empty()
        );
        let d = rule(
            &SUBHEAD_STYLE,
            2025,
            &[(
                "overview.text",
                "\"（一）加强领导\\n1、明确分工\\n(1)压实责任\"",
            )],
        );
        assert_eq!(d.len(), 3, "{d:#?}");
        assert!(d[1].message.contains("应写“1.”"));
        let d = rule(
            &SUBHEAD_STYLE,
            2025,
            &[(
                "problems.parts",
                "[{ heading = \"（一）存在问题。\", text = \"x\" }]",
            )],
        );
        assert_eq!(d.len(), 2, "{d:#?}");
        assert_eq!(d[0].help.as_deref(), Some("写成 heading = \"存在问题。\""));
    }

    #[test]
    fn subhead_seq() {
        assert!(
            rule(
                &SUBHEAD_SEQ,
                2025,
                &[(
                    "overview.text",
                    "\"1.甲\\n（1）子\\n（2）子\\n2.乙\\n（1）子\""
                )]
            )
            .is_empty()
        );
        let d = rule(
            &SUBHEAD_SEQ,
            2025,
            &[("overview.text", "\"1.甲\\n3.乙\\n（2）子\"")],
        );
        assert_eq!(
            only(d),
            [
                "编号不连续：这里应为“2.”，写的是“3.”",
                "编号不连续：这里应为“（1）”，写的是“（2）”"
            ]
        );
    }

    #[test]
    fn subhead_seq_in_paragraphs() {
        let ok = "\"一是加强领导；二是完善制度；三是强化培训。存在问题：一是更新慢，二是解读少。\\n（1）建台账；（2）定专人。\"";
        assert!(rule(&SUBHEAD_SEQ, 2025, &[("problems.text", ok)]).is_empty());
        let d = rule(
            &SUBHEAD_SEQ,
            2025,
            &[(
                "problems.text",
                "\"一是加强领导；二是完善制度；三是强化培训；三是加强考核。\"",
            )],
        );
        assert_eq!(only(d), ["段落中的列举重复：这里应为“四是”，写的是“三是”"]);
        let d = rule(
            &SUBHEAD_SEQ,
            2025,
            &[("problems.text", "\"一是加强领导，三是强化培训。\"")],
        );
        assert_eq!(only(d), ["段落中的列举跳号：这里应为“二是”，写的是“三是”"]);
        let d = rule(
            &SUBHEAD_SEQ,
            2025,
            &[("problems.text", "\"措施如下：（1）建台账；（3）定专人。\"")],
        );
        assert_eq!(
            only(d),
            ["段落中的列举跳号：这里应为“（2）”，写的是“（3）”"]
        );
        // Words that contain 一是 or a bracketed year are not enumerations.
        assert!(
            rule(
                &SUBHEAD_SEQ,
                2025,
                &[(
                    "problems.text",
                    "\"统一是基础，唯一是目标（2025）。第（2）项。\""
                )]
            )
            .is_empty()
        );
        assert_eq!(numeral::write(12), "十二");
        assert_eq!(numeral::parse_standard("二十", 30), Some(20));
    }

    #[test]
    fn overview_areas() {
        assert!(rule(&OVERVIEW_AREAS, 2025, &[]).is_empty());
        let d = rule(
            &OVERVIEW_AREAS,
            2025,
            &[(
                "overview",
                "{ text = \"本年度依法推进政府信息公开工作。\" }",
            )],
        );
        assert_eq!(d.len(), 1);
        assert!(
            d[0].message
                .contains("主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障"),
            "{}",
            d[0].message
        );
        assert_eq!(d[0].severity, Severity::Warning);
        let d = rule(&OVERVIEW_AREAS, 2020, &[("overview", "{ text = \"x\" }")]);
        assert_eq!(d[0].severity, Severity::Info);
    }

    #[test]
    fn period() {
        assert!(
            rule(
                &PERIOD,
                2025,
                &[(
                    "intro",
                    "\"本报告所列数据的统计期限自2025年1月1日起至2025年12月31日止。\""
                )]
            )
            .is_empty()
        );
        let d = rule(
            &PERIOD,
            2025,
            &[(
                "intro",
                "\"本报告所列数据的统计期限自2024年1月1日起至2024年12月31日止。\"",
            )],
        );
        assert_eq!(
            only(d),
            [
                "统计期限写的是“2024年1月1日”至“2024年12月31日”，应为“2025年1月1日”至“2025年12月31日”"
            ]
        );
    }

    /// Digits run together in the period are an error, not a silent pass.
    #[test]
    fn period_garbled() {
        for (text, bad) in [
            (
                "本报告统计期限自2025年1月1日起至2025111231日止。",
                "2025111231日",
            ),
            ("本报告所列数据统计期限为20211月7日。", "20211月"),
            ("统计时间为225年1月1日至2025年12月31日。", "225年"),
        ] {
            let d = rule(&PERIOD, 2025, &[("intro", &format!("\"{text}\""))]);
            assert_eq!(d.len(), 1, "{text}: {d:#?}");
            assert_eq!(d[0].severity, Severity::Error);
            assert_eq!(d[0].needle.as_deref(), Some(bad), "{text}");
        }
        // Figures that are not dates do not trip it.
        assert!(
            rule(
                &PERIOD,
                2025,
                &[(
                    "intro",
                    "\"统计数据显示，全年公开信息330条，答复申请12件。\""
                )]
            )
            .is_empty()
        );
    }

    #[test]
    fn intro_parts() {
        let six = "本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项等六部分组成。";
        assert!(rule(&INTRO_PARTS, 2025, &[("intro", &format!("\"{six}\""))]).is_empty());
        let five = six.replace("、其他需要报告的事项", "");
        let d = rule(&INTRO_PARTS, 2025, &[("intro", &format!("\"{five}\""))]);
        assert_eq!(only(d), ["引言列出了 5 个部分，却说“六部分组成”"]);
        let seven = "本报告由概述、主动公开政府信息的情况、依申请公开政府信息和不予公开政府信息的情况、政府信息公开的收费及减免情况、因政府信息公开申请行政复议、提起行政诉讼的情况、政府信息公开工作存在的主要问题及改进情况、其他需要报告的事项七个部分组成。";
        let d = rule(&INTRO_PARTS, 2025, &[("intro", &format!("\"{seven}\""))]);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(d[0].message.contains("旧格式的“概述”"), "{}", d[0].message);
        let d = rule(
            &INTRO_PARTS,
            2025,
            &[("intro", "\"本报告由总体情况等五部分组成。\"")],
        );
        assert_eq!(
            only(d),
            ["引言说报告由“五部分组成”，但年度报告由六个部分组成"]
        );
    }

    #[test]
    fn edition_cite() {
        assert!(
            rule(
                &EDITION_CITE,
                2025,
                &[("intro", "\"根据国办公开办函〔2021〕30号要求编制。\"")]
            )
            .is_empty()
        );
        assert_eq!(
            rule(
                &EDITION_CITE,
                2025,
                &[("intro", "\"根据国办公开办函[2019]60号要求编制。\"")]
            )
            .len(),
            1
        );
        assert_eq!(
            rule(
                &EDITION_CITE,
                2020,
                &[("intro", "\"根据国办公开办函〔2021〕30号要求编制。\"")]
            )
            .len(),
            1
        );
    }

    #[test]
    fn fee_statement() {
        assert!(rule(&FEE_STATEMENT, 2025, &[]).is_empty());
        assert!(rule(&FEE_STATEMENT, 2020, &[]).is_empty());
        assert_eq!(
            rule(&FEE_STATEMENT, 2025, &[("other_matters.fees", "")]).len(),
            1
        );
        assert!(
            rule(
                &FEE_STATEMENT,
                2025,
                &[
                    ("other_matters.fees", ""),
                    ("other_matters.text", "\"本年度未收取信息处理费。\"")
                ]
            )
            .is_empty()
        );
        assert_eq!(
            rule(
                &FEE_STATEMENT,
                2025,
                &[("other_matters.fees", "{ notices_issued = 0 }")]
            )
            .len(),
            1
        );
        // One sentence of the clerk's own makes the figures optional.
        assert!(
            rule(
                &FEE_STATEMENT,
                2025,
                &[
                    ("other_matters.fees", "{ notices_issued = 0 }"),
                    ("other_matters.text", "\"本年度未收取信息处理费。\"")
                ]
            )
            .is_empty()
        );
        // …but they must not contradict it.
        let d = rule(
            &FEE_STATEMENT,
            2025,
            &[
                (
                    "other_matters.fees",
                    "{ notices_issued = 1, notices_amount_yuan = 100, collected_yuan = 100 }",
                ),
                ("other_matters.text", "\"本年度未收取信息处理费。\""),
            ],
        );
        assert_eq!(
            only(d),
            ["文字说“未收取”信息处理费，但 [other_matters.fees] 的 collected_yuan 不是 0"]
        );
    }
}
