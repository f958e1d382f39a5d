//! The PDF reader: the text layer of a PDF (fonts decoded through their ToUnicode maps by
//! lopdf), laid out again by position — runs on one baseline make a line, read left to
//! right, and a wide gap between runs (a table's column) becomes a tab. Line numbers count
//! these lines from the first page.

use std::collections::BTreeMap;

use lopdf::content::Content;
use lopdf::{Document, Encoding, Object};

use super::lines::normalise;

struct Run {
    x: f32,
    y: f32,
    size: f32,
    text: String,
    /// Baseline of the run's last line, when wrapped lines of a table cell were joined.
    last_y: f32,
}

fn num(o: &Object) -> f32 {
    match o {
        Object::Integer(i) => *i as f32,
        Object::Real(r) => *r,
        _ => 0.0,
    }
}

/// Approximate advance of text set at `size`: ideographs one em, the rest half.
fn advance(text: &str, size: f32) -> f32 {
    text.chars()
        .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
        .sum::<f32>()
        * size
}

fn decode(enc: &Encoding, operands: &[Object], out: &mut String) {
    for o in operands {
        match o {
            Object::String(bytes, _) => {
                if let Ok(s) = Document::decode_text(enc, bytes) {
                    out.push_str(&s);
                }
            }
            Object::Array(items) => decode(enc, items, out),
            _ => {}
        }
    }
}

/// What one stream of a PDF may inflate to (a report's page content is well under 1 MB).
pub const STREAM_CAP: usize = 16 * 1024 * 1024;
/// What all the pages' content together may inflate to.
pub const TOTAL_CAP: usize = 64 * 1024 * 1024;

fn too_big(limit: usize) -> String {
    format!(
        "PDF 中的压缩数据解压后超过 {} MB 的上限，不像是正常的报告（可能是恶意构造的文件），已停止读取",
        limit / 1024 / 1024
    )
}

/// The text lines of a PDF, top to bottom, page by page. Every stream is inflated under
/// [`STREAM_CAP`], the pages together under [`TOTAL_CAP`].
pub fn read(bytes: &[u8]) -> Result<Vec<String>, String> {
    read_with_data(bytes).map(|r| r.0)
}

