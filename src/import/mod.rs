//! `gxgk import`: reads a published report (portal page as HTML or copied text, Word file,
//! PDF) back into a data file in the layout of `gxgk new`, never inventing a value: what it
//! cannot find stays the scaffold's placeholder and is listed, every imported value carries
//! the source line it came from.
//!
//! Readers turn a document into [`lines::Line`]s; [`sections`] finds the structure, [`tables`]
//! the three tables (with [`solve`] for flattened or incomplete rows), [`writer`] the TOML.

pub mod docx;
pub mod embedded;
mod findings;
pub mod html;
pub mod inverse;
pub mod lines;
pub mod pdf;
pub mod previous;
pub mod runin;
pub mod sections;
pub mod solve;
pub mod tables;
pub mod writer;

pub use findings::DOCUMENT_RULES;

use chrono::{Datelike, NaiveDate};

use crate::model::{Edition, Level, SECTIONS};
use lines::{Line, Val, key};
use sections::{NarrativeImport, Para};
use solve::Certainty;
use tables::RowImport;

/// How a recovered value relates to the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteKind {
    /// Several readings of a row's cells fit equally well (`IMPORT-AMBIGUOUS`).
    Ambiguous,
    /// Something the template needs was not found.
    Missing,
    /// A value taken from a fallback (e.g. the portal's date instead of the sign-off).
    Fallback,
    /// Text the data file has no place for (prose in the table sections 二–四), listed so
    /// nothing is dropped silently.
    NotImported,
    /// The document's embedded data and its visible tables differ (`IMPORT-DATA-MISMATCH`).
    DataMismatch,
}

/// One thing the importer wants the reader to know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// What kind.
    pub kind: NoteKind,
    /// Chinese text.
    pub message: String,
    /// Source line, when there is one.
    pub line: Option<usize>,
}

/// A report as read from a published document.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The source document's name as given.
    pub name: String,
    /// The title as published.
    pub title: Option<(String, usize)>,
    /// Reporting year with the line it was read from.
    pub year: Option<(i64, usize)>,
    /// Edition and the line of the label that told it (0 when from the year).
    pub edition: (Edition, usize),
    /// Agency name and line.
    pub agency: Option<(String, usize)>,
    /// Level guessed from the name.
    pub level: Option<Level>,
    /// 成文日期, its line, and where it came from when not the sign-off.
    pub date: Option<(NaiveDate, usize, Option<String>)>,
    /// Preamble.
    pub intro: Vec<Para>,
    /// Section headings as published (index = section), with lines.
    pub headings: [Option<(String, usize)>; 6],
    /// 一、总体情况.
    pub overview: Option<NarrativeImport>,
    /// 五.
    pub problems: Option<NarrativeImport>,
    /// 六.
    pub other_matters: Option<NarrativeImport>,
    /// 表二 rows found.
    pub t2: Vec<RowImport>,
    /// 表三 rows found.
    pub t3: Vec<RowImport>,
    /// 表四.
    pub t4: Option<RowImport>,
    /// Contact details read back from the lead paragraph: (key, value), with the line.
    pub contact: Vec<(&'static str, String)>,
    /// 信息处理费 read back from section 六: (notices issued, amount 元, collected 元), line.
    pub info_fees: Option<([String; 3], usize)>,
    /// Whether the document ends with a sign-off (agency name and a date line).
    pub signoff: bool,
    /// Ambiguities, gaps and fallbacks.
    pub notes: Vec<Note>,
    /// Whether the values come from the data the document carries (`embedded`).
    pub embedded: bool,
}

/// Why a document could not be imported at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Unreadable file.
    #[error("无法读取 {path}：{cause}")]
    Io {
        /// Path.
        path: String,
        /// Chinese cause.
        cause: String,
    },
    /// Not a report.
    #[error("{0} 不像是政府信息公开工作年度报告：{1}")]
    NotAReport(String, String),
    /// Format not handled.
    #[error("{0}：{1}")]
    Format(String, String),
}

/// Counts for the summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Sections found of six.
    pub sections: usize,
    /// Per table (二, 三, 四): (cells recovered, cells in the template).
    pub cells: [(usize, usize); 3],
    /// Cells in ambiguous rows.
    pub ambiguous: usize,
    /// Things missing.
    pub missing: usize,
    /// Rows where the embedded data and the visible tables differ.
    pub mismatched: usize,
}

