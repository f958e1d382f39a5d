//! The shared view of a report: everything HTML, DOCX and PDF have in common, decided once —
//! title, lead paragraph with the statistics period, section and sub-heading numbering
//! (一、 （一）), Chinese dates, number and 万元 formatting, computed totals, and each table as a
//! grid of cells with the exact rowspan/colspan of the report's edition (spec §2–§5).

pub mod data;
pub mod page;
mod tables;

pub use tables::T3_NOTE;
use tables::{t2, t3, t4};

use serde::Serialize;

use crate::model::{Cell, Narrative, Report, section};

/// Everything a renderer draws, in reading order.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    /// `{机关全称}{YYYY}年政府信息公开工作年度报告`.
    pub title: String,
    /// The title broken into balanced lines at word boundaries (spec §8.3), for a 22 pt
    /// title on the 156 mm text width (about 20 characters per line).
    pub title_lines: Vec<String>,
    /// Agency name (document author).
    pub agency: String,
    /// Report year.
    pub year: i64,
    /// `2021版` / `2019版`.
    pub edition: String,
    /// The lead paragraphs before section 一 (intro, statistics period, contact).
    pub lead: Vec<String>,
    /// The six sections in template order.
    pub sections: Vec<Section>,
    /// The closing sign-off block.
    pub signoff: Signoff,
    /// Set when rendering a draft: the number of open errors (shown with the 「草稿」 mark).
    pub draft: Option<usize>,
    /// The draft notice every format prints on every page (one wording for all three).
    pub draft_notice: Option<String>,
    /// The report's data as JSON, which every document carries inside it ([`data`]).
    #[serde(skip)]
    pub data: String,
}

/// The draft notice for a draft with `errors` open errors.
pub fn draft_notice(errors: usize) -> String {
    if errors == 0 {
        "草稿：未发现错误，仅供内部审核；定稿前请再次运行 gxgk check".to_string()
    } else {
        format!("草稿：尚有 {errors} 处错误未改正，不得作为正式报告公开发布")
    }
}

/// One of the six mandated sections.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// Stable id (`overview`, `t2`, `t3`, `t4`, `problems`, `other_matters`).
    pub id: &'static str,
    /// The exact heading, number included: `一、总体情况`.
    pub heading: &'static str,
    /// The content blocks in order.
    pub blocks: Vec<Block>,
}

/// A block inside a section.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// A body paragraph (first-line indent two characters).
    Paragraph {
        /// The paragraph text, single line breaks joined.
        text: String,
    },
    /// A second-level heading: `（一）主动公开`.
    Heading {
        /// `（一）`.
        marker: String,
        /// `主动公开`.
        text: String,
    },
    /// A statistics table.
    Table(Table),
}

/// A table as a grid of cells, each with its span, rows listing only the cells that start in
/// them (as HTML does).
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    /// `t2`, `t3`, `t4`.
    pub id: &'static str,
    /// Accessible caption (the section's title without its number).
    pub caption: &'static str,
    /// Number of grid columns.
    pub columns: usize,
    /// Relative column widths, summing to 1000.
    pub widths: Vec<u32>,
    /// How many leading rows are header rows (repeated on a new page).
    pub header_rows: usize,
    /// Font size in points, the same in every format: 小四 (12) for the four columns of 表二,
    /// 五号 (10.5) for 表三, 小五 (9) for the 15 columns of 表四 (spec §8.3 recommends 10.5–12
    /// for 表二/表三 and 9–10.5 for 表四).
    pub font_pt: f32,
    /// The rows.
    pub rows: Vec<Vec<GridCell>>,
}

/// One cell of a table grid.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct GridCell {
    /// The text shown (figures already formatted).
    pub text: String,
    /// Rows spanned (≥ 1).
    pub rowspan: usize,
    /// Columns spanned (≥ 1).
    pub colspan: usize,
    /// What the cell is.
    pub role: CellRole,
    /// How its text is aligned; every renderer draws it so (decided here, by role and span).
    pub align: Align,
    /// Where a figure comes from in the data file: the row's key path and the column
    /// (`t3.granted`, 0). The editor draws an input there; the documents ignore it.
    #[serde(skip)]
    pub source: Option<(String, usize)>,
}

