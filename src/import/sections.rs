//! The document's structure: title, portal metadata, preamble, the six sections (found by
//! what they say, even when renamed, misnumbered or run into their first paragraph), the
//! sign-off, and the narrative of sections 一, 五, 六 as paragraphs and （一）（二） parts.

use chrono::NaiveDate;

use super::lines::{Line, find_date, key};

/// A paragraph with the source line where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Para {
    /// The text, lines re-joined.
    pub text: String,
    /// Source line of its first line.
    pub line: usize,
}

/// One of the six sections as found.
#[derive(Debug, Clone)]
pub struct Section {
    /// The heading as published (without a run-in text).
    pub heading: String,
    /// Source line of the heading.
    pub line: usize,
    /// Index range of the section's body in the line list.
    pub body: std::ops::Range<usize>,
    /// Text that followed the heading on the same line.
    pub run_in: Option<String>,
}

/// The sign-off block.
#[derive(Debug, Clone, Default)]
pub struct Signoff {
    /// The agency name with its line.
    pub name: Option<(String, usize)>,
    /// The date, when it reads as one.
    pub date: Option<(NaiveDate, usize)>,
    /// A date line that could not be read.
    pub unreadable: Option<(String, usize)>,
    /// Index of the sign-off's first line (the narrative ends there).
    pub start: usize,
}

/// The document's structure.
#[derive(Debug, Clone, Default)]
pub struct Structure {
    /// The title as published, with its line.
    pub title: Option<(String, usize)>,
    /// A date from the portal's metadata: (date, line, which label).
    pub meta_date: Option<(NaiveDate, usize, String)>,
    /// Preamble paragraphs before section 一.
    pub intro: Vec<Para>,
    /// The six sections in template order.
    pub sections: [Option<Section>; 6],
    /// The sign-off.
    pub signoff: Signoff,
}

/// What a section's heading says, by section.
fn section_of(k: &str) -> Option<usize> {
    if k.contains("总体情况") || k == "概述" {
        Some(0)
    } else if k.contains("主动公开政府信息") {
        Some(1)
    } else if k.contains("收到和处理政府信息公开申请") || k.contains("依申请公开政府信息情况")
    {
        Some(2)
    } else if (k.contains("行政复议") && k.contains("行政诉讼")) || k.contains("复议、诉讼")
    {
        Some(3)
    } else if k.contains("存在的主要问题")
        || k.contains("存在问题")
        || k.contains("主要问题及改进")
        || k.contains("问题和改进")
    {
        Some(4)
    } else if k.contains("其他需要报告") {
        Some(5)
    } else {
        None
    }
}

/// The marker of a top-level heading (`一、`, `1、`, `1.`, `第一部分`), its length in chars.
fn top_marker(s: &str) -> usize {
    let c: Vec<char> = s.chars().collect();
    let mut i = 0;
    if c.first() == Some(&'第') {
        i = 1;
    }
    let start = i;
    while i < c.len() && ("一二三四五六七八九十".contains(c[i]) || c[i].is_ascii_digit())
    {
        i += 1;
    }
    if i == start {
        return 0;
    }
    if i < c.len() && "、.,，:：".contains(c[i]) {
        return i + 1;
    }
    if i + 1 < c.len() && c[i] == '部' && c[i + 1] == '分' {
        return i + 2;
    }
    if c.first() == Some(&'第') {
        return 0;
    }
    // `一 总体情况`
    if i < c.len() && c[i] == ' ' {
        return i + 1;
    }
    0
}

/// Whether a line opens a sub-part: `（一）`, `(一)`, `一是`… only the bracketed form.
pub fn part_marker(s: &str) -> Option<usize> {
    let c: Vec<char> = s.trim_start().chars().collect();
    let open = *c.first()?;
    if open != '(' && open != '（' {
        return None;
    }
    let mut i = 1;
    while i < c.len() && "一二三四五六七八九十".contains(c[i]) {
        i += 1;
    }
    if i == 1 || i >= c.len() || (c[i] != ')' && c[i] != '）') {
        return None;
    }
    Some(i + 1)
}

