//! The tagged-PDF parts of the file (PDF/UA-1, ISO 14289-1 §7): the structure tree the layout
//! recorded ([`Document::elems`]) with its parent tree, link annotations over the addresses
//! in the text, the outline (bookmarks) of the title and the six sections, and the XMP
//! metadata. The small dictionaries go into an object stream ([`super::xref`]).

use pdf_writer::types::{
    ActionType, AnnotationFlags, AnnotationType, StructRole, TableHeaderScope,
};
use pdf_writer::{Finish, Name, Rect, Ref, Str, TextStr};

use super::backend::Meta;
use super::layout::{Document, Kind, Scope, Tag};
use super::xref::Packed;

/// The tag of an element's marked content and structure element (ISO 32000-1 §14.8.4).
pub(super) fn tag_name(tag: &Tag) -> &'static [u8] {
    match tag {
        Tag::H1 => b"H1",
        Tag::H2 => b"H2",
        Tag::H3 => b"H3",
        Tag::P => b"P",
        Tag::Table => b"Table",
        Tag::Caption => b"Caption",
        Tag::TR => b"TR",
        Tag::TH { .. } => b"TH",
        Tag::TD { .. } => b"TD",
        Tag::Link { .. } => b"Link",
    }
}

fn role(tag: &Tag) -> StructRole {
    match tag {
        Tag::H1 => StructRole::H1,
        Tag::H2 => StructRole::H2,
        Tag::H3 => StructRole::H3,
        Tag::P => StructRole::P,
        Tag::Table => StructRole::Table,
        Tag::Caption => StructRole::Caption,
        Tag::TR => StructRole::TR,
        Tag::TH { .. } => StructRole::TH,
        Tag::TD { .. } => StructRole::TD,
        Tag::Link { .. } => StructRole::Link,
    }
}

/// A link annotation: the page, its rectangle (PDF coordinates) and the Link element.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct LinkBox {
    pub(super) page: usize,
    pub(super) rect: Rect,
    pub(super) elem: usize,
}

/// One rectangle per line piece of every address: from the first run's left edge to where
/// the next run starts (or the line ends), the height of the text.
pub(super) fn links(doc: &Document) -> Vec<LinkBox> {
    let mut out = Vec::new();
    for (p, page) in doc.pages.iter().enumerate() {
        for line in &page.lines {
            let mut k = 0;
            while k < line.runs.len() {
                let Some(e) = line.runs[k].elem.filter(|e| {
                    Some(*e) != line.elem && matches!(doc.elems[*e].tag, Tag::Link { .. })
                }) else {
                    k += 1;
                    continue;
                };
                let mut end = k + 1;
                while end < line.runs.len() && line.runs[end].elem == Some(e) {
                    end += 1;
                }
                let run = &line.runs[k];
                let x2 = line.runs.get(end).map_or(line.x + line.width, |r| r.x);
                let (top, bottom) = (run.y - 0.88 * run.size, run.y + 0.12 * run.size);
                out.push(LinkBox {
                    page: p,
                    rect: Rect::new(run.x, doc.height - bottom, x2, doc.height - top),
                    elem: e,
                });
                k = end;
            }
        }
    }
    out
}

/// What [`write`] needs besides the document: the page objects, the elements each page's
/// MCIDs belong to, the link annotations with their objects, and the catalog's parts.
pub(super) struct Refs<'a> {
    pub(super) pages: &'a [Ref],
    pub(super) marks: &'a [Vec<usize>],
    pub(super) links: &'a [(LinkBox, Ref)],
    pub(super) root: Ref,
    pub(super) outline: Ref,
}

