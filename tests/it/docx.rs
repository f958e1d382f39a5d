//! DOCX output: snapshots of the generated parts, table grids against the shared
//! view, package integrity (what Word checks before offering a repair), schema order and
//! what Word needs beyond it (header rows, language, font substitutes, watermark), an
//! independent OOXML validator, and a LibreOffice → PDF round trip.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{Cursor, Read};
use std::path::Path;
use std::process::Command;

use gxgk::view::{CellRole, View};
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

const EXAMPLES: [&str; 2] = ["2025-township", "2020-street"];

fn view(name: &str, draft: Option<usize>) -> View {
    let loaded = gxgk::load::load_file(Path::new(&format!("examples/{name}.toml")))
        .unwrap_or_else(|e| panic!("{name}: {e:?}"));
    View::new(&loaded.report, draft)
}

/// The parts of a DOCX package by name.
fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("DOCX is a ZIP");
    let mut parts = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        if f.is_dir() {
            continue;
        }
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        parts.insert(f.name().to_string(), data);
    }
    parts
}

fn render(name: &str, draft: Option<usize>) -> BTreeMap<String, Vec<u8>> {
    unzip(&gxgk::render::docx::render(&view(name, draft)).expect("render"))
}

fn text(parts: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(
        parts
            .get(name)
            .unwrap_or_else(|| panic!("no {name}"))
            .clone(),
    )
    .unwrap()
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    let a = e.try_get_attribute(name).ok().flatten()?;
    Some(String::from_utf8(a.value.to_vec()).unwrap())
}

/// A readable, indented rendering of an XML part for the snapshots (text untouched).
fn pretty(xml: &str) -> String {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut writer = quick_xml::Writer::new_with_indent(Vec::new(), b' ', 1);
    loop {
        match reader.read_event().unwrap() {
            Event::Eof => break,
            e => writer.write_event(e).unwrap(),
        }
    }
    String::from_utf8(writer.into_inner()).unwrap() + "\n"
}

// ------------------------------------------------------------------ snapshots

#[test]
fn snapshots_of_the_generated_parts() {
    for (name, draft) in [("2025-township", None), ("2020-street", Some(3))] {
        let parts = render(name, draft);
        let snap = |part: &str, file: &str| {
            let path = format!("tests/snapshots/docx-{name}-{file}");
            snapbox::assert_data_eq!(
                pretty(&text(&parts, part)),
                snapbox::Data::read_from(Path::new(&path), None)
            );
        };
        snap("word/document.xml", "document.xml");
        snap("word/styles.xml", "styles.xml");
        snap("word/footer1.xml", "footer1.xml");
        snap("word/footer2.xml", "footer2.xml");
        snap("docProps/core.xml", "core.xml");
        if draft.is_some() {
            snap("word/header1.xml", "header1.xml");
        }
    }
}

#[test]
fn output_is_byte_stable_and_dated_from_the_report() {
    for name in EXAMPLES {
        let v = view(name, None);
        let a = gxgk::render::docx::render(&v).unwrap();
        let b = gxgk::render::docx::render(&v).unwrap();
        assert!(a == b, "{name}: two renders differ");
        let core = text(&unzip(&a), "docProps/core.xml");
        let date = v
            .signoff
            .iso_date
            .clone()
            .expect("examples have a real date");
        assert!(
            core.contains(&format!(">{date}T00:00:00Z</dcterms:created>")),
            "{core}"
        );
        assert!(
            core.contains(&format!(">{date}T00:00:00Z</dcterms:modified>")),
            "{core}"
        );
        assert!(core.contains("<dc:language>zh-CN</dc:language>"));
        assert!(core.contains(&format!("<dc:title>{}</dc:title>", v.title)));
    }
}

// ------------------------------------------------------------------ table grids

/// One `w:tc` as read back: its grid column, span, vMerge state and text.
#[derive(Debug)]
struct Tc {
    col: usize,
    span: usize,
    vmerge: Option<String>,
    text: String,
}

/// The tables of `document.xml`: rows of cells, plus which rows are marked `w:tblHeader`.
fn read_tables(xml: &str) -> Vec<(Vec<Vec<Tc>>, Vec<bool>)> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut tables = Vec::new();
    let (mut rows, mut headers): (Vec<Vec<Tc>>, Vec<bool>) = (Vec::new(), Vec::new());
    let mut cell: Option<Tc> = None;
    let mut in_text = false;
    loop {
        let e = reader.read_event().unwrap();
        match &e {
            Event::Eof => break,
            Event::Start(s) | Event::Empty(s) => match s.name().as_ref() {
                b"w:tr" => {
                    rows.push(Vec::new());
                    headers.push(false);
                }
                b"w:tblHeader" => *headers.last_mut().unwrap() = true,
                b"w:tc" => {
                    let col = rows.last().unwrap().iter().map(|c| c.span).sum();
                    cell = Some(Tc {
                        col,
                        span: 1,
                        vmerge: None,
                        text: String::new(),
                    });
                }
                b"w:gridSpan" => {
                    cell.as_mut().unwrap().span = attr(s, "w:val").unwrap().parse().unwrap()
                }
                b"w:vMerge" => {
                    cell.as_mut().unwrap().vmerge =
                        Some(attr(s, "w:val").unwrap_or_else(|| "continue".into()))
                }
                b"w:t" => in_text = matches!(e, Event::Start(_)),
                _ => {}
            },
            Event::Text(t) if in_text => {
                if let Some(c) = cell.as_mut() {
                    c.text.push_str(&t.decode().unwrap());
                }
            }
            Event::GeneralRef(r) if in_text => {
                if let Some(c) = cell.as_mut() {
                    let s = match r.decode().unwrap().as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        other => panic!("entity {other}"),
                    };
                    c.text.push_str(s);
                }
            }
            Event::End(s) => match s.name().as_ref() {
                b"w:t" => in_text = false,
                b"w:tc" => rows.last_mut().unwrap().push(cell.take().unwrap()),
                b"w:tbl" => tables.push((std::mem::take(&mut rows), std::mem::take(&mut headers))),
                _ => {}
            },
            _ => {}
        }
    }
    tables
}

