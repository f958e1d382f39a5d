//! The data a gxgk document carries inside it (`view::data`): found in an HTML page's
//! `<script type="application/json" id="gxgk-data">`, a Word file's custom XML part, or a
//! PDF's embedded `gxgk-data.json`; read into an [`Imported`] exactly (every cell and text);
//! and compared with what the visible tables say, each difference an `IMPORT-DATA-MISMATCH`
//! located at the visible row.

use chrono::NaiveDate;
use serde_json::Value;

use super::lines::Val;
use super::sections::{NarrativeImport, Para};
use super::solve::{CellTok, Certainty};
use super::tables::{self, RowDef, RowImport};
use super::{Imported, Note, NoteKind};
use crate::model::{Edition, Level, SECTIONS};
use crate::view::data::TAG;

/// The JSON of an HTML page's `gxgk-data` script, if it has one.
pub fn from_html(src: &str) -> Option<String> {
    let at = src.find("id=\"gxgk-data\"")?;
    let open = src[..at].rfind("<script")?;
    let start = open + src[open..].find('>')? + 1;
    let end = start + src[start..].find("</script")?;
    Some(src[start..end].trim().to_string())
}

fn xml_text(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The JSON of a Word file's `<gxgk-data>` custom XML part, if it has one.
pub fn from_docx(bytes: &[u8]) -> Result<Option<String>, String> {
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return Ok(None);
    };
    let names: Vec<String> = zip
        .file_names()
        .filter(|n| n.starts_with("customXml/item") && !n.contains("Props"))
        .map(str::to_string)
        .collect();
    for name in names {
        let Some(xml) = super::docx::part(&mut zip, &name)? else {
            continue;
        };
        let Some(open) = xml.find("<gxgk-data") else {
            continue;
        };
        let Some(start) = xml[open..].find('>').map(|i| open + i + 1) else {
            continue;
        };
        if let Some(end) = xml[start..].find("</gxgk-data>") {
            return Ok(Some(xml_text(&xml[start..start + end])));
        }
    }
    Ok(None)
}

/// The JSON of a PDF's embedded `gxgk-data.json`, if it has one (inflated under the
/// reader's cap).
pub fn from_pdf(doc: &lopdf::Document) -> Result<Option<String>, String> {
    let find = || -> Option<&lopdf::Stream> {
        let catalog = doc.catalog().ok()?;
        let names = doc.dereference(catalog.get(b"Names").ok()?).ok()?.1;
        let files = doc
            .dereference(names.as_dict().ok()?.get(b"EmbeddedFiles").ok()?)
            .ok()?
            .1;
        let list = files.as_dict().ok()?.get(b"Names").ok()?.as_array().ok()?;
        let spec = list.chunks(2).find_map(|pair| {
            let name = pair.first()?.as_str().ok()?;
            (name == crate::render::pdf::attach::FILE_NAME.as_bytes()).then(|| pair.get(1))?
        })?;
        let spec = doc.dereference(spec).ok()?.1.as_dict().ok()?;
        let ef = doc
            .dereference(spec.get(b"EF").ok()?)
            .ok()?
            .1
            .as_dict()
            .ok()?;
        doc.dereference(ef.get(b"F").ok()?).ok()?.1.as_stream().ok()
    };
    let Some(stream) = find() else {
        return Ok(None);
    };
    let bytes = stream
        .decompressed_content_with_limit(super::pdf::STREAM_CAP)
        .map_err(|_| "PDF 内嵌的数据无法解压或超过上限".to_string())?;
    Ok(String::from_utf8(bytes).ok())
}

fn cell(v: &Value) -> Val {
    match v {
        Value::Number(n) => match n.as_i64() {
            Some(i) => Val::Int(i),
            None => Val::Dec(n.to_string()),
        },
        Value::String(s) => super::lines::cell_value(s).unwrap_or(Val::Blank),
        _ => Val::Blank,
    }
}

fn row(def: RowDef, cells: &[Value]) -> RowImport {
    let cells: Vec<CellTok> = cells
        .iter()
        .map(|c| {
            let val = cell(c);
            CellTok {
                raw: match &val {
                    Val::Blank => String::new(),
                    v => v.toml(),
                },
                val,
                line: 0,
            }
        })
        .collect();
    RowImport {
        def,
        line: 0,
        found: cells.len(),
        cells,
        certainty: Certainty::Exact,
    }
}