/// The structure tree root, the document element, every structure element, the link
/// annotations and the outline, as object-stream bodies. Children are listed in reading
/// order: an element is attached to its parent when its first content is drawn, after any
/// earlier sibling (empty cells keep their place in the row).
pub(super) fn write(doc: &Document, meta: &Meta, r: &Refs, next: &mut Ref, out: &mut Packed) {
    #[derive(Clone, Copy)]
    enum Kid {
        Elem(usize),
        Mark(usize, i32),
        Annot(usize),
    }
    let n = doc.elems.len();
    let document = next.bump();
    let refs: Vec<Ref> = (0..n).map(|_| next.bump()).collect();
    let mut kids: Vec<Vec<Kid>> = vec![Vec::new(); n];
    let mut top: Vec<usize> = Vec::new();
    let mut attached = vec![false; n];
    // Earlier siblings first, then the element itself, its parent before it.
    fn attach(
        e: usize,
        doc: &Document,
        attached: &mut [bool],
        kids: &mut [Vec<Kid>],
        top: &mut Vec<usize>,
    ) {
        if attached[e] {
            return;
        }
        let parent = doc.elems[e].parent;
        if let Some(p) = parent {
            attach(p, doc, attached, kids, top);
        }
        let earlier = attached.iter_mut().zip(&doc.elems).enumerate().take(e);
        for (s, (done, el)) in earlier {
            if !*done && el.parent == parent {
                *done = true;
                match parent {
                    Some(p) => kids[p].push(Kid::Elem(s)),
                    None => top.push(s),
                }
            }
        }
        attached[e] = true;
        match parent {
            Some(p) => kids[p].push(Kid::Elem(e)),
            None => top.push(e),
        }
    }
    let mut annots = r.links.iter().enumerate().peekable();
    for (p, marks) in r.marks.iter().enumerate() {
        for (mcid, &e) in marks.iter().enumerate() {
            attach(e, doc, &mut attached, &mut kids, &mut top);
            kids[e].push(Kid::Mark(p, mcid as i32));
            // A link's annotation follows its first piece's content on the page.
            while let Some((k, _)) = annots.next_if(|(_, (l, _))| l.page == p && l.elem == e) {
                kids[e].push(Kid::Annot(k));
            }
        }
    }
    for (k, _) in annots {
        let e = r.links[k].0.elem;
        attach(e, doc, &mut attached, &mut kids, &mut top);
        kids[e].push(Kid::Annot(k));
    }
    for e in 0..n {
        attach(e, doc, &mut attached, &mut kids, &mut top);
    }

    let pages = r.pages;
    out.add(r.root, |c| {
        let mut root = c
            .indirect(r.root)
            .start::<pdf_writer::writers::StructTreeRoot>();
        root.child(document);
        // Keys: a page's `/StructParents` (an array, the element of every MCID), then an
        // annotation's `/StructParent` (its Link element).
        let mut tree = root.insert(Name(b"ParentTree")).dict();
        let mut nums = tree.insert(Name(b"Nums")).array();
        for (p, marks) in r.marks.iter().enumerate() {
            nums.item(p as i32);
            nums.push().array().items(marks.iter().map(|&e| refs[e]));
        }
        for (k, (link, _)) in r.links.iter().enumerate() {
            nums.item((pages.len() + k) as i32);
            nums.item(refs[link.elem]);
        }
        nums.finish();
        tree.finish();
        root.parent_tree_next_key((pages.len() + r.links.len()) as i32);
    });
    out.add(document, |c| {
        let mut d = c.struct_element(document);
        d.kind(StructRole::Document).parent(r.root);
        d.title(TextStr(&meta.title));
        d.children().items(top.iter().map(|&e| refs[e]));
    });
    for e in 0..n {
        let elem = &doc.elems[e];
        out.add(refs[e], |c| {
            let mut s = c.struct_element(refs[e]);
            s.kind(role(&elem.tag))
                .parent(elem.parent.map_or(document, |p| refs[p]));
            // The page of the first marked content: plain MCIDs there, references elsewhere.
            let pg = kids[e].iter().find_map(|k| match k {
                Kid::Mark(p, _) => Some(*p),
                _ => None,
            });
            if let Some(p) = pg {
                s.page(pages[p]);
            }
            let single = matches!(kids[e][..], [Kid::Mark(p, _)] if Some(p) == pg);
            if let Tag::Link { uri, .. } = &elem.tag {
                s.alt(TextStr(uri));
            }
            // One marked-content sequence on the element's page: `/K` is its MCID (most
            // elements; readers and checkers that expect an array accept both).
            if let ([Kid::Mark(_, mcid)], true) = (&kids[e][..], single) {
                s.pair(Name(b"K"), *mcid);
            } else {
                let mut children = s.children();
                for k in &kids[e] {
                    match *k {
                        Kid::Elem(c) => {
                            children.struct_element(refs[c]);
                        }
                        Kid::Mark(p, mcid) if Some(p) == pg => {
                            children.marked_content_id(mcid);
                        }
                        Kid::Mark(p, mcid) => {
                            children
                                .marked_content_ref()
                                .page(pages[p])
                                .marked_content_id(mcid);
                        }
                        Kid::Annot(a) => {
                            let (link, annot) = &r.links[a];
                            children.object_ref().page(pages[link.page]).object(*annot);
                        }
                    }
                }
                children.finish();
            }
            let (scope, rows, cols) = match elem.tag {
                Tag::TH { scope, rows, cols } => (Some(scope), rows, cols),
                Tag::TD { rows, cols } => (None, rows, cols),
                _ => return,
            };
            if scope.is_none() && rows == 1 && cols == 1 {
                return;
            }
            let mut attrs = s.attributes();
            let mut table = attrs.push().table();
            if let Some(scope) = scope {
                table.scope(match scope {
                    Scope::Row => TableHeaderScope::Row,
                    Scope::Column => TableHeaderScope::Column,
                });
            }
            if rows > 1 {
                table.row_span(rows as i32);
            }
            if cols > 1 {
                table.col_span(cols as i32);
            }
        });
    }
    for (k, (link, annot)) in r.links.iter().enumerate() {
        let Tag::Link { uri, text } = &doc.elems[link.elem].tag else {
            continue;
        };
        out.add(*annot, |c| {
            let mut a = c.annotation(*annot);
            a.subtype(AnnotationType::Link)
                .rect(link.rect)
                .contents(TextStr(text))
                .border(0.0, 0.0, 0.0, None)
                .flags(AnnotationFlags::PRINT)
                .struct_parent((pages.len() + k) as i32);
            a.action()
                .action_type(ActionType::Uri)
                .uri(Str(uri.as_bytes()));
        });
    }
    outline(doc, pages, r.outline, next, out);
}

