//! The DOCX reader: `word/document.xml` of a Word file as offices write them (and as gxgk
//! renders them) into lines — one per paragraph, one per table row with its cells separated
//! by tabs; vertically merged continuation cells are left out, as a portal copy leaves them.
//! Line numbers count these lines (the document's paragraphs and rows).

use std::io::Read;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::lines::{Line, normalise};

/// Why a DOCX file could not be read.
pub fn read(bytes: &[u8]) -> Result<Vec<String>, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|_| "不是有效的 Word 文档（.docx 应是 zip 压缩包）".to_string())?;
    let xml = part(&mut zip, "word/document.xml")?
        .ok_or_else(|| "Word 文档中没有正文（word/document.xml）".to_string())?;
    paragraphs(&xml)
}

/// What one part of a Word file may inflate to (a report's body is well under 1 MB).
pub const PART_CAP: u64 = 32 * 1024 * 1024;

/// A part of the package as text, read under [`PART_CAP`] whatever its header claims.
pub fn part(
    zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<String>, String> {
    let Ok(f) = zip.by_name(name) else {
        return Ok(None);
    };
    let mut bytes = Vec::new();
    f.take(PART_CAP + 1)
        .read_to_end(&mut bytes)
        .map_err(|_| format!("无法读取 Word 文档的 {name}（压缩数据损坏）"))?;
    if bytes.len() as u64 > PART_CAP {
        return Err(format!(
            "Word 文档的 {name} 解压后超过 {} MB 的上限，不像是正常的报告（可能是恶意构造的文件），已停止读取",
            PART_CAP / 1024 / 1024
        ));
    }
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| format!("Word 文档的 {name} 不是 UTF-8 编码的 XML"))
}

fn entity(name: &[u8]) -> Option<char> {
    Some(match name {
        b"amp" => '&',
        b"lt" => '<',
        b"gt" => '>',
        b"quot" => '"',
        b"apos" => '\'',
        n if n.first() == Some(&b'#') => {
            let s = std::str::from_utf8(&n[1..]).ok()?;
            let v = match s.strip_prefix(['x', 'X']) {
                Some(h) => u32::from_str_radix(h, 16).ok()?,
                None => s.parse().ok()?,
            };
            return char::from_u32(v);
        }
        _ => return None,
    })
}

/// The document's lines: paragraphs, and table rows with tab-separated cells.
fn paragraphs(xml: &str) -> Result<Vec<String>, String> {
    let mut r = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut para = String::new();
    let mut in_t = false;
    // Table state: depth, current row's cells, current cell text, whether to skip the cell.
    let mut depth = 0usize;
    let mut row: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut skip_cell = false;
    loop {
        let ev = r
            .read_event()
            .map_err(|e| format!("Word 文档正文的 XML 有误：{e}"))?;
        match ev {
            Event::Eof => break,
            Event::Start(e) => match e.name().as_ref() {
                b"w:tbl" => depth += 1,
                b"w:tr" if depth == 1 => row.clear(),
                b"w:tc" if depth == 1 => {
                    cell.clear();
                    skip_cell = false;
                }
                b"w:t" => in_t = true,
                b"w:vMerge" if depth == 1 => skip_cell = true,
                _ => {}
            },
            Event::Empty(e) => match e.name().as_ref() {
                b"w:tab" => para.push(' '),
                b"w:vMerge" if depth == 1 => {
                    let restart = e
                        .try_get_attribute("w:val")
                        .ok()
                        .flatten()
                        .is_some_and(|a| a.value.as_ref() == b"restart");
                    skip_cell = !restart;
                }
                _ => {}
            },
            Event::Text(t) if in_t => {
                let raw = std::str::from_utf8(t.as_ref()).unwrap_or("");
                para.push_str(&quick_xml::escape::unescape(raw).map_err(|e| e.to_string())?);
            }
            Event::GeneralRef(g) if in_t => {
                if let Some(c) = entity(g.as_ref()) {
                    para.push(c);
                }
            }
            Event::End(e) => match e.name().as_ref() {
                b"w:t" => in_t = false,
                b"w:p" => {
                    let p = normalise(&para).trim().to_string();
                    para.clear();
                    if depth >= 1 {
                        if !cell.is_empty() && !p.is_empty() {
                            cell.push(' ');
                        }
                        cell.push_str(&p);
                    } else if !p.is_empty() {
                        out.push(p);
                    }
                }
                b"w:tc" if depth == 1 => {
                    if !skip_cell {
                        row.push(cell.replace('\t', " "));
                    }
                    cell.clear();
                }
                b"w:tr" if depth == 1 => {
                    let filled = row.iter().filter(|c| !c.is_empty()).count();
                    match filled {
                        0 => {}
                        1 => out.push(
                            row.iter()
                                .find(|c| !c.is_empty())
                                .cloned()
                                .unwrap_or_default(),
                        ),
                        _ => out.push(row.join("\t")),
                    }
                    row.clear();
                }
                b"w:tbl" => depth = depth.saturating_sub(1),
                _ => {}
            },
            _ => {}
        }
    }
    Ok(out)
}

/// Lines numbered by their place in the document.
pub fn lines(texts: &[String]) -> Vec<Line> {
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| Line {
            no: i + 1,
            text: t.clone(),
        })
        .collect()
}
