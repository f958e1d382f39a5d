//! The DOCX package around `word/document.xml`: content types, relationships, document
//! properties, the named styles (spec §8.2), settings, the font table with substitutes, the
//! theme, the odd/even page-number footers and the draft headers with their VML 「草稿」
//! watermark — each written as the ECMA-376 transitional schema orders it.

use std::fmt::Write;

use super::{
    BODY_CHAR_SPACING, CHAR_3HAO, CHAR_4HAO, FANGSONG, HEITI, KAITI, LATIN, LINE_PITCH, NAMESPACES,
    SIZE_2HAO, SIZE_3HAO, SIZE_4HAO, SIZE_5HAO, SIZE_XIAO5, SONGTI, XIAOBIAOSONG, Xml, style,
};
use crate::view::View;

/// The package parts in writing order: the main document, with its headers (a draft's) and
/// footers.
pub fn package(
    document: String,
    headers: Vec<String>,
    footers: Vec<String>,
    view: &View,
) -> Vec<(String, Vec<u8>)> {
    let mut parts: Vec<(String, Vec<u8>)> = vec![
        (
            "[Content_Types].xml".into(),
            content_types(headers.len(), footers.len()).into(),
        ),
        ("_rels/.rels".into(), ROOT_RELS.into()),
        ("docProps/app.xml".into(), APP.into()),
        ("docProps/core.xml".into(), core(view).into()),
        ("docProps/custom.xml".into(), CUSTOM.into()),
        (
            "word/_rels/document.xml.rels".into(),
            document_rels(headers.len(), footers.len()).into(),
        ),
        ("word/document.xml".into(), document.into()),
        ("word/styles.xml".into(), styles().into()),
        ("word/settings.xml".into(), SETTINGS.into()),
        ("word/fontTable.xml".into(), font_table().into()),
        ("word/commentsExtended.xml".into(), COMMENTS_EXTENDED.into()),
    ];
    for (kind, list) in [("header", headers), ("footer", footers)] {
        for (i, xml) in list.into_iter().enumerate() {
            parts.push((format!("word/{kind}{}.xml", i + 1), xml.into()));
            parts.push((
                format!("word/_rels/{kind}{}.xml.rels", i + 1),
                EMPTY_RELS.into(),
            ));
        }
    }
    parts.push(("word/theme/theme1.xml".into(), THEME.into()));
    parts.push(("customXml/item1.xml".into(), data_part(&view.data).into()));
    parts.push(("customXml/itemProps1.xml".into(), DATA_PROPS.into()));
    parts.push((
        "customXml/_rels/item1.xml.rels".into(),
        format!(
            r#"{STANDALONE}<Relationships xmlns="{RELS_NS}"><Relationship Id="rId1" Type="{OFFICE_RELS}/customXmlProps" Target="itemProps1.xml"/></Relationships>"#
        )
        .into(),
    ));
    parts
}

/// The data part's properties: a fixed item ID, so equal reports give equal bytes.
const DATA_PROPS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="no"?><ds:datastoreItem ds:itemID="{6A5C1F3E-0B2D-4C8A-9E11-25A0C0DE0025}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs/></ds:datastoreItem>"#;

/// The custom XML part holding the report's data (`<gxgk-data>` around the JSON).
pub fn data_part(json: &str) -> String {
    format!(
        r#"{STANDALONE}<gxgk-data xmlns="urn:gxgk:data">{}</gxgk-data>"#,
        crate::view::data::script_safe(json)
    )
}

const DECLARATION: &str = r#"<?xml version="1.0" encoding="UTF-8"?>"#;
const STANDALONE: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;
const RELS_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const OFFICE_RELS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