/// The horizontal alignment of a cell's text.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    /// Flush left (row labels, the 勾稽关系 note).
    Left,
    /// Centred (headers, captions, group labels, figures).
    Center,
}

impl Align {
    /// The alignment of a cell of `role`: row and group labels and the 勾稽关系 note read
    /// from the left; headers, the 第二十条 captions and figures are centred.
    fn of(role: CellRole) -> Align {
        match role {
            CellRole::RowHeader | CellRole::Note => Align::Left,
            _ => Align::Center,
        }
    }
}

/// The role of a table cell.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum CellRole {
    /// A column header (`自然人`).
    ColHeader,
    /// A row header (`（一）予以公开`).
    RowHeader,
    /// A sub-caption spanning the table (`第二十条第（一）项`).
    Caption,
    /// The 勾稽关系 note in the corner of table 三.
    Note,
    /// A figure.
    Number,
    /// A cell the template leaves empty.
    Empty,
}

/// The closing block: agency name and 成文日期.
#[derive(Debug, Clone, Serialize)]
pub struct Signoff {
    /// The signing agency.
    pub agency: String,
    /// `2026年1月20日`.
    pub date: String,
    /// The same date as `2026-01-20` when it is a real date (document metadata, e.g. the DOCX
    /// core properties); `None` when the date is missing or invalid.
    pub iso_date: Option<String>,
}

impl GridCell {
    /// A one-by-one cell of `role`.
    pub fn new(text: impl Into<String>, role: CellRole) -> GridCell {
        GridCell {
            text: text.into(),
            rowspan: 1,
            colspan: 1,
            role,
            align: Align::of(role),
            source: None,
        }
    }
    /// The cell spanning `rowspan` rows and `colspan` columns.
    pub fn span(mut self, rowspan: usize, colspan: usize) -> GridCell {
        self.rowspan = rowspan;
        self.colspan = colspan;
        self
    }
}

impl Table {
    /// The grid expanded: `grid[r][c]` is the (row, index-in-row) of the cell covering that
    /// position, so merges can be checked and drawn.
    pub fn grid(&self) -> Vec<Vec<Option<(usize, usize)>>> {
        let mut grid = vec![vec![None; self.columns]; self.rows.len()];
        for (r, row) in self.rows.iter().enumerate() {
            let mut c = 0;
            for (i, cell) in row.iter().enumerate() {
                while c < self.columns && grid[r][c].is_some() {
                    c += 1;
                }
                let (r_end, c_end) = (
                    (r + cell.rowspan).min(self.rows.len()),
                    (c + cell.colspan).min(self.columns),
                );
                for line in &mut grid[r..r_end] {
                    for slot in &mut line[c..c_end] {
                        *slot = Some((r, i));
                    }
                }
                c += cell.colspan;
            }
        }
        grid
    }
    /// The text at grid position (r, c), if a cell covers it.
    pub fn text_at(&self, r: usize, c: usize) -> Option<&str> {
        let (row, i) = self.grid().get(r)?.get(c).copied()??;
        Some(&self.rows[row][i].text)
    }
}

/// Splits narrative text into paragraphs on blank lines; single line breaks inside a paragraph
/// are joined (Chinese text needs no space), leading full-width indentation is dropped.
pub fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let line = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
        if line.is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            continue;
        }
        if current.ends_with(|c: char| c.is_ascii_alphanumeric())
            && line.starts_with(|c: char| c.is_ascii_alphanumeric())
        {
            current.push(' ');
        }
        current.push_str(line);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

const CN_NUMBERS: [&str; 20] = [
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四",
    "十五", "十六", "十七", "十八", "十九", "二十",
];

