//! What docx-rs 0.4 cannot write, added to its generated XML parts before packing: repeated
//! table header rows (`w:tblHeader`), the document language (`w:lang`, `dc:language`), fixed
//! core-property dates and title, font substitutes in the font table, the VML 「草稿」
//! watermark in the draft headers, no CJK/Latin auto-spacing in the sign-off style — then
//! no unreferenced parts or dangling content-type overrides; every part is then put into schema
//! order by [`super::order`].

use quick_xml::Reader;
use quick_xml::Writer;
use quick_xml::events::{BytesEnd, BytesStart, Event};

use super::DocxError;
use crate::view::View;

/// Text of the header run that [`watermark`] replaces with the VML shape.
pub const WATERMARK_PLACEHOLDER: &str = "\u{E000}gxgk-watermark\u{E000}";

/// The East-Asian language of the document (and the Latin one Chinese Word pairs with it).
pub const LANG: &str = r#"<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>"#;

/// Font-table entries: each face with the substitute Word and WPS use when it is missing
/// (Windows 10 ships 仿宋/楷体 but not the _GB2312 faces).
const FONTS: [(&str, &str, &str, &str); 5] = [
    ("仿宋_GB2312", "仿宋", "modern", "fixed"),
    ("方正小标宋简体", "宋体", "script", "variable"),
    ("黑体", "SimHei", "modern", "fixed"),
    ("楷体_GB2312", "楷体", "modern", "fixed"),
    ("宋体", "SimSun", "auto", "variable"),
];

/// The package parts in writing order, with every fix applied.
pub fn finish(xml: docx_rs::XMLDocx, view: &View) -> Result<Vec<(String, Vec<u8>)>, DocxError> {
    let header_rows: Vec<usize> = view.tables().map(|t| t.header_rows).collect();
    let mut parts: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), xml.content_type),
        ("_rels/.rels".into(), xml.rels),
        ("docProps/app.xml".into(), xml.doc_props.app),
        ("docProps/core.xml".into(), core(view).into_bytes()),
        ("docProps/custom.xml".into(), xml.doc_props.custom),
        ("word/_rels/document.xml.rels".into(), xml.document_rels),
        ("word/document.xml".into(), xml.document),
        ("word/styles.xml".into(), xml.styles),
        ("word/settings.xml".into(), xml.settings),
        ("word/fontTable.xml".into(), xml.font_table),
        ("word/comments.xml".into(), xml.comments),
        ("word/numbering.xml".into(), xml.numberings),
        ("word/commentsExtended.xml".into(), xml.comments_extended),
        ("word/footnotes.xml".into(), xml.footnotes),
    ];
    for (i, h) in xml.headers.into_iter().enumerate() {
        parts.push((format!("word/header{}.xml", i + 1), h));
        if let Some(rels) = xml.header_rels.get(i) {
            parts.push((format!("word/_rels/header{}.xml.rels", i + 1), rels.clone()));
        }
    }
    for (i, f) in xml.footers.into_iter().enumerate() {
        parts.push((format!("word/footer{}.xml", i + 1), f));
        if let Some(rels) = xml.footer_rels.get(i) {
            parts.push((format!("word/_rels/footer{}.xml.rels", i + 1), rels.clone()));
        }
    }
    add_theme(&mut parts).map_err(|m| xml_error("word/theme/theme1.xml", m))?;
    // render() adds no images, task panes or custom XML, so docx-rs leaves those parts empty.
    let mut parts = prune(parts).map_err(|m| xml_error("[Content_Types].xml", m))?;
    for (name, bytes) in &mut parts {
        xml_chars_only(bytes);
        let fixed = match name.as_str() {
            "word/document.xml" => table_headers(bytes, &header_rows),
            "word/styles.xml" => language(bytes).and_then(|b| {
                style_paragraph_properties(&b, super::style::SIGNOFF.0, NO_AUTO_SPACE).and_then(
                    |b| {
                        style_paragraph_properties(&b, super::style::BODY.0, NO_HANGING_PUNCTUATION)
                    },
                )
            }),
            "word/fontTable.xml" => font_table(bytes),
            n if n.starts_with("word/header") => {
                let k = n
                    .trim_start_matches("word/header")
                    .trim_end_matches(".xml")
                    .parse()
                    .unwrap_or(1);
                watermark(bytes, k)
            }
            _ => Ok(std::mem::take(bytes)),
        };
        let fixed = fixed.and_then(|b| {
            if name.starts_with("word/") && name.ends_with(".xml") {
                super::order::schema_order(&b)
            } else {
                Ok(b)
            }
        });
        *bytes = fixed.map_err(|m| xml_error(name, m))?;
    }
    Ok(parts)
}