fn content_types(headers: usize, footers: usize) -> String {
    const OOXML: &str = "application/vnd.openxmlformats-officedocument";
    let mut out = format!(
        r#"{DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
    );
    for (ext, ty) in [
        ("png", "image/png"),
        ("jpeg", "image/jpeg"),
        ("jpg", "image/jpg"),
        ("bmp", "image/bmp"),
        ("gif", "image/gif"),
        (
            "rels",
            "application/vnd.openxmlformats-package.relationships+xml",
        ),
        ("xml", "application/xml"),
    ] {
        let _ = write!(out, r#"<Default ContentType="{ty}" Extension="{ext}" />"#);
    }
    let mut overrides: Vec<(String, String)> = vec![
        (
            "/customXml/itemProps1.xml".into(),
            format!("{OOXML}.customXmlProperties+xml"),
        ),
        (
            "/_rels/.rels".into(),
            "application/vnd.openxmlformats-package.relationships+xml".into(),
        ),
        (
            "/docProps/app.xml".into(),
            format!("{OOXML}.extended-properties+xml"),
        ),
        (
            "/docProps/core.xml".into(),
            "application/vnd.openxmlformats-package.core-properties+xml".into(),
        ),
        (
            "/docProps/custom.xml".into(),
            format!("{OOXML}.custom-properties+xml"),
        ),
        (
            "/word/_rels/document.xml.rels".into(),
            "application/vnd.openxmlformats-package.relationships+xml".into(),
        ),
        (
            "/word/commentsExtended.xml".into(),
            format!("{OOXML}.wordprocessingml.commentsExtended+xml"),
        ),
        (
            "/word/document.xml".into(),
            format!("{OOXML}.wordprocessingml.document.main+xml"),
        ),
        (
            "/word/fontTable.xml".into(),
            format!("{OOXML}.wordprocessingml.fontTable+xml"),
        ),
    ];
    for k in 1..=footers {
        overrides.push((
            format!("/word/footer{k}.xml"),
            format!("{OOXML}.wordprocessingml.footer+xml"),
        ));
    }
    for k in 1..=headers {
        overrides.push((
            format!("/word/header{k}.xml"),
            format!("{OOXML}.wordprocessingml.header+xml"),
        ));
    }
    overrides.push((
        "/word/settings.xml".into(),
        format!("{OOXML}.wordprocessingml.settings+xml"),
    ));
    overrides.push((
        "/word/styles.xml".into(),
        format!("{OOXML}.wordprocessingml.styles+xml"),
    ));
    for (part, ty) in overrides {
        let _ = write!(out, r#"<Override PartName="{part}" ContentType="{ty}" />"#);
    }
    out.push_str(r#"<Override PartName="/word/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/></Types>"#);
    out
}

const ROOT_RELS: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml" />"#,
    r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml" />"#,
    r#"<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml" />"#,
    r#"<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml" />"#,
    r#"</Relationships>"#
);

const EMPTY_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships" />"#;

fn document_rels(headers: usize, footers: usize) -> String {
    let mut out = format!(r#"{DECLARATION}<Relationships xmlns="{RELS_NS}">"#);
    let mut rel = |id: &str, ty: &str, target: &str| {
        let _ = write!(
            out,
            r#"<Relationship Id="{id}" Type="{ty}" Target="{target}" />"#
        );
    };
    rel("rId1", &format!("{OFFICE_RELS}/styles"), "styles.xml");
    rel("rId2", &format!("{OFFICE_RELS}/fontTable"), "fontTable.xml");
    rel("rId3", &format!("{OFFICE_RELS}/settings"), "settings.xml");
    // The report's data (view::data), a custom XML part Word and WPS keep on save.
    rel(
        "rIdGxgkData",
        &format!("{OFFICE_RELS}/customXml"),
        "../customXml/item1.xml",
    );
    rel(
        "rId5",
        "http://schemas.microsoft.com/office/2011/relationships/commentsExtended",
        "commentsExtended.xml",
    );
    for k in 1..=headers {
        rel(
            &format!("rIdHeader{k}"),
            &format!("{OFFICE_RELS}/header"),
            &format!("header{k}.xml"),
        );
    }
    for k in 1..=footers {
        rel(
            &format!("rIdFooter{k}"),
            &format!("{OFFICE_RELS}/footer"),
            &format!("footer{k}.xml"),
        );
    }
    out.push_str(r#"<Relationship Id="rIdGxgkTheme1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" Target="theme/theme1.xml"/></Relationships>"#);
    out
}

const APP: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes" />"#;

const CUSTOM: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes" />"#;

/// Word 2013+ reads comment states from here; the package declares it (empty) as Word does.
const COMMENTS_EXTENDED: &str = concat!(
    r#"<w15:commentsEx"#,
    r#" xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas""#,
    r#" xmlns:cx="http://schemas.microsoft.com/office/drawing/2014/chartex""#,
    r#" xmlns:cx1="http://schemas.microsoft.com/office/drawing/2015/9/8/chartex""#,
    r#" xmlns:cx2="http://schemas.microsoft.com/office/drawing/2015/10/21/chartex""#,
    r#" xmlns:cx3="http://schemas.microsoft.com/office/drawing/2016/5/9/chartex""#,
    r#" xmlns:cx4="http://schemas.microsoft.com/office/drawing/2016/5/10/chartex""#,
    r#" xmlns:cx5="http://schemas.microsoft.com/office/drawing/2016/5/11/chartex""#,
    r#" xmlns:cx6="http://schemas.microsoft.com/office/drawing/2016/5/12/chartex""#,
    r#" xmlns:cx7="http://schemas.microsoft.com/office/drawing/2016/5/13/chartex""#,
    r#" xmlns:cx8="http://schemas.microsoft.com/office/drawing/2016/5/14/chartex""#,
    r#" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#,
    r#" xmlns:aink="http://schemas.microsoft.com/office/drawing/2016/ink""#,
    r#" xmlns:am3d="http://schemas.microsoft.com/office/drawing/2017/model3d""#,
    r#" xmlns:o="urn:schemas-microsoft-com:office:office""#,
    r#" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#,
    r#" xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math""#,
    r#" xmlns:v="urn:schemas-microsoft-com:vml""#,
    r#" xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing""#,
    r#" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing""#,
    r#" xmlns:w10="urn:schemas-microsoft-com:office:word""#,
    r#" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#,
    r#" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml""#,
    r#" xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml""#,
    r#" xmlns:w16cex="http://schemas.microsoft.com/office/word/2018/wordml/cex""#,
    r#" xmlns:w16cid="http://schemas.microsoft.com/office/word/2016/wordml/cid""#,
    r#" xmlns:w16="http://schemas.microsoft.com/office/word/2018/wordml""#,
    r#" xmlns:w16se="http://schemas.microsoft.com/office/word/2015/wordml/symex""#,
    r#" xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup""#,
    r#" xmlns:wpi="http://schemas.microsoft.com/office/word/2010/wordprocessingInk""#,
    r#" xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml""#,
    r#" xmlns:wps="http://schemas.microsoft.com/office/word/2010" />"#,
);

/// Even pages get their own footer (and a draft's header), so `— n —` alternates sides.
const SETTINGS: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml">"#,
    r#"<w:zoom w:percent="100" /><w:defaultTabStop w:val="840" /><w:evenAndOddHeaders />"#,
    r#"<w:compat><w:spaceForUL /><w:balanceSingleByteDoubleByteWidth /><w:doNotLeaveBackslashAlone /><w:ulTrailSpace /><w:doNotExpandShiftReturn /><w:useFELayout />"#,
    r#"<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15" />"#,
    r#"<w:compatSetting w:name="overrideTableStyleFontSizeAndJustification" w:uri="http://schemas.microsoft.com/office/word" w:val="1" />"#,
    r#"<w:compatSetting w:name="enableOpenTypeFeatures" w:uri="http://schemas.microsoft.com/office/word" w:val="1" />"#,
    r#"<w:compatSetting w:name="doNotFlipMirrorIndents" w:uri="http://schemas.microsoft.com/office/word" w:val="1" />"#,
    r#"<w:compatSetting w:name="differentiateMultirowTableHeaders" w:uri="http://schemas.microsoft.com/office/word" w:val="1" />"#,
    r#"<w:compatSetting w:name="useWord2013TrackBottomHyphenation" w:uri="http://schemas.microsoft.com/office/word" w:val="0" />"#,
    r#"</w:compat></w:settings>"#
);

/// The East-Asian language of the document (and the Latin one Chinese Word pairs with it).
const LANG: &str = r#"<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>"#;

/// No automatic extra space between Chinese and Latin text or digits: the sign-off's
/// indents are computed from the widths of `2026年1月20日` as written.
const NO_AUTO_SPACE: &str = r#"<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>"#;

/// No punctuation hanging past the right edge of the 版心 (Word and LibreOffice let a
/// line-final `，` or `；` hang into the margin by default, where it may be cut off): a line
/// that would end so breaks one character earlier, as in the native PDF. The body style
/// carries it; headings and the sign-off are based on it.
const NO_HANGING_PUNCTUATION: &str = r#"<w:overflowPunct w:val="0"/>"#;

/// `w:rFonts` pairing an East-Asian face with a Latin one.
fn fonts(east_asia: &str, latin: &str) -> String {
    format!(
        r#"<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:cs="{latin}" w:eastAsia="{east_asia}" />"#
    )
}

/// `w:sz` and `w:szCs` in half-points.
pub fn size(half_points: usize) -> String {
    format!(r#"<w:sz w:val="{half_points}" /><w:szCs w:val="{half_points}" />"#)
}

/// `w:spacing` of exact lines, nothing before, `after` twips after.
fn exact(line: i32, after: i32) -> String {
    format!(r#"<w:spacing w:before="0" w:after="{after}" w:line="{line}" w:lineRule="exact" />"#)
}

const NO_SNAP: &str = r#"<w:snapToGrid w:val="false" />"#;
const NO_INDENTS: &str = r#"<w:ind w:left="0" w:right="0" />"#;
const KEEP_NEXT: &str = "<w:keepNext />";

/// One paragraph style: its (ASCII id, name), the style it is based on, the next
/// paragraph's style, and its `w:pPr` and `w:rPr` children in schema order.
fn paragraph_style(
    out: &mut String,
    (id, name): (&str, &str),
    based_on: Option<&str>,
    next: Option<&str>,
    ppr: &str,
    rpr: &str,
) {
    let _ = write!(
        out,
        r#"<w:style w:type="paragraph" w:styleId="{id}"><w:name w:val="{name}" />"#
    );
    if let Some(b) = based_on {
        let _ = write!(out, r#"<w:basedOn w:val="{b}" />"#);
    }
    if let Some(n) = next {
        let _ = write!(out, r#"<w:next w:val="{n}" />"#);
    }
    let _ = write!(out, "<w:qFormat /><w:pPr>{ppr}</w:pPr>");
    if rpr.is_empty() {
        out.push_str("<w:rPr />");
    } else {
        let _ = write!(out, "<w:rPr>{rpr}</w:rPr>");
    }
    out.push_str("</w:style>");
}

/// `word/styles.xml`: the document defaults (仿宋_GB2312 三号, Chinese) and the named
/// paragraph styles a clerk sees in Word / WPS (spec §8.2).
fn styles() -> String {
    let body = style::BODY.0;
    let mut out = String::with_capacity(5000);
    out.push_str(concat!(
        r#"<w:styles xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" mc:Ignorable="w14 w15">"#,
        "<w:docDefaults><w:rPrDefault><w:rPr>"
    ));
    let _ = write!(
        out,
        "{}{}{LANG}</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr></w:pPr></w:pPrDefault></w:docDefaults>",
        fonts(FANGSONG, LATIN),
        size(SIZE_3HAO)
    );
    out.push_str(r#"<w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal" /><w:qFormat /><w:pPr></w:pPr><w:rPr /></w:style>"#);
    paragraph_style(
        &mut out,
        style::BODY,
        None,
        Some(body),
        &format!(
            r#"{NO_HANGING_PUNCTUATION}{}<w:ind w:left="0" w:right="0" w:firstLine="{}" /><w:jc w:val="both" />"#,
            exact(LINE_PITCH, 0),
            2 * CHAR_3HAO
        ),
        &format!(
            r#"{}<w:spacing w:val="{BODY_CHAR_SPACING}" />{}"#,
            fonts(FANGSONG, LATIN),
            size(SIZE_3HAO)
        ),
    );
    // One blank grid line between the title and the body.
    paragraph_style(
        &mut out,
        style::TITLE,
        None,
        Some(body),
        &format!(
            r#"{KEEP_NEXT}{NO_SNAP}{}{NO_INDENTS}<w:jc w:val="center" /><w:outlineLvl w:val="0" />"#,
            exact(LINE_PITCH, LINE_PITCH)
        ),
        &format!("{}{}", fonts(XIAOBIAOSONG, LATIN), size(SIZE_2HAO)),
    );
    // Outline levels as the PDF's tags: the title 1 (H1), 一、 2 (H2), （一） 3 (H3); Word's
    // navigation pane and its PDF export (bookmarks, tags) follow them.
    for (id, face, level) in [(style::HEADING1, HEITI, 1), (style::HEADING2, KAITI, 2)] {
        paragraph_style(
            &mut out,
            id,
            Some(body),
            Some(body),
            &format!(r#"{KEEP_NEXT}<w:outlineLvl w:val="{level}" />"#),
            &fonts(face, LATIN),
        );
    }
    paragraph_style(
        &mut out,
        style::SIGNOFF,
        Some(body),
        None,
        &format!(
            r#"{NO_AUTO_SPACE}<w:ind w:left="0" w:right="{}" /><w:jc w:val="right" />"#,
            2 * CHAR_3HAO
        ),
        "",
    );
    paragraph_style(
        &mut out,
        style::TABLE,
        None,
        None,
        &format!(
            r#"{NO_SNAP}<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto" />{NO_INDENTS}<w:jc w:val="center" />"#
        ),
        &format!("{}{}", fonts(FANGSONG, LATIN), size(SIZE_5HAO)),
    );
    paragraph_style(
        &mut out,
        style::PAGE_NUMBER,
        None,
        None,
        &format!("{NO_SNAP}{}{NO_INDENTS}", exact(CHAR_4HAO, 0)),
        &format!("{}{}", fonts(SONGTI, SONGTI), size(SIZE_4HAO)),
    );
    paragraph_style(
        &mut out,
        style::DRAFT,
        None,
        None,
        &format!(r#"{NO_SNAP}{NO_INDENTS}<w:jc w:val="center" />"#),
        &format!(
            r#"{}<w:color w:val="C00000" />{}"#,
            fonts(HEITI, LATIN),
            size(SIZE_XIAO5 + 6)
        ),
    );
    out.push_str("</w:styles>");
    out
}

/// Font-table entries: each face with the substitute Word and WPS use when it is missing
/// (Windows 10 ships 仿宋/楷体 but not the _GB2312 faces).
const FONTS: [(&str, &str, &str, &str); 5] = [
    (FANGSONG, "仿宋", "modern", "fixed"),
    (XIAOBIAOSONG, "宋体", "script", "variable"),
    (HEITI, "SimHei", "modern", "fixed"),
    (KAITI, "楷体", "modern", "fixed"),
    (SONGTI, "SimSun", "auto", "variable"),
];

/// `word/fontTable.xml`: Word's Latin defaults, then the Chinese faces with substitutes.
fn font_table() -> String {
    let mut out = format!(
        r#"{STANDALONE}<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="{OFFICE_RELS}">"#
    );
    for (name, charset, family) in [
        (LATIN, "00", "roman"),
        ("Symbol", "02", "roman"),
        ("Arial", "00", "swiss"),
    ] {
        let _ = write!(
            out,
            r#"<w:font w:name="{name}"><w:charset w:val="{charset}" /><w:family w:val="{family}" /><w:pitch w:val="variable" /></w:font>"#
        );
    }
    for (name, alt, family, pitch) in FONTS {
        let _ = write!(
            out,
            r#"<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/><w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>"#
        );
    }
    out.push_str("</w:fonts>");
    out
}

/// The theme part Word expects of every document (the validator requires its relationship):
/// black text, the document's fonts as major (黑体) and minor (仿宋_GB2312) East-Asian faces.
const THEME: &str = include_str!("theme1.xml");

/// A page-number footer `— n —` (spec §8.3): aligned `jc`, indented `left`/`right` twips.
pub fn footer(xml: &mut Xml, jc: &str, left: i32, right: i32) -> String {
    let mut out = format!("{STANDALONE}<w:ftr {NAMESPACES}>");
    xml.paragraph(
        &mut out,
        style::PAGE_NUMBER.0,
        &format!(r#"<w:ind w:left="{left}" w:right="{right}" /><w:jc w:val="{jc}" />"#),
    );
    out.push_str(concat!(
        r#"<w:r><w:rPr /><w:t xml:space="preserve">— </w:t></w:r>"#,
        r#"<w:r><w:rPr /><w:fldChar w:fldCharType="begin" w:dirty="false" /><w:instrText>PAGE</w:instrText><w:fldChar w:fldCharType="separate" w:dirty="false" /><w:t xml:space="preserve">1</w:t><w:fldChar w:fldCharType="end" w:dirty="false" /></w:r>"#,
        r#"<w:r><w:rPr /><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>"#
    ));
    out
}

/// The n-th draft header: the notice line, then the watermark.
pub fn draft_header(xml: &mut Xml, notice: &str, n: usize) -> String {
    let mut out = format!("{STANDALONE}<w:hdr {NAMESPACES}>");
    xml.styled(&mut out, style::DRAFT.0, "", notice);
    xml.paragraph(&mut out, style::DRAFT.0, "");
    out.push_str(&watermark_run(n));
    out.push_str("</w:p></w:hdr>");
    out
}

/// The VML text watermark Word itself writes for 「设计 → 水印」, anchored in the header and
/// centred on the 版心, light grey, rotated 45°.
fn watermark_run(n: usize) -> String {
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

/// `docProps/core.xml`: title, author and language from the view; created/modified dates
/// from the 成文日期 (so the package is byte-stable), or 1 January after the report year.
fn core(view: &View) -> String {
    let date = view.signoff.iso_date.clone().unwrap_or_else(|| {
        if (1900..9999).contains(&view.year) {
            format!("{}-01-01", view.year + 1)
        } else {
            "1970-01-01".to_string()
        }
    });
    let mut title = String::new();
    super::escape(&mut title, &view.title);
    let mut agency = String::new();
    super::escape(&mut agency, &view.agency);
    format!(
        concat!(
            "{declaration}\n",
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            "<dc:title>{title}</dc:title><dc:creator>{agency}</dc:creator>",
            "<cp:lastModifiedBy>{agency}</cp:lastModifiedBy><cp:revision>1</cp:revision>",
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">{date}T00:00:00Z</dcterms:created>"#,
            r#"<dcterms:modified xsi:type="dcterms:W3CDTF">{date}T00:00:00Z</dcterms:modified>"#,
            "<dc:language>zh-CN</dc:language></cp:coreProperties>"
        ),
        declaration = STANDALONE,
        title = title,
        agency = agency,
        date = date,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn every_part_is_well_formed_and_every_relationship_resolves() {
        let loaded =
            crate::load::load_file(std::path::Path::new("examples/2020-street.toml")).unwrap();
        let v = View::new(&loaded.report, Some(1));
        let mut xml = Xml::default();
        let footers = vec![footer(&mut xml, "right", 0, 280)];
        let headers = vec![draft_header(&mut xml, "草稿 & <1>", 1)];
        let parts = package("<w:document/>".into(), headers, footers, &v);
        let names: Vec<&str> = parts.iter().map(|(n, _)| n.as_str()).collect();
        for (name, bytes) in &parts {
            let text = std::str::from_utf8(bytes).unwrap();
            let mut reader = quick_xml::Reader::from_str(text);
            loop {
                match reader.read_event() {
                    Ok(quick_xml::events::Event::Eof) => break,
                    Ok(quick_xml::events::Event::Empty(e) | quick_xml::events::Event::Start(e))
                        if e.local_name().as_ref() == b"Relationship" =>
                    {
                        let target = e.try_get_attribute("Target").unwrap().unwrap();
                        let target = String::from_utf8(target.value.to_vec()).unwrap();
                        let base = name.rsplit_once("_rels/").map_or("", |(d, _)| d);
                        // `../customXml/item1.xml` from word/: resolve the `..` segments.
                        let mut path: Vec<&str> = Vec::new();
                        let joined = format!("{base}{target}");
                        for seg in joined.split('/') {
                            match seg {
                                ".." => {
                                    path.pop();
                                }
                                s => path.push(s),
                            }
                        }
                        assert!(names.contains(&path.join("/").as_str()), "{name}: {target}");
                    }
                    Ok(_) => {}
                    Err(e) => panic!("{name}: {e}"),
                }
            }
        }
    }
}