impl Counts {
    /// The counts as the clerk reads them: `找到 6/6 个部分；表二 10/10 格，……；缺少 0 项`.
    pub fn summary(&self) -> String {
        let [t2, t3, t4] = self.cells;
        format!(
            "找到 {}/6 个部分；表二 {}/{} 格，表三 {}/{} 格，表四 {}/{} 格；拆分有歧义 {} 格；缺少 {} 项",
            self.sections, t2.0, t2.1, t3.0, t3.1, t4.0, t4.1, self.ambiguous, self.missing
        )
    }
}

impl Imported {
    /// The summary counts.
    pub fn counts(&self) -> Counts {
        let ed = self.edition.0;
        let width = |defs: &[tables::RowDef]| defs.iter().map(|d| d.width).sum::<usize>();
        let got = |rows: &[RowImport]| rows.iter().map(|r| r.cells.len()).sum::<usize>();
        Counts {
            sections: self.headings.iter().filter(|h| h.is_some()).count(),
            cells: [
                (got(&self.t2), width(&tables::t2_rows(ed))),
                (got(&self.t3), width(&tables::t3_rows(ed))),
                (self.t4.as_ref().map_or(0, |r| r.cells.len()), 15),
            ],
            ambiguous: self
                .t2
                .iter()
                .chain(&self.t3)
                .chain(&self.t4)
                .filter(|r| matches!(r.certainty, Certainty::Ambiguous(_)))
                .map(|r| r.cells.len())
                .sum(),
            missing: self
                .notes
                .iter()
                .filter(|n| n.kind == NoteKind::Missing)
                .count(),
            mismatched: self
                .notes
                .iter()
                .filter(|n| n.kind == NoteKind::DataMismatch)
                .count(),
        }
    }

    /// The data file text (layout of `gxgk new`, with `# 原文第 N 行` comments).
    pub fn to_toml(&self) -> String {
        let t = writer::write(self);
        if self.embedded {
            // Values the visible document did not show are from the data it carries.
            t.replace("原文第 0 行", "取自文档内嵌的数据")
        } else {
            t
        }
    }
}

fn year_in(s: &str) -> Option<i64> {
    let k = key(s);
    let c: Vec<char> = k.chars().collect();
    for i in 0..c.len().saturating_sub(4) {
        if c[i..i + 4].iter().all(|d| d.is_ascii_digit())
            && (i == 0 || !c[i - 1].is_ascii_digit())
            && c[i + 4] == '年'
        {
            let y: i64 = c[i..i + 4].iter().collect::<String>().parse().ok()?;
            if (2000..=2100).contains(&y) {
                return Some(y);
            }
        }
    }
    None
}

/// Guesses the level from an agency name (spec: 镇 → 乡镇, 街道办事处 → 街道, 县…局 → 县级政府部门…).
pub fn level_of(name: &str) -> Option<Level> {
    if let Some(l) = Level::guess(name) {
        return Some(l);
    }
    let n = name.trim();
    if n.contains("管委会") || n.contains("管理委员会") || n.contains("开发区") {
        return Some(Level::Other);
    }
    let dept = [
        "局",
        "办公室",
        "委员会",
        "委",
        "办",
        "中心",
        "厅",
        "所",
        "站",
    ]
    .iter()
    .any(|e| n.ends_with(e));
    let county = n.contains('县') || (n.contains('区') && !n.contains("市区")) || n.contains('旗');
    let city = n.contains('市');
    match (dept, county, city) {
        (true, true, _) => Some(Level::CountyDepartment),
        (true, false, true) => Some(Level::CityDepartment),
        (false, false, true) if n.ends_with("人民政府") => Some(Level::CityGovernment),
        _ => None,
    }
}

