//! The end of the file: small dictionaries packed into one compressed object stream and a
//! compressed cross-reference stream (PDF 1.5, ISO 32000-1 §7.5.7–7.5.8). The structure tree
//! is hundreds of dictionaries of a few dozen bytes; written one by one with an xref line each
//! they would make the file a third larger.

use pdf_writer::{Chunk, Filter, Finish, Name, Pdf, Ref, Str};

/// Where every object of `pdf` starts: pdf-writer keeps the offsets to itself, so they are
/// found again in its output, object after object in the order they were written (each
/// starts a line right after the previous object's `endobj`; a stream's binary data cannot
/// contain `endobj\n`, a newline and the next object's header by chance in practice).
fn offsets(bytes: &[u8], refs: impl Iterator<Item = Ref>) -> Vec<(Ref, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    for id in refs {
        let head = format!("{} 0 obj\n", id.get());
        let at = (from..bytes.len().saturating_sub(head.len()))
            .find(|&i| {
                bytes[i..].starts_with(head.as_bytes())
                    && (i == 0
                        || bytes[..i].ends_with(b"endobj\n")
                        || bytes[..i].ends_with(b"endobj\n\n")
                        || out.is_empty())
            })
            .unwrap_or(from);
        out.push((id, at));
        from = at + head.len();
    }
    out
}

/// The file: `pdf`'s objects, then `packed` (object bodies) in one object stream `stream`,
/// then the cross-reference stream `xref` with the trailer (`root`, `info`, `id`).
pub(super) fn finish(
    pdf: Pdf,
    packed: &[(Ref, Vec<u8>)],
    ids: (Ref, Ref),
    trailer: (Ref, Ref, &[u8]),
    level: u8,
) -> Vec<u8> {
    let (stream, xref) = ids;
    let (root, info, id) = trailer;
    let mut out = pdf.as_bytes().to_vec();
    let mut entries: Vec<(i32, u8, usize, u16)> = offsets(&out, pdf.refs())
        .into_iter()
        .map(|(r, o)| (r.get(), 1, o, 0))
        .collect();
    // The object stream: "id offset" pairs, then the bodies, separated by newlines.
    let mut index = String::new();
    let mut data = Vec::new();
    for (k, (r, b)) in packed.iter().enumerate() {
        index.push_str(&format!("{} {} ", r.get(), data.len()));
        data.extend_from_slice(b);
        data.push(b'\n');
        entries.push((r.get(), 2, stream.get() as usize, k as u16));
    }
    let first = index.len();
    let mut raw = index.into_bytes();
    raw.extend(data);
    let deflated = crate::render::deflate::zlib(&raw, level);
    let mut c = Chunk::with_capacity(deflated.len() + 128);
    c.stream(stream, &deflated)
        .filter(Filter::FlateDecode)
        .pair(Name(b"Type"), Name(b"ObjStm"))
        .pair(Name(b"N"), packed.len() as i32)
        .pair(Name(b"First"), first as i32);
    entries.push((stream.get(), 1, out.len(), 0));
    out.extend_from_slice(c.as_bytes());
    // The cross-reference stream: type, offset or object stream, generation or index.
    let start = out.len();
    entries.push((xref.get(), 1, start, 0));
    entries.sort_unstable();
    let size = entries.last().map_or(1, |e| e.0 + 1);
    let mut rows = Vec::with_capacity(size as usize * 7);
    let mut k = 0;
    for n in 0..size {
        match entries.get(k) {
            Some(&(id, t, f2, f3)) if id == n => {
                rows.push(t);
                rows.extend_from_slice(&(f2 as u32).to_be_bytes());
                rows.extend_from_slice(&f3.to_be_bytes());
                k += 1;
            }
            _ => {
                rows.push(0);
                rows.extend_from_slice(&0u32.to_be_bytes());
                rows.extend_from_slice(&(if n == 0 { 65535u16 } else { 0 }).to_be_bytes());
            }
        }
    }
    let deflated = crate::render::deflate::zlib(&rows, level);
    let mut c = Chunk::with_capacity(deflated.len() + 256);
    let mut s = c.stream(xref, &deflated);
    s.filter(Filter::FlateDecode)
        .pair(Name(b"Type"), Name(b"XRef"))
        .pair(Name(b"Size"), size)
        .pair(Name(b"Root"), root)
        .pair(Name(b"Info"), info);
    s.insert(Name(b"W")).array().items([1, 4, 2]);
    s.insert(Name(b"ID")).array().items([Str(id), Str(id)]);
    s.finish();
    out.extend_from_slice(c.as_bytes());
    out.extend_from_slice(format!("startxref\n{start}\n%%EOF").as_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::offsets;
    use pdf_writer::{Pdf, Ref};

    #[test]
    fn objects_are_found_where_pdf_writer_put_them() {
        let mut pdf = Pdf::new();
        // A stream whose data looks like an object header must not be taken for one.
        pdf.stream(Ref::new(1), b"2 0 obj\n");
        pdf.indirect(Ref::new(2)).primitive(7);
        let bytes = pdf.as_bytes().to_vec();
        let found = offsets(&bytes, pdf.refs());
        for (r, at) in found {
            assert!(bytes[at..].starts_with(format!("{} 0 obj\n", r.get()).as_bytes()));
            assert!(at == 0 || bytes[..at].ends_with(b"\n"));
        }
        let found = offsets(&bytes, pdf.refs());
        assert!(
            bytes[..found[1].1].ends_with(b"endobj\n")
                || bytes[..found[1].1].ends_with(b"endobj\n\n")
        );
    }
}
