//! Schema order: docx-rs 0.4 writes some property elements out of the order ECMA-376 requires
//! (and a few children the schema does not allow where they stand); every XML part is parsed,
//! its children of known parents sorted into the transitional schema's order, and written back.

use quick_xml::Reader;
use quick_xml::Writer;
use quick_xml::events::{BytesStart, Event};

/// Child order of the property elements docx-rs writes out of order (ECMA-376 Part 1,
/// transitional schema). Word rejects some out-of-order children with a repair prompt, so
/// every part is put into this order before packing.
pub const ORDER: &[(&str, &[&str])] = &[
    (
        "w:pPr",
        &[
            "w:pStyle",
            "w:keepNext",
            "w:keepLines",
            "w:pageBreakBefore",
            "w:framePr",
            "w:widowControl",
            "w:numPr",
            "w:suppressLineNumbers",
            "w:pBdr",
            "w:shd",
            "w:tabs",
            "w:suppressAutoHyphens",
            "w:kinsoku",
            "w:wordWrap",
            "w:overflowPunct",
            "w:topLinePunct",
            "w:autoSpaceDE",
            "w:autoSpaceDN",
            "w:bidi",
            "w:adjustRightInd",
            "w:snapToGrid",
            "w:spacing",
            "w:ind",
            "w:contextualSpacing",
            "w:mirrorIndents",
            "w:suppressOverlap",
            "w:jc",
            "w:textDirection",
            "w:textAlignment",
            "w:textboxTightWrap",
            "w:outlineLvl",
            "w:divId",
            "w:cnfStyle",
            "w:rPr",
            "w:sectPr",
            "w:pPrChange",
        ],
    ),
    (
        "w:rPr",
        &[
            "w:ins",
            "w:del",
            "w:moveFrom",
            "w:moveTo",
            "w:rStyle",
            "w:rFonts",
            "w:b",
            "w:bCs",
            "w:i",
            "w:iCs",
            "w:caps",
            "w:smallCaps",
            "w:strike",
            "w:dstrike",
            "w:outline",
            "w:shadow",
            "w:emboss",
            "w:imprint",
            "w:noProof",
            "w:snapToGrid",
            "w:vanish",
            "w:webHidden",
            "w:color",
            "w:spacing",
            "w:w",
            "w:kern",
            "w:position",
            "w:sz",
            "w:szCs",
            "w:highlight",
            "w:u",
            "w:effect",
            "w:bdr",
            "w:shd",
            "w:fitText",
            "w:vertAlign",
            "w:rtl",
            "w:cs",
            "w:em",
            "w:lang",
            "w:eastAsianLayout",
            "w:specVanish",
            "w:oMath",
            "w:rPrChange",
        ],
    ),
    (
        "w:style",
        &[
            "w:name",
            "w:aliases",
            "w:basedOn",
            "w:next",
            "w:link",
            "w:autoRedefine",
            "w:hidden",
            "w:uiPriority",
            "w:semiHidden",
            "w:unhideWhenUsed",
            "w:qFormat",
            "w:locked",
            "w:personal",
            "w:personalCompose",
            "w:personalReply",
            "w:rsid",
            "w:pPr",
            "w:rPr",
            "w:tblPr",
            "w:trPr",
            "w:tcPr",
            "w:tblStylePr",
        ],
    ),
    (
        "w:sectPr",
        &[
            "w:headerReference",
            "w:footerReference",
            "w:footnotePr",
            "w:endnotePr",
            "w:type",
            "w:pgSz",
            "w:pgMar",
            "w:paperSrc",
            "w:pgBorders",
            "w:lnNumType",
            "w:pgNumType",
            "w:cols",
            "w:formProt",
            "w:vAlign",
            "w:noEndnote",
            "w:titlePg",
            "w:textDirection",
            "w:bidi",
            "w:rtlGutter",
            "w:docGrid",
            "w:printerSettings",
            "w:sectPrChange",
        ],
    ),
    (
        "w:tblPr",
        &[
            "w:tblStyle",
            "w:tblpPr",
            "w:tblOverlap",
            "w:bidiVisual",
            "w:tblStyleRowBandSize",
            "w:tblStyleColBandSize",
            "w:tblW",
            "w:jc",
            "w:tblCellSpacing",
            "w:tblInd",
            "w:tblBorders",
            "w:shd",
            "w:tblLayout",
            "w:tblCellMar",
            "w:tblLook",
            "w:tblCaption",
            "w:tblDescription",
            "w:tblPrChange",
        ],
    ),
    (
        "w:tcPr",
        &[
            "w:cnfStyle",
            "w:tcW",
            "w:gridSpan",
            "w:hMerge",
            "w:vMerge",
            "w:tcBorders",
            "w:shd",
            "w:noWrap",
            "w:tcMar",
            "w:textDirection",
            "w:tcFitText",
            "w:vAlign",
            "w:hideMark",
            "w:headers",
            "w:cellIns",
            "w:cellDel",
            "w:cellMerge",
            "w:tcPrChange",
        ],
    ),
    (
        "w:settings",
        &[
            "w:writeProtection",
            "w:view",
            "w:zoom",
            "w:removePersonalInformation",
            "w:removeDateAndTime",
            "w:doNotDisplayPageBoundaries",
            "w:displayBackgroundShape",
            "w:printPostScriptOverText",
            "w:printFractionalCharacterWidth",
            "w:printFormsData",
            "w:embedTrueTypeFonts",
            "w:embedSystemFonts",
            "w:saveSubsetFonts",
            "w:saveFormsData",
            "w:mirrorMargins",
            "w:alignBordersAndEdges",
            "w:bordersDoNotSurroundHeader",
            "w:bordersDoNotSurroundFooter",
            "w:gutterAtTop",
            "w:hideSpellingErrors",
            "w:hideGrammaticalErrors",
            "w:activeWritingStyle",
            "w:proofState",
            "w:formsDesign",
            "w:attachedTemplate",
            "w:linkStyles",
            "w:stylePaneFormatFilter",
            "w:stylePaneSortMethod",
            "w:documentType",
            "w:mailMerge",
            "w:revisionView",
            "w:trackRevisions",
            "w:doNotTrackMoves",
            "w:doNotTrackFormatting",
            "w:documentProtection",
            "w:autoFormatOverride",
            "w:styleLockTheme",
            "w:styleLockQFSet",
            "w:defaultTabStop",
            "w:autoHyphenation",
            "w:consecutiveHyphenLimit",
            "w:hyphenationZone",
            "w:doNotHyphenateCaps",
            "w:showEnvelope",
            "w:summaryLength",
            "w:clickAndTypeStyle",
            "w:defaultTableStyle",
            "w:evenAndOddHeaders",
            "w:bookFoldRevPrinting",
            "w:bookFold",
            "w:bookFoldPrinting",
            "w:bookFoldPrintingSheets",
            "w:drawingGridHorizontalSpacing",
            "w:drawingGridVerticalSpacing",
            "w:displayHorizontalDrawingGridEvery",
            "w:displayVerticalDrawingGridEvery",
            "w:doNotUseMarginsForDrawingGridOrigin",
            "w:drawingGridHorizontalOrigin",
            "w:drawingGridVerticalOrigin",
            "w:doNotShadeFormData",
            "w:noPunctuationKerning",
            "w:characterSpacingControl",
            "w:printTwoOnOne",
            "w:strictFirstAndLastChars",
            "w:noLineBreaksAfter",
            "w:noLineBreaksBefore",
            "w:savePreviewPicture",
            "w:doNotValidateAgainstSchema",
            "w:saveInvalidXml",
            "w:ignoreMixedContent",
            "w:alwaysShowPlaceholderText",
            "w:doNotDemarcateInvalidXml",
            "w:saveXmlDataOnly",
            "w:useXSLTWhenSaving",
            "w:saveThroughXslt",
            "w:showXMLTags",
            "w:alwaysMergeEmptyNamespace",
            "w:updateFields",
            "w:hdrShapeDefaults",
            "w:footnotePr",
            "w:endnotePr",
            "w:compat",
            "w:docVars",
            "w:rsids",
            "m:mathPr",
            "w:attachedSchema",
            "w:themeFontLang",
            "w:clrSchemeMapping",
            "w:doNotIncludeSubdocsInStats",
            "w:doNotAutoCompressPictures",
            "w:forceUpgrade",
            "w:captions",
            "w:readModeInkLockDown",
            "w:smartTagType",
            "sl:schemaLibrary",
            "w:shapeDefaults",
            "w:doNotEmbedSmartTags",
            "w:decimalSymbol",
            "w:listSeparator",
        ],
    ),
];