/// Imports a document already turned into lines. `name` is used in notes.
pub fn import_lines(name: &str, lines: &[Line]) -> Result<Imported, ImportError> {
    // Printed page numbers (`— 3 —`) interrupt paragraphs and tables alike.
    let lines: Vec<Line> = lines
        .iter()
        .filter(|l| !sections::page_number(&l.text))
        .cloned()
        .collect();
    let lines = runin::unflatten(&lines);
    let lines = &lines[..];
    let s = sections::structure(lines);
    let found = s.sections.iter().filter(|x| x.is_some()).count();
    if found < 2 && s.title.is_none() {
        return Err(ImportError::NotAReport(
            name.to_string(),
            "没有找到报告标题，也没有找到“一、总体情况”等部分".to_string(),
        ));
    }
    let mut notes = Vec::new();
    let region = |n: usize| -> &[Line] {
        match &s.sections[n] {
            Some(sec) => &lines[sec.body.clone()],
            None => &[],
        }
    };
    // Year: title, else the statistics period, else the date.
    let year = s
        .title
        .as_ref()
        .and_then(|(t, l)| year_in(t).map(|y| (y, *l)))
        .or_else(|| {
            lines.iter().find_map(|l| {
                let k = key(&l.text);
                k.find("统计期限")
                    .and_then(|i| year_in(&k[i..]))
                    .map(|y| (y, l.no))
            })
        });
    // Edition from the table labels, else from the year.
    let by_labels = tables::edition_of(region(1), region(2));
    let edition = match (by_labels, year) {
        (Some(e), _) => e,
        (None, Some((y, _))) => (Edition::for_year(y), 0),
        (None, None) => (Edition::E2021, 0),
    };
    // Agency: the sign-off, else the title before the year.
    let from_title = s.title.as_ref().and_then(|(t, l)| {
        let c: Vec<char> = t.chars().collect();
        let i = (0..c.len().saturating_sub(4))
            .find(|&i| c[i..i + 4].iter().all(|d| d.is_ascii_digit()))?;
        let n: String = if i == 0 {
            // `2023年清河县人民政府办公室政府信息公开工作年度报告`: the name follows the year.
            let after: String = c[4..].iter().collect();
            let after = after.trim_start_matches("年度").trim_start_matches('年');
            after
                .rfind("政府信息公开")
                .map_or("", |e| &after[..e])
                .to_string()
        } else {
            c[..i].iter().collect()
        };
        (!n.is_empty()).then_some((n, *l))
    });
    let agency = match (&s.signoff.name, &from_title) {
        (Some(sn), Some(tn)) if tn.0.len() > sn.0.len() && tn.0.ends_with(&sn.0) => {
            Some(tn.clone())
        }
        (Some(sn), _) => Some(sn.clone()),
        (None, Some(tn)) => Some(tn.clone()),
        (None, None) => None,
    };
    let level = agency.as_ref().and_then(|(n, _)| level_of(n));
    let agency = agency.map(|(n, l)| match level {
        Some(lv) => (crate::load::scaffold::full_name(&n, lv), l),
        None => (n, l),
    });
    if agency.is_none() {
        notes.push(Note {
            kind: NoteKind::Missing,
            message: "没有找到机关名称（标题和落款中都没有）".into(),
            line: None,
        });
    } else if level.is_none() {
        notes.push(Note {
            kind: NoteKind::Missing,
            message: "无法从机关名称判断机关层级，请填写 [agency] level".into(),
            line: agency.as_ref().map(|a| a.1),
        });
    }
    // Date: the sign-off, else the portal's metadata (flagged).
    let date = match (&s.signoff.date, &s.meta_date) {
        (Some((d, l)), _) => Some((*d, *l, None)),
        (None, Some((d, l, label))) => {
            let why = match &s.signoff.unreadable {
                Some((raw, _)) => format!("落款日期“{raw}”无法识别，成文日期取自网页的“{label}”"),
                None => format!("原文没有落款日期，成文日期取自网页的“{label}”"),
            };
            notes.push(Note {
                kind: NoteKind::Fallback,
                message: why.clone(),
                line: Some(*l),
            });
            Some((*d, *l, Some(why)))
        }
        (None, None) => {
            notes.push(Note {
                kind: NoteKind::Missing,
                message: "没有找到成文日期（落款日期）".into(),
                line: s.signoff.unreadable.as_ref().map(|u| u.1),
            });
            None
        }
    };
    let year = year.or_else(|| date.as_ref().map(|d| (d.0.year() as i64 - 1, d.1)));
    if year.is_none() {
        notes.push(Note {
            kind: NoteKind::Missing,
            message: "没有找到报告年度".into(),
            line: None,
        });
    }
    for (i, sec) in s.sections.iter().enumerate() {
        if sec.is_none() {
            notes.push(Note {
                kind: NoteKind::Missing,
                message: format!("没有找到“{}”部分", SECTIONS[i].heading),
                line: None,
            });
        }
    }
    // Sections 二–四 hold only their table in the template: a paragraph written there has no
    // place in the data file. It is listed, never dropped silently.
    for (n, def) in SECTIONS
        .iter()
        .enumerate()
        .filter(|(_, d)| d.table.is_some())
    {
        let Some(sec) = &s.sections[n] else { continue };
        let run_in = sec.run_in.iter().map(|t| (t.as_str(), sec.line));
        let body = region(n).iter().map(|l| (l.text.as_str(), l.no));
        for (text, line) in run_in.chain(body).filter(|(t, _)| is_prose(t)) {
            notes.push(Note {
                kind: NoteKind::NotImported,
                message: format!(
                    "“{}”部分的文字没有导入（模板的这一部分只有表格）：“{}”；需要时写进“一、总体情况”",
                    def.heading,
                    excerpt(text)
                ),
                line: Some(line),
            });
        }
    }
    let t2 = tables::read_t2(region(1), edition.0);
    let t3 = tables::read_t3(region(2), edition.0);
    let t4 = tables::read_t4(region(3));
    for (table, defs, rows) in [
        ("表二", tables::t2_rows(edition.0), &t2),
        ("表三", tables::t3_rows(edition.0), &t3),
    ] {
        if s.sections[if table == "表二" { 1 } else { 2 }].is_none() {
            continue;
        }
        for d in &defs {
            if !rows.iter().any(|r| r.def.key == d.key) {
                notes.push(Note {
                    kind: NoteKind::Missing,
                    message: format!("{table}没有找到“{}”一行", d.label),
                    line: None,
                });
            }
        }
    }
    if t4.is_none() && s.sections[3].is_some() {
        notes.push(Note {
            kind: NoteKind::Missing,
            message: "没有找到表四的数字".into(),
            line: s.sections[3].as_ref().map(|x| x.line),
        });
    }
    for r in t2.iter().chain(&t3).chain(&t4) {
        if let Certainty::Ambiguous(all) = &r.certainty {
            let list: Vec<String> = all.iter().map(|c| show_row(c)).collect();
            notes.push(Note {
                kind: NoteKind::Ambiguous,
                message: format!(
                    "IMPORT-AMBIGUOUS：“{}”一行的数字有 {} 种同样合理的拆分：{}；已写入第一种，请对照原文核对",
                    r.def.label,
                    all.len(),
                    list.join(" 或 ")
                ),
                line: Some(r.line),
            });
        }
    }
    let nar = |n: usize| {
        s.sections[n]
            .as_ref()
            .map(|sec| sections::narrative(lines, sec))
    };
    let mut intro = s.intro.clone();
    let contact = inverse::lead(&mut intro, year.map(|y| y.0));
    let mut other_matters = nar(5);
    let info_fees = match (edition.0, other_matters.as_mut()) {
        (Edition::E2021, Some(n)) => inverse::info_fees(n),
        _ => None,
    };
    Ok(Imported {
        name: name.to_string(),
        title: s.title.clone(),
        year,
        edition,
        agency,
        level,
        date,
        intro,
        contact,
        info_fees,
        headings: std::array::from_fn(|i| {
            s.sections[i].as_ref().map(|x| (x.heading.clone(), x.line))
        }),
        overview: nar(0),
        problems: nar(4),
        other_matters,
        signoff: s.signoff.name.is_some(),
        t2,
        t3,
        t4,
        notes,
        embedded: false,
    })
}