/// The outline: the title, then the six section headings, each opening its page at the
/// heading's top.
fn outline(doc: &Document, pages: &[Ref], root: Ref, next: &mut Ref, out: &mut Packed) {
    // (text, page, top in PDF coordinates) of the first line of every H1 and H2.
    let mut items: Vec<(String, usize, f32)> = Vec::new();
    let mut seen = vec![false; doc.elems.len()];
    for (p, page) in doc.pages.iter().enumerate() {
        for line in &page.lines {
            let Some(e) = line.elem else { continue };
            if !matches!(line.kind, Kind::Title | Kind::Heading1) {
                continue;
            }
            if std::mem::replace(&mut seen[e], true) {
                // The title's later lines join its entry.
                if let Some(last) = items.last_mut().filter(|_| line.kind == Kind::Title) {
                    last.0.push_str(&line.text());
                }
                continue;
            }
            let size = line.runs.first().map_or(0.0, |r| r.size);
            let top = doc.height - (line.baseline() - size);
            items.push((line.text(), p, top));
        }
    }
    let ids: Vec<Ref> = items.iter().map(|_| next.bump()).collect();
    out.add(root, |c| {
        let mut o = c.outline(root);
        if let (Some(first), Some(last)) = (ids.first(), ids.last()) {
            o.first(*first).last(*last);
        }
        o.count(ids.len() as i32);
    });
    for (i, (text, p, top)) in items.iter().enumerate() {
        out.add(ids[i], |c| {
            let mut item = c.outline_item(ids[i]);
            item.title(TextStr(text)).parent(root);
            if i > 0 {
                item.prev(ids[i - 1]);
            }
            if let Some(n) = ids.get(i + 1) {
                item.next(*n);
            }
            item.dest().page(pages[*p]).xyz(0.0, *top, None);
        });
    }
}

/// The XMP metadata packet (ISO 14289-1 §7.1, §5: `pdfuaid:part`), consistent with the
/// Info dictionary: the title, the agency as creator, the report's date, the language.
pub(super) fn xmp(meta: &Meta, producer: &str) -> Vec<u8> {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let (y, m, d) = meta.date;
    let date = format!("{y:04}-{m:02}-{d:02}T00:00:00Z");
    format!(
        concat!(
            "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n",
            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n",
            "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n",
            "<rdf:Description rdf:about=\"\"",
            " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"",
            " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"",
            " xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"",
            " xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n",
            "<dc:format>application/pdf</dc:format>\n",
            "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{title}</rdf:li></rdf:Alt></dc:title>\n",
            "<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>\n",
            "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{subject}</rdf:li></rdf:Alt></dc:description>\n",
            "<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>\n",
            "<xmp:CreateDate>{date}</xmp:CreateDate>\n",
            "<xmp:ModifyDate>{date}</xmp:ModifyDate>\n",
            "<xmp:MetadataDate>{date}</xmp:MetadataDate>\n",
            "<xmp:CreatorTool>gxgk</xmp:CreatorTool>\n",
            "<pdf:Producer>{producer}</pdf:Producer>\n",
            "<pdfuaid:part>1</pdfuaid:part>\n",
            "</rdf:Description>\n",
            "</rdf:RDF>\n",
            "</x:xmpmeta>\n",
            "<?xpacket end=\"r\"?>"
        ),
        title = esc(&meta.title),
        author = esc(&meta.author),
        subject = esc(super::backend::SUBJECT),
        lang = esc(&meta.lang),
        date = date,
        producer = esc(producer),
    )
    .into_bytes()
}
