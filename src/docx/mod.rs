//! DOCX output: owns the Word document drawn from the shared [`View`] — GB/T 9704-2012 page,
//! fonts and named paragraph styles (spec §8), the statistics tables with their merges, the
//! odd/even page-number footers and the 「草稿」 mark — and the XML fixes for what docx-rs
//! cannot express ([`patch`]).

mod order;
mod patch;

use std::io::{Cursor, Write};

use docx_rs::{
    AlignmentType, BorderType, BreakType, DocGrid, DocGridType, Docx, FieldCharType, Footer,
    Header, HeightRule, InstrPAGE, InstrText, LineSpacing, LineSpacingType, PageMargin, Paragraph,
    Run, RunFonts, SpecialIndentType, Style, StyleType, Table, TableAlignmentType, TableBorder,
    TableBorderPosition, TableBorders, TableCell, TableCellMargins, TableLayoutType, TableRow,
    VAlignType, VMergeType, WidthType,
};

use crate::page;
use crate::view::{self, Block, CellRole, GridCell, View};

/// Why a DOCX could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    /// A generated XML part could not be read back for post-processing.
    #[error("生成 DOCX 时处理 {part} 失败：{message}")]
    Xml {
        /// The package part, e.g. `word/document.xml`.
        part: String,
        /// What went wrong.
        message: String,
    },
    /// The ZIP package could not be written.
    #[error("打包 DOCX 失败：{0}")]
    Zip(#[from] zip::result::ZipError),
    /// Writing into the in-memory package failed.
    #[error("写入 DOCX 失败：{0}")]
    Io(#[from] std::io::Error),
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

fn fonts(east_asia: &str, latin: &str) -> RunFonts {
    RunFonts::new()
        .ascii(latin)
        .hi_ansi(latin)
        .cs(latin)
        .east_asia(east_asia)
}

fn exact(line: i32) -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(line)
        .before(0)
        .after(0)
}

fn styles(docx: Docx) -> Docx {
    let para = |(id, name): (&str, &str)| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .q_format(true)
    };
    let body = para(style::BODY)
        .fonts(fonts(FANGSONG, LATIN))
        .size(SIZE_3HAO)
        .align(AlignmentType::Both)
        .line_spacing(exact(LINE_PITCH))
        .indent(
            Some(0),
            Some(SpecialIndentType::FirstLine(2 * CHAR_3HAO)),
            Some(0),
            None,
        )
        .next(style::BODY.0);
    let mut body = body;
    body.run_property = body.run_property.character_spacing(BODY_CHAR_SPACING);
    let mut title = para(style::TITLE)
        .fonts(fonts(XIAOBIAOSONG, LATIN))
        .size(SIZE_2HAO)
        .align(AlignmentType::Center)
        .snap_to_grid(false)
        // One blank grid line between the title and the body.
        .line_spacing(exact(LINE_PITCH).after(LINE_PITCH as u32))
        .indent(Some(0), None, Some(0), None)
        .next(style::BODY.0);
    title.paragraph_property = title.paragraph_property.keep_next(true);
    let mut heading1 = para(style::HEADING1)
        .based_on(style::BODY.0)
        .fonts(fonts(HEITI, LATIN))
        .outline_lvl(0)
        .next(style::BODY.0);
    heading1.paragraph_property = heading1.paragraph_property.keep_next(true);
    let mut heading2 = para(style::HEADING2)
        .based_on(style::BODY.0)
        .fonts(fonts(KAITI, LATIN))
        .outline_lvl(1)
        .next(style::BODY.0);
    heading2.paragraph_property = heading2.paragraph_property.keep_next(true);
    let signoff = para(style::SIGNOFF)
        .based_on(style::BODY.0)
        .align(AlignmentType::Right)
        .indent(Some(0), None, Some(2 * CHAR_3HAO), None);
    let table = para(style::TABLE)
        .fonts(fonts(FANGSONG, LATIN))
        .size(SIZE_5HAO)
        .align(AlignmentType::Center)
        .snap_to_grid(false)
        .line_spacing(
            LineSpacing::new()
                .line_rule(LineSpacingType::Auto)
                .line(240)
                .before(0)
                .after(0),
        )
        .indent(Some(0), None, Some(0), None);
    let page_number = para(style::PAGE_NUMBER)
        .fonts(fonts(SONGTI, SONGTI))
        .size(SIZE_4HAO)
        .snap_to_grid(false)
        .line_spacing(exact(CHAR_4HAO))
        .indent(Some(0), None, Some(0), None);
    let draft = para(style::DRAFT)
        .fonts(fonts(HEITI, LATIN))
        .size(SIZE_XIAO5 + 6)
        .color("C00000")
        .align(AlignmentType::Center)
        .snap_to_grid(false)
        .indent(Some(0), None, Some(0), None);
    docx.default_fonts(fonts(FANGSONG, LATIN))
        .default_size(SIZE_3HAO)
        .add_style(body)
        .add_style(title)
        .add_style(heading1)
        .add_style(heading2)
        .add_style(signoff)
        .add_style(table)
        .add_style(page_number)
        .add_style(draft)
}