/// A row's values as `[151, 3, 0, …]` (blank as `""`).
pub fn show_row(v: &[Val]) -> String {
    let cells: Vec<String> = v.iter().map(|x| x.toml()).collect();
    format!("[{}]", cells.join(", "))
}

/// Imports copied text (`.txt`).
pub fn import_text(name: &str, text: &str) -> Result<Imported, ImportError> {
    import_lines(name, &lines::lines_of(text))
}

/// The document formats `gxgk import` reads, by file extension.
pub const EXTENSIONS: [&str; 5] = ["txt", "html", "htm", "docx", "pdf"];

/// Whether a path names a published document rather than a data file.
pub fn is_document(path: &std::path::Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// A document read into lines, with the text its line numbers refer to.
#[derive(Debug, Clone)]
pub struct Document {
    /// The text that `Line::no` counts lines of (the file itself for text and HTML; the
    /// extracted text for DOCX and PDF).
    pub text: String,
    /// The lines.
    pub lines: Vec<Line>,
    /// The encoding the text was read in when it was not UTF-8 (`GBK`, `UTF-16`).
    pub encoding: Option<&'static str>,
    /// The data a gxgk document carries inside it (JSON), when it has some.
    pub data: Option<String>,
}

/// Reads a document of any supported format.
pub fn read_document(path: &std::path::Path) -> Result<Document, ImportError> {
    let name = path.display().to_string();
    let bytes = crate::load::read_capped(path).map_err(|cause| ImportError::Io {
        path: name.clone(),
        cause,
    })?;
    document_from_bytes(&name, &bytes)
}

/// Reads a document from its bytes; its format is the extension of `name` (a file name, or
/// the name a browser gave an uploaded file).
pub fn document_from_bytes(name: &str, bytes: &[u8]) -> Result<Document, ImportError> {
    let name = name.to_string();
    let ext = std::path::Path::new(&name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "txt" => {
            let (text, encoding) = decode(&name, bytes)?;
            Ok(Document {
                lines: lines::lines_of(&text),
                text,
                encoding,
                data: None,
            })
        }
        "html" | "htm" => {
            let (text, encoding) = decode(&name, bytes)?;
            Ok(Document {
                lines: html::read(&text),
                data: embedded::from_html(&text),
                text,
                encoding,
            })
        }
        "docx" => {
            let texts = docx::read(bytes).map_err(|e| ImportError::Format(name.clone(), e))?;
            let data =
                embedded::from_docx(bytes).map_err(|e| ImportError::Format(name.clone(), e))?;
            Ok(Document {
                text: texts.join("\n"),
                lines: docx::lines(&texts),
                encoding: None,
                data,
            })
        }
        "pdf" => {
            let (texts, data) =
                pdf::read_with_data(bytes).map_err(|e| ImportError::Format(name.clone(), e))?;
            if texts.iter().all(|t| t.trim().is_empty()) && data.is_none() {
                return Err(ImportError::Format(
                    name,
                    "PDF 中没有文字层（可能是扫描件），无法导入".into(),
                ));
            }
            Ok(Document {
                text: texts.join("\n"),
                lines: docx::lines(&texts),
                encoding: None,
                data,
            })
        }
        other => Err(ImportError::Format(
            name,
            format!(
                "不能读取 .{other} 文件：只能导入网页（.html/.htm）、Word 文档（.docx）、PDF 和复制的文字（.txt）"
            ),
        )),
    }
}

/// The text of a saved page or copied text: UTF-8 (a BOM removed); UTF-16 with a BOM
/// (Notepad's "Unicode"); else GBK/GB18030 when the bytes read so without a fault (Notepad's
/// "ANSI" on Chinese Windows, and portal pages saved as served in `gb2312`). The encoding used
/// is returned when not UTF-8.
fn decode(name: &str, bytes: &[u8]) -> Result<(String, Option<&'static str>), ImportError> {
    use encoding_rs::{Encoding, GB18030, UTF_8};
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let (text, bad) = enc.decode_without_bom_handling(&bytes[bom..]);
        if !bad {
            let label = if enc == UTF_8 { None } else { Some("UTF-16") };
            return Ok((text.into_owned(), label));
        }
    }
    // A GB page or text whose Chinese happens to be valid UTF-8 does not occur in practice,
    // so valid UTF-8 wins whatever a page's <meta charset> says (a browser may have converted
    // the page on saving without rewriting the tag).
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_string(), None));
    }
    let (text, _, bad) = GB18030.decode(bytes);
    if !bad {
        return Ok((text.into_owned(), Some("GBK")));
    }
    Err(ImportError::Format(
        name.to_string(),
        "文件既不是 UTF-8 也不是 GBK 编码，无法读取；请用记事本打开后“另存为”UTF-8 编码再导入"
            .into(),
    ))
}