/// Drops every character XML 1.0 does not allow (control characters, U+FFFE, U+FFFF), so no
/// text that reaches a part can make it ill-formed; `gxgk check` reports such characters
/// (TEXT-CONTROL) before a render, this is the writer's own guarantee.
fn xml_chars_only(bytes: &mut Vec<u8>) {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r')
            || (c >= ' '
                && !matches!(c, '\u{FFFE}' | '\u{FFFF}')
                && !('\u{7F}'..='\u{9F}').contains(&c))
    };
    let text = String::from_utf8_lossy(bytes);
    if text.chars().all(allowed) && matches!(text, std::borrow::Cow::Borrowed(_)) {
        return;
    }
    *bytes = text
        .chars()
        .filter(|c| allowed(*c))
        .collect::<String>()
        .into_bytes();
}

/// The theme part Word expects of every document (the validator requires its relationship):
/// black text, the document's fonts as major (黑体) and minor (仿宋_GB2312) East-Asian faces.
pub const THEME: &str = include_str!("theme1.xml");

/// Adds `word/theme/theme1.xml` with its relationship from the main document and its
/// content-type override.
fn add_theme(parts: &mut Vec<(String, Vec<u8>)>) -> Result<(), String> {
    const REL: &str = r#"<Relationship Id="rIdGxgkTheme1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" Target="theme/theme1.xml"/>"#;
    const OVERRIDE: &str = r#"<Override PartName="/word/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>"#;
    for (name, bytes) in parts.iter_mut() {
        match name.as_str() {
            "word/_rels/document.xml.rels" => {
                *bytes = append_child(bytes, b"Relationships", REL)?;
            }
            "[Content_Types].xml" => *bytes = append_child(bytes, b"Types", OVERRIDE)?,
            _ => {}
        }
    }
    parts.push(("word/theme/theme1.xml".into(), THEME.as_bytes().to_vec()));
    Ok(())
}

/// Adds `child` as the last child of the (one) root element `root`.
fn append_child(xml: &[u8], root: &[u8], child: &str) -> Result<Vec<u8>, String> {
    let mut done = false;
    let out = rewrite(xml, |e, w| {
        if let Event::End(s) = &e
            && s.local_name().as_ref() == root
        {
            done = true;
            raw(w, child)?;
        }
        w.write_event(e)
    })?;
    if done {
        Ok(out)
    } else {
        Err(format!("没有根元素 {}", String::from_utf8_lossy(root)))
    }
}

/// The internal targets of a relationships part, as package paths.
pub fn targets(rels_name: &str, rels: &[u8]) -> Result<Vec<String>, String> {
    // `word/_rels/document.xml.rels` describes `word/document.xml`: targets are relative to
    // `word/`; `_rels/.rels` describes the package root.
    let base = rels_name
        .rsplit_once("_rels/")
        .map(|(dir, _)| dir)
        .unwrap_or("");
    let text = std::str::from_utf8(rels).map_err(|e| e.to_string())?;
    let mut reader = Reader::from_str(text);
    let mut out = Vec::new();
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"Relationship" => {
                let attr = |name: &str| attribute(&e, name);
                if attr("TargetMode").as_deref() == Some("External") {
                    continue;
                }
                let target = attr("Target").ok_or("关系缺少 Target")?;
                out.push(match target.strip_prefix('/') {
                    Some(absolute) => absolute.to_string(),
                    None => format!("{base}{target}"),
                });
            }
            _ => {}
        }
    }
    Ok(out)
}

/// The unescaped value of an attribute.
pub fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    let a = e.try_get_attribute(name).ok().flatten()?;
    let raw = std::str::from_utf8(&a.value).ok()?;
    quick_xml::escape::unescape(raw)
        .ok()
        .map(|v| v.into_owned())
}