// ------------------------------------------------------------------ text helpers

fn styled(style: (&str, &str), text: &str) -> Paragraph {
    let p = Paragraph::new().style(style.0);
    if text.is_empty() {
        p
    } else {
        p.add_run(Run::new().add_text(text))
    }
}

/// Width of a text in half 3号 characters (the view's measure, as a signed twips factor).
fn half_chars(text: &str) -> i32 {
    i32::try_from(crate::view::half_width(text)).unwrap_or(i32::MAX / 4)
}

/// The title in the view's balanced lines (spec §8.3), joined by line breaks so it stays
/// one 标题 paragraph.
fn title(view: &View) -> Paragraph {
    let mut p = Paragraph::new().style(style::TITLE.0);
    for (i, line) in view.title_lines.iter().enumerate() {
        if i > 0 {
            p = p.add_run(Run::new().add_break(BreakType::TextWrapping));
        }
        p = p.add_run(Run::new().add_text(line));
    }
    p
}

/// The sign-off (spec §8.3, no seal): name right-indented 2 字, the date starting 2 字 right
/// of the name's first character; when the date is the longer, the date is right-indented
/// 2 字 and the name shifted left accordingly. Both lines are placed by their left indent, so
/// the date's 2 字 offset from the name holds whatever font the reader's machine puts in for
/// the digits (LibreOffice without Times New Roman draws wider ones).
fn signoff(view: &View) -> Vec<Paragraph> {
    let (name, date) = (&view.signoff.agency, &view.signoff.date);
    let (name_half, date_half) = (half_chars(name), half_chars(date));
    let (name_indent, date_indent) = signoff_indents(name_half, date_half);
    let line = |text: &str, right: i32, width: i32| {
        let left = (TEXT_WIDTH as i32 - (right + width) * CHAR_3HAO / 2).max(0);
        styled(style::SIGNOFF, text)
            .align(AlignmentType::Left)
            .indent(
                Some(left),
                Some(SpecialIndentType::FirstLine(0)),
                Some(0),
                None,
            )
    };
    vec![
        styled(style::BODY, ""),
        line(name, name_indent, name_half),
        line(date, date_indent, date_half),
    ]
}

