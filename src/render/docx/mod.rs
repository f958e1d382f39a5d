//! DOCX output: owns the Word document drawn from the shared [`View`] — GB/T 9704-2012 page,
//! fonts and named paragraph styles (spec §8), the statistics tables with their merges, the
//! odd/even page-number footers and the 「草稿」 mark — written directly as WordprocessingML
//! in the transitional schema's element order; the package around it is [`parts`].

mod container;
mod parts;

use std::fmt::Write as _;

use crate::view::page;
use crate::view::{self, Block, CellRole, GridCell, View};

/// Why a DOCX could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    /// The parts do not fit a ZIP container.
    #[error("打包 DOCX 失败：{0}")]
    Zip(#[from] container::TooLarge),
}

// ------------------------------------------------------------------ layout (spec §8)

/// Twentieths of a point per millimetre.
const fn mm(tenths: i32) -> i32 {
    // `tenths` is in 0.1 mm so 37 mm is `mm(370)`; 1 mm = 1440 / 25.4 twips.
    (tenths * 1440 + 127) / 254
}

/// A4 in twips.
const PAGE_W: u32 = 11906;
const PAGE_H: u32 = 16838;
/// 天头 37 mm, 订口 28 mm; bottom 35 mm and right 26 mm leave a 156 × 225 mm 版心.
const MARGIN_TOP: i32 = mm((page::TOP_MM * 10.0) as i32);
const MARGIN_BOTTOM: i32 = mm((page::BOTTOM_MM * 10.0) as i32);
const MARGIN_LEFT: i32 = mm((page::LEFT_MM * 10.0) as i32);
const MARGIN_RIGHT: i32 = mm((page::RIGHT_MM * 10.0) as i32);
/// Header distance from the top edge (only the draft mark lives there).
const HEADER_DIST: i32 = mm(150);
/// Footer distance from the bottom edge: a 14 pt page-number line centred 7 mm below the
/// 版心 (35 mm − 7 mm − half of 4.94 mm ≈ 25.5 mm).
const FOOTER_DIST: i32 = mm(255);
/// The 版心 width in twips (156 mm).
pub const TEXT_WIDTH: usize = (PAGE_W as i32 - MARGIN_LEFT - MARGIN_RIGHT) as usize;
/// Exact line pitch: 225 mm / 22 lines ≈ 28.95 pt.
pub const LINE_PITCH: i32 = page::LINE_PITCH_TWIPS;
/// Character spacing of body text in twips: 28 characters per 156 mm line need a pitch of
/// 15.79 pt, so each 16 pt character is tightened by 0.25 pt (28 × 15.75 pt fits 442 pt).
/// A `linesAndChars` document grid would say the same, but LibreOffice lays it out at about
/// 20 characters per line, so the grid only fixes the lines.
pub const BODY_CHAR_SPACING: i32 = -5;

/// Font sizes in half-points (spec §8.2).
const SIZE_2HAO: usize = 44;
const SIZE_3HAO: usize = 32;
const SIZE_4HAO: usize = 28;
const SIZE_5HAO: usize = 21;
const SIZE_XIAO5: usize = 18;

/// One 3号 character in twips: the two-character first-line indent is 640.
const CHAR_3HAO: i32 = 320;
/// One 4号 character in twips (the page number's 1-字 indent).
const CHAR_4HAO: i32 = 280;

/// Latin font paired with every Chinese face.
const LATIN: &str = "Times New Roman";
/// East-Asian faces by the names Chinese Windows uses (spec §8.5).
pub const FANGSONG: &str = "仿宋_GB2312";
pub const XIAOBIAOSONG: &str = "方正小标宋简体";
pub const HEITI: &str = "黑体";
pub const KAITI: &str = "楷体_GB2312";
pub const SONGTI: &str = "宋体";