#[test]
fn table_grids_match_the_shared_view_in_both_editions() {
    for name in EXAMPLES {
        let v = view(name, None);
        let parts = render(name, None);
        let tables = read_tables(&text(&parts, "word/document.xml"));
        let expected: Vec<&gxgk::view::Table> = v.tables().collect();
        assert_eq!(tables.len(), expected.len(), "{name}");
        for ((rows, headers), t) in tables.iter().zip(&expected) {
            let grid = t.grid();
            assert_eq!(rows.len(), grid.len(), "{name} {}: rows", t.id);
            // Expand the Word table: every position gets the (row, col) of its origin cell,
            // following vMerge="continue" upwards.
            let mut origin = vec![vec![None; t.columns]; rows.len()];
            for (r, row) in rows.iter().enumerate() {
                let width: usize = row.iter().map(|c| c.span).sum();
                assert_eq!(width, t.columns, "{name} {} row {r}: grid width", t.id);
                for tc in row {
                    let o = match tc.vmerge.as_deref() {
                        Some("continue") => {
                            assert!(r > 0, "{name} {}: continue in first row", t.id);
                            origin[r - 1][tc.col]
                        }
                        _ => Some((r, tc.col)),
                    };
                    for slot in &mut origin[r][tc.col..tc.col + tc.span] {
                        *slot = o;
                    }
                    if tc.vmerge.as_deref() == Some("continue") {
                        assert!(tc.text.is_empty(), "{name} {}: text in a merged cell", t.id);
                    }
                }
            }
            // Same partition of the grid into cells, same text in each cell.
            let mut map: HashMap<(usize, usize), (usize, usize)> = HashMap::new();
            for r in 0..grid.len() {
                for c in 0..t.columns {
                    let view_cell = grid[r][c].expect("view grid is complete");
                    let docx_cell = origin[r][c].expect("docx grid is complete");
                    let seen = *map.entry(view_cell).or_insert(docx_cell);
                    assert_eq!(seen, docx_cell, "{name} {} ({r},{c}): merge differs", t.id);
                    let (vr, vi) = view_cell;
                    let (dr, dc) = docx_cell;
                    let tc = rows[dr].iter().find(|tc| tc.col == dc).unwrap();
                    assert_eq!(tc.text, t.rows[vr][vi].text, "{name} {} ({r},{c})", t.id);
                }
            }
            let distinct: BTreeSet<_> = map.values().collect();
            assert_eq!(distinct.len(), map.len(), "{name} {}: cells merged", t.id);
            // Header rows repeat on each page: exactly the view's header rows.
            let marked: Vec<usize> = (0..headers.len()).filter(|&r| headers[r]).collect();
            assert_eq!(
                marked,
                (0..t.header_rows).collect::<Vec<_>>(),
                "{name} {}",
                t.id
            );
        }
    }
}

// ------------------------------------------------------------------ package integrity

/// Every part parses, every element and attribute prefix is bound.
fn assert_well_formed(name: &str, xml: &[u8]) {
    let text = std::str::from_utf8(xml).unwrap_or_else(|e| panic!("{name}: not UTF-8: {e}"));
    let mut reader = NsReader::from_str(text);
    let mut depth = 0i32;
    let mut roots = 0;
    loop {
        let (ns, e) = reader
            .read_resolved_event()
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        match e {
            Event::Eof => break,
            Event::Start(ref s) | Event::Empty(ref s) => {
                if depth == 0 {
                    roots += 1;
                }
                if matches!(e, Event::Start(_)) {
                    depth += 1;
                }
                assert!(
                    !matches!(ns, ResolveResult::Unknown(_)),
                    "{name}: unbound prefix on {:?}",
                    String::from_utf8_lossy(s.name().as_ref())
                );
                for a in s.attributes() {
                    let a = a.unwrap_or_else(|e| panic!("{name}: {e}"));
                    let (ans, _) = reader.resolver().resolve_attribute(a.key);
                    assert!(
                        !matches!(ans, ResolveResult::Unknown(_)),
                        "{name}: unbound attribute prefix {:?}",
                        String::from_utf8_lossy(a.key.as_ref())
                    );
                }
            }
            Event::End(_) => depth -= 1,
            _ => {}
        }
    }
    assert_eq!(
        (depth, roots),
        (0, 1),
        "{name}: not one closed root element"
    );
}