/// The schema rank of `child` inside `parent`, when the parent's order is known.
pub fn rank(parent: &[u8], child: &[u8]) -> Option<usize> {
    let (_, order) = ORDER.iter().find(|(p, _)| p.as_bytes() == parent)?;
    Some(
        order
            .iter()
            .position(|c| c.as_bytes() == child)
            .unwrap_or(order.len()),
    )
}

/// A parsed element (or any other event) of an XML part.
enum Node {
    Element {
        start: BytesStart<'static>,
        children: Vec<Node>,
        empty: bool,
    },
    Other(Event<'static>),
}

impl Node {
    fn name(&self) -> &[u8] {
        match self {
            Node::Element { start, .. } => start.name().into_inner(),
            Node::Other(_) => b"",
        }
    }
}

/// The element `start` opened and everything in it up to its end tag, as a tree.
fn subtree(reader: &mut Reader<&[u8]>, start: BytesStart<'_>) -> Result<Node, String> {
    let mut stack: Vec<(BytesStart<'static>, Vec<Node>)> = vec![(start.into_owned(), Vec::new())];
    loop {
        let node = match reader.read_event().map_err(|e| e.to_string())? {
            Event::Eof => return Err("元素未闭合".to_string()),
            Event::Start(s) => {
                stack.push((s.into_owned(), Vec::new()));
                continue;
            }
            Event::End(_) => {
                let (start, children) = stack.pop().ok_or("多余的结束标签")?;
                Node::Element {
                    start,
                    children,
                    empty: false,
                }
            }
            Event::Empty(s) => Node::Element {
                start: s.into_owned(),
                children: Vec::new(),
                empty: true,
            },
            e => Node::Other(e.into_owned()),
        };
        match stack.last_mut() {
            Some((_, children)) => children.push(node),
            None => return Ok(node),
        }
    }
}

/// Whether the children of `name` are put in schema order.
fn ordered(name: &[u8]) -> bool {
    ORDER.iter().any(|(p, _)| p.as_bytes() == name)
}

/// `w:gridCol` without the `w:type` docx-rs gives it (CT_TblGridCol has only `w:w`).
fn grid_col(start: &mut BytesStart<'_>) {
    if start.name().as_ref() != b"w:gridCol" {
        return;
    }
    let kept: Vec<(Vec<u8>, Vec<u8>)> = start
        .attributes()
        .flatten()
        .filter(|a| a.key.as_ref() != b"w:type")
        .map(|a| (a.key.as_ref().to_vec(), a.value.to_vec()))
        .collect();
    start.clear_attributes();
    for (k, v) in &kept {
        start.push_attribute((k.as_slice(), v.as_slice()));
    }
}

fn sort(nodes: &mut [Node]) {
    for node in nodes {
        if let Node::Element {
            start, children, ..
        } = node
        {
            sort(children);
            let parent = start.name().into_inner().to_vec();
            if ORDER.iter().any(|(p, _)| p.as_bytes() == parent) {
                // Stable: children of equal rank (and unknown ones, ranked last) keep their
                // order.
                children.sort_by_key(|c| rank(&parent, c.name()).unwrap_or(usize::MAX));
            }
        }
    }
}

fn write(nodes: Vec<Node>, w: &mut Writer<Vec<u8>>) -> std::io::Result<()> {
    for node in nodes {
        match node {
            Node::Element {
                start, empty: true, ..
            } => w.write_event(Event::Empty(start))?,
            Node::Element {
                start, children, ..
            } => {
                let end = start.to_end().into_owned();
                w.write_event(Event::Start(start))?;
                write(children, w)?;
                w.write_event(Event::End(end))?;
            }
            Node::Other(e) => w.write_event(e)?,
        }
    }
    Ok(())
}

/// Drops what docx-rs writes but the schema does not allow: `w:type` on `w:gridCol`
/// (CT_TblGridCol has only `w:w`) and the `w:rPr` docx-rs puts inside the `w:pPr` of a style
/// or of the paragraph defaults (CT_PPrGeneral has no paragraph-mark run properties; the
/// style's own `w:rPr` next to its `w:pPr` is kept).
fn drop_invalid(nodes: &mut Vec<Node>, parent: &[u8], grandparent: &[u8]) {
    let general_ppr = parent == b"w:pPr" && matches!(grandparent, b"w:style" | b"w:pPrDefault");
    nodes.retain(|n| !(general_ppr && n.name() == b"w:rPr"));
    for node in nodes.iter_mut() {
        if let Node::Element {
            start, children, ..
        } = node
        {
            grid_col(start);
            let name = start.name().as_ref().to_vec();
            drop_invalid(children, &name, parent);
        }
    }
}

/// Puts the children of every property element listed in [`ORDER`] into schema order, and
/// drops what the schema does not allow ([`drop_invalid`]).
///
/// One pass: the part is copied event by event, and only the elements whose children are
/// ordered are read into a tree (with what is inside them), put in order and written.
pub fn schema_order(xml: &[u8]) -> Result<Vec<u8>, String> {
    std::str::from_utf8(xml).map_err(|e| e.to_string())?;
    let mut reader = Reader::from_reader(xml);
    let mut w = Writer::new(Vec::with_capacity(xml.len() + xml.len() / 16));
    // The names of the elements open around the copied events.
    let mut open: Vec<Vec<u8>> = Vec::new();
    let io = |e: std::io::Error| e.to_string();
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Eof => break,
            Event::Start(s) if ordered(s.name().as_ref()) => {
                let mut nodes = vec![subtree(&mut reader, s)?];
                let parent = open.last().map_or(&b""[..], Vec::as_slice);
                let grandparent = open
                    .len()
                    .checked_sub(2)
                    .map_or(&b""[..], |i| open[i].as_slice());
                drop_invalid(&mut nodes, parent, grandparent);
                sort(&mut nodes);
                write(nodes, &mut w).map_err(io)?;
            }
            Event::Start(mut s) => {
                open.push(s.name().as_ref().to_vec());
                grid_col(&mut s);
                w.write_event(Event::Start(s)).map_err(io)?;
            }
            Event::End(e) => {
                open.pop().ok_or("多余的结束标签")?;
                w.write_event(Event::End(e)).map_err(io)?;
            }
            // (An empty `w:rPr` to drop is always inside a `w:pPr`, which is ordered.)
            Event::Empty(mut s) => {
                grid_col(&mut s);
                w.write_event(Event::Empty(s)).map_err(io)?;
            }
            e => w.write_event(e).map_err(io)?,
        }
    }
    if open.is_empty() {
        Ok(w.into_inner())
    } else {
        Err("元素未闭合".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(b: Vec<u8>) -> String {
        String::from_utf8(b).unwrap()
    }

    #[test]
    fn schema_order_sorts_known_parents_and_keeps_the_rest() {
        let xml = r#"<w:p><w:pPr><w:rPr><w:sz w:val="1"/><w:rFonts/></w:rPr><w:jc/><w:pStyle w:val="a"/></w:pPr><w:r><w:t>b</w:t><w:rPr/></w:r></w:p>"#;
        assert_eq!(
            s(schema_order(xml.as_bytes()).unwrap()),
            r#"<w:p><w:pPr><w:pStyle w:val="a"/><w:jc/><w:rPr><w:rFonts/><w:sz w:val="1"/></w:rPr></w:pPr><w:r><w:t>b</w:t><w:rPr/></w:r></w:p>"#
        );
        assert!(schema_order(b"<w:p><w:pPr></w:p>").is_err());
        assert!(schema_order(b"<w:body><w:p>").is_err());
        assert!(schema_order(b"</w:p>").is_err());
        assert!(schema_order(b"<w:t>\xff</w:t>").is_err());
    }

    #[test]
    fn what_the_schema_forbids_goes_wherever_it_stands() {
        // `w:type` on `w:gridCol` (outside any ordered element), and the paragraph-mark `w:rPr`
        // inside a style's or the defaults' `w:pPr` (empty or not); a paragraph's own stays.
        let xml = concat!(
            r#"<w:tbl><w:tblGrid><w:gridCol w:type="dxa" w:w="10"/></w:tblGrid></w:tbl>"#,
            r#"<w:style><w:pPr><w:rPr><w:b/></w:rPr><w:jc/></w:pPr><w:rPr><w:b/></w:rPr></w:style>"#,
            r#"<w:pPrDefault><w:pPr><w:rPr/></w:pPr></w:pPrDefault>"#,
            r#"<w:p><w:pPr><w:rPr><w:b/></w:rPr><w:jc/></w:pPr></w:p>"#,
        );
        assert_eq!(
            s(schema_order(xml.as_bytes()).unwrap()),
            concat!(
                r#"<w:tbl><w:tblGrid><w:gridCol w:w="10"/></w:tblGrid></w:tbl>"#,
                r#"<w:style><w:pPr><w:jc/></w:pPr><w:rPr><w:b/></w:rPr></w:style>"#,
                r#"<w:pPrDefault><w:pPr></w:pPr></w:pPrDefault>"#,
                r#"<w:p><w:pPr><w:jc/><w:rPr><w:b/></w:rPr></w:pPr></w:p>"#,
            )
        );
        assert_eq!(rank(b"w:sectPr", b"w:footerReference"), Some(1));
        assert_eq!(rank(b"w:body", b"w:p"), None);
    }
}