/// [`read`], and the data a gxgk PDF carries as an embedded file.
pub fn read_with_data(bytes: &[u8]) -> Result<(Vec<String>, Option<String>), String> {
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(STREAM_CAP),
        ..Default::default()
    };
    let doc = Document::load_mem_with_options(bytes, options).map_err(|e| match e {
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => {
            too_big(STREAM_CAP)
        }
        e => format!("无法读取 PDF：{e}"),
    })?;
    let data = super::embedded::from_pdf(&doc)?;
    let mut budget = TOTAL_CAP;
    if doc.is_encrypted() {
        return Err("PDF 已加密，无法读取文字".into());
    }
    let mut out = Vec::new();
    for (_, page) in doc.get_pages() {
        let fonts = doc.get_page_fonts(page).unwrap_or_default();
        let encodings: BTreeMap<Vec<u8>, Encoding> = fonts
            .into_iter()
            .filter_map(|(name, f)| f.get_font_encoding(&doc).ok().map(|e| (name, e)))
            .collect();
        let content = doc
            .get_page_content_with_limit(page, STREAM_CAP.min(budget))
            .map_err(|_| {
                too_big(if budget < STREAM_CAP {
                    TOTAL_CAP
                } else {
                    STREAM_CAP
                })
            })?;
        budget = budget.saturating_sub(content.len());
        let content = Content::decode(&content).map_err(|e| format!("PDF 页面内容有误：{e}"))?;
        let mut runs: Vec<Run> = Vec::new();
        // Vertical table rules: (x, lowest y, highest y). A path's segments wait for its
        // painting operator: stroked lines and rectangle sides, and thin filled rectangles,
        // are rules; a filled wide rectangle is a background or a shaded cell.
        let mut rules: Vec<(f32, f32, f32)> = Vec::new();
        let mut path: Vec<(f32, f32, f32, bool)> = Vec::new();
        // Horizontal rules likewise: (y, leftmost x, rightmost x).
        let mut hrules: Vec<(f32, f32, f32)> = Vec::new();
        let mut hpath: Vec<(f32, f32, f32, bool)> = Vec::new();
        let mut at = (0.0f32, 0.0f32);
        let (mut x, mut y, mut lx, mut ly) = (0.0f32, 0.0f32, 0.0f32, 0.0f32);
        let (mut size, mut leading) = (12.0f32, 0.0f32);
        let mut enc: Option<&Encoding> = None;
        for op in &content.operations {
            let a = &op.operands;
            match op.operator.as_str() {
                "m" if a.len() == 2 => at = (num(&a[0]), num(&a[1])),
                "l" if a.len() == 2 => {
                    let (x, y) = (num(&a[0]), num(&a[1]));
                    if (x - at.0).abs() < 0.5 && (y - at.1).abs() > 2.0 {
                        path.push((x, y.min(at.1), y.max(at.1), false));
                    }
                    if (y - at.1).abs() < 0.5 && (x - at.0).abs() > 2.0 {
                        hpath.push((y, x.min(at.0), x.max(at.0), false));
                    }
                    at = (x, y);
                }
                "re" if a.len() == 4 => {
                    let (x, y, w, h) = (num(&a[0]), num(&a[1]), num(&a[2]), num(&a[3]));
                    let (lo, hi) = (y.min(y + h), y.max(y + h));
                    if h.abs() > 2.0 {
                        if w.abs() < 2.0 {
                            path.push((x + w / 2.0, lo, hi, true));
                        } else {
                            path.push((x, lo, hi, false));
                            path.push((x + w, lo, hi, false));
                        }
                    }
                    let (left, right) = (x.min(x + w), x.max(x + w));
                    if w.abs() > 2.0 {
                        if h.abs() < 2.0 {
                            hpath.push((y + h / 2.0, left, right, true));
                        } else {
                            hpath.push((lo, left, right, false));
                            hpath.push((hi, left, right, false));
                        }
                    }
                }
                "S" | "s" | "B" | "B*" | "b" | "b*" => {
                    rules.extend(path.drain(..).map(|(x, lo, hi, _)| (x, lo, hi)));
                    hrules.extend(hpath.drain(..).map(|(y, l, r, _)| (y, l, r)));
                }
                "f" | "F" | "f*" => {
                    rules.extend(
                        path.drain(..)
                            .filter(|p| p.3)
                            .map(|(x, lo, hi, _)| (x, lo, hi)),
                    );
                    hrules.extend(
                        hpath
                            .drain(..)
                            .filter(|p| p.3)
                            .map(|(y, l, r, _)| (y, l, r)),
                    );
                }
                "n" => {
                    path.clear();
                    hpath.clear();
                }
                "BT" => {
                    (x, y, lx, ly) = (0.0, 0.0, 0.0, 0.0);
                }
                "Tf" => {
                    enc = a
                        .first()
                        .and_then(|n| n.as_name().ok())
                        .and_then(|n| encodings.get(n));
                    size = a.get(1).map_or(size, num);
                }
                "Tm" if a.len() == 6 => {
                    (lx, ly) = (num(&a[4]), num(&a[5]));
                    (x, y) = (lx, ly);
                }
                "Td" | "TD" if a.len() == 2 => {
                    lx += num(&a[0]);
                    ly += num(&a[1]);
                    if op.operator == "TD" {
                        leading = -num(&a[1]);
                    }
                    (x, y) = (lx, ly);
                }
                "TL" => leading = a.first().map_or(leading, num),
                "T*" => {
                    ly -= leading;
                    (x, y) = (lx, ly);
                }
                "Tj" | "TJ" | "'" | "\"" => {
                    if matches!(op.operator.as_str(), "'" | "\"") {
                        ly -= leading;
                        (x, y) = (lx, ly);
                    }
                    if let Some(e) = enc {
                        let mut text = String::new();
                        decode(e, a, &mut text);
                        let text = normalise(&text);
                        if !text.trim().is_empty() {
                            let w = advance(&text, size);
                            runs.push(Run {
                                x,
                                y,
                                size,
                                text,
                                last_y: y,
                            });
                            x += w;
                        }
                    }
                }
                _ => {}
            }
        }
        runs.sort_by(|p, q| q.y.total_cmp(&p.y).then(p.x.total_cmp(&q.x)));
        // Runs that touch on one baseline are one piece of text (`2.` + `其他法律…`).
        let mut touching: Vec<Run> = Vec::new();
        for r in runs {
            match touching.last_mut() {
                Some(p)
                    if (p.y - r.y).abs() <= p.size.min(r.size) * 0.3
                        && r.x - (p.x + advance(&p.text, p.size)) < 0.6 * r.size
                        && r.x >= p.x =>
                {
                    p.text.push_str(&r.text);
                }
                _ => touching.push(r),
            }
        }
        let runs = touching;
        // A table cell's label wrapped over several lines: the next line starts at the same
        // x right below. Tables are set smaller than the 16 pt body, and figures never wrap.
        let mut joined: Vec<Run> = Vec::new();
        for r in runs {
            let figure = |t: &str| super::lines::cell_value(t).is_some();
            let above = joined.iter_mut().rev().find(|p| {
                (p.x - r.x).abs() < 1.0
                    && p.last_y > r.y
                    && p.last_y - r.y <= 1.6 * r.size
                    && r.size < 14.0
                    && !figure(&p.text)
                    && !figure(&r.text)
                    // A rule between the two lines: the lower one is the next row's label.
                    && !hrules
                        .iter()
                        .any(|h| r.y < h.0 && h.0 < p.last_y && h.1 <= r.x + 1.0 && r.x <= h.2)
            });
            match above {
                Some(p) => {
                    p.text.push_str(r.text.trim());
                    p.last_y = r.y;
                }
                None => joined.push(r),
            }
        }
        let mut runs = joined;
        // Lines: runs whose baselines agree, top to bottom, then left to right.
        runs.sort_by(|p, q| q.y.total_cmp(&p.y).then(p.x.total_cmp(&q.x)));
        let mut lines: Vec<Vec<Run>> = Vec::new();
        for r in runs {
            match lines.last_mut() {
                Some(l) if (l[0].y - r.y).abs() <= l[0].size.min(r.size) * 0.3 => l.push(r),
                _ => lines.push(vec![r]),
            }
        }
        for mut l in lines {
            l.sort_by(|p, q| p.x.total_cmp(&q.x));
            if let Some(row) = by_columns(&l, &rules) {
                out.push(row);
                continue;
            }
            let mut s = String::new();
            let mut end: Option<f32> = None;
            for r in &l {
                if let Some(e) = end
                    && r.x - e > r.size * 1.2
                {
                    s.push('\t');
                }
                s.push_str(r.text.trim_matches(' '));
                end = Some(r.x + advance(&r.text, r.size));
            }
            out.push(s);
        }
    }
    Ok((out, data))
}