/// Splits a run-in heading: `总体情况。2025年…` → (`总体情况`, `2025年…`).
fn split_run_in(rest: &str) -> (String, Option<String>) {
    let rest = rest.trim();
    for (i, c) in rest.char_indices() {
        if "。：:".contains(c) {
            let head = rest[..i].trim().to_string();
            let tail = rest[i + c.len_utf8()..].trim().to_string();
            if head.chars().count() <= 30 {
                return (head, (!tail.is_empty()).then_some(tail));
            }
            break;
        }
    }
    (rest.to_string(), None)
}

/// Splits `rest` after a known section heading at its start (spaces inside it allowed).
fn known_heading(rest: &str) -> Option<(String, Option<String>)> {
    let c: Vec<char> = rest.trim().chars().collect();
    let mut k = Vec::new();
    let mut at = Vec::new();
    for (i, ch) in c.iter().enumerate() {
        if let Some(x) = key(&ch.to_string()).chars().next() {
            k.push(x);
            at.push(i);
        }
    }
    let len = (0..6).find_map(|n| super::runin::heading_at(&k, n))?;
    let end = at[len - 1] + 1;
    let head: String = c[..end].iter().collect();
    let tail: String = c[end..].iter().collect();
    let tail = tail.trim_start_matches(['。', '：', ':', ' ', '，']).trim();
    Some((head, (!tail.is_empty()).then(|| tail.to_string())))
}

const META: [&str; 16] = [
    "索引号",
    "发布日期",
    "成文日期",
    "发布时间",
    "生成日期",
    "浏览次数",
    "字体",
    "来源",
    "发布机构",
    "组配分类",
    "公开方式",
    "主题分类",
    "体裁分类",
    "首页",
    "文号",
    "信息来源",
];