/// Relationships of a `.rels` part: (id, type, resolved target, external).
fn relationships(name: &str, xml: &str) -> Vec<(String, String, String, bool)> {
    let base = name.rsplit_once("_rels/").map(|(d, _)| d).unwrap_or("");
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Eof => break,
            Event::Start(s) | Event::Empty(s) if s.name().as_ref() == b"Relationship" => {
                let target = attr(&s, "Target").unwrap();
                let external = attr(&s, "TargetMode").as_deref() == Some("External");
                let resolved = match target.strip_prefix('/') {
                    Some(t) => t.to_string(),
                    None => format!("{base}{target}"),
                };
                // `../customXml/item1.xml` from word/: resolve the `..` segments.
                let mut segs: Vec<&str> = Vec::new();
                for seg in resolved.split('/') {
                    match seg {
                        ".." => {
                            segs.pop();
                        }
                        s => segs.push(s),
                    }
                }
                let resolved = segs.join("/");
                out.push((
                    attr(&s, "Id").unwrap(),
                    attr(&s, "Type").unwrap(),
                    resolved,
                    external,
                ));
            }
            _ => {}
        }
    }
    out
}

#[test]
fn package_is_complete_and_every_part_is_well_formed() {
    for (name, draft) in [
        ("2025-township", None),
        ("2025-township", Some(0)),
        ("2020-street", Some(2)),
        ("2020-street", None),
    ] {
        let parts = render(name, draft);
        for (part, bytes) in &parts {
            assert_well_formed(part, bytes);
        }
        // Content types: every part has one, every override names a part.
        let types = text(&parts, "[Content_Types].xml");
        let mut defaults = BTreeSet::new();
        let mut overrides = BTreeSet::new();
        let mut reader = quick_xml::Reader::from_str(&types);
        loop {
            match reader.read_event().unwrap() {
                Event::Eof => break,
                Event::Empty(s) | Event::Start(s) => match s.name().as_ref() {
                    b"Default" => {
                        defaults.insert(attr(&s, "Extension").unwrap().to_lowercase());
                    }
                    b"Override" => {
                        overrides.insert(attr(&s, "PartName").unwrap());
                    }
                    _ => {}
                },
                _ => {}
            }
        }
        for o in &overrides {
            assert!(
                parts.contains_key(o.trim_start_matches('/')),
                "{name}: override for missing part {o}"
            );
        }
        for part in parts.keys().filter(|p| *p != "[Content_Types].xml") {
            let ext = part.rsplit('.').next().unwrap().to_lowercase();
            assert!(
                overrides.contains(&format!("/{part}")) || defaults.contains(&ext),
                "{name}: no content type for {part}"
            );
        }
        for main in [
            "/word/document.xml",
            "/word/styles.xml",
            "/word/settings.xml",
            "/docProps/core.xml",
        ] {
            assert!(overrides.contains(main), "{name}: {main} needs an override");
        }
        // Relationships: every internal target exists, every part (but the package's own)
        // is reachable, and every r:id used in a part is defined in its relationships.
        let mut reachable = BTreeSet::new();
        for (rels, xml) in parts.iter().filter(|(p, _)| p.ends_with(".rels")) {
            let rels_text = String::from_utf8(xml.clone()).unwrap();
            let list = relationships(rels, &rels_text);
            let source = rels
                .replace("_rels/", "")
                .trim_end_matches(".rels")
                .to_string();
            let ids: BTreeSet<&str> = list.iter().map(|(id, ..)| id.as_str()).collect();
            for (_, _, target, external) in &list {
                if !external {
                    assert!(
                        parts.contains_key(target),
                        "{name}: {rels} → missing {target}"
                    );
                    reachable.insert(target.clone());
                }
            }
            if let Some(src) = parts.get(&source) {
                let src = String::from_utf8_lossy(src);
                for used in src.split("r:id=\"").skip(1) {
                    let id = used.split('"').next().unwrap();
                    assert!(ids.contains(id), "{name}: {source} uses undefined {id}");
                }
            }
        }
        let package = text(&parts, "_rels/.rels");
        assert!(package.contains("relationships/officeDocument\" Target=\"word/document.xml\""));
        for part in parts.keys() {
            let own = part == "[Content_Types].xml" || part.ends_with(".rels");
            assert!(
                own || reachable.contains(part),
                "{name}: orphan part {part}"
            );
        }
        // Headers exist exactly for drafts.
        assert_eq!(
            parts.contains_key("word/header1.xml"),
            draft.is_some(),
            "{name} {draft:?}"
        );
    }
}

