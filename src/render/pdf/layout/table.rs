//! Tables: cells measured into lines (label words kept whole), rows paginated without
//! splitting a row, leaving a lone last row or a merged label's first piece too small for it,
//! headers repeated, every page's part ending on the line grid, and every cell drawn as rules
//! and centred text (a merged label in every piece that holds it).

use std::ops::Range;

use crate::sys::fonts::Role;
use crate::view::{Align, CellRole, GridCell, Table};

use super::flow::Flow;
use super::tags::{Scope, Tag};
use super::text::{Item, Style, baseline_in, break_lines, natural, place};
use super::{BLOCK_H, BLOCK_W, Kind, LEFT, LINE, Line, Rule, TOP};

/// Table font size: the view's, shared by every format.
pub fn table_size(t: &Table) -> f32 {
    t.font_pt
}

pub(super) const PAD_X: f32 = 3.0;
pub(super) const PAD_Y: f32 = 3.0;
pub(super) const BORDER: f32 = 0.6;

/// A table measured for pagination.
pub(super) struct Measured {
    pub(super) size: f32,
    pub(super) lh: f32,
    pub(super) xs: Vec<f32>,
    pub(super) cells: Vec<CellBox>,
    pub(super) heights: Vec<f32>,
    pub(super) keep_next: Vec<bool>,
    pub(super) header_rows: usize,
}

pub(super) struct CellBox {
    pub(super) row: usize,
    pub(super) col: usize,
    pub(super) cell: GridCell,
    pub(super) lines: Vec<Vec<Item>>,
}

/// Words of the template's table labels that a narrow cell must not split (`自然/人`,
/// `不予公/开`): a cell breaks between them, not inside.
pub(super) const TABLE_WORDS: &[&str] = &[
    "自然人",
    "申请人",
    "法人",
    "或其他",
    "组织",
    "商业",
    "企业",
    "科研",
    "机构",
    "社会",
    "公益",
    "法律",
    "服务",
    "其他",
    "总计",
    "予以",
    "部分",
    "公开",
    "不予",
    "无法",
    "提供",
    "处理",
    "国家",
    "秘密",
    "法律",
    "行政",
    "法规",
    "禁止",
    "危及",
    "三安全一稳定",
    "保护",
    "第三方",
    "合法",
    "权益",
    "三类",
    "内部",
    "事务",
    "信息",
    "四类",
    "过程性",
    "执法",
    "案卷",
    "查询",
    "事项",
    "本机关",
    "不掌握",
    "相关",
    "政府",
    "没有",
    "现成",
    "需要",
    "另行",
    "制作",
    "补正",
    "后",
    "申请",
    "内容",
    "仍不",
    "明确",
    "信访",
    "举报",
    "投诉",
    "类",
    "重复",
    "要求",
    "公开",
    "出版物",
    "无正当",
    "理由",
    "大量",
    "反复",
    "确认",
    "重新",
    "出具",
    "已获取",
    "逾期",
    "不补正",
    "不再",
    "收费",
    "通知",
    "缴纳",
    "费用",
    "结转",
    "下年度",
    "继续",
    "办理",
    "本年度",
    "结果",
    "维持",
    "纠正",
    "尚未",
    "审结",
    "复议",
    "诉讼",
    "直接",
    "起诉",
    "情况",
    "数量",
    "本年",
    "新收",
    "上年",
    "制发",
    "废止",
    "现行",
    "有效",
    "件数",
    "规章",
    "规范性",
    "文件",
    "许可",
    "处罚",
    "强制",
    "事业性",
    "决定",
    "金额",
    "单位",
    "万元",
];

/// Glues the characters of each [`TABLE_WORDS`] word in `items` (built from `text`).
pub(super) fn keep_words(items: &mut [Item], text: &str) {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_control()).collect();
    let mut inside = vec![false; chars.len() + 1];
    let mut i = 0;
    while i < chars.len() {
        // The longest word the text continues with here (most differ at the first character).
        let hit = TABLE_WORDS
            .iter()
            .filter_map(|w| {
                let mut n = 0;
                for c in w.chars() {
                    if chars.get(i + n) != Some(&c) {
                        return None;
                    }
                    n += 1;
                }
                (n > 0).then_some(n)
            })
            .max();
        match hit {
            Some(n) => {
                for flag in &mut inside[i + 1..i + n] {
                    *flag = true;
                }
                i += n;
            }
            None => i += 1,
        }
    }
    for it in items.iter_mut() {
        if inside.get(it.start).copied().unwrap_or(false) {
            it.glue = true;
        }
    }
}