/// The second-level marker for the n-th (0-based) part: `（一）`.
pub fn level2_marker(n: usize) -> String {
    match CN_NUMBERS.get(n) {
        Some(s) => format!("（{s}）"),
        None => format!("（{}）", n + 1),
    }
}

fn narrative_blocks(n: &Narrative) -> Vec<Block> {
    let mut blocks: Vec<Block> = paragraphs(&n.text)
        .into_iter()
        .map(|text| Block::Paragraph { text })
        .collect();
    for (i, part) in n.parts.iter().enumerate() {
        blocks.push(Block::Heading {
            marker: level2_marker(i),
            text: part.heading.trim().to_string(),
        });
        blocks.extend(
            paragraphs(&part.text)
                .into_iter()
                .map(|text| Block::Paragraph { text }),
        );
    }
    blocks
}

// ------------------------------------------------------------------ the whole report

/// Characters of 22 pt type on one 156 mm line.
pub const TITLE_LINE_WIDTH: u32 = 20;

/// Width of a text in half-character units (a digit or Latin letter 1, a Chinese character
/// or full-width mark 2), as the renderers place titles and sign-offs on the character grid.
pub fn half_width(s: &str) -> u32 {
    u32::try_from(unicode_width::UnicodeWidthStr::width(s)).unwrap_or(u32::MAX / 4)
}

/// Words a title is not broken inside (besides numbers with their 年).
const TITLE_WORDS: &[&str] = &[
    "人民政府",
    "管理委员会",
    "委员会",
    "办事处",
    "办公室",
    "办公厅",
    "街道",
    "人民",
    "政府",
    "信息",
    "公开",
    "工作",
    "年度",
    "报告",
];

/// Character indices where a title may break: between words (the words of [`TITLE_WORDS`],
/// numbers with their 年, and runs of other characters such as place names). Every format
/// breaks titles only there.
pub fn title_breaks(title: &str) -> std::collections::BTreeSet<usize> {
    let chars: Vec<char> = title.chars().collect();
    let mut out = std::collections::BTreeSet::new();
    let mut i = 0;
    let mut in_unknown = false;
    while i < chars.len() {
        // Compared in place: collecting the rest of the title at every position made long
        // titles quadratic.
        let starts_here = |w: &&&str| {
            let n = w.chars().count();
            chars.len() - i >= n && w.chars().zip(&chars[i..]).all(|(a, b)| a == *b)
        };
        if let Some(w) = TITLE_WORDS.iter().find(starts_here) {
            out.insert(i);
            i += w.chars().count();
            out.insert(i);
            in_unknown = false;
        } else if chars[i].is_ascii_digit() {
            out.insert(i);
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            if chars.get(i) == Some(&'年') {
                i += 1;
            }
            out.insert(i);
            in_unknown = false;
        } else {
            if !in_unknown {
                out.insert(i);
            }
            in_unknown = true;
            i += 1;
        }
    }
    out.remove(&0);
    out.remove(&chars.len());
    out
}