#[test]
fn property_children_are_in_schema_order() {
    let order: HashMap<&str, Vec<&str>> = [
        (
            "w:pPr",
            vec![
                "w:pStyle",
                "w:keepNext",
                "w:widowControl",
                "w:overflowPunct",
                "w:autoSpaceDE",
                "w:autoSpaceDN",
                "w:snapToGrid",
                "w:spacing",
                "w:ind",
                "w:jc",
                "w:outlineLvl",
                "w:rPr",
            ],
        ),
        (
            "w:rPr",
            vec![
                "w:rFonts",
                "w:b",
                "w:bCs",
                "w:noProof",
                "w:color",
                "w:spacing",
                "w:sz",
                "w:szCs",
                "w:lang",
            ],
        ),
        (
            "w:style",
            vec![
                "w:name",
                "w:basedOn",
                "w:next",
                "w:qFormat",
                "w:pPr",
                "w:rPr",
            ],
        ),
        (
            "w:sectPr",
            vec![
                "w:headerReference",
                "w:footerReference",
                "w:pgSz",
                "w:pgMar",
                "w:cols",
                "w:docGrid",
            ],
        ),
        (
            "w:tblPr",
            vec![
                "w:tblW",
                "w:jc",
                "w:tblBorders",
                "w:tblLayout",
                "w:tblCellMar",
            ],
        ),
        (
            "w:tcPr",
            vec!["w:tcW", "w:gridSpan", "w:vMerge", "w:vAlign"],
        ),
        (
            "w:settings",
            vec![
                "w:zoom",
                "w:defaultTabStop",
                "w:evenAndOddHeaders",
                "w:compat",
            ],
        ),
    ]
    .into_iter()
    .collect();
    for (name, draft) in [("2025-township", None), ("2020-street", Some(1))] {
        let parts = render(name, draft);
        for (part, xml) in parts
            .iter()
            .filter(|(p, _)| p.starts_with("word/") && p.ends_with(".xml"))
        {
            let text = std::str::from_utf8(xml).unwrap();
            let mut reader = quick_xml::Reader::from_str(text);
            // (element name, rank of the last child seen) per open element.
            let mut stack: Vec<(String, usize)> = Vec::new();
            loop {
                let e = reader.read_event().unwrap();
                let (s, opens) = match &e {
                    Event::Eof => break,
                    Event::Start(s) => (s, true),
                    Event::Empty(s) => (s, false),
                    Event::End(_) => {
                        stack.pop();
                        continue;
                    }
                    _ => continue,
                };
                let child = String::from_utf8(s.name().as_ref().to_vec()).unwrap();
                if let Some((parent, last)) = stack.last_mut()
                    && let Some(list) = order.get(parent.as_str())
                {
                    let rank = list
                        .iter()
                        .position(|c| *c == child)
                        .unwrap_or_else(|| panic!("{name} {part}: unexpected {child} in {parent}"));
                    assert!(
                        rank >= *last,
                        "{name} {part}: {child} out of order in {parent}"
                    );
                    *last = rank;
                }
                if opens {
                    stack.push((child, 0));
                }
            }
        }
    }
}

// ------------------------------------------------------------------ layout, styles, language