/// Paragraph style ids (ASCII) and their names as the clerk sees them in Word / WPS.
pub mod style {
    /// 标题: the report title.
    pub const TITLE: (&str, &str) = ("GxgkTitle", "标题");
    /// 一级标题: `一、总体情况`.
    pub const HEADING1: (&str, &str) = ("GxgkHeading1", "一级标题");
    /// 二级标题: `（一）主动公开`.
    pub const HEADING2: (&str, &str) = ("GxgkHeading2", "二级标题");
    /// 正文: body paragraphs (also `1.` and `（1）` paragraphs, which are 仿宋 like the body).
    pub const BODY: (&str, &str) = ("GxgkBody", "正文");
    /// 落款: the sign-off lines.
    pub const SIGNOFF: (&str, &str) = ("GxgkSignoff", "落款");
    /// 表格文字: text inside the statistics tables.
    pub const TABLE: (&str, &str) = ("GxgkTable", "表格文字");
    /// 页码: the `— 1 —` footer line.
    pub const PAGE_NUMBER: (&str, &str) = ("GxgkPageNumber", "页码");
    /// 草稿标记: the draft line in the header.
    pub const DRAFT: (&str, &str) = ("GxgkDraft", "草稿标记");
}

// ------------------------------------------------------------------ writing XML

/// Appends `text` as XML character data or attribute value: markup characters escaped, a
/// line feed as a character reference, and every character XML 1.0 does not allow (control
/// characters, U+FFFE, U+FFFF) dropped, so no text can make a part ill-formed. `gxgk check`
/// reports such characters (TEXT-CONTROL) before a render; this is the writer's guarantee.
pub(crate) fn escape(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#xA;"),
            '\t' => out.push('\t'),
            '\r' | '\u{FFFE}' | '\u{FFFF}' | '\u{7F}'..='\u{9F}' => {}
            c if c < ' ' => {}
            c => out.push(c),
        }
    }
}

/// The paragraph writer: numbers paragraphs (`w14:paraId`, unique in the package) in the
/// order they are written.
#[derive(Default)]
pub(crate) struct Xml {
    last_id: u32,
}

impl Xml {
    /// Opens a paragraph of `style` whose other `w:pPr` children (in schema order) are
    /// `ppr`; runs follow, then `</w:p>`.
    pub(crate) fn paragraph(&mut self, out: &mut String, style: &str, ppr: &str) {
        self.last_id += 1;
        let _ = write!(
            out,
            r#"<w:p w14:paraId="{:08x}"><w:pPr><w:pStyle w:val="{style}" />{ppr}<w:rPr /></w:pPr>"#,
            self.last_id
        );
    }

    /// A whole paragraph holding one run of `text` (no run when it is empty).
    pub(crate) fn styled(&mut self, out: &mut String, style: &str, ppr: &str, text: &str) {
        self.paragraph(out, style, ppr);
        if !text.is_empty() {
            run(out, "", text);
        }
        out.push_str("</w:p>");
    }
}