/// Breaks the title at word boundaries — after the agency name, after the year, inside
/// `政府信息公开|工作年度报告` — into the fewest lines that fit `width` characters, as evenly
/// as possible. A title that does not follow the conventional form stays one line (the
/// renderer wraps it).
pub fn title_lines(title: &str, agency: &str, width: u32) -> Vec<String> {
    let mut segments: Vec<&str> = Vec::new();
    let Some(rest) = title.strip_prefix(agency) else {
        return vec![title.to_string()];
    };
    segments.push(agency);
    let year_end = rest.find('年').map(|i| i + '年'.len_utf8()).unwrap_or(0);
    if year_end > 0
        && rest[..year_end - '年'.len_utf8()]
            .bytes()
            .all(|b| b.is_ascii_digit())
    {
        segments.push(&rest[..year_end]);
    }
    let tail = &rest[if segments.len() == 2 { year_end } else { 0 }..];
    match tail.split_once("政府信息公开") {
        Some(("", after)) if !after.is_empty() => {
            segments.push("政府信息公开");
            segments.push(after);
        }
        _ if !tail.is_empty() => segments.push(tail),
        _ => {}
    }
    let limit = width * 2;
    // A segment wider than a line (a very long agency name) is itself broken at word
    // boundaries; the pieces then simply fill lines in order.
    if segments.iter().any(|s| half_width(s) > limit) {
        return fill_lines(title, limit);
    }
    let n = segments.len();
    // Try every way to cut the segments into lines; keep the fewest lines, then the
    // smallest widest line (balanced), then the widest line last (a 正梯形).
    let mut best: Option<(usize, u32, bool, Vec<String>)> = None;
    for mask in 0..(1u32 << (n - 1)) {
        let mut lines = vec![String::from(segments[0])];
        for (i, seg) in segments.iter().enumerate().skip(1) {
            if mask & (1 << (i - 1)) != 0 {
                lines.push(String::new());
            }
            lines.last_mut().unwrap().push_str(seg);
        }
        let widths: Vec<u32> = lines.iter().map(|l| half_width(l)).collect();
        let widest = *widths.iter().max().unwrap();
        if widest > limit && lines.len() < n {
            continue;
        }
        let growing = widths.windows(2).all(|w| w[0] <= w[1]);
        let key = (lines.len(), widest, !growing);
        if best.as_ref().is_none_or(|(l, w, g, _)| key < (*l, *w, !*g)) {
            best = Some((key.0, key.1, growing, lines));
        }
    }
    best.map(|b| b.3).unwrap_or_else(|| vec![title.to_string()])
}