/// Drops the parts docx-rs always writes but nothing references (comments, numbering,
/// footnotes of a document that has none), their relationship parts, and the content-type
/// overrides of parts that are not in the package.
fn prune(parts: Vec<(String, Vec<u8>)>) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut referenced: Vec<String> = Vec::new();
    for (name, bytes) in &parts {
        if name.ends_with(".rels") {
            referenced.extend(targets(name, bytes)?);
        }
    }
    let source_of = |rels: &str| {
        rels.replace("_rels/", "")
            .trim_end_matches(".rels")
            .to_string()
    };
    let kept: Vec<(String, Vec<u8>)> = parts
        .into_iter()
        .filter(|(name, _)| {
            name == "[Content_Types].xml"
                || name == "_rels/.rels"
                || (name.ends_with(".rels") && referenced.contains(&source_of(name)))
                || referenced.contains(name)
        })
        .collect();
    let names: Vec<String> = kept.iter().map(|(n, _)| format!("/{n}")).collect();
    kept.into_iter()
        .map(|(name, bytes)| {
            if name != "[Content_Types].xml" {
                return Ok((name, bytes));
            }
            let fixed = rewrite(&bytes, |e, w| {
                if let Event::Empty(s) = &e
                    && s.local_name().as_ref() == b"Override"
                {
                    let part = attribute(s, "PartName").unwrap_or_default();
                    if !names.contains(&part) {
                        return Ok(());
                    }
                }
                w.write_event(e)
            })?;
            Ok((name, fixed))
        })
        .collect()
}

fn xml_error(part: &str, message: String) -> DocxError {
    DocxError::Xml {
        part: part.to_string(),
        message,
    }
}

/// Runs `f` over every event of `xml`, writing what it returns.
fn rewrite(
    xml: &[u8],
    mut f: impl FnMut(Event<'_>, &mut Writer<Vec<u8>>) -> std::io::Result<()>,
) -> Result<Vec<u8>, String> {
    let text = std::str::from_utf8(xml).map_err(|e| e.to_string())?;
    let mut reader = Reader::from_str(text);
    let mut writer = Writer::new(Vec::with_capacity(xml.len() + 1024));
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Eof => break,
            e => f(e, &mut writer).map_err(|e| e.to_string())?,
        }
    }
    Ok(writer.into_inner())
}

fn raw(w: &mut Writer<Vec<u8>>, xml: &str) -> std::io::Result<()> {
    use std::io::Write;
    w.get_mut().write_all(xml.as_bytes())
}

/// Marks the first `header_rows[k]` rows of the k-th table as header rows, repeated on each
/// page (`<w:trPr><w:tblHeader/>…`).
pub fn table_headers(xml: &[u8], header_rows: &[usize]) -> Result<Vec<u8>, String> {
    let mut table: Option<usize> = None;
    let mut tables = 0;
    let mut row = 0;
    let mut row_has_props = false;
    let is_header = |table: Option<usize>, row: usize| {
        table.is_some_and(|t| row < header_rows.get(t).copied().unwrap_or(0))
    };
    rewrite(xml, |e, w| {
        match &e {
            Event::Start(s) if s.name().as_ref() == b"w:tbl" => {
                table = Some(tables);
                tables += 1;
                row = 0;
            }
            Event::End(s) if s.name().as_ref() == b"w:tbl" => table = None,
            Event::Start(s) if s.name().as_ref() == b"w:tr" => {
                row_has_props = false;
            }
            Event::End(s) if s.name().as_ref() == b"w:tr" => row += 1,
            Event::Start(s) if s.name().as_ref() == b"w:trPr" && is_header(table, row) => {
                row_has_props = true;
                w.write_event(e.borrow())?;
                return raw(w, "<w:tblHeader/>");
            }
            Event::Empty(s) if s.name().as_ref() == b"w:trPr" && is_header(table, row) => {
                row_has_props = true;
                return raw(w, "<w:trPr><w:tblHeader/></w:trPr>");
            }
            Event::Start(s)
                if s.name().as_ref() == b"w:tc" && !row_has_props && is_header(table, row) =>
            {
                row_has_props = true;
                raw(w, "<w:trPr><w:tblHeader/></w:trPr>")?;
            }
            _ => {}
        }
        w.write_event(e)
    })
}