/// Imports a file of any supported format.
/// A gxgk document is read from the data it carries first (exactly), then its visible
/// tables are compared with that data (`IMPORT-DATA-MISMATCH` where they differ).
pub fn import_file(path: &std::path::Path) -> Result<(Imported, Document), ImportError> {
    let doc = read_document(path)?;
    import_document(&path.display().to_string(), doc)
}

/// Imports a document already read (see [`document_from_bytes`]), named `name` in notes.
pub fn import_document(name: &str, doc: Document) -> Result<(Imported, Document), ImportError> {
    let name = name.to_string();
    let visible = import_lines(&name, &doc.lines);
    let data = doc.data.as_deref().map(|j| embedded::imported(&name, j));
    match (data, visible) {
        (Some(Ok(mut im)), visible) => {
            embedded::reconcile(&mut im, visible.as_ref().ok());
            Ok((im, doc))
        }
        (Some(Err(why)), Ok(mut im)) => {
            im.notes.push(Note {
                kind: NoteKind::Fallback,
                message: format!("文档内嵌的数据无法读取（{why}），按文档中可见的内容导入"),
                line: None,
            });
            Ok((im, doc))
        }
        (_, visible) => Ok((visible?, doc)),
    }
}

/// Whether a line of a table section is a sentence of prose rather than part of the table: a
/// sentence mark, some length, and none of the template's own notes.
fn is_prose(text: &str) -> bool {
    let t = text.trim();
    let digits = t.chars().filter(|c| c.is_ascii_digit()).count();
    t.chars().count() >= 12
        && t.contains(['。', '；'])
        && !t.contains("勾稽关系")
        && digits * 2 < t.chars().count()
}

/// The first 30 characters of `text`, for a message.
fn excerpt(text: &str) -> String {
    let t = text.trim();
    match t.char_indices().nth(30) {
        Some((i, _)) => format!("{}……", &t[..i]),
        None => t.to_string(),
    }
}