/// Finds the structure of a document.
pub fn structure(lines: &[Line]) -> Structure {
    let mut s = Structure::default();
    // Sections, in order.
    let mut found: Vec<(usize, usize, String, Option<String>)> = Vec::new(); // (section, idx, heading, run-in)
    let mut last: Option<usize> = None;
    for (i, l) in lines.iter().enumerate() {
        let t = l.text.trim();
        if t.is_empty() || l.filled_fields() >= 2 {
            continue;
        }
        let m = top_marker(t);
        let rest: String = t.chars().skip(m).collect();
        let (mut head, mut run_in) = split_run_in(&rest);
        if m > 0 && key(&head).chars().count() > 16 {
            // `一、总体情况2024年，我镇…`: a known heading run into its first sentence.
            if let Some((h, tail)) = known_heading(&rest) {
                (head, run_in) = (h, tail);
            }
        }
        let k = key(&head);
        if k.chars().count() > 30 || (m == 0 && k.chars().count() > 16) {
            continue;
        }
        // A sub-part such as （二）依申请公开情况 is not a section heading.
        if part_marker(t).is_some() {
            continue;
        }
        if let Some(n) = section_of(&k)
            && last.is_none_or(|p| n > p)
        {
            found.push((n, i, t.chars().take(m).collect::<String>() + &head, run_in));
            last = Some(n);
        }
    }
    // Sign-off: an agency name followed by a date, after the last section's start.
    let after = found.last().map_or(0, |f| f.1 + 1);
    s.signoff.start = lines.len();
    let filled: Vec<usize> = (after..lines.len())
        .filter(|&i| !lines[i].is_blank())
        .collect();
    for w in filled.windows(2).rev() {
        let name = lines[w[0]].text.trim();
        let date = lines[w[1]].text.trim();
        let kname = key(name);
        let namelike = kname.chars().count() <= 30
            && !kname.contains(['。', ',', ';', ':'])
            && [
                "政府",
                "办事处",
                "办公室",
                "局",
                "委员会",
                "管委会",
                "镇",
                "乡",
                "街道",
                "中心",
                "处",
            ]
            .iter()
            .any(|e| kname.ends_with(e));
        let datelike = date.chars().count() <= 20
            && date.chars().filter(|c| c.is_ascii_digit()).count() >= 4
            && (date.contains('年') || date.contains('月') || date.contains('-'));
        if namelike && datelike {
            s.signoff.name = Some((kname, lines[w[0]].no));
            match find_date(date) {
                Some(d) => s.signoff.date = Some((d, lines[w[1]].no)),
                None => s.signoff.unreadable = Some((date.to_string(), lines[w[1]].no)),
            }
            s.signoff.start = w[0];
            break;
        }
    }
    for (j, (n, i, head, run_in)) in found.iter().enumerate() {
        let end = found.get(j + 1).map_or(s.signoff.start, |f| f.1);
        s.sections[*n] = Some(Section {
            heading: head.clone(),
            line: lines[*i].no,
            body: (*i + 1)..end.max(*i + 1),
            run_in: run_in.clone(),
        });
    }
    // Title, metadata and preamble before the first section.
    let first = found.first().map_or(lines.len(), |f| f.1);
    let mut prev_filled: Option<usize> = None;
    let mut intro_lines: Vec<usize> = Vec::new();
    for i in 0..first {
        let t = lines[i].text.trim();
        if t.is_empty() {
            continue;
        }
        let k = key(t);
        if let Some(label) = META.iter().find(|m| k.contains(*m)) {
            if s.meta_date.is_none()
                && matches!(*label, "成文日期" | "发布日期" | "发布时间" | "生成日期")
            {
                // The date is on this line, or on the next filled line (`• 成文日期:` / `• 2021-01-27`).
                let here = k.split(label).nth(1).and_then(find_date);
                let next = (i + 1..first)
                    .find(|&j| !lines[j].is_blank())
                    .and_then(|j| find_date(&lines[j].text).map(|d| (d, j)));
                match (here, next) {
                    (Some(d), _) => s.meta_date = Some((d, lines[i].no, label.to_string())),
                    (None, Some((d, j))) => s.meta_date = Some((d, lines[j].no, label.to_string())),
                    _ => {}
                }
            }
            prev_filled = Some(i);
            continue;
        }
        let titlelike = k.contains("报告")
            && k.contains("信息公开")
            && k.chars().count() <= 60
            && !k.contains('。');
        // A second copy of the title (portal pages print it twice) is skipped; other
        // lines mentioning 信息公开 and 报告 after it are text.
        let titlelike = titlelike
            && s.title
                .as_ref()
                .is_none_or(|(tt, _)| key(tt).replace('，', ",") == k || key(tt).ends_with(&k));
        if titlelike {
            if s.title.is_none() {
                // A title broken after the agency name: `丹朱镇人民政府` / `2020 年政府…`.
                // …or after the year (`磐石镇人民政府2025年` / `政府信息公开工作年度报告`).
                // `2023年清河县人民政府办公室政府信息公开…` names the agency after the year: whole.
                let after_year: String = k.chars().skip(4).collect();
                let after_year = after_year
                    .trim_start_matches("年度")
                    .trim_start_matches('年');
                let starts_with_year = (k.chars().take(4).all(|c| c.is_ascii_digit())
                    && after_year.starts_with("政府信息公开"))
                    || (k.starts_with("政府信息公开")
                        && prev_filled.is_some_and(|p| {
                            let pk = key(&lines[p].text);
                            pk.chars().count() <= 30 && (pk.ends_with('年') || pk.ends_with("年度"))
                        }));
                let (text, line) = match prev_filled {
                    Some(p) if starts_with_year => (key(&lines[p].text) + &k, lines[p].no),
                    _ => (k.clone(), lines[i].no),
                };
                intro_lines.retain(|&j| Some(j) != prev_filled || !starts_with_year);
                s.title = Some((text.replace(',', "，"), line));
            }
            prev_filled = Some(i);
            continue;
        }
        // Preamble: what follows the title, except navigation.
        if s.title.is_some() && !t.contains(" > ") && !t.contains(" | ") {
            intro_lines.push(i);
        } else if s.title.is_none() {
            intro_lines.clear();
        }
        prev_filled = Some(i);
    }
    s.intro = paragraphs(lines, &intro_lines);
    s
}