#[test]
fn layout_styles_language_and_page_numbers() {
    let parts = render("2025-township", None);
    let doc = text(&parts, "word/document.xml");
    let styles = text(&parts, "word/styles.xml");
    let settings = text(&parts, "word/settings.xml");
    // A4, GB/T 9704 margins, 22-line grid.
    assert!(
        doc.contains(r#"<w:pgSz w:w="11906" w:h="16838" />"#),
        "page size"
    );
    assert!(doc.contains(r#"w:top="2098" w:right="1474" w:bottom="1984" w:left="1587""#));
    assert!(doc.contains(r#"<w:docGrid w:type="lines" w:linePitch="579" />"#));
    // Named styles a clerk's edits keep, with the spec's fonts and sizes.
    for (name, east_asia, size) in [
        ("标题", "方正小标宋简体", "44"),
        ("一级标题", "黑体", ""),
        ("二级标题", "楷体_GB2312", ""),
        ("正文", "仿宋_GB2312", "32"),
    ] {
        let at = styles
            .find(&format!(r#"<w:name w:val="{name}" />"#))
            .unwrap_or_else(|| panic!("style {name}"));
        let style = &styles[at..at + styles[at..].find("</w:style>").unwrap()];
        assert!(
            style.contains(&format!(r#"w:eastAsia="{east_asia}""#)),
            "{name}: {style}"
        );
        if !size.is_empty() {
            assert!(
                style.contains(&format!(r#"<w:sz w:val="{size}" />"#)),
                "{name}"
            );
        }
    }
    // Outline levels as the tagged PDF's headings: title H1, 一、 H2, （一） H3.
    for (name, level) in [("标题", 0), ("一级标题", 1), ("二级标题", 2)] {
        let at = styles
            .find(&format!(r#"<w:name w:val="{name}" />"#))
            .unwrap();
        let style = &styles[at..at + styles[at..].find("</w:style>").unwrap()];
        assert!(
            style.contains(&format!(r#"<w:outlineLvl w:val="{level}" />"#)),
            "{name}: {style}"
        );
    }
    // Body: exact 28.95 pt lines and a two-character (640 twips) first-line indent.
    let at = styles.find(r#"<w:name w:val="正文" />"#).unwrap();
    let body = &styles[at..at + styles[at..].find("</w:style>").unwrap()];
    assert!(
        body.contains(r#"w:line="579" w:lineRule="exact""#),
        "{body}"
    );
    assert!(body.contains(r#"w:firstLine="640""#), "{body}");
    // Language: in the run defaults.
    let defaults = &styles[..styles.find("</w:docDefaults>").unwrap()];
    assert!(defaults.contains(r#"<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>"#));
    // Odd pages right, even pages left, `— n —` in 4号 宋体 via the 页码 style.
    assert!(settings.contains("<w:evenAndOddHeaders />"), "{settings}");
    assert!(doc.contains(r#"<w:footerReference w:type="default""#));
    assert!(doc.contains(r#"<w:footerReference w:type="even""#));
    let odd = text(&parts, "word/footer1.xml");
    let even = text(&parts, "word/footer2.xml");
    for (footer, jc) in [(&odd, "right"), (&even, "left")] {
        assert!(
            footer.contains(&format!(r#"<w:jc w:val="{jc}" />"#)),
            "{footer}"
        );
        assert!(footer.contains("<w:instrText>PAGE</w:instrText>"));
        assert!(
            footer.contains(">— <") && footer.contains("> —<"),
            "{footer}"
        );
    }
    let at = styles.find(r#"<w:name w:val="页码" />"#).unwrap();
    let page = &styles[at..at + styles[at..].find("</w:style>").unwrap()];
    assert!(page.contains(r#"w:eastAsia="宋体""#) && page.contains(r#"<w:sz w:val="28" />"#));
    // Font substitutes for machines without the _GB2312 faces.
    let fonts = text(&parts, "word/fontTable.xml");
    assert!(fonts.contains(r#"<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>"#));
    // No draft marks in a final document.
    assert!(!doc.contains("草稿") && !parts.keys().any(|p| p.contains("header")));
}

#[test]
fn draft_has_a_watermark_and_states_the_open_errors() {
    let parts = render("2020-street", Some(3));
    for header in ["word/header1.xml", "word/header2.xml"] {
        let h = text(&parts, header);
        assert!(h.contains("尚有 3 处错误未改正"), "{h}");
        assert!(h.contains(
            r#"<v:textpath style="font-family:&quot;黑体&quot;;font-size:1pt" string="草稿"/>"#
        ));
        assert!(
            !h.contains("gxgk-watermark"),
            "placeholder left in {header}"
        );
    }
    assert!(
        text(&parts, "word/header1.xml").contains("PowerPlusWaterMarkObject1")
            && text(&parts, "word/header2.xml").contains("PowerPlusWaterMarkObject2"),
        "each header has its own shape id"
    );
    let doc = text(&parts, "word/document.xml");
    assert!(doc.contains(r#"<w:headerReference w:type="default""#));
    assert!(doc.contains(r#"<w:headerReference w:type="even""#));
}

#[test]
fn signoff_date_starts_two_characters_right_of_the_name() {
    let parts = render("2025-township", None);
    let doc = text(&parts, "word/document.xml");
    // 磐石镇人民政府 (7 字) over 2026年1月20日 (6.5 字): the date ends 2 字 (640) from the
    // right, the name starts 2 字 left of the date (right indent 3.5 字 = 1120). Both are
    // placed by their left indents: 版心 8845 − 1120 − 2240 = 5485 and 8845 − 640 − 2080 =
    // 6125, 2 字 (640) apart.
    let name = doc.find(">磐石镇人民政府</w:t></w:r></w:p>").unwrap();
    let date = doc.find(">2026年1月20日</w:t>").unwrap();
    let para = |at: usize| &doc[doc[..at].rfind("<w:p ").unwrap()..at];
    assert_eq!(gxgk::render::docx::TEXT_WIDTH, 8845);
    assert!(
        para(name).contains(r#"<w:ind w:left="5485" w:right="0" w:firstLine="0" />"#),
        "{}",
        para(name)
    );
    assert!(
        para(date).contains(r#"<w:ind w:left="6125" w:right="0" w:firstLine="0" />"#),
        "{}",
        para(date)
    );
    assert!(
        para(date).contains(r#"<w:jc w:val="left" />"#),
        "{}",
        para(date)
    );
    assert!(para(date).contains(r#"<w:pStyle w:val="GxgkSignoff" />"#));
    let styles = text(&parts, "word/styles.xml");
    let at = styles.find(r#"w:styleId="GxgkSignoff""#).unwrap();
    let style = &styles[at..at + styles[at..].find("</w:style>").unwrap()];
    assert!(
        style.contains(r#"<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>"#),
        "{style}"
    );
}

// ------------------------------------------------------------------ LibreOffice round trip

/// Runs a tool, failing with the Debian package to install when it is missing.
fn tool(cmd: &str, package: &str) -> Command {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {cmd}")])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(
        found,
        "`{cmd}` is missing: install the Debian package {package} (apt-get install {package})"
    );
    Command::new(cmd)
}

/// Converts a DOCX to PDF with a private LibreOffice profile.
fn to_pdf(docx: &[u8], stem: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("gxgk-docx-{}-{stem}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join(format!("{stem}.docx"));
    std::fs::write(&input, docx).unwrap();
    let out = tool("soffice", "libreoffice-writer")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.join("profile").display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&dir)
        .arg(&input)
        .output()
        .expect("soffice runs");
    let pdf = dir.join(format!("{stem}.pdf"));
    assert!(
        pdf.exists(),
        "soffice made no PDF: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    pdf
}

/// A word of `pdftotext -bbox`: text and box.
#[derive(Debug, Clone)]
struct Word {
    text: String,
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

/// Per page, the text of each table cell as LibreOffice laid it out: words on a line joined
/// when closer than a cell's padding, then lines stacked when directly below each other.
fn cell_texts(pdf: &Path) -> (usize, Vec<String>) {
    let out = tool("pdftotext", "poppler-utils")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(out.status.success(), "pdftotext failed");
    let html = String::from_utf8(out.stdout).unwrap();
    let num = |s: &str, key: &str| -> f64 {
        let at = s.find(&format!("{key}=\"")).unwrap() + key.len() + 2;
        s[at..at + s[at..].find('"').unwrap()].parse().unwrap()
    };
    let pages: Vec<&str> = html.split("<page ").skip(1).collect();
    let mut texts = Vec::new();
    for page in &pages {
        let mut words: Vec<Word> = page
            .split("<word ")
            .skip(1)
            .map(|w| Word {
                text: w[w.find('>').unwrap() + 1..w.find("</word>").unwrap()]
                    .replace("&amp;", "&")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\""),
                x0: num(w, "xMin"),
                y0: num(w, "yMin"),
                x1: num(w, "xMax"),
                y1: num(w, "yMax"),
            })
            .collect();
        words.sort_by(|a, b| (a.y0, a.x0).partial_cmp(&(b.y0, b.x0)).unwrap());
        let mut segments: Vec<Word> = Vec::new();
        for w in words {
            match segments.last_mut() {
                Some(s) if (s.y0 - w.y0).abs() < 1.0 && w.x0 - s.x1 < 4.5 && w.x0 >= s.x0 => {
                    s.text.push_str(&w.text);
                    s.x1 = w.x1;
                }
                _ => segments.push(w),
            }
        }
        let mut stacks: Vec<Word> = Vec::new();
        for s in segments {
            let below = stacks.iter_mut().rev().find(|t| {
                let gap = s.y0 - t.y1;
                (-1.0..4.0).contains(&gap) && s.x0.max(t.x0) < s.x1.min(t.x1)
            });
            match below {
                Some(t) => {
                    t.text.push_str(&s.text);
                    t.y1 = s.y1;
                    t.x0 = t.x0.min(s.x0);
                    t.x1 = t.x1.max(s.x1);
                }
                None => stacks.push(s),
            }
        }
        texts.extend(stacks.into_iter().map(|s| s.text));
    }
    (pages.len(), texts)
}

#[test]
fn libreoffice_renders_the_title_and_every_table_label() {
    for (name, draft) in [("2025-township", None), ("2020-street", Some(1))] {
        let v = view(name, draft);
        let pdf = to_pdf(&gxgk::render::docx::render(&v).unwrap(), name);
        let (pages, cells) = cell_texts(&pdf);
        assert!((3..=8).contains(&pages), "{name}: {pages} pages");
        let all: String = cells.concat();
        let squash = |s: &str| s.split_whitespace().collect::<String>();
        assert!(
            squash(&all).contains(&squash(&v.title)),
            "{name}: title missing"
        );
        let cells: BTreeSet<String> = cells.iter().map(|c| squash(c)).collect();
        for t in v.tables() {
            for cell in t.rows.iter().flatten() {
                let label = squash(&cell.text);
                if label.is_empty() || matches!(cell.role, CellRole::Number | CellRole::Empty) {
                    continue;
                }
                assert!(
                    cells.iter().any(|c| c.contains(&label)),
                    "{name} {}: label {label:?} not found in the PDF",
                    t.id
                );
            }
        }
        for s in &v.sections {
            assert!(all.contains(s.heading), "{name}: heading {}", s.heading);
        }
        if draft.is_some() {
            assert!(
                all.contains("尚有1处错误未改正") || squash(&all).contains("尚有1处错误未改正")
            );
        }
    }
}

// ------------------------------------------------------------------ schema validation

/// The install line printed when the validator is missing.
const OPENXML_AUDIT_INSTALL: &str = "run scripts/test (it installs openxml-audit into target/test-venv and sets GXGK_OPENXML_AUDIT), or pip install openxml-audit into a virtual environment and put it on PATH";

/// `openxml-audit` (PyPI): `$GXGK_OPENXML_AUDIT` when set, else the one on `PATH`.
fn openxml_audit() -> Command {
    let exe = std::env::var_os("GXGK_OPENXML_AUDIT")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| "openxml-audit".into());
    let runs = Command::new(&exe)
        .arg("--help")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        runs,
        "the OOXML validator `{}` does not run: {OPENXML_AUDIT_INSTALL}",
        exe.display()
    );
    Command::new(exe)
}

/// Every file in `dir` with its schema/semantic findings (strict policy, Microsoft 365 schema).
fn audit(dir: &Path) -> Vec<(String, Vec<String>)> {
    let out = openxml_audit()
        .args([
            "-r",
            "-m",
            "0",
            "--policy",
            "strict",
            "-f",
            "microsoft365",
            "-o",
            "json",
        ])
        .arg(dir)
        .output()
        .expect("openxml-audit runs");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "openxml-audit printed no JSON ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    report
        .as_array()
        .expect("a list of files")
        .iter()
        .map(|f| {
            let errors = f["errors"].as_array().cloned().unwrap_or_default();
            let mut found: Vec<String> = errors
                .iter()
                .map(|e| {
                    format!(
                        "{} ({} {})",
                        e["description"].as_str().unwrap_or("?"),
                        e["part"].as_str().unwrap_or(""),
                        e["path"].as_str().unwrap_or("")
                    )
                })
                .collect();
            let count = f["error_count"].as_u64().unwrap_or(u64::MAX);
            if found.len() as u64 != count || f["valid"] != serde_json::Value::Bool(true) {
                found.push(format!("error_count {count}, valid {}", f["valid"]));
            }
            let file = f["file"].as_str().unwrap_or("?").to_string();
            (file, found)
        })
        .collect()
}

/// The `new` scaffold rendered with `--draft` (as a clerk sees it before filling anything in).
fn scaffold_docx(dir: &Path) -> Vec<u8> {
    let exe = env!("CARGO_BIN_EXE_gxgk");
    let toml = dir.join("new.toml");
    let run = |args: &[&str]| {
        let o = Command::new(exe).args(args).output().expect("run gxgk");
        assert!(
            o.status.success(),
            "gxgk {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    let toml_s = toml.to_str().unwrap();
    run(&[
        "new",
        "--agency",
        "磐石镇",
        "--level",
        "乡镇",
        "--year",
        "2025",
        "-o",
        toml_s,
        "--force",
    ]);
    let out = dir.join("new-out");
    run(&[
        "render",
        toml_s,
        "--draft",
        "-o",
        out.to_str().unwrap(),
        "--force",
    ]);
    std::fs::read(out.join("new.docx")).expect("render wrote new.docx")
}

#[test]
fn every_rendered_docx_is_schema_valid() {
    let dir = std::env::temp_dir().join(format!("gxgk-docx-{}-audit", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let files = dir.join("files");
    std::fs::create_dir_all(&files).unwrap();
    for name in EXAMPLES {
        for (suffix, draft) in [("", None), ("-draft", Some(2))] {
            let bytes = gxgk::render::docx::render(&view(name, draft)).unwrap();
            std::fs::write(files.join(format!("{name}{suffix}.docx")), bytes).unwrap();
        }
    }
    std::fs::write(files.join("new-draft.docx"), scaffold_docx(&dir)).unwrap();
    let results = audit(&files);
    assert_eq!(results.len(), 5, "audited: {results:?}");
    let bad: Vec<_> = results.iter().filter(|(_, e)| !e.is_empty()).collect();
    assert!(bad.is_empty(), "schema violations: {bad:#?}");

    // The validator does see a schema violation: a `w:type` on `w:gridCol`.
    let known_bad = dir.join("known-bad");
    std::fs::create_dir_all(&known_bad).unwrap();
    let good = std::fs::read(files.join("2025-township.docx")).unwrap();
    let mut parts = unzip(&good);
    let doc = text(&parts, "word/document.xml");
    let broken = doc.replacen("<w:gridCol w:w=", "<w:gridCol w:type=\"dxa\" w:w=", 1);
    assert_ne!(doc, broken, "no w:gridCol in document.xml");
    parts.insert("word/document.xml".into(), broken.into_bytes());
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in &parts {
        zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut zip, bytes).unwrap();
    }
    std::fs::write(
        known_bad.join("bad.docx"),
        zip.finish().unwrap().into_inner(),
    )
    .unwrap();
    let caught = audit(&known_bad);
    assert!(
        caught
            .iter()
            .any(|(_, e)| e.iter().any(|m| m.contains("type"))),
        "the validator missed a w:type on w:gridCol: {caught:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The lowest text on each page of a PDF (pt from the top), by `pdftotext -bbox`.
fn text_bottoms(pdf: &Path) -> Vec<(f64, String)> {
    let out = tool("pdftotext", "poppler-utils")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let html = String::from_utf8(out.stdout).unwrap();
    let num = |s: &str, key: &str| -> f64 {
        let at = s.find(&format!("{key}=\"")).unwrap() + key.len() + 2;
        s[at..at + s[at..].find('"').unwrap()].parse().unwrap()
    };
    html.split("<page ")
        .skip(1)
        .map(|page| {
            let mut bottom = 0.0;
            let mut text = String::new();
            for w in page.split("<word ").skip(1) {
                let y = num(w, "yMax");
                // Below the 版心 (262 mm = 742.7 pt) is the page number.
                if y < 745.0 {
                    bottom = f64::max(bottom, y);
                }
                text.push_str(&w[w.find('>').unwrap() + 1..w.find("</word>").unwrap()]);
            }
            (bottom, text)
        })
        .collect()
}

#[test]
fn libreoffice_fills_pages_and_keeps_table_three_on_two() {
    const MM: f64 = 72.0 / 25.4;
    for name in EXAMPLES {
        let v = view(name, None);
        let pdf = to_pdf(
            &gxgk::render::docx::render(&v).unwrap(),
            &format!("{name}-pages"),
        );
        let pages = text_bottoms(&pdf);
        // No page but the last ends more than about 3 lines (35 mm) above the 版心's foot:
        // tables break between rows instead of moving whole to the next page.
        for (i, (bottom, _)) in pages.iter().enumerate().take(pages.len() - 1) {
            assert!(
                *bottom > (262.0 - 35.0) * MM,
                "{name} page {}: text ends at {:.1} mm",
                i + 1,
                bottom / MM
            );
        }
        // 表三 from its first row label to its last lies on two pages.
        let squash = |s: &str| s.split_whitespace().collect::<String>();
        let page_of = |label: &str| {
            pages
                .iter()
                .position(|(_, t)| squash(t).contains(label))
                .unwrap_or_else(|| panic!("{name}: {label} not found"))
        };
        let (first, last) = (
            page_of("一、本年新收政府信息公开申请数量"),
            page_of("四、结转下年度继续办理"),
        );
        assert!(
            last - first <= 1,
            "{name}: 表三 on pages {} to {}",
            first + 1,
            last + 1
        );
    }
}

#[test]
fn libreoffice_offsets_the_date_from_the_agency() {
    // The date starts 2 字 (32 pt) right of the agency name's first character, whatever font
    // LibreOffice finds for the digits.
    let v = view("2025-township", None);
    let pdf = to_pdf(&gxgk::render::docx::render(&v).unwrap(), "signoff");
    let out = tool("pdftotext", "poppler-utils")
        .arg("-bbox")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let html = String::from_utf8(out.stdout).unwrap();
    let x_of = |text: &str| -> f64 {
        let at = html
            .rfind(&format!(">{text}"))
            .unwrap_or_else(|| panic!("{text} not in the PDF"));
        let start = html[..at].rfind("xMin=\"").unwrap() + 6;
        html[start..start + html[start..].find('"').unwrap()]
            .parse()
            .unwrap()
    };
    let (name, date) = (x_of(&v.signoff.agency), x_of("2026"));
    assert!(
        (date - name - 32.0).abs() < 1.0,
        "name at {name}, date at {date}"
    );
}

/// Texts of every length around a page end: the paragraph before the last one grown half a
/// line at a time over a whole page, with a last paragraph of two lines (the example's), of
/// five, or of one (`无。`: then the paragraph before it goes along). LibreOffice, following the keep-with-next and widow control on the last
/// paragraph, the blank line and the name, never leaves the sign-off alone on a page: at
/// least two lines of text are on its page. (A last paragraph nearly a page long cannot go
/// whole with the sign-off; Word then splits it, LibreOffice does not.)
#[test]
fn libreoffice_never_leaves_the_sign_off_alone() {
    let dir = std::env::temp_dir().join(format!("gxgk-docx-{}-alone", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let base = view("2025-township", None);
    // 14 characters: half a line.
    let half = "续写正文以检验落款分页情况。";
    let mut cases = Vec::new();
    for (last, step) in [(Some(0), 1), (Some(3), 2), (None, 2)] {
        for k in (0..46).step_by(step) {
            let mut v = base.clone();
            let blocks = &mut v.sections.last_mut().unwrap().blocks;
            let n = blocks.len();
            let [
                gxgk::view::Block::Paragraph { text: before },
                gxgk::view::Block::Paragraph { text: end },
            ] = &mut blocks[n - 2..]
            else {
                panic!("the example's text ends with two paragraphs")
            };
            before.push_str(&half.repeat(k));
            match last {
                Some(l) => end.push_str(&half.repeat(2 * l)),
                None => *end = "无。".to_string(),
            }
            let stem = format!("alone{}-{k:02}", last.map_or(-1, |l| l as i32));
            std::fs::write(
                dir.join(format!("{stem}.docx")),
                gxgk::render::docx::render(&v).unwrap(),
            )
            .unwrap();
            cases.push(stem);
        }
    }
    let inputs: Vec<_> = cases
        .iter()
        .map(|s| dir.join(format!("{s}.docx")))
        .collect();
    let out = tool("soffice", "libreoffice-writer")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.join("profile").display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&dir)
        .args(&inputs)
        .output()
        .expect("soffice runs");
    for stem in &cases {
        let pdf = dir.join(format!("{stem}.pdf"));
        assert!(
            pdf.exists(),
            "soffice made no PDF: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let text = tool("pdftotext", "poppler-utils")
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext runs");
        let text = String::from_utf8_lossy(&text.stdout).into_owned();
        let page = text
            .split('\u{c}')
            .rfind(|p| p.contains(&base.signoff.agency))
            .expect("the sign-off is in the PDF");
        let lines: Vec<&str> = page
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('—') && !l.starts_with("-"))
            .take_while(|l| *l != base.signoff.agency)
            .collect();
        assert!(
            lines.len() >= 2,
            "{stem}: the sign-off's page has {} line(s) of text: {lines:?}",
            lines.len()
        );
    }
}