fn narrative(v: &Value) -> NarrativeImport {
    let para = |t: &str| -> Vec<Para> {
        if t.trim().is_empty() {
            Vec::new()
        } else {
            vec![Para {
                text: t.to_string(),
                line: 0,
            }]
        }
    };
    NarrativeImport {
        text: para(v["text"].as_str().unwrap_or("")),
        parts: v["parts"]
            .as_array()
            .map(|ps| {
                ps.iter()
                    .map(|p| {
                        (
                            p["heading"].as_str().unwrap_or("").to_string(),
                            0,
                            para(p["text"].as_str().unwrap_or("")),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default(),
    }
}

const CONTACT: [&str; 6] = ["address", "postcode", "phone", "fax", "email", "website"];

/// The report as its embedded data says, exactly.
pub fn imported(name: &str, json: &str) -> Result<Imported, String> {
    let v: Value =
        serde_json::from_str(json).map_err(|_| "内嵌的数据不是有效的 JSON".to_string())?;
    if v[TAG] != 1 {
        return Err("内嵌的数据不是 gxgk 能读的版本".into());
    }
    let ex = &v["export"];
    let edition = match ex["edition"].as_i64() {
        Some(2019) => Edition::E2019,
        Some(2021) => Edition::E2021,
        _ => return Err("内嵌的数据没有写明表格版本".into()),
    };
    let rows = |t: &str| ex["tables"][t].as_array().cloned().unwrap_or_default();
    let cells = |r: &Value| r["cells"].as_array().cloned().unwrap_or_default();
    let (t2v, t3v, t4v) = (rows("表二"), rows("表三"), rows("表四"));
    let t2defs = tables::t2_rows(edition);
    let t3defs = tables::t3_rows(edition);
    if t2v.len() != t2defs.len() || t3v.len() != t3defs.len() || t4v.len() != 3 {
        return Err("内嵌数据的表格行数与模板不符".into());
    }
    let t2 = t2defs
        .iter()
        .zip(&t2v)
        .map(|(d, r)| row(*d, &cells(r)))
        .collect();
    let t3 = t3defs
        .iter()
        .zip(&t3v)
        .map(|(d, r)| row(*d, &cells(r)))
        .collect();
    let t4cells: Vec<Value> = t4v.iter().flat_map(cells).collect();
    let t4 = row(
        RowDef {
            key: "t4",
            label: "表四",
            pattern: "",
            exact: false,
            width: 15,
        },
        &t4cells,
    );
    let text = |k: &str| v[k].as_str().unwrap_or("").to_string();
    let contact = CONTACT
        .iter()
        .filter_map(|k| v["contact"][*k].as_str().map(|s| (*k, s.to_string())))
        .collect();
    let info_fees = v["info_fees"].as_array().filter(|a| a.len() == 3).map(|a| {
        let lit = |x: &Value| x.as_str().map_or("\"\"".to_string(), str::to_string);
        ([lit(&a[0]), lit(&a[1]), lit(&a[2])], 0)
    });
    let intro = text("intro");
    Ok(Imported {
        name: name.to_string(),
        title: ex["title"].as_str().map(|t| (t.to_string(), 0)),
        year: ex["year"].as_i64().map(|y| (y, 0)),
        edition: (edition, 0),
        agency: ex["agency"].as_str().map(|a| (a.to_string(), 0)),
        level: v["level"].as_str().and_then(Level::from_name),
        date: v["date"]
            .as_str()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .map(|d| (d, 0, None)),
        intro: if intro.is_empty() {
            Vec::new()
        } else {
            vec![Para {
                text: intro,
                line: 0,
            }]
        },
        headings: std::array::from_fn(|i| Some((SECTIONS[i].heading.to_string(), 0))),
        overview: Some(narrative(&v["overview"])),
        problems: Some(narrative(&v["problems"])),
        other_matters: Some(narrative(&v["other_matters"])),
        t2,
        t3,
        t4: Some(t4),
        contact,
        info_fees: info_fees.filter(|_| edition == Edition::E2021),
        signoff: true,
        notes: Vec::new(),
        embedded: true,
    })
}

/// Whether two cells say the same figure (a decimal compared by value).
fn same(a: &Val, b: &Val) -> bool {
    match (a, b) {
        (Val::Dec(x), Val::Dec(y)) => x.parse::<f64>().ok() == y.parse::<f64>().ok(),
        (Val::Dec(x), Val::Int(i)) | (Val::Int(i), Val::Dec(x)) => {
            x.parse::<f64>().ok() == Some(*i as f64)
        }
        _ => a == b,
    }
}

/// Gives a narrative read from the data the lines of the visible one (part by part), or the
/// section heading's line.
fn relines(d: &mut NarrativeImport, v: Option<&NarrativeImport>, head: usize) {
    let first = |ps: &[Para]| ps.first().map(|p| p.line);
    let lead = v.and_then(|v| first(&v.text)).unwrap_or(head);
    d.text.iter_mut().for_each(|p| p.line = lead);
    for (k, part) in d.parts.iter_mut().enumerate() {
        let l = v.and_then(|v| v.parts.get(k)).map_or(head, |p| p.1);
        part.1 = l;
        part.2.iter_mut().for_each(|p| p.line = l);
    }
}

/// Compares the embedded data with the visible tables: the rows' source lines are taken
/// from the visible document, and each row that differs is an `IMPORT-DATA-MISMATCH` note.
pub fn reconcile(data: &mut Imported, visible: Option<&Imported>) {
    let Some(vis) = visible else {
        data.notes.push(Note {
            kind: NoteKind::DataMismatch,
            message: "IMPORT-DATA-MISMATCH：文档中可见的内容无法读取，只导入了内嵌的数据".into(),
            line: None,
        });
        return;
    };
    data.headings =
        std::array::from_fn(|i| vis.headings[i].clone().or_else(|| data.headings[i].clone()));
    // Where things are in the document: the visible import's lines.
    if let (Some(v), Some(d)) = (&vis.title, data.title.as_mut()) {
        d.1 = v.1;
    }
    if let (Some(v), Some(d)) = (&vis.year, data.year.as_mut()) {
        d.1 = v.1;
    }
    if let (Some(v), Some(d)) = (&vis.agency, data.agency.as_mut()) {
        d.1 = v.1;
    }
    if let (Some(v), Some(d)) = (&vis.date, data.date.as_mut()) {
        d.1 = v.1;
    }
    if let Some(l) = vis.intro.first().map(|p| p.line) {
        data.intro.iter_mut().for_each(|p| p.line = l);
    }
    for (n, d, v) in [
        (0, &mut data.overview, &vis.overview),
        (4, &mut data.problems, &vis.problems),
        (5, &mut data.other_matters, &vis.other_matters),
    ] {
        let head = vis.headings[n].as_ref().map_or(0, |h| h.1);
        if let Some(d) = d.as_mut() {
            relines(d, v.as_ref(), head);
        }
    }
    let visible_rows: Vec<&RowImport> = vis.t2.iter().chain(&vis.t3).chain(&vis.t4).collect();
    let t2_keys: Vec<&str> = data.t2.iter().map(|r| r.def.key).collect();
    let table = |key: &str| {
        if key == "t4" {
            "表四"
        } else if t2_keys.contains(&key) {
            "表二"
        } else {
            "表三"
        }
    };
    let mut notes = Vec::new();
    for r in data
        .t2
        .iter_mut()
        .chain(data.t3.iter_mut())
        .chain(data.t4.iter_mut())
    {
        let shown = |v: &[Val]| super::show_row(v);
        let want: Vec<Val> = r.cells.iter().map(|c| c.val.clone()).collect();
        let Some(seen) = visible_rows.iter().find(|v| v.def.key == r.def.key) else {
            notes.push(Note {
                kind: NoteKind::DataMismatch,
                message: format!(
                    "IMPORT-DATA-MISMATCH：{}“{}”一行在文档中可见的表格里没有找到，内嵌的数据是 {}",
                    table(r.def.key),
                    r.def.label,
                    shown(&want)
                ),
                line: None,
            });
            continue;
        };
        r.line = seen.line;
        for (c, s) in r.cells.iter_mut().zip(&seen.cells) {
            c.line = s.line;
        }
        let readings: Vec<Vec<Val>> = match &seen.certainty {
            Certainty::Ambiguous(all) => all.clone(),
            _ => vec![seen.cells.iter().map(|c| c.val.clone()).collect()],
        };
        let agrees = readings
            .iter()
            .any(|g| g.len() == want.len() && g.iter().zip(&want).all(|(a, b)| same(a, b)));
        if !agrees {
            notes.push(Note {
                kind: NoteKind::DataMismatch,
                message: format!(
                    "IMPORT-DATA-MISMATCH：{}“{}”一行，文档中可见的表格是 {}，文档内嵌的数据是 {}（表格可能在生成后被改过）；已按内嵌的数据导入，请核对哪一个对",
                    table(r.def.key),
                    r.def.label,
                    shown(&readings[0]),
                    shown(&want)
                ),
                line: Some(seen.line),
            });
        }
    }
    data.notes.extend(notes);
}