/// A table row laid out by the table's vertical rules: each run goes to the column it stands
/// in, and a column with nothing in it is a blank cell, so a row whose zeros were left blank
/// keeps every figure in its column. `None` when the line is not inside ruled columns, or a
/// figure cannot be placed in one column (it straddles a rule): then the cells are read as
/// they come and the table's constraints decide, or the row is reported ambiguous.
fn by_columns(line: &[Run], rules: &[(f32, f32, f32)]) -> Option<String> {
    let xs = spanning(rules, line[0].y, line[0].size);
    if xs.len() < 3 {
        return None;
    }
    let figure = is_figure;
    if !line.iter().any(|r| figure(r.text.trim())) {
        return None;
    }
    let mut cells: Vec<Vec<&str>> = vec![Vec::new(); xs.len() - 1];
    for r in line {
        let col = xs
            .windows(2)
            .position(|w| w[0] - 1.0 <= r.x && r.x < w[1])?;
        if figure(r.text.trim())
            && r.x + advance(r.text.trim(), r.size) > xs[col + 1] + 0.3 * r.size
        {
            return None;
        }
        cells[col].push(r.text.trim());
    }
    let first = cells.iter().position(|c| !c.is_empty())?;
    // An empty column as narrow as the figures' is a blank cell; a much wider one is a label
    // column whose label sits on another baseline, and no cell.
    let width = |i: usize| xs[i + 1] - xs[i];
    let mut widths: Vec<f32> = (0..cells.len())
        .filter(|&i| cells[i].iter().any(|t| figure(t)))
        .map(width)
        .collect();
    widths.sort_by(f32::total_cmp);
    let typical = widths
        .get(widths.len() / 2)
        .copied()
        .unwrap_or(f32::INFINITY);
    let fields: Vec<String> = (first..cells.len())
        .filter(|&i| !cells[i].is_empty() || width(i) <= 2.0 * typical)
        .map(|i| cells[i].concat())
        .collect();
    Some(fields.join("\t"))
}

/// Whether a run's text is a figure.
fn is_figure(t: &str) -> bool {
    super::lines::cell_value(t.trim()).is_some_and(|v| v != super::lines::Val::Blank)
}

/// The x positions of the vertical rules crossing a baseline, left to right; rules closer
/// than a figure's width (a double border) are one.
fn spanning(rules: &[(f32, f32, f32)], y: f32, size: f32) -> Vec<f32> {
    let mut xs: Vec<f32> = rules
        .iter()
        .filter(|r| r.1 - size * 0.5 <= y && y <= r.2 + size * 0.5)
        .map(|r| r.0)
        .collect();
    xs.sort_by(f32::total_cmp);
    xs.dedup_by(|a, b| (*a - *b).abs() < (0.6 * size).max(1.0));
    xs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(x: f32, text: &str) -> Run {
        Run {
            x,
            y: 100.0,
            size: 10.0,
            text: text.into(),
            last_y: 100.0,
        }
    }

    /// Rules at x = 0, 100, 140, 180, 220 spanning the row.
    fn rules() -> Vec<(f32, f32, f32)> {
        [0.0, 100.0, 140.0, 180.0, 220.0]
            .iter()
            .map(|&x| (x, 90.0, 115.0))
            .collect()
    }

    #[test]
    fn figures_go_to_the_column_they_stand_in() {
        let line = [run(2.0, "行政许可"), run(118.0, "36"), run(198.0, "1")];
        assert_eq!(
            by_columns(&line, &rules()).as_deref(),
            Some("行政许可\t36\t\t1")
        );
    }

    #[test]
    fn a_figure_across_a_rule_is_not_placed() {
        let line = [run(2.0, "行政许可"), run(135.0, "3600")];
        assert_eq!(by_columns(&line, &rules()), None);
        // Outside the ruled columns: not a table row.
        let line = [run(2.0, "行政许可"), run(260.0, "5")];
        assert_eq!(by_columns(&line, &rules()), None);
    }
}