/// Adds the document language to the run defaults of `styles.xml`.
pub fn language(xml: &[u8]) -> Result<Vec<u8>, String> {
    let mut in_default = false;
    let mut done = false;
    let out = rewrite(xml, |e, w| {
        match &e {
            Event::Start(s) if s.name().as_ref() == b"w:rPrDefault" => in_default = true,
            Event::End(s) if s.name().as_ref() == b"w:rPrDefault" => in_default = false,
            Event::End(s) if in_default && s.name().as_ref() == b"w:rPr" => {
                done = true;
                raw(w, LANG)?;
            }
            Event::Empty(s) if in_default && s.name().as_ref() == b"w:rPr" => {
                done = true;
                w.write_event(Event::Start(BytesStart::new("w:rPr")))?;
                raw(w, LANG)?;
                return w.write_event(Event::End(BytesEnd::new("w:rPr")));
            }
            _ => {}
        }
        w.write_event(e)
    })?;
    if done {
        Ok(out)
    } else {
        Err("样式表中没有 w:rPrDefault/w:rPr".to_string())
    }
}

/// No automatic extra space between Chinese and Latin text or digits: the sign-off's
/// indents are computed from the widths of `2026年1月20日` as written.
pub const NO_AUTO_SPACE: &str = r#"<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>"#;

/// No punctuation hanging past the right edge of the 版心 (Word and LibreOffice let a
/// line-final `，` or `；` hang into the margin by default, where it may be cut off): a line
/// that would end so breaks one character earlier, as in the native PDF. The body style
/// carries it; headings and the sign-off are based on it.
pub const NO_HANGING_PUNCTUATION: &str = r#"<w:overflowPunct w:val="0"/>"#;

/// Adds paragraph properties docx-rs has no API for to the `w:pPr` of one style.
pub fn style_paragraph_properties(
    xml: &[u8],
    style_id: &str,
    extra: &str,
) -> Result<Vec<u8>, String> {
    let mut in_style = false;
    let mut done = false;
    let out = rewrite(xml, |e, w| {
        match &e {
            Event::Start(s) if s.name().as_ref() == b"w:style" => {
                in_style = attribute(s, "w:styleId").as_deref() == Some(style_id);
            }
            Event::End(s) if s.name().as_ref() == b"w:style" => in_style = false,
            Event::Start(s) if in_style && !done && s.name().as_ref() == b"w:pPr" => {
                done = true;
                w.write_event(e.borrow())?;
                return raw(w, extra);
            }
            _ => {}
        }
        w.write_event(e)
    })?;
    if done {
        Ok(out)
    } else {
        Err(format!("样式 {style_id} 没有 w:pPr"))
    }
}

/// Adds the Chinese faces, with their substitutes, to `fontTable.xml`.
pub fn font_table(xml: &[u8]) -> Result<Vec<u8>, String> {
    rewrite(xml, |e, w| {
        if let Event::End(s) = &e
            && s.name().as_ref() == b"w:fonts"
        {
            for (name, alt, family, pitch) in FONTS {
                raw(
                    w,
                    &format!(
                        r#"<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/><w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>"#
                    ),
                )?;
            }
        }
        w.write_event(e)
    })
}

/// The VML text watermark Word itself writes for 「设计 → 水印」, anchored in the header and
/// centred on the 版心, light grey, rotated 45°.
pub fn watermark_run(n: usize) -> String {
    format!(
        concat!(
            r##"<w:r><w:rPr><w:noProof/></w:rPr><w:pict>"##,
            r##"<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" path="m@7,l@8,m@5,21600l@6,21600e">"##,
            r##"<v:formulas><v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/><v:f eqn="sum 0 0 @2"/><v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/><v:f eqn="if @0 21600 @1"/><v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/><v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>"##,
            r##"<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" o:connectangles="270,180,90,0"/>"##,
            r##"<v:textpath on="t" fitshape="t"/><v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles><o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>"##,
            r##"<v:shape id="PowerPlusWaterMarkObject{n}" o:spid="_x0000_s{spid}" type="#_x0000_t136" style="position:absolute;margin-left:0;margin-top:0;width:360pt;height:180pt;rotation:315;z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;mso-position-vertical:center;mso-position-vertical-relative:margin" o:allowincell="f" fillcolor="#c0c0c0" stroked="f">"##,
            r##"<v:fill opacity=".5"/><v:textpath style="font-family:&quot;黑体&quot;;font-size:1pt" string="草稿"/><w10:wrap anchorx="margin" anchory="margin"/></v:shape>"##,
            r##"</w:pict></w:r>"##
        ),
        n = n,
        spid = 2048 + n
    )
}