/// Fills lines of at most `limit` half characters with the words of `title`, in order
/// (a word wider than a line is cut where it overflows).
fn fill_lines(title: &str, limit: u32) -> Vec<String> {
    let chars: Vec<char> = title.chars().collect();
    let mut cuts: Vec<usize> = title_breaks(title).into_iter().collect();
    cuts.push(chars.len());
    let mut lines: Vec<String> = Vec::new();
    let (mut line, mut line_w) = (String::new(), 0u32);
    let mut start = 0;
    for cut in cuts {
        let word: String = chars[start..cut].iter().collect();
        start = cut;
        let w = half_width(&word);
        if line_w + w > limit && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            line_w = 0;
        }
        for ch in word.chars() {
            let cw = half_width(ch.encode_utf8(&mut [0; 4]));
            if line_w + cw > limit && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                line_w = 0;
            }
            line.push(ch);
            line_w += cw;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The statistics-period sentence (spec §2): always emitted unless the intro states one.
pub fn period_sentence(year: i64) -> String {
    format!("本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。")
}

fn contact_sentence(report: &Report) -> Option<String> {
    let c = report.agency.contact.as_ref()?;
    let mut s = String::new();
    if let Some(w) = c.website.as_deref().filter(|w| !w.trim().is_empty()) {
        s.push_str(&format!("本报告电子版可在{}下载。", w.trim()));
    }
    let parts: Vec<String> = [
        ("地址", &c.address),
        ("邮编", &c.postcode),
        ("电话", &c.phone),
        ("传真", &c.fax),
        ("电子邮箱", &c.email),
    ]
    .into_iter()
    .filter_map(|(k, v)| {
        v.as_deref()
            .filter(|v| !v.trim().is_empty())
            .map(|v| format!("{k}：{}", v.trim()))
    })
    .collect();
    if !parts.is_empty() {
        s.push_str(&format!(
            "如对本报告有疑问，请与{}联系（{}）。",
            report.agency.name.trim(),
            parts.join("；")
        ));
    }
    (!s.is_empty()).then_some(s)
}

/// The 信息处理费 statement of section 六 (2021 edition), from `[other_matters.fees]`.
///
/// Written only when the clerk chose it: all three figures are filled in (a blank or missing
/// figure is never read as 0 here), and section 六's own text does not already speak of
/// 信息处理费 (a clerk who wrote the sentence keeps exactly that sentence).
pub fn info_fee_sentence(report: &Report) -> Option<String> {
    let f = report.other_matters.info_fees.as_ref()?;
    let om = &report.other_matters;
    if om.text.contains("信息处理费") || om.parts.iter().any(|p| p.text.contains("信息处理费"))
    {
        return None;
    }
    let (Cell::Value(issued), Cell::Value(amount), Cell::Value(collected)) =
        (&f.notices_issued, &f.notices_amount_yuan, &f.collected_yuan)
    else {
        return None;
    };
    let (issued, amount, collected) = (*issued, amount.0, collected.0);
    Some(if issued == 0 && amount.fen == 0 && collected.fen == 0 {
        "本年度未发出信息处理费收费通知，未收取信息处理费。".to_string()
    } else {
        format!(
            "本年度共发出信息处理费收费通知{issued}件，收费通知总金额{}元，实际收取信息处理费{}元。",
            amount.yuan_text(),
            collected.yuan_text()
        )
    })
}

impl View {
    /// Builds the view of a loaded report. `draft` is the number of open errors when a draft
    /// is rendered despite them.
    pub fn new(report: &Report, draft: Option<usize>) -> View {
        let mut lead = paragraphs(&report.intro);
        if !report.intro.contains("统计期限") {
            let period = period_sentence(report.year);
            match lead.last_mut() {
                Some(p) => p.push_str(&period),
                None => lead.push(period),
            }
        }
        if let Some(c) = contact_sentence(report) {
            match lead.last_mut() {
                Some(p) => p.push_str(&c),
                None => lead.push(c),
            }
        }
        let mut other = narrative_blocks(&report.other_matters.narrative());
        if let Some(fee) = info_fee_sentence(report) {
            other.insert(0, Block::Paragraph { text: fee });
        }
        let table = |t: Table| vec![Block::Table(t)];
        let sections = vec![
            Section {
                id: "overview",
                heading: section("overview").heading,
                blocks: narrative_blocks(&report.overview),
            },
            Section {
                id: "t2",
                heading: section("t2").heading,
                blocks: table(t2(report)),
            },
            Section {
                id: "t3",
                heading: section("t3").heading,
                blocks: table(t3(report)),
            },
            Section {
                id: "t4",
                heading: section("t4").heading,
                blocks: table(t4(report)),
            },
            Section {
                id: "problems",
                heading: section("problems").heading,
                blocks: narrative_blocks(&report.problems),
            },
            Section {
                id: "other_matters",
                heading: section("other_matters").heading,
                blocks: other,
            },
        ];
        let date = match &report.publication.date {
            crate::model::DateField::Valid { date, .. } => crate::model::date::chinese(*date),
            crate::model::DateField::Invalid { written, .. } => written.clone(),
            crate::model::DateField::Missing => String::new(),
        };
        let title = report.title().trim().to_string();
        View {
            title_lines: title_lines(&title, report.agency.name.trim(), TITLE_LINE_WIDTH),
            title,
            agency: report.agency.name.trim().to_string(),
            year: report.year,
            edition: report.edition().to_string(),
            lead,
            sections,
            signoff: Signoff {
                agency: report.signatory().trim().to_string(),
                date,
                iso_date: report
                    .publication
                    .date
                    .date()
                    .map(|d| d.format("%Y-%m-%d").to_string()),
            },
            draft,
            draft_notice: draft.map(draft_notice),
            data: data::json(report),
        }
    }

    /// The tables in order.
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.sections.iter().flat_map(|s| {
            s.blocks.iter().filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
        })
    }

    /// The table with this id.
    pub fn table(&self, id: &str) -> Option<&Table> {
        self.tables().find(|t| t.id == id)
    }
}

#[cfg(test)]
mod tests;