/// Right indents of the sign-off name and date, in half characters, from their widths in
/// half characters (spec §8.3): `(name, date)`.
fn signoff_indents(name: i32, date: i32) -> (i32, i32) {
    let (n, d) = crate::page::signoff_indents(name as f32, date as f32, 2.0);
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

fn cell_paragraph(cell: &GridCell, size: usize) -> Paragraph {
    let align = match cell.align {
        view::Align::Left => AlignmentType::Left,
        view::Align::Center => AlignmentType::Center,
    };
    let mut p = Paragraph::new().style(style::TABLE.0).align(align);
    if !cell.text.is_empty() {
        let mut run = Run::new().add_text(&cell.text);
        if size != SIZE_5HAO {
            run = run.size(size);
        }
        p = p.add_run(run);
    }
    p
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
/// (restart, then continue in each covered row) for row spans.
fn table(t: &view::Table) -> Table {
    let widths = column_widths(t);
    let columns = widths.len();
    // The view's size, in half-points.
    let size = (t.font_pt * 2.0).round() as usize;
    let grid = t.grid();
    let keep = keep_with_next(t, grid.len(), size);
    let keep = |r: usize| keep.get(r).copied().unwrap_or(false);
    let border = |pos| {
        TableBorder::new(pos)
            .border_type(BorderType::Single)
            .size(4)
            .color("000000")
    };
    let borders = [
        TableBorderPosition::Top,
        TableBorderPosition::Left,
        TableBorderPosition::Bottom,
        TableBorderPosition::Right,
        TableBorderPosition::InsideH,
        TableBorderPosition::InsideV,
    ]
    .into_iter()
    .fold(TableBorders::new(), |b, pos| b.set(border(pos)));
    let rows = grid
        .iter()
        .enumerate()
        .map(|(r, line)| {
            let mut cells = Vec::new();
            let mut c = 0;
            let para = |p: Paragraph| if keep(r) { p.keep_next(true) } else { p };
            let empty = || para(Paragraph::new().style(style::TABLE.0));
            while c < columns {
                let span_cell = line.get(c).copied().flatten().and_then(|(row, i)| {
                    let cell = t.rows.get(row)?.get(i)?;
                    Some((row, cell))
                });
                let (tc, span) = match span_cell {
                    Some((row, cell)) => {
                        let span = cell.colspan.clamp(1, columns - c);
                        let mut tc = TableCell::new();
                        if row == r {
                            tc = tc.add_paragraph(para(cell_paragraph(cell, size)));
                            if cell.rowspan > 1 {
                                tc = tc.vertical_merge(VMergeType::Restart);
                            }
                        } else {
                            tc = tc
                                .add_paragraph(empty())
                                .vertical_merge(VMergeType::Continue);
                        }
                        (tc, span)
                    }
                    // A hole in the grid (malformed view): an empty cell keeps the row whole.
                    None => (TableCell::new().add_paragraph(empty()), 1),
                };
                let width = widths[c..c + span].iter().sum();
                let mut tc = tc
                    .width(width, WidthType::Dxa)
                    .vertical_align(VAlignType::Center);
                if span > 1 {
                    tc = tc.grid_span(span);
                }
                cells.push(tc);
                c += span;
            }
            TableRow::new(cells)
                .row_height(ROW_HEIGHT as f32)
                .height_rule(HeightRule::AtLeast)
                .cant_split()
        })
        .collect();
    Table::new(rows)
        .set_grid(widths)
        .width(TEXT_WIDTH, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .align(TableAlignmentType::Center)
        .set_borders(borders)
        .margins(
            TableCellMargins::new()
                .margin_top(0, WidthType::Dxa)
                .margin_bottom(0, WidthType::Dxa)
                .margin_left(57, WidthType::Dxa)
                .margin_right(57, WidthType::Dxa),
        )
}

// ------------------------------------------------------------------ headers and footers

fn page_number(align: AlignmentType, left: i32, right: i32) -> Footer {
    let dash = |t: &str| Run::new().add_text(t);
    Footer::new().add_paragraph(
        Paragraph::new()
            .style(style::PAGE_NUMBER.0)
            .align(align)
            .indent(Some(left), None, Some(right), None)
            .add_run(dash("— "))
            .add_run(
                Run::new()
                    .add_field_char(FieldCharType::Begin, false)
                    .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
                    .add_field_char(FieldCharType::Separate, false)
                    .add_text("1")
                    .add_field_char(FieldCharType::End, false),
            )
            .add_run(dash(" —")),
    )
}

fn draft_header(notice: &str) -> Header {
    Header::new()
        .add_paragraph(styled(style::DRAFT, notice))
        .add_paragraph(
            Paragraph::new()
                .style(style::DRAFT.0)
                .add_run(Run::new().add_text(patch::WATERMARK_PLACEHOLDER)),
        )
}

// ------------------------------------------------------------------ the document

fn document(view: &View) -> Docx {
    let mut docx = styles(Docx::new())
        .page_size(PAGE_W, PAGE_H)
        .page_margin(
            PageMargin::new()
                .top(MARGIN_TOP)
                .bottom(MARGIN_BOTTOM)
                .left(MARGIN_LEFT)
                .right(MARGIN_RIGHT)
                .header(HEADER_DIST)
                .footer(FOOTER_DIST)
                .gutter(0),
        )
        // Odd pages: right-aligned, indented one 4号 character; even pages: left-aligned.
        .footer(page_number(AlignmentType::Right, 0, CHAR_4HAO))
        .even_footer(page_number(AlignmentType::Left, CHAR_4HAO, 0));
    docx.document = docx.document.doc_grid(
        DocGrid::new()
            .grid_type(DocGridType::Lines)
            .line_pitch(LINE_PITCH as usize),
    );
    if let Some(notice) = &view.draft_notice {
        docx = docx
            .header(draft_header(notice))
            .even_header(draft_header(notice));
    }
    docx = docx.add_paragraph(title(view));
    for p in &view.lead {
        docx = docx.add_paragraph(styled(style::BODY, p));
    }
    for section in &view.sections {
        docx = docx.add_paragraph(styled(style::HEADING1, section.heading));
        for block in &section.blocks {
            docx = match block {
                Block::Paragraph { text } => docx.add_paragraph(styled(style::BODY, text)),
                Block::Heading { marker, text } => {
                    docx.add_paragraph(styled(style::HEADING2, &format!("{marker}{text}")))
                }
                Block::Table(t) => docx.add_table(table(t)),
            };
        }
    }
    for p in signoff(view) {
        docx = docx.add_paragraph(p);
    }
    docx
}

/// Renders the view as a DOCX package (bytes of the `.docx` file).
pub fn render(view: &View) -> Result<Vec<u8>, DocxError> {
    let xml = document(view).build();
    let parts = patch::finish(xml, view)?;
    pack(&parts)
}

/// Writes the parts into a ZIP with fixed timestamps, so equal views give equal bytes.
fn pack(parts: &[(String, Vec<u8>)]) -> Result<Vec<u8>, DocxError> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for (name, bytes) in parts {
        zip.start_file(name.as_str(), options)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Table cells are aligned as the view decides (`GridCell.align`), not by the DOCX's
    /// own reading of their roles.
    #[test]
    fn cells_align_as_the_view_says() {
        use docx_rs::BuildXML;
        let loaded = crate::load::load_file(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/2025-township.toml"
        )))
        .unwrap();
        let v = View::new(&loaded.report, None);
        let mut seen = [0, 0];
        for t in v.tables() {
            for c in t.rows.iter().flatten() {
                let xml = String::from_utf8(cell_paragraph(c, SIZE_5HAO).build()).unwrap();
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