/// Sentence-final punctuation: a paragraph ending otherwise was broken by the copy.
fn ends_sentence(s: &str) -> bool {
    s.trim_end()
        .chars()
        .last()
        .is_some_and(|c| "。！？；：:;!?）)」”\"…".contains(c))
}

fn starts_marker(s: &str) -> bool {
    let t = s.trim_start();
    part_marker(t).is_some()
        || top_marker(t) > 0
        || t.starts_with("（1")
        || t.starts_with("(1")
        || ["一是", "二是", "三是", "四是", "五是"]
            .iter()
            .any(|m| t.starts_with(m))
}

/// Paragraphs of the given line indices, re-joining lines a copy broke mid-sentence.
pub fn paragraphs(lines: &[Line], idx: &[usize]) -> Vec<Para> {
    use unicode_width::UnicodeWidthStr;
    let mut out: Vec<Para> = Vec::new();
    let mut open = false;
    // Text wrapped at a fixed width (a PDF's text layer): a full line continues its
    // paragraph even when it happens to end with 。.
    let widths: Vec<usize> = idx
        .iter()
        .map(|&i| lines[i].text.trim().width())
        .filter(|&w| w > 0)
        .collect();
    let max = widths.iter().copied().max().unwrap_or(0);
    let near = widths.iter().filter(|&&w| w + 3 >= max).count();
    let wrapped = widths.len() >= 5 && near * 10 >= widths.len() * 3 && max <= 120;
    for &i in idx {
        let t = lines[i].text.trim();
        if t.is_empty() {
            continue;
        }
        let t = t.replace('\t', " ");
        let t = t.trim();
        match out.last_mut() {
            Some(p) if open && !starts_marker(t) && !is_heading_para(&p.text) => {
                p.text.push_str(t);
            }
            _ => out.push(Para {
                text: t.to_string(),
                line: lines[i].no,
            }),
        }
        open = !ends_sentence(t) || (wrapped && t.width() + 3 >= max);
    }
    out
}

/// A paragraph that is only a sub-heading (`（一）存在问题`), not a run-in one.
fn is_heading_para(s: &str) -> bool {
    match part_marker(s) {
        Some(m) => {
            let rest: String = s.trim_start().chars().skip(m).collect();
            s.chars().count() <= 30 && split_run_in(&rest).1.is_none()
        }
        None => false,
    }
}

/// Whether a line is a printed page number (`— 3 —`, `-3-`).
pub fn page_number(t: &str) -> bool {
    let k: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    let dashes = ['—', '-', '–', '－', '―'];
    let inner = k.trim_matches(dashes);
    k.starts_with(dashes)
        && k.ends_with(dashes)
        && !inner.is_empty()
        && inner.chars().all(|c| c.is_ascii_digit())
}

/// Lines that are page furniture, not narrative: attachments, lone numbers.
fn furniture(t: &str) -> bool {
    let k = t.trim().to_lowercase();
    k.ends_with(".pdf")
        || k.ends_with(".doc")
        || k.ends_with(".docx")
        || k.ends_with(".wps")
        || (!k.is_empty() && k.chars().all(|c| c.is_ascii_digit()))
        || k == "温馨提示"
}

/// A narrative section as imported.
#[derive(Debug, Clone, Default)]
pub struct NarrativeImport {
    /// Lead paragraphs before the first part.
    pub text: Vec<Para>,
    /// Parts: heading (without its marker), heading line, paragraphs.
    pub parts: Vec<(String, usize, Vec<Para>)>,
}