/// A run of `text` with run properties `rpr` (schema order).
fn run(out: &mut String, rpr: &str, text: &str) {
    if rpr.is_empty() {
        out.push_str("<w:r><w:rPr />");
    } else {
        let _ = write!(out, "<w:r><w:rPr>{rpr}</w:rPr>");
    }
    out.push_str(r#"<w:t xml:space="preserve">"#);
    escape(out, text);
    out.push_str("</w:t></w:r>");
}

// ------------------------------------------------------------------ text

/// Width of a text in half 3号 characters (the view's measure, as a signed twips factor).
fn half_chars(text: &str) -> i32 {
    i32::try_from(crate::view::half_width(text)).unwrap_or(i32::MAX / 4)
}

/// The title in the view's balanced lines (spec §8.3), joined by line breaks so it stays
/// one 标题 paragraph.
fn title(xml: &mut Xml, out: &mut String, view: &View) {
    xml.paragraph(out, style::TITLE.0, "");
    for (i, line) in view.title_lines.iter().enumerate() {
        if i > 0 {
            out.push_str(r#"<w:r><w:rPr /><w:br w:type="textWrapping" /></w:r>"#);
        }
        run(out, "", line);
    }
    out.push_str("</w:p>");
}

/// The sign-off (spec §8.3, no seal): name right-indented 2 字, the date starting 2 字 right
/// of the name's first character; when the date is the longer, the date is right-indented
/// 2 字 and the name shifted left accordingly. Both lines are placed by their left indent, so
/// the date's 2 字 offset from the name holds whatever font the reader's machine puts in for
/// the digits (LibreOffice without Times New Roman draws wider ones).
fn signoff(xml: &mut Xml, out: &mut String, view: &View) {
    let (name, date) = (&view.signoff.agency, &view.signoff.date);
    let (name_half, date_half) = (half_chars(name), half_chars(date));
    let (name_indent, date_indent) = signoff_indents(name_half, date_half);
    // The blank line and the name keep with the date, so the three go together.
    xml.styled(out, style::BODY.0, "<w:keepNext />", "");
    for (text, right, width, keep) in [
        (name, name_indent, name_half, "<w:keepNext />"),
        (date, date_indent, date_half, ""),
    ] {
        let left = (TEXT_WIDTH as i32 - (right + width) * CHAR_3HAO / 2).max(0);
        let ppr = format!(
            r#"{keep}<w:ind w:left="{left}" w:right="0" w:firstLine="0" /><w:jc w:val="left" />"#
        );
        xml.styled(out, style::SIGNOFF.0, &ppr, text);
    }
}

/// The `w:pPr` of the text's last paragraph: on the sign-off's page, with at least two
/// lines when it is split (widow control).
const KEEP_WITH_SIGNOFF: &str = "<w:keepNext /><w:widowControl />";

/// The lines a body paragraph takes: 28 characters a line, the first indented by two
/// (GB/T 9704), counted in half widths.
fn lines(text: &str) -> usize {
    let width = crate::view::half_width(text) as usize + 4;
    width.div_ceil(crate::view::page::CHARS * 2).max(1)
}

/// Right indents of the sign-off name and date, in half characters, from their widths in
/// half characters (spec §8.3): `(name, date)`.
fn signoff_indents(name: i32, date: i32) -> (i32, i32) {
    let (n, d) = crate::view::page::signoff_indents(name as f32, date as f32, 2.0);
    (n.round() as i32, d.round() as i32)
}

// ------------------------------------------------------------------ tables

/// Column widths in twips, scaled from the view's relative widths to the 版心 width.
fn column_widths(t: &view::Table) -> Vec<usize> {
    let columns = t.columns.max(1);
    let sum: u64 = t.widths.iter().map(|&w| u64::from(w)).sum();
    let mut widths: Vec<usize> = if t.widths.len() == columns && sum > 0 {
        t.widths
            .iter()
            .map(|&w| (u64::from(w) * TEXT_WIDTH as u64 / sum) as usize)
            .collect()
    } else {
        vec![TEXT_WIDTH / columns; columns]
    };
    let used: usize = widths.iter().sum();
    if let Some(last) = widths.last_mut() {
        *last += TEXT_WIDTH - used;
    }
    widths
}

/// One table cell's paragraph, aligned as the view decides (`GridCell.align`); text at the
/// table's size `size` (half-points) when that differs from the 表格文字 style's 5号.
fn cell_paragraph(xml: &mut Xml, out: &mut String, cell: &GridCell, size: usize, keep: bool) {
    let align = match cell.align {
        view::Align::Left => "left",
        view::Align::Center => "center",
    };
    let keep = if keep { "<w:keepNext />" } else { "" };
    xml.paragraph(
        out,
        style::TABLE.0,
        &format!(r#"{keep}<w:jc w:val="{align}" />"#),
    );
    if !cell.text.is_empty() {
        let rpr = if size == SIZE_5HAO {
            String::new()
        } else {
            parts::size(size)
        };
        run(out, &rpr, &cell.text);
    }
    out.push_str("</w:p>");
}

/// Height of a table row at least (twips): 8 mm.
const ROW_HEIGHT: u32 = 454;

/// Line height of 5号 table text (single spacing of a 10.5 pt face), in twips.
const TABLE_LINE: usize = 252;

/// How many rows from its first one a spanning label cell needs so its text is not cut by a
/// page break: its lines at the column's width (two at least, as under a repeated header).
fn label_rows(cell: &GridCell, width: usize, size: usize) -> usize {
    // Half-points to twips: ×10; the cell margins (57 twips each side) are not text.
    let char_width = size * 10;
    let per_line = (width.saturating_sub(114) / char_width.max(1)).max(1);
    let chars = crate::view::half_width(&cell.text).div_ceil(2) as usize;
    let lines = chars.div_ceil(per_line).max(1);
    (lines * TABLE_LINE).div_ceil(ROW_HEIGHT as usize).max(2)
}

/// Which rows keep with the next one (keep-with-next on their paragraphs keeps them on the
/// page of the next row), the rules the native PDF follows: the header rows stay with the
/// first two body rows, a caption row's group (table 二's `第二十条第（一）项` with its rows)
/// stays together, a spanning label keeps as many rows as its text needs (spec §8.4), and the
/// last row is not left alone on a page. Everywhere else a table may break.
fn keep_with_next(t: &view::Table, rows: usize, size: usize) -> Vec<bool> {
    let mut keep = vec![false; rows];
    let set = |from: usize, to: usize, keep: &mut Vec<bool>| {
        for k in keep.iter_mut().take(to.min(rows)).skip(from) {
            *k = true;
        }
    };
    if t.header_rows > 0 {
        set(0, t.header_rows + 1, &mut keep);
    }
    let widths = column_widths(t);
    let caption_rows: Vec<usize> = (0..t.rows.len().min(rows))
        .filter(|&r| t.rows[r].iter().any(|c| c.role == CellRole::Caption))
        .collect();
    for (k, &r) in caption_rows.iter().enumerate() {
        let end = caption_rows.get(k + 1).copied().unwrap_or(rows);
        set(r, end.saturating_sub(1), &mut keep);
    }
    for (r, line) in t.grid().iter().enumerate().take(rows) {
        for (c, at) in line.iter().enumerate() {
            let Some((row, i)) = *at else { continue };
            let Some(cell) = t.rows.get(row).and_then(|cells| cells.get(i)) else {
                continue;
            };
            if row != r || cell.rowspan < 2 || (c > 0 && line[c - 1] == *at) {
                continue;
            }
            let width: usize = widths.iter().skip(c).take(cell.colspan.max(1)).sum();
            let need = label_rows(cell, width, size).min(cell.rowspan);
            set(r, r + need - 1, &mut keep);
        }
    }
    if rows >= 2 {
        keep[rows - 2] = true;
    }
    keep
}

/// A statistics table: the view's grid with `w:gridSpan` for column spans and `w:vMerge`
/// (restart, then continue in each covered row) for row spans; its header rows repeat on
/// every page (`w:tblHeader`), no row splits across pages and rows are 8 mm high at least.
fn table(xml: &mut Xml, out: &mut String, t: &view::Table) {
    let widths = column_widths(t);
    let columns = widths.len();
    // The view's size, in half-points.
    let size = (t.font_pt * 2.0).round() as usize;
    let grid = t.grid();
    let keep = keep_with_next(t, grid.len(), size);
    out.push_str("<w:tbl>");
    // The 版心 width, centred, single 0.5 pt borders, fixed layout, 1 mm cell margins left
    // and right.
    let _ = write!(
        out,
        concat!(
            r#"<w:tblPr><w:tblW w:w="{TEXT_WIDTH}" w:type="dxa" /><w:jc w:val="center" /><w:tblBorders>"#,
            r#"<w:top w:val="single" w:sz="4" w:space="0" w:color="000000" />"#,
            r#"<w:left w:val="single" w:sz="4" w:space="0" w:color="000000" />"#,
            r#"<w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000" />"#,
            r#"<w:right w:val="single" w:sz="4" w:space="0" w:color="000000" />"#,
            r#"<w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000" />"#,
            r#"<w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000" />"#,
            r#"</w:tblBorders><w:tblLayout w:type="fixed" /><w:tblCellMar><w:top w:w="0" w:type="dxa" />"#,
            r#"<w:left w:w="57" w:type="dxa" /><w:bottom w:w="0" w:type="dxa" /><w:right w:w="57" w:type="dxa" />"#,
            r#"</w:tblCellMar></w:tblPr>"#
        ),
        TEXT_WIDTH = TEXT_WIDTH
    );
    out.push_str("<w:tblGrid>");
    for w in &widths {
        let _ = write!(out, r#"<w:gridCol w:w="{w}"/>"#);
    }
    out.push_str("</w:tblGrid>");
    for (r, line) in grid.iter().enumerate() {
        let keep = keep.get(r).copied().unwrap_or(false);
        out.push_str("<w:tr><w:trPr>");
        if r < t.header_rows {
            out.push_str("<w:tblHeader/>");
        }
        let _ = write!(
            out,
            r#"<w:cantSplit /><w:trHeight w:val="{ROW_HEIGHT}" w:hRule="atLeast" /></w:trPr>"#
        );
        let mut c = 0;
        while c < columns {
            let span_cell = line.get(c).copied().flatten().and_then(|(row, i)| {
                let cell = t.rows.get(row)?.get(i)?;
                Some((row, cell))
            });
            let span = span_cell.map_or(1, |(_, cell)| cell.colspan.clamp(1, columns - c));
            let width: usize = widths[c..c + span].iter().sum();
            let _ = write!(out, r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa" />"#);
            if span > 1 {
                let _ = write!(out, r#"<w:gridSpan w:val="{span}" />"#);
            }
            let merge = match span_cell {
                Some((row, cell)) if row == r && cell.rowspan > 1 => Some("restart"),
                Some((row, _)) if row != r => Some("continue"),
                _ => None,
            };
            if let Some(merge) = merge {
                let _ = write!(out, r#"<w:vMerge w:val="{merge}" />"#);
            }
            out.push_str(r#"<w:vAlign w:val="center" /></w:tcPr>"#);
            match span_cell {
                Some((row, cell)) if row == r => cell_paragraph(xml, out, cell, size, keep),
                // A covered cell of a row span, or a hole in the grid (malformed view): an
                // empty paragraph keeps the row whole.
                _ => {
                    let ppr = if keep { "<w:keepNext />" } else { "" };
                    xml.styled(out, style::TABLE.0, ppr, "");
                }
            }
            out.push_str("</w:tc>");
            c += span;
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
}

// ------------------------------------------------------------------ the document

/// Namespaces of the main document, header and footer parts (VML for the draft watermark,
/// `w14` for paragraph ids).
const NAMESPACES: &str = concat!(
    r#"xmlns:o="urn:schemas-microsoft-com:office:office""#,
    r#" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#,
    r#" xmlns:v="urn:schemas-microsoft-com:vml""#,
    r#" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#,
    r#" xmlns:w10="urn:schemas-microsoft-com:office:word""#,
    r#" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing""#,
    r#" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape""#,
    r#" xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup""#,
    r#" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#,
    r#" xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing""#,
    r#" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml""#,
    r#" xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml""#,
    r#" mc:Ignorable="w14 wp14""#,
);

/// `word/document.xml`: title, lead, the six sections with their tables, sign-off, and the
/// section properties (A4, GB/T 9704 margins, a 22-line grid, odd/even footers, a draft's
/// headers).
fn document(xml: &mut Xml, view: &View, headers: usize, footers: usize) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NAMESPACES}><w:body>"#
    );
    title(xml, &mut out, view);
    for p in &view.lead {
        xml.styled(&mut out, style::BODY.0, "", p);
    }
    // The text's last paragraph keeps with the sign-off and keeps two lines or more
    // together at a page break (GB/T 9704-2012 §7.3.5: 落款 never alone on a page).
    // A last paragraph of one line cannot bring two lines by itself: the paragraph before it
    // keeps with it too, when it is at most half a page (LibreOffice does not split a longer
    // paragraph to keep it with the next, and would then leave the sign-off alone).
    let sections = view.sections.len();
    for (n, section) in view.sections.iter().enumerate() {
        xml.styled(&mut out, style::HEADING1.0, "", section.heading);
        let blocks = section.blocks.len();
        let short_end = n + 1 == sections
            && matches!(section.blocks.last(), Some(Block::Paragraph { text }) if lines(text) == 1);
        for (k, block) in section.blocks.iter().enumerate() {
            let last = n + 1 == sections && k + 1 == blocks;
            let carried = |text: &str| {
                short_end && k + 2 == blocks && lines(text) <= crate::view::page::LINES / 2
            };
            match block {
                Block::Paragraph { text } if last || carried(text) => {
                    xml.styled(&mut out, style::BODY.0, KEEP_WITH_SIGNOFF, text)
                }
                Block::Paragraph { text } => xml.styled(&mut out, style::BODY.0, "", text),
                Block::Heading { marker, text } => {
                    xml.styled(&mut out, style::HEADING2.0, "", &format!("{marker}{text}"))
                }
                Block::Table(t) => table(xml, &mut out, t),
            }
        }
    }
    signoff(xml, &mut out, view);
    out.push_str("<w:sectPr>");
    // Odd pages: the first reference (`default`); even pages: the second.
    for (kind, count) in [("header", headers), ("footer", footers)] {
        let (tag, id) = if kind == "header" {
            ("w:headerReference", "rIdHeader")
        } else {
            ("w:footerReference", "rIdFooter")
        };
        for k in 1..=count {
            let ty = if k == 1 { "default" } else { "even" };
            let _ = write!(out, r#"<{tag} w:type="{ty}" r:id="{id}{k}" />"#);
        }
    }
    let _ = write!(
        out,
        concat!(
            r#"<w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}" />"#,
            r#"<w:pgMar w:top="{top}" w:right="{right}" w:bottom="{bottom}" w:left="{left}" w:header="{header}" w:footer="{footer}" w:gutter="0" />"#,
            r#"<w:cols w:space="425" w:num="1" /><w:docGrid w:type="lines" w:linePitch="{pitch}" />"#,
            "</w:sectPr></w:body></w:document>"
        ),
        PAGE_W = PAGE_W,
        PAGE_H = PAGE_H,
        top = MARGIN_TOP,
        right = MARGIN_RIGHT,
        bottom = MARGIN_BOTTOM,
        left = MARGIN_LEFT,
        header = HEADER_DIST,
        footer = FOOTER_DIST,
        pitch = LINE_PITCH,
    );
    out
}

/// Renders the view as a DOCX package (bytes of the `.docx` file).
pub fn render(view: &View) -> Result<Vec<u8>, DocxError> {
    let mut xml = Xml::default();
    // Odd pages: right-aligned, indented one 4号 character; even pages: left-aligned.
    let footers = vec![
        parts::footer(&mut xml, "right", 0, CHAR_4HAO),
        parts::footer(&mut xml, "left", CHAR_4HAO, 0),
    ];
    let headers = match &view.draft_notice {
        Some(notice) => (1..=2)
            .map(|n| parts::draft_header(&mut xml, notice, n))
            .collect(),
        None => Vec::new(),
    };
    let document = document(&mut xml, view, headers.len(), footers.len());
    Ok(container::zip(&parts::package(
        document, headers, footers, view,
    ))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Table cells are aligned as the view decides (`GridCell.align`), not by the DOCX's
    /// own reading of their roles.
    #[test]
    fn cells_align_as_the_view_says() {
        let loaded = crate::load::load_file(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/2025-township.toml"
        )))
        .unwrap();
        let v = View::new(&loaded.report, None);
        let mut seen = [0, 0];
        for t in v.tables() {
            for c in t.rows.iter().flatten() {
                let mut xml = String::new();
                cell_paragraph(&mut Xml::default(), &mut xml, c, SIZE_5HAO, false);
                let want = match c.align {
                    view::Align::Left => "left",
                    view::Align::Center => "center",
                };
                assert!(
                    xml.contains(&format!("<w:jc w:val=\"{want}\"")),
                    "{c:?}: {xml}"
                );
                seen[usize::from(c.align == view::Align::Center)] += 1;
            }
        }
        assert!(seen[0] > 20 && seen[1] > 100, "{seen:?}");
    }

    #[test]
    fn text_is_escaped_and_characters_xml_forbids_are_dropped() {
        let mut out = String::new();
        escape(
            &mut out,
            "A&B <c> \"d\" 'e'\tf\u{1}g\u{7F}h\u{85}i\u{FFFE}j\r\nk",
        );
        assert_eq!(
            out,
            "A&amp;B &lt;c&gt; &quot;d&quot; &apos;e&apos;\tfghij&#xA;k"
        );
        // Paragraph ids count up across parts in writing order, as eight hex digits.
        let mut xml = Xml::default();
        let mut out = String::new();
        for _ in 0..11 {
            xml.styled(&mut out, style::BODY.0, "", "x");
        }
        assert!(out.contains(r#"w14:paraId="00000001""#));
        assert!(out.contains(r#"w14:paraId="0000000b""#));
    }

    #[test]
    fn page_geometry_follows_gb_t_9704() {
        assert_eq!(MARGIN_TOP, 2098);
        assert_eq!(MARGIN_BOTTOM, 1984);
        assert_eq!(MARGIN_LEFT, 1587);
        assert_eq!(MARGIN_RIGHT, 1474);
        // 156 mm ± 0.1 mm.
        assert!((8840..=8850).contains(&TEXT_WIDTH), "{TEXT_WIDTH}");
        // 22 lines of 28.95 pt fill the 225 mm 版心 (± 1 mm).
        let text_height = PAGE_H as i32 - MARGIN_TOP - MARGIN_BOTTOM;
        assert!((22 * LINE_PITCH - text_height).abs() < mm(10));
    }

    #[test]
    fn signoff_indents_follow_the_longer_line() {
        let date = half_chars("2026年1月20日");
        assert_eq!(date, 13);
        // Name longer than the date + 2 字: the name ends 2 字 from the right and the date
        // starts 2 字 right of the name's first character.
        let name = half_chars("某某县某某局某某某某某中心");
        assert_eq!(name, 26);
        let (n, d) = signoff_indents(name, date);
        assert_eq!((n, d), (4, 13));
        assert_eq!((56 - d - date) - (56 - n - name), 4);
        // Date longer: the date ends 2 字 from the right, the name starts 2 字 left of it.
        let name = half_chars("磐石镇人民政府");
        let (n, d) = signoff_indents(name, date);
        assert_eq!((n, d), (7, 4));
        assert_eq!((56 - d - date) - (56 - n - name), 4);
    }

    #[test]
    fn column_widths_fill_the_text_width() {
        let t = view::Table {
            id: "t",
            caption: "",
            columns: 3,
            widths: vec![1, 1, 1],
            header_rows: 0,
            font_pt: 10.5,
            rows: vec![],
        };
        let w = column_widths(&t);
        assert_eq!(w.iter().sum::<usize>(), TEXT_WIDTH);
        // Widths that do not match the column count fall back to equal columns.
        let w = column_widths(&view::Table {
            widths: vec![0, 0],
            ..t
        });
        assert_eq!(w.len(), 3);
        assert_eq!(w.iter().sum::<usize>(), TEXT_WIDTH);
    }

    fn cell(text: &str, rowspan: usize, colspan: usize) -> GridCell {
        GridCell::new(text, CellRole::RowHeader).span(rowspan, colspan)
    }

    #[test]
    fn long_tables_keep_headers_and_the_start_of_row_spans() {
        let mut rows = vec![vec![cell("h", 1, 1)]];
        // Nine characters in a column 2 characters wide: 5 lines, 3 rows of 8 mm.
        rows.push(vec![cell("三、本年度办理结果", 8, 1)]);
        rows.extend((0..28).map(|_| vec![]));
        let t = view::Table {
            id: "t",
            caption: "",
            columns: 2,
            widths: vec![70, 930],
            header_rows: 1,
            font_pt: 10.5,
            rows,
        };
        let keep = keep_with_next(&t, 30, SIZE_5HAO);
        let kept: Vec<usize> = (0..30).filter(|&r| keep[r]).collect();
        // Header + two body rows, the label's three rows, the last two rows.
        assert_eq!(kept, [0, 1, 2, 28]);
        // Caption groups stay together, and may break from each other.
        let mut rows = Vec::new();
        for _ in 0..3 {
            rows.push(vec![
                GridCell::new("第二十条第（一）项", CellRole::Caption).span(1, 2),
            ]);
            rows.extend((0..3).map(|_| vec![cell("x", 1, 1), cell("1", 1, 1)]));
        }
        let t = view::Table {
            rows,
            header_rows: 0,
            ..t
        };
        let keep = keep_with_next(&t, 12, SIZE_5HAO);
        let kept: Vec<usize> = (0..12).filter(|&r| keep[r]).collect();
        assert_eq!(kept, [0, 1, 2, 4, 5, 6, 8, 9, 10]);
    }

    #[test]
    fn malformed_tables_render_without_panicking() {
        let loaded =
            crate::load::load_file(std::path::Path::new("examples/2025-township.toml")).unwrap();
        let mut v = View::new(&loaded.report, Some(2));
        v.sections[1].blocks.push(Block::Table(view::Table {
            id: "bad",
            caption: "",
            columns: 3,
            widths: vec![],
            header_rows: 9,
            font_pt: 10.5,
            rows: vec![
                vec![cell("too wide", 1, 7)],
                vec![cell("tall", 50, 1)],
                vec![],
            ],
        }));
        v.signoff.agency = String::new();
        v.title = String::new();
        v.title_lines = Vec::new();
        let bytes = render(&v).unwrap();
        assert!(bytes.starts_with(b"PK"));
    }
}