impl Flow<'_> {
    /// Cells, their lines and the row heights of a table, before pagination.
    pub(super) fn measure(&mut self, t: &Table) -> Measured {
        let size = table_size(t);
        let lh = size * 1.3;
        let style = Style { size, grid: false };
        let total: f32 = t.widths.iter().map(|w| *w as f32).sum::<f32>().max(1.0);
        let cols = t.columns.max(1);
        let mut xs = vec![LEFT];
        for c in 0..cols {
            let w = t.widths.get(c).map_or(total / cols as f32, |w| *w as f32);
            xs.push(xs[c] + BLOCK_W * w / total);
        }
        let nrows = t.rows.len();
        // Place the cells on the grid positions.
        let grid = t.grid();
        let mut cells: Vec<CellBox> = Vec::new();
        for (r, row) in t.rows.iter().enumerate() {
            for (i, cell) in row.iter().enumerate() {
                let Some(col) = grid[r].iter().position(|g| *g == Some((r, i))) else {
                    continue;
                };
                let cs = cell.colspan.max(1).min(cols - col);
                let inner = (xs[col + cs] - xs[col] - 2.0 * PAD_X).max(size);
                let mut items = self.ctx.items(&[(Role::Body, cell.text.as_str())], &style);
                keep_words(&mut items, &cell.text);
                let lines = break_lines(&items, &|_| inner)
                    .into_iter()
                    .map(|r| items[r].to_vec())
                    .collect();
                let mut cell = cell.clone();
                cell.colspan = cs;
                cell.rowspan = cell.rowspan.clamp(1, nrows - r);
                cells.push(CellBox {
                    row: r,
                    col,
                    cell,
                    lines,
                });
            }
        }
        // Row heights from content; a merged cell's excess is shared by its rows.
        let need = |c: &CellBox| c.lines.len().max(1) as f32 * lh + 2.0 * PAD_Y;
        let mut heights = vec![lh + 2.0 * PAD_Y; nrows];
        for c in cells.iter().filter(|c| c.cell.rowspan == 1) {
            heights[c.row] = heights[c.row].max(need(c));
        }
        for c in cells.iter().filter(|c| c.cell.rowspan > 1) {
            let span = c.row..c.row + c.cell.rowspan;
            let have: f32 = heights[span.clone()].iter().sum();
            if need(c) > have {
                let add = (need(c) - have) / c.cell.rowspan as f32;
                for h in &mut heights[span] {
                    *h += add;
                }
            }
        }
        // Rows kept with the row after them: captions and column headers.
        let keep_next: Vec<bool> = (0..nrows)
            .map(|r| {
                r + 1 < nrows
                    && (r < t.header_rows
                        || t.rows[r]
                            .iter()
                            .all(|c| matches!(c.role, CellRole::Caption | CellRole::ColHeader)))
            })
            .collect();
        Measured {
            size,
            lh,
            xs,
            cells,
            heights,
            keep_next,
            header_rows: t.header_rows.min(nrows),
        }
    }

    /// Grid lines the table's first unbreakable block takes (a heading before the table
    /// keeps that much room below it).
    pub(super) fn first_block_lines(m: &Measured) -> usize {
        let mut end = 0;
        while end + 1 < m.heights.len() && m.keep_next[end] {
            end += 1;
        }
        let h: f32 = m.heights.iter().take(end + 1).sum();
        (h / LINE - 0.01).ceil().max(1.0) as usize
    }

    /// Lays out a table measured as `m` (by [`Flow::measure`]).
    pub(super) fn table(&mut self, m: Measured) {
        let nrows = m.heights.len();
        if nrows == 0 {
            return;
        }
        let Measured {
            size,
            lh,
            xs,
            cells,
            mut heights,
            keep_next,
            header_rows,
        } = m;
        let style = Style { size, grid: false };
        // Structure: the table, a row element per grid row, each cell in the row it starts in
        // with its spans; header cells with their scope (as the HTML's `th scope`). A row
        // that is only a sub-caption spanning the table (表二's 第二十条第（一）项) starts a
        // table of its own with that Caption: its column headers then head only its cells.
        let mut table = None;
        let mut elems = Vec::with_capacity(cells.len());
        let mut k = 0;
        for r in 0..nrows {
            let row = cells[k..].iter().take_while(|c| c.row == r).count();
            if row == 1 && cells[k].cell.role == CellRole::Caption {
                let t = self.open(Tag::Table, None);
                table = Some(t);
                elems.push(self.open(Tag::Caption, Some(t)));
                k += 1;
                continue;
            }
            let t = match table {
                Some(t) => t,
                None => *table.insert(self.open(Tag::Table, None)),
            };
            let tr = self.open(Tag::TR, Some(t));
            for c in &cells[k..k + row] {
                let c = &c.cell;
                let (rows, cols) = (c.rowspan, c.colspan);
                let tag = match c.role {
                    CellRole::RowHeader => Tag::TH {
                        scope: Scope::Row,
                        rows,
                        cols,
                    },
                    CellRole::ColHeader | CellRole::Caption => Tag::TH {
                        scope: Scope::Column,
                        rows,
                        cols,
                    },
                    CellRole::Note | CellRole::Number | CellRole::Empty => Tag::TD { rows, cols },
                };
                elems.push(self.open(tag, Some(tr)));
            }
            k += row;
        }
        let header: f32 = heights[..header_rows].iter().sum();
        let block_end = |r: usize| {
            let mut e = r;
            while e + 1 < nrows && keep_next[e] {
                e += 1;
            }
            e
        };
        // Paginate: (page, top) of every row; rows never split.
        let mut at: Vec<(usize, f32)> = Vec::with_capacity(nrows);
        let mut repeats: Vec<(usize, f32)> = Vec::new();
        let mut r = 0;
        while r < nrows {
            let end = block_end(r);
            let block: f32 = heights[r..=end].iter().sum();
            if self.y + block > Self::bottom() + 0.01 && self.y > TOP + 0.5 {
                // Never carry a single body row over under a repeated header: take the
                // block before it along when that leaves rows on this page.
                // Where the break really goes: never a single body row carried over under
                // a repeated header, never a merged label's first piece too small to show it.
                let mut back = r;
                if r == end && end + 1 == nrows && r > header_rows {
                    back = r - 1;
                    while back > header_rows && keep_next[back - 1] {
                        back -= 1;
                    }
                }
                for c in cells
                    .iter()
                    .filter(|c| c.cell.rowspan > 1 && c.row >= header_rows)
                {
                    let label = c.lines.len() as f32 * lh + 2.0 * PAD_Y;
                    if c.row < back && back < c.row + c.cell.rowspan {
                        let piece: f32 = heights[c.row..back].iter().sum();
                        if piece + 0.01 < label {
                            back = c.row;
                        }
                    }
                }
                let page = self.pages.len() - 1;
                if back < r && at[back].0 == page && (header_rows..back).any(|x| at[x].0 == page) {
                    at.truncate(back);
                    r = back;
                }
                self.new_page();
                if r >= header_rows && header_rows > 0 {
                    let rest: f32 = heights[r..=block_end(r)].iter().sum();
                    if header + rest <= BLOCK_H {
                        repeats.push((self.pages.len() - 1, self.y));
                        self.y += header;
                    }
                }
            }
            let end = block_end(r);
            for h in &heights[r..=end] {
                at.push((self.pages.len() - 1, self.y));
                self.y += h;
            }
            r = end + 1;
        }
        // The table ends on the line grid on every page: its rows there share the space left
        // to the next grid line, so the gap to what follows is always the same.
        let last_page = at.last().map_or(0, |a| a.0);
        for page in at.first().map_or(0, |a| a.0)..=last_page {
            // Body rows only: the header keeps its height, as it is repeated on later pages.
            let rows: Vec<usize> = (header_rows..nrows).filter(|&r| at[r].0 == page).collect();
            let (Some(&first), Some(&last)) = (rows.first(), rows.last()) else {
                continue;
            };
            let bottom = at[last].1 + heights[last];
            let k = ((bottom - TOP) / LINE - 0.01).ceil();
            let target = (TOP + k * LINE).min(Self::bottom());
            let add = (target - bottom).max(0.0) / rows.len() as f32;
            let mut y = at[first].1;
            for &row in &rows {
                heights[row] += add;
                at[row].1 = y;
                y += heights[row];
            }
            if page == last_page {
                self.y = y;
            }
        }
        // Draw every cell, split into one fragment per page it spans.
        // A cell's text is its element's content where it is first drawn; drawn again (in a
        // later piece of a merged label, or a repeated header), it is an artifact.
        let draw =
            |flow: &mut Flow, c: &CellBox, frags: Vec<(usize, f32, f32)>, elem: Option<usize>| {
                let mut elem = elem;
                let (x1, x2) = (xs[c.col], xs[c.col + c.cell.colspan]);
                let text_h = c.lines.len() as f32 * lh;
                let fits: Vec<bool> = frags.iter().map(|f| f.2 + 0.01 >= text_h + PAD_Y).collect();
                let largest = frags
                    .iter()
                    .enumerate()
                    .max_by(|a, b| a.1.2.total_cmp(&b.1.2))
                    .map_or(0, |(i, _)| i);
                for (k, (page, top, h)) in frags.iter().copied().enumerate() {
                    let p = &mut flow.pages[page];
                    for (a, b, cx, cy) in [
                        (x1, top, x2, top),
                        (x1, top + h, x2, top + h),
                        (x1, top, x1, top + h),
                        (x2, top, x2, top + h),
                    ] {
                        p.rules.push(Rule {
                            x1: a,
                            y1: b,
                            x2: cx,
                            y2: cy,
                            width: BORDER,
                        });
                    }
                    // A label is drawn in every piece of its cell that holds it (repeated after
                    // a page break), or once in the largest piece when none does.
                    if !(fits[k] || (!fits.iter().any(|f| *f) && k == largest)) {
                        continue;
                    }
                    let first = top + (h - text_h) / 2.0;
                    for (n, items) in c.lines.iter().enumerate() {
                        let w = natural(items);
                        let x = match c.cell.align {
                            Align::Left => x1 + PAD_X,
                            Align::Center => (x1 + x2 - w) / 2.0,
                        };
                        let line = place(
                            items,
                            Kind::Cell,
                            x,
                            baseline_in(first + n as f32 * lh, lh, size),
                            size,
                            &style,
                            None,
                        )
                        .tag(elem);
                        p.lines.push(line);
                    }
                    elem = None;
                }
            };
        let fragments = |rows: Range<usize>, at: &[(usize, f32)]| {
            let mut frags: Vec<(usize, f32, f32)> = Vec::new();
            for row in rows {
                let (page, top) = at[row];
                match frags.last_mut() {
                    Some(f) if f.0 == page => f.2 += heights[row],
                    _ => frags.push((page, top, heights[row])),
                }
            }
            frags
        };
        // Reading order: row by row.
        for (c, elem) in cells.iter().zip(&elems) {
            let frags = fragments(c.row..c.row + c.cell.rowspan, &at);
            draw(self, c, frags, Some(*elem));
        }
        for (page, top) in repeats {
            let mut y = top;
            let mut tops = Vec::new();
            for h in &heights[..header_rows] {
                tops.push((page, y));
                y += h;
            }
            // Move the repeated header's lines before the page's other table lines.
            let before = self.pages[page].lines.len();
            for c in cells.iter().filter(|c| c.row < header_rows) {
                let frags = fragments(c.row..c.row + c.cell.rowspan, &tops);
                draw(self, c, frags, None);
            }
            let p = &mut self.pages[page];
            let added: Vec<Line> = p.lines.drain(before..).collect();
            let insert_at = p
                .lines
                .iter()
                .position(|l| l.kind == Kind::Cell && l.baseline() > top)
                .unwrap_or(p.lines.len());
            p.lines.splice(insert_at..insert_at, added);
        }
    }
}