/// The narrative of a section body, with parts split at （一）（二） markers; a run-in
/// heading (`（一）主动公开方面。2025年…`) becomes heading + text.
pub fn narrative(lines: &[Line], sec: &Section) -> NarrativeImport {
    let idx: Vec<usize> = sec
        .body
        .clone()
        .filter(|&i| !furniture(&lines[i].text))
        .collect();
    let mut paras = paragraphs(lines, &idx);
    if let Some(r) = &sec.run_in {
        paras.insert(
            0,
            Para {
                text: r.clone(),
                line: sec.line,
            },
        );
    }
    let mut n = NarrativeImport::default();
    for p in paras {
        if let Some(m) = part_marker(&p.text) {
            let rest: String = p.text.trim_start().chars().skip(m).collect();
            let (head, tail) = split_run_in(&rest);
            let head_ok = head.chars().count() <= 30;
            let (head, tail) = if head_ok {
                (head, tail)
            } else {
                (String::new(), Some(rest.trim().to_string()))
            };
            let mut body = Vec::new();
            if let Some(t) = tail {
                body.push(Para {
                    text: t,
                    line: p.line,
                });
            }
            n.parts.push((
                head.trim_end_matches(['。', '；', ';', '，', ','])
                    .to_string(),
                p.line,
                body,
            ));
            continue;
        }
        match n.parts.last_mut() {
            Some(part) => part.2.push(p),
            None => n.text.push(p),
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::lines::lines_of;

    #[test]
    fn renamed_misnumbered_and_run_in_sections() {
        let text = "某镇2025年政府信息公开工作年度报告\n\
                    1、总体情况。本年度我镇依法公开政府信息。\n\
                    （一）主动公开方面。2025年公开信息12条。\n\
                    （二）依申请公开情况：全年收到申请2件。\n\
                    二、主动公开政府信息的情况\n\
                    三、收到和处理政府信息公开申请情况\n\
                    四、政府信息公开行政复议、行政诉讼情况\n\
                    五、存在问题及改进情况\n\
                    问题是宣传不够，\n\
                    改进是加强培训。\n\
                    六、其他需要报告的事项\n无。\n\
                    某镇人民政府\n2026年1月20日\n";
        let lines = lines_of(text);
        let s = structure(&lines);
        assert_eq!(
            s.title.as_ref().unwrap().0,
            "某镇2025年政府信息公开工作年度报告"
        );
        for (i, sec) in s.sections.iter().enumerate() {
            assert!(sec.is_some(), "section {i}");
        }
        let one = s.sections[0].as_ref().unwrap();
        assert_eq!(one.heading, "1、总体情况");
        assert_eq!(one.run_in.as_deref(), Some("本年度我镇依法公开政府信息。"));
        let n = narrative(&lines, one);
        assert_eq!(n.text[0].text, "本年度我镇依法公开政府信息。");
        assert_eq!(n.parts.len(), 2);
        assert_eq!(n.parts[0].0, "主动公开方面");
        assert_eq!(n.parts[0].2[0].text, "2025年公开信息12条。");
        assert_eq!(n.parts[1].0, "依申请公开情况");
        let five = narrative(&lines, s.sections[4].as_ref().unwrap());
        assert_eq!(five.text[0].text, "问题是宣传不够，改进是加强培训。");
        assert_eq!(s.signoff.name.as_ref().unwrap().0, "某镇人民政府");
        assert_eq!(
            s.signoff.date.unwrap().0,
            NaiveDate::from_ymd_opt(2026, 1, 20).unwrap()
        );
        let six = narrative(&lines, s.sections[5].as_ref().unwrap());
        assert_eq!(six.text[0].text, "无。");
    }

    #[test]
    fn heading_run_into_its_first_sentence() {
        let text = "2023年清河县人民政府办公室政府信息公开工作年度报告\n\
                    一、总体情况2024年，我镇围绕中心工作推进政务公开，各项工作平稳有序开展。\n\
                    二、主动公开政府信息情况\n\
                    五、存在的主要问题及改进情况2024年，政策解读形式比较单一，需要改进。\n\
                    六、其他需要报告的事项\n无。\n";
        let lines = lines_of(text);
        let s = structure(&lines);
        let one = s.sections[0].as_ref().expect("section 一");
        assert_eq!(one.heading, "一、总体情况");
        assert!(one.run_in.as_deref().unwrap().starts_with("2024年，我镇"));
        let five = s.sections[4].as_ref().expect("section 五");
        assert_eq!(five.heading, "五、存在的主要问题及改进情况");
        assert!(five.run_in.as_deref().unwrap().starts_with("2024年，政策"));
    }
}
