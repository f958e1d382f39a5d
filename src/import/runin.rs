//! Run-together text (a crawled page, a bad copy): the whole report on one or a few very long
//! lines, headings, paragraphs, table labels and figures joined. The template's own words are
//! the anchors: the title's end, the six section headings in order, the （一）（二） parts of
//! the narrative, the sign-off, and in the table sections the break between a label and its
//! figures (and the labels of table 二, which are matched exactly). The text is cut there into
//! lines, every piece keeping the source line it came from, and imported as usual: the digits
//! between two labels are one row, solved by [`super::solve`] under the table's constraints.

use super::lines::{Line, is_cjk, key};
use crate::model::Edition;

/// Section headings as published, by section, in key form (longest first): the template's
/// and the variants seen on portals.
pub const HEADINGS: [&[&str]; 6] = [
    &["总体情况", "概述"],
    &["主动公开政府信息的情况", "主动公开政府信息情况"],
    &[
        "收到和处理政府信息公开申请的情况",
        "收到和处理政府信息公开申请情况",
        "依申请公开政府信息情况",
    ],
    &[
        "政府信息公开行政复议,行政诉讼情况",
        "政府信息公开行政复议和行政诉讼情况",
        "政府信息公开行政复议,行政诉讼的情况",
    ],
    &[
        "存在的主要问题及改进情况",
        "存在的主要问题和改进情况",
        "主要问题及改进情况",
        "存在问题及改进情况",
    ],
    &["其他需要报告的事项"],
];

/// The numbering of each section's heading, in key form: `一、`, or `1、` / `1.` as some
/// offices number them.
const MARKERS: [[&str; 3]; 6] = [
    ["一,", "1,", "1."],
    ["二,", "2,", "2."],
    ["三,", "3,", "3."],
    ["四,", "4,", "4."],
    ["五,", "5,", "5."],
    ["六,", "6,", "6."],
];

/// The length (in key characters) of a known heading of section `n` at the start of `k`.
pub fn heading_at(k: &[char], n: usize) -> Option<usize> {
    HEADINGS[n].iter().find_map(|h| {
        let h: Vec<char> = h.chars().collect();
        k.starts_with(&h).then_some(h.len())
    })
}

/// A line in key form: the folded characters and, for each, its char index in the line.
struct Folded {
    chars: Vec<char>,
    at: Vec<usize>,
}

fn fold(text: &[char]) -> Folded {
    let mut f = Folded {
        chars: Vec::new(),
        at: Vec::new(),
    };
    for (i, c) in text.iter().enumerate() {
        let k = key(&c.to_string());
        if let Some(kc) = k.chars().next() {
            f.chars.push(kc);
            f.at.push(i);
        }
    }
    f
}

fn find(hay: &[char], needle: &[char], from: usize) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    (from..=hay.len() - needle.len()).find(|&i| hay[i..i + needle.len()] == *needle)
}

/// Where each of the six sections' headings is in a folded line: (section, start, end) in
/// folded indices, in template order, searching each after the one before.
fn headings(k: &[char], from_section: usize) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut pos = 0;
    for (n, markers) in MARKERS.iter().enumerate().skip(from_section) {
        let mut best: Option<(usize, usize)> = None;
        for marker in markers {
            let m: Vec<char> = marker.chars().collect();
            let mut i = pos;
            while let Some(s) = find(k, &m, i) {
                if let Some(len) = heading_at(&k[s + m.len()..], n) {
                    if best.is_none_or(|b| s < b.0) {
                        best = Some((s, s + m.len() + len));
                    }
                    break;
                }
                i = s + 1;
            }
        }
        if let Some((s, e)) = best {
            out.push((n, s, e));
            pos = e;
        }
    }
    out
}