/// Replaces the placeholder run of a draft header with the watermark; other headers pass
/// through unchanged.
pub fn watermark(xml: &[u8], n: usize) -> Result<Vec<u8>, String> {
    // Runs are buffered until their end so the placeholder run can be swapped whole.
    let mut run: Option<Vec<Event<'static>>> = None;
    rewrite(xml, |e, w| match (&e, run.as_mut()) {
        (Event::Start(s), None) if s.name().as_ref() == b"w:r" => {
            run = Some(vec![e.into_owned()]);
            Ok(())
        }
        (Event::End(s), Some(events)) if s.name().as_ref() == b"w:r" => {
            events.push(e.into_owned());
            let events = run.take().unwrap_or_default();
            let is_placeholder = events.iter().any(|e| match e {
                Event::Text(t) => t
                    .decode()
                    .is_ok_and(|t| t.as_ref() == WATERMARK_PLACEHOLDER),
                _ => false,
            });
            if is_placeholder {
                raw(w, &watermark_run(n))
            } else {
                events.into_iter().try_for_each(|e| w.write_event(e))
            }
        }
        (_, Some(events)) => {
            events.push(e.into_owned());
            Ok(())
        }
        (_, None) => w.write_event(e),
    })
}

/// `docProps/core.xml`: title, author and language from the view; created/modified dates
/// from the 成文日期 (so the package is byte-stable), or 1 January after the report year.
pub fn core(view: &View) -> String {
    use quick_xml::escape::escape;
    let date = view.signoff.iso_date.clone().unwrap_or_else(|| {
        if (1900..9999).contains(&view.year) {
            format!("{}-01-01", view.year + 1)
        } else {
            "1970-01-01".to_string()
        }
    });
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            "\n",
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            "<dc:title>{title}</dc:title><dc:creator>{agency}</dc:creator>",
            "<cp:lastModifiedBy>{agency}</cp:lastModifiedBy><cp:revision>1</cp:revision>",
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">{date}T00:00:00Z</dcterms:created>"#,
            r#"<dcterms:modified xsi:type="dcterms:W3CDTF">{date}T00:00:00Z</dcterms:modified>"#,
            "<dc:language>zh-CN</dc:language></cp:coreProperties>"
        ),
        title = escape(view.title.as_str()),
        agency = escape(view.agency.as_str()),
        date = date,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(b: Vec<u8>) -> String {
        String::from_utf8(b).unwrap()
    }

    #[test]
    fn header_rows_are_marked_in_every_row_shape() {
        let xml = concat!(
            r#"<w:body><w:tbl><w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc/></w:tr>"#,
            r#"<w:tr><w:trPr/><w:tc></w:tc></w:tr><w:tr><w:tc></w:tc></w:tr>"#,
            r#"<w:tr><w:trPr/><w:tc/></w:tr></w:tbl>"#,
            r#"<w:tbl><w:tr><w:trPr/><w:tc/></w:tr></w:tbl></w:body>"#
        );
        let out = s(table_headers(xml.as_bytes(), &[3, 0]).unwrap());
        assert_eq!(
            out,
            concat!(
                r#"<w:body><w:tbl><w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr><w:tc/></w:tr>"#,
                r#"<w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc></w:tc></w:tr>"#,
                r#"<w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc></w:tc></w:tr>"#,
                r#"<w:tr><w:trPr/><w:tc/></w:tr></w:tbl>"#,
                r#"<w:tbl><w:tr><w:trPr/><w:tc/></w:tr></w:tbl></w:body>"#
            )
        );
        assert!(table_headers(b"<w:tbl><w:tr></w:tbl>", &[1]).is_err());
    }

    #[test]
    fn language_goes_into_the_run_defaults_only() {
        let xml = r#"<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="32"/></w:rPr></w:rPrDefault></w:docDefaults><w:style><w:rPr/></w:style></w:styles>"#;
        let out = s(language(xml.as_bytes()).unwrap());
        assert_eq!(out.matches("<w:lang ").count(), 1);
        assert!(out.contains(&format!(
            r#"<w:sz w:val="32"/>{LANG}</w:rPr></w:rPrDefault>"#
        )));
        let empty = r#"<w:styles><w:docDefaults><w:rPrDefault><w:rPr /></w:rPrDefault></w:docDefaults></w:styles>"#;
        assert!(s(language(empty.as_bytes()).unwrap()).contains(&format!("<w:rPr>{LANG}</w:rPr>")));
        assert!(language(b"<w:styles/>").is_err());
    }

    #[test]
    fn style_properties_go_into_the_named_style() {
        let xml = r#"<w:styles><w:style w:styleId="A"><w:pPr><w:jc/></w:pPr></w:style><w:style w:styleId="B"><w:pPr><w:jc/></w:pPr></w:style></w:styles>"#;
        assert_eq!(
            s(style_paragraph_properties(xml.as_bytes(), "B", "<x/>").unwrap()),
            r#"<w:styles><w:style w:styleId="A"><w:pPr><w:jc/></w:pPr></w:style><w:style w:styleId="B"><w:pPr><x/><w:jc/></w:pPr></w:style></w:styles>"#
        );
        assert!(style_paragraph_properties(xml.as_bytes(), "C", "<x/>").is_err());
    }

    #[test]
    fn watermark_replaces_only_the_placeholder_run() {
        let xml = format!(
            r#"<w:hdr><w:p><w:r><w:t>草稿：尚有 1 处错误</w:t></w:r></w:p><w:p><w:r><w:rPr/><w:t xml:space="preserve">{WATERMARK_PLACEHOLDER}</w:t></w:r></w:p></w:hdr>"#
        );
        let out = s(watermark(xml.as_bytes(), 2).unwrap());
        assert!(out.contains("<w:r><w:t>草稿：尚有 1 处错误</w:t></w:r>"));
        assert!(out.contains("PowerPlusWaterMarkObject2") && out.contains(r#"string="草稿""#));
        assert!(!out.contains(WATERMARK_PLACEHOLDER));
    }

    #[test]
    fn prune_drops_orphans_and_their_overrides() {
        let types = r#"<Types><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="main"/><Override PartName="/word/comments.xml" ContentType="c"/></Types>"#;
        let root = r#"<Relationships><Relationship Id="rId1" Type="t" Target="word/document.xml"/></Relationships>"#;
        let doc = r#"<Relationships><Relationship Id="rId1" Type="t" Target="styles.xml"/><Relationship Id="rId2" Type="h" Target="https://example.gov.cn" TargetMode="External"/></Relationships>"#;
        let parts = vec![
            ("[Content_Types].xml".to_string(), types.as_bytes().to_vec()),
            ("_rels/.rels".to_string(), root.as_bytes().to_vec()),
            (
                "word/_rels/document.xml.rels".to_string(),
                doc.as_bytes().to_vec(),
            ),
            ("word/document.xml".to_string(), b"<d/>".to_vec()),
            ("word/styles.xml".to_string(), b"<s/>".to_vec()),
            ("word/comments.xml".to_string(), b"<c/>".to_vec()),
        ];
        assert_eq!(
            targets("word/_rels/document.xml.rels", doc.as_bytes()).unwrap(),
            vec!["word/styles.xml"]
        );
        let kept = prune(parts).unwrap();
        let names: Vec<&str> = kept.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "[Content_Types].xml",
                "_rels/.rels",
                "word/_rels/document.xml.rels",
                "word/document.xml",
                "word/styles.xml"
            ]
        );
        let types = String::from_utf8(kept[0].1.clone()).unwrap();
        assert!(types.contains("/word/document.xml") && !types.contains("comments"));
    }

    #[test]
    fn core_properties_escape_and_fall_back_to_the_year() {
        let loaded =
            crate::load::load_file(std::path::Path::new("examples/2025-township.toml")).unwrap();
        let mut v = View::new(&loaded.report, None);
        v.title = "A&B<报告>".into();
        v.signoff.iso_date = None;
        let core = core(&v);
        assert!(core.contains("<dc:title>A&amp;B&lt;报告&gt;</dc:title>"));
        assert!(core.contains(">2026-01-01T00:00:00Z</dcterms:created>"));
    }
}
