//! The end of the file: small dictionaries packed into one compressed object stream and a
//! compressed cross-reference stream (PDF 1.5, ISO 32000-1 §7.5.7–7.5.8). The structure tree
//! is hundreds of dictionaries of a few dozen bytes; written one by one with an xref line each
//! they would make the file a third larger.

use std::fmt::Write;
use std::ops::Range;

use pdf_writer::{Chunk, Filter, Finish, Name, Pdf, Ref, Settings, Str};

/// Small objects for the object stream, written one after another into one chunk, each
/// remembered by the byte range of its body (without `N 0 obj` and `endobj`).
pub(super) struct Packed {
    chunk: Chunk,
    objects: Vec<(Ref, Range<usize>)>,
}

impl Packed {
    /// An empty set.
    pub(super) fn new() -> Packed {
        Packed {
            chunk: Chunk::with_settings_and_capacity(Settings { pretty: false }, 64 * 1024),
            objects: Vec::new(),
        }
    }

    /// Writes object `id` with `write`.
    pub(super) fn add(&mut self, id: Ref, write: impl FnOnce(&mut Chunk)) {
        let start = self.chunk.len();
        write(&mut self.chunk);
        let end = self.chunk.len();
        let head = id.get().to_string().len() + b" 0 obj\n".len();
        let tail = b"\nendobj\n".len();
        debug_assert!(self.chunk.as_bytes()[..end].ends_with(b"\nendobj\n"));
        self.objects.push((id, start + head..end - tail));
    }
}

/// Where every object of `pdf` starts, and how long its objects are: pdf-writer keeps the
/// offsets to itself but writes them in its classic cross-reference table, fixed-width lines
/// (`0000012345 00000 n`) after the objects; the table and the trailer are cut off again.
fn objects(pdf: Pdf) -> (Vec<u8>, Vec<(i32, usize)>) {
    let mut bytes = pdf.finish();
    let tail = bytes.len().saturating_sub(64);
    let at = bytes[tail..]
        .windows(10)
        .rposition(|w| w == b"startxref\n")
        .map(|p| tail + p + 10)
        .expect("pdf-writer ends with startxref");
    let xref: usize = std::str::from_utf8(&bytes[at..])
        .ok()
        .and_then(|s| s.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("startxref names the table");
    // "xref\n0 N\n" then N entries of 20 bytes.
    let table = &bytes[xref..];
    let head_end = table
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(1)
        .map(|(i, _)| i + 1)
        .expect("xref header");
    let mut out = Vec::new();
    for (id, entry) in table[head_end..].chunks_exact(20).enumerate() {
        if entry.get(17) == Some(&b'n') {
            let offset = std::str::from_utf8(&entry[..10])
                .ok()
                .and_then(|s| s.parse().ok());
            out.push((id as i32, offset.expect("an xref offset")));
        }
        if entry.starts_with(b"trailer") {
            break;
        }
    }
    bytes.truncate(xref);
    (bytes, out)
}

/// The file: `pdf`'s objects, then `packed` (object bodies) in one object stream `stream`,
/// then the cross-reference stream `xref` with the trailer (`root`, `info`, `id`).
pub(super) fn finish(
    pdf: Pdf,
    packed: &Packed,
    ids: (Ref, Ref),
    trailer: (Ref, Ref, &[u8]),
    level: u8,
) -> Vec<u8> {
    let (stream, xref) = ids;
    let (root, info, id) = trailer;
    let (mut out, offsets) = objects(pdf);
    let mut entries: Vec<(i32, u8, usize, u16)> =
        offsets.into_iter().map(|(r, o)| (r, 1, o, 0)).collect();
    // The object stream: "id offset" pairs, then the bodies, separated by newlines.
    let mut index = String::with_capacity(packed.objects.len() * 12);
    let mut data = Vec::with_capacity(packed.chunk.len());
    let bodies = packed.chunk.as_bytes();
    for (k, (r, range)) in packed.objects.iter().enumerate() {
        let _ = write!(index, "{} {} ", r.get(), data.len());
        data.extend_from_slice(&bodies[range.clone()]);
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
        .pair(Name(b"N"), packed.objects.len() as i32)
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
    use super::objects;
    use pdf_writer::{Pdf, Ref};

    #[test]
    fn objects_are_found_where_pdf_writer_put_them() {
        let mut pdf = Pdf::new();
        // A stream whose data looks like an object header must not be taken for one.
        pdf.stream(Ref::new(1), b"2 0 obj\n");
        pdf.indirect(Ref::new(3)).primitive(7);
        let (bytes, found) = objects(pdf);
        assert_eq!(found.iter().map(|f| f.0).collect::<Vec<_>>(), [1, 3]);
        for (r, at) in found {
            assert!(bytes[at..].starts_with(format!("{r} 0 obj\n").as_bytes()));
        }
        assert!(bytes.ends_with(b"endobj\n\n"), "the table is cut off");
    }
}