/// The titles in the opening of a run-together text, as (start, end) in folded indices: an
/// end word with a year shortly before it; the title starts where the agency name before the
/// year starts — after a piece of metadata or navigation, or a title before it.
fn titles(k: &[char]) -> Vec<(usize, usize)> {
    const ENDS: [&str; 2] = ["年度报告", "工作报告"];
    const BEFORE: [&str; 5] = ["主动公开", "依申请公开", "年报", "年度报告", "工作报告"];
    let mut out = Vec::new();
    for end in ENDS {
        let e: Vec<char> = end.chars().collect();
        let mut from = 0;
        while let Some(i) = find(k, &e, from) {
            from = i + 1;
            let window = i.saturating_sub(40);
            let Some(y) = (window..i).rev().find(|&p| {
                p + 4 < k.len() && k[p..p + 4].iter().all(char::is_ascii_digit) && k[p + 4] == '年'
            }) else {
                continue;
            };
            let mut start = y;
            while start > 0
                && is_cjk(k[start - 1])
                && !BEFORE.iter().any(|b| {
                    let b: Vec<char> = b.chars().collect();
                    k[..start].ends_with(&b)
                })
            {
                start -= 1;
            }
            out.push((start, i + e.len()));
        }
    }
    out
}

/// Whether a document is run-together text: some line holds the headings of two sections.
pub fn is_run_together(lines: &[Line]) -> bool {
    lines.iter().any(|l| {
        let c: Vec<char> = l.text.chars().collect();
        l.text.len() > 200 && headings(&fold(&c).chars, 0).len() >= 2
    })
}

/// Cuts run-together lines at the template's anchors (see the module doc); other documents
/// are returned as they are.
pub fn unflatten(lines: &[Line]) -> Vec<Line> {
    if !is_run_together(lines) {
        return lines.to_vec();
    }
    let edition = edition_hint(lines);
    let mut out = Vec::new();
    // The section the text is in, carried from line to line.
    let mut section: Option<usize> = None;
    let mut titled = false;
    let n_lines = lines.len();
    for (li, l) in lines.iter().enumerate() {
        let c: Vec<char> = l.text.chars().collect();
        let f = fold(&c);
        let mut cuts: Vec<usize> = Vec::new(); // char indices where a new line starts
        let at = |ki: usize| f.at.get(ki).copied().unwrap_or(c.len());
        // Titles before the first sentence: each ends at 年度报告/工作报告 and starts at the
        // agency name before its year (after the portal's metadata or navigation).
        if !titled && section.is_none() {
            let stop = f
                .chars
                .iter()
                .position(|&x| x == '。')
                .unwrap_or(f.chars.len())
                .min(400);
            for (start, end) in titles(&f.chars[..stop]) {
                cuts.push(at(start));
                cuts.push(at(end));
                titled = true;
            }
        }
        let hs = headings(&f.chars, section.map_or(0, |s| s + 1));
        // Segments: (section, char range) between headings.
        let mut segs: Vec<(Option<usize>, usize, usize)> = Vec::new();
        let mut start = 0;
        for &(n, s, e) in &hs {
            segs.push((section, start, at(s)));
            cuts.push(at(s));
            cuts.push(at(e));
            section = Some(n);
            start = at(e);
        }
        segs.push((section, start, c.len()));
        for (sec, a, b) in segs {
            match sec {
                Some(1..=3) => table_cuts(&c, a, b, edition, &mut cuts),
                Some(_) => part_cuts(&c, a, b, &mut cuts),
                None => {}
            }
        }
        if li + 1 == n_lines {
            signoff_cuts(&c, &mut cuts);
        }
        cuts.sort_unstable();
        cuts.dedup();
        let mut prev = 0;
        for cut in cuts.into_iter().chain([c.len()]) {
            let piece = figures_apart(&c[prev..cut]);
            let piece = piece.trim();
            if !piece.is_empty() {
                out.push(Line {
                    no: l.no,
                    text: piece.to_string(),
                });
            }
            prev = cut;
        }
    }
    out
}

/// A piece of text; when it is a run of figures, a minus sign after a digit opens a new
/// figure (`12-2380` → `12 -2380`: 本年增/减 may be negative).
fn figures_apart(p: &[char]) -> String {
    let figures = p.iter().any(|c| c.is_ascii_digit())
        && p.iter().all(|c| c.is_ascii_digit() || " .-".contains(*c));
    let mut s = String::new();
    for (i, &c) in p.iter().enumerate() {
        if figures && c == '-' && i > 0 && p[i - 1].is_ascii_digit() {
            s.push(' ');
        }
        s.push(c);
    }
    s
}

/// The edition the table labels tell, for table 二's labels (both when they do not tell).
fn edition_hint(lines: &[Line]) -> Option<Edition> {
    let all = Line {
        no: 0,
        text: lines.iter().map(|l| key(&l.text)).collect(),
    };
    super::tables::edition_of(&[all], &[]).map(|e| e.0)
}

