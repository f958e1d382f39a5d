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
        let (mut x, mut y, mut lx, mut ly) = (0.0f32, 0.0f32, 0.0f32, 0.0f32);
        let (mut size, mut leading) = (12.0f32, 0.0f32);
        let mut enc: Option<&Encoding> = None;
        for op in &content.operations {
            let a = &op.operands;
            match op.operator.as_str() {
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
    Ok(out)
}