/// Cuts in a table section: between a label and its figures, before the figures' label
/// number (`…00000002.其他法律…`: the `2` opens the next label), and before a label of table
/// 二 or 三 that ends a run of text (`…现行有效件数规章000` → `规章`).
fn table_cuts(c: &[char], a: usize, b: usize, ed: Option<Edition>, cuts: &mut Vec<usize>) {
    let mut labels: Vec<Vec<char>> = Vec::new();
    for e in [Edition::E2021, Edition::E2019] {
        if ed.is_some_and(|x| x != e) {
            continue;
        }
        for d in super::tables::t2_rows(e)
            .iter()
            .chain(&super::tables::t3_rows(e))
        {
            labels.push(key(d.label).chars().collect());
        }
    }
    labels.sort_by_key(|l| std::cmp::Reverse(l.len()));
    let is_num = |i: usize| c[i].is_ascii_digit();
    let mut i = a;
    let mut text_start = a;
    while i < b {
        // A figure run: digits, with spaces, a decimal point between digits, a sign.
        let starts = is_num(i) || (c[i] == '-' && i + 1 < b && is_num(i + 1));
        if !starts {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < b
            && (is_num(j)
                || c[j] == ' '
                || c[j] == '-' && j + 1 < b && is_num(j + 1)
                || c[j] == '.' && j + 1 < b && is_num(j + 1) && is_num(j - 1))
        {
            j += 1;
        }
        // Units stay with their figure.
        for unit in ["万元", "元"] {
            let u: Vec<char> = unit.chars().collect();
            if c[j..b.min(j + u.len())] == *u {
                j += u.len();
                break;
            }
        }
        // A label's own number (`2.其他…`, `1、…`) ends the run.
        let mut end = j;
        let after = (j + 1..b).find(|&k| c[k] != ' ');
        if j < b && matches!(c[j], '.' | '、' | ',') && after.is_some_and(|k| is_cjk(c[k])) {
            end = j - 1;
            while end > i && c[end - 1] == ' ' {
                end -= 1;
            }
        }
        // A figure inside a label (`第二十条`, `3.其他`) is not a cell: it must follow text
        // that is a label's end, or other figures.
        if end > i {
            label_cut(c, text_start, i, &labels, cuts);
            cuts.push(i);
            cuts.push(end);
            text_start = end;
        }
        i = j.max(i + 1);
    }
    label_cut(c, text_start, b, &labels, cuts);
}

/// Cuts before the longest table label that ends the text `c[a..b]`.
fn label_cut(c: &[char], a: usize, b: usize, labels: &[Vec<char>], cuts: &mut Vec<usize>) {
    // Every label in the text opens a line: rows left blank give labels with no figures
    // between them (`…3.危及“三安全一稳定”4.保护第三方合法权益…`).
    let f = fold(&c[a..b]);
    let mut p = 0;
    while p < f.chars.len() {
        match labels.iter().find(|l| f.chars[p..].starts_with(l)) {
            Some(l) => {
                if p > 0 {
                    cuts.push(a + f.at[p]);
                }
                p += l.len();
            }
            None => p += 1,
        }
    }
}

/// Cuts before the （一）（二） parts of a narrative section, where a sentence ended.
fn part_cuts(c: &[char], a: usize, b: usize, cuts: &mut Vec<usize>) {
    for i in a..b {
        if !matches!(c[i], '（' | '(') || i == a {
            continue;
        }
        let mut j = i + 1;
        while j < b && "一二三四五六七八九十".contains(c[j]) {
            j += 1;
        }
        if j == i + 1 || j >= b || !matches!(c[j], '）' | ')') {
            continue;
        }
        let before = c[a..i].iter().rev().find(|x| !x.is_whitespace());
        if before.is_none_or(|p| "。；！？".contains(*p)) {
            cuts.push(i);
        }
    }
}

/// Cuts the sign-off from the end of the last line: the last date written `2026年1月20日`
/// near the end (an attachment's name or a portal's notice may follow it), and the agency
/// name after the last sentence before it.
fn signoff_cuts(c: &[char], cuts: &mut Vec<usize>) {
    let tail = c.len().saturating_sub(400);
    let date_at = |i: usize| -> Option<usize> {
        // 4 digits 年 1-2 digits 月 1-2 digits 日, from i; returns the end.
        let d = |mut j: usize, min: usize, max: usize| -> Option<usize> {
            let s = j;
            while j < c.len() && j - s < max && c[j].is_ascii_digit() {
                j += 1;
            }
            (j - s >= min).then_some(j)
        };
        let j = d(i, 4, 4)?;
        (c.get(j) == Some(&'年')).then_some(())?;
        let j = d(j + 1, 1, 2)?;
        (c.get(j) == Some(&'月')).then_some(())?;
        let j = d(j + 1, 1, 2)?;
        (c.get(j) == Some(&'日')).then_some(j + 1)
    };
    let Some((date, end)) = (tail..c.len())
        .rev()
        .filter(|&i| i == 0 || !c[i - 1].is_ascii_digit())
        .find_map(|i| date_at(i).map(|e| (i, e)))
    else {
        return;
    };
    let name = c[..date]
        .iter()
        .rposition(|x| "。；！？".contains(*x))
        .map_or(0, |p| p + 1);
    if date - name <= 30 && date > name {
        cuts.push(name);
        cuts.push(date);
        cuts.push(end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::lines::lines_of;

    fn texts(s: &str) -> Vec<String> {
        unflatten(&lines_of(s))
            .into_iter()
            .map(|l| l.text)
            .collect()
    }

    #[test]
    fn cuts_headings_labels_figures_and_signoff() {
        let s = "某镇2024年政府信息公开工作年度报告本报告由某镇人民政府编制。一、总体情况2024年，我镇依法公开。（一）主动公开全年公开信息8条。二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件1442131三、收到和处理政府信息公开申请情况一、本年新收政府信息公开申请数量3410000035二、上年结转政府信息公开申请数量2000002三、本年度办 理结果 （一）予以公开1200000012（三）不予公开1.属于国家秘密00000002.其他法律行政法规禁止公开0000000四、政府信息公开行政复议、行政诉讼情况结果维持总计100010000000000五、存在的主要问题及改进情况2024年，宣传不够。六、其他需要报告的事项无。某镇人民政府2025年1月20日";
        let t = texts(s);
        for want in [
            "某镇2024年政府信息公开工作年度报告",
            "一、总体情况",
            "2024年，我镇依法公开。",
            "（一）主动公开全年公开信息8条。",
            "二、主动公开政府信息情况",
            "规章",
            "000",
            "行政规范性文件",
            "1442131",
            "3410000035",
            "1.属于国家秘密",
            "0000000",
            "2.其他法律行政法规禁止公开",
            "100010000000000",
            "五、存在的主要问题及改进情况",
            "2024年，宣传不够。",
            "无。",
            "某镇人民政府",
            "2025年1月20日",
        ] {
            assert!(t.iter().any(|x| x == want), "{want} not in {t:#?}");
        }
    }

    #[test]
    fn portal_metadata_numbered_headings_blank_rows_and_trailing_attachment() {
        let s = "索引号:001/2021-1发布机构:某镇公开方式:主动公开某镇2020年度政府信息公开工作年度报告发布日期:2021-01-27 字体:[ ]1、 总体情况本年度依法公开。2、 主动公开政府信息情况规章000规范性文件116三、收到和处理政府信息公开申请情况一、本年新收政府信息公开申请数量1000001二、上年结转政府信息公开申请数量0000000三、本年度办理结果（一）予以公开1000001（三）不予公开1.属于国家秘密2. 其他法律行政法规禁止公开四、政府信息公开行政复议、行政诉讼情况总计000000000000000五、存在的主要问题及改进情况宣传不够。六、其他需要报告的事项无。某镇人民政府2021年1月20日某镇2020年度报告.pdf";
        let t = texts(s);
        for want in [
            "某镇2020年度政府信息公开工作年度报告",
            "1、 总体情况",
            "2、 主动公开政府信息情况",
            "1.属于国家秘密",
            "2. 其他法律行政法规禁止公开",
            "某镇人民政府",
            "2021年1月20日",
            "某镇2020年度报告.pdf",
        ] {
            assert!(t.iter().any(|x| x == want), "{want} not in {t:#?}");
        }
    }

    #[test]
    fn ordinary_text_is_left_alone() {
        let s = "一、总体情况\n本年度公开信息。\n二、主动公开政府信息情况\n";
        assert_eq!(unflatten(&lines_of(s)), lines_of(s));
    }
}
