//! CID-keyed CFF subsets for the PDF (Adobe TN 5176 and TN 5177): each glyph's charstring with
//! its subroutines inlined and, unless asked to keep them, its hints dropped; cached per process
//! (a batch decompiles a glyph once, not once per report) and in the per-user cache (the next
//! process does not decompile it again), written as a bare CFF program with only the font dicts
//! the glyphs use. Faces this cannot read (SID-keyed CFF, arithmetic charstring operators,
//! damaged tables) return `None` and are subset by `subsetter` instead.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

/// A CFF INDEX: the byte ranges of its items.
#[derive(Clone, Copy)]
struct Index<'a> {
    data: &'a [u8],
    count: usize,
    off_size: usize,
    /// Where the offsets start.
    offsets: usize,
    /// The byte before the first item (offsets are 1-based from here).
    base: usize,
}

fn u16_at(d: &[u8], at: usize) -> Option<usize> {
    Some(usize::from(u16::from_be_bytes(
        d.get(at..at + 2)?.try_into().ok()?,
    )))
}

impl<'a> Index<'a> {
    /// The INDEX at `at` and the offset just past it.
    fn parse(data: &'a [u8], at: usize) -> Option<(Index<'a>, usize)> {
        let count = u16_at(data, at)?;
        if count == 0 {
            let empty = Index {
                data,
                count: 0,
                off_size: 1,
                offsets: at + 2,
                base: at + 2,
            };
            return Some((empty, at + 2));
        }
        let off_size = usize::from(*data.get(at + 2)?);
        if !(1..=4).contains(&off_size) {
            return None;
        }
        let offsets = at + 3;
        let base = offsets + (count + 1) * off_size - 1;
        let index = Index {
            data,
            count,
            off_size,
            offsets,
            base,
        };
        let end = base + index.offset(count)?;
        (end <= data.len()).then_some((index, end))
    }

    fn offset(&self, i: usize) -> Option<usize> {
        let at = self.offsets + i * self.off_size;
        let bytes = self.data.get(at..at + self.off_size)?;
        Some(bytes.iter().fold(0, |n, b| (n << 8) | usize::from(*b)))
    }

    fn get(&self, i: usize) -> Option<&'a [u8]> {
        if i >= self.count {
            return None;
        }
        let (start, end) = (self.offset(i)?, self.offset(i + 1)?);
        self.data.get(self.base + start..self.base + end)
    }
}

/// One DICT entry: its operator (two-byte operators as `1200 + b1`) and raw bytes (operands
/// and operator), with the operands read as numbers.
struct Entry<'a> {
    op: u16,
    raw: &'a [u8],
    args: Vec<f64>,
}

/// The integer forms DICTs and Type 2 charstrings share (TN 5176 table 3, TN 5177 table 1):
/// the value at `i` and its length in bytes; `None` for any other first byte.
fn short_number(d: &[u8], i: usize) -> Option<(i64, usize)> {
    let b0 = i64::from(*d.get(i)?);
    let b1 = || d.get(i + 1).map(|b| i64::from(*b));
    match b0 {
        28 => Some((
            i64::from(i16::from_be_bytes(d.get(i + 1..i + 3)?.try_into().ok()?)),
            3,
        )),
        32..=246 => Some((b0 - 139, 1)),
        247..=250 => Some(((b0 - 247) * 256 + b1()? + 108, 2)),
        251..=254 => Some((-(b0 - 251) * 256 - b1()? - 108, 2)),
        _ => None,
    }
}

/// The entries of a DICT.
fn dict(d: &[u8]) -> Option<Vec<Entry<'_>>> {
    let mut out = Vec::new();
    let (mut i, mut start) = (0, 0);
    let mut args = Vec::new();
    while i < d.len() {
        let b0 = d[i];
        match b0 {
            0..=21 => {
                let op = if b0 == 12 {
                    i += 1;
                    1200 + u16::from(*d.get(i)?)
                } else {
                    u16::from(b0)
                };
                i += 1;
                out.push(Entry {
                    op,
                    raw: &d[start..i],
                    args: std::mem::take(&mut args),
                });
                start = i;
            }
            29 => {
                args.push(f64::from(i32::from_be_bytes(
                    d.get(i + 1..i + 5)?.try_into().ok()?,
                )));
                i += 5;
            }
            30 => {
                // A real number: nibbles up to 0xf. Its value is not needed here.
                i += 1;
                loop {
                    let b = *d.get(i)?;
                    i += 1;
                    if b & 0x0f == 0x0f || b >> 4 == 0x0f {
                        break;
                    }
                }
                args.push(0.0);
            }
            _ => {
                let (v, len) = short_number(d, i)?;
                args.push(v as f64);
                i += len;
            }
        }
    }
    Some(out)
}

fn arg(entries: &[Entry], op: u16, n: usize) -> Option<usize> {
    let v = *entries.iter().find(|e| e.op == op)?.args.get(n)?;
    (v >= 0.0).then_some(v as usize)
}

/// The subroutine bias for an INDEX of `count` subroutines.
fn bias(count: usize) -> i64 {
    if count < 1240 {
        107
    } else if count < 33900 {
        1131
    } else {
        32768
    }
}

/// A parsed CID-keyed CFF table.
struct Cff<'a> {
    name: &'a [u8],
    top: Vec<Entry<'a>>,
    gsubrs: Index<'a>,
    charstrings: Index<'a>,
    /// Per font dict: its Font DICT entries, Private DICT entries and local subroutines.
    fds: Vec<(Vec<Entry<'a>>, Vec<Entry<'a>>, Index<'a>)>,
    fd_select: &'a [u8],
}

const OP_CHARSTRINGS: u16 = 17;
const OP_PRIVATE: u16 = 18;
const OP_SUBRS: u16 = 19;
const OP_ROS: u16 = 1230;
const OP_FDARRAY: u16 = 1236;
const OP_FDSELECT: u16 = 1237;
const OP_FONT_MATRIX: u16 = 1207;
/// Top DICT entries copied into a subset: FontBBox, FontMatrix, UnderlinePosition,
/// UnderlineThickness, PaintType, CIDFontVersion.
const KEPT_TOP: [u16; 6] = [5, OP_FONT_MATRIX, 1203, 1204, 1205, 1231];

impl<'a> Cff<'a> {
    fn parse(data: &'a [u8]) -> Option<Cff<'a>> {
        let header = usize::from(*data.get(2)?);
        let (names, at) = Index::parse(data, header)?;
        let (tops, at) = Index::parse(data, at)?;
        let (_strings, at) = Index::parse(data, at)?;
        let (gsubrs, _) = Index::parse(data, at)?;
        let top = dict(tops.get(0)?)?;
        top.iter().find(|e| e.op == OP_ROS)?;
        let (charstrings, _) = Index::parse(data, arg(&top, OP_CHARSTRINGS, 0)?)?;
        let (fd_array, _) = Index::parse(data, arg(&top, OP_FDARRAY, 0)?)?;
        let mut fds = Vec::with_capacity(fd_array.count);
        for i in 0..fd_array.count {
            let font = dict(fd_array.get(i)?)?;
            let (size, offset) = (arg(&font, OP_PRIVATE, 0)?, arg(&font, OP_PRIVATE, 1)?);
            let private = dict(data.get(offset..offset + size)?)?;
            let subrs = match arg(&private, OP_SUBRS, 0) {
                Some(rel) => Index::parse(data, offset + rel)?.0,
                None => Index::parse(&[0, 0], 0)?.0,
            };
            fds.push((font, private, subrs));
        }
        let fd_select = data.get(arg(&top, OP_FDSELECT, 0)?..)?;
        Some(Cff {
            name: names.get(0)?,
            top,
            gsubrs,
            charstrings,
            fds,
            fd_select,
        })
    }

    /// The font dict of glyph `gid`.
    fn fd_of(&self, gid: usize) -> Option<usize> {
        let d = self.fd_select;
        match *d.first()? {
            0 => d.get(1 + gid).map(|b| usize::from(*b)),
            3 => {
                let ranges = u16_at(d, 1)?;
                for r in 0..ranges {
                    let at = 3 + r * 3;
                    let (first, next) = (u16_at(d, at)?, u16_at(d, at + 3)?);
                    if (first..next).contains(&gid) {
                        return d.get(at + 2).map(|b| usize::from(*b));
                    }
                }
                None
            }
            _ => None,
        }
    }
}

/// Inlines the subroutines of a Type 2 charstring (TN 5177): what is left is the same outline
/// with no `callsubr`, `callgsubr` or `return`. Without `hints`, the stem hints and the hint and
/// counter masks are dropped too (the width they may carry is kept): the outline is the same,
/// only a renderer's grid fitting of it goes.
struct Inliner<'c, 'a> {
    cff: &'c Cff<'a>,
    locals: Index<'a>,
    out: Vec<u8>,
    /// Operands since the last operator, each as (value when an integer, start in `out`).
    stack: Vec<(Option<i64>, usize)>,
    stems: usize,
    done: bool,
    /// Keep the hints.
    hints: bool,
    /// No stack-clearing operator yet: the first one may carry the glyph's width as an extra
    /// first operand (TN 5177 §3.1).
    first: bool,
}

impl Inliner<'_, '_> {
    fn new<'c, 'a>(cff: &'c Cff<'a>, locals: Index<'a>, hints: bool) -> Inliner<'c, 'a> {
        Inliner {
            cff,
            locals,
            out: Vec::with_capacity(512),
            stack: Vec::with_capacity(48),
            stems: 0,
            done: false,
            hints,
            first: true,
        }
    }

    /// Drops a hint operator's operands from `out`, all but the width when this is the first
    /// stack-clearing operator and the count is odd.
    fn drop_operands(&mut self) {
        let keep = usize::from(self.first && self.stack.len() % 2 == 1);
        if let Some(&(_, at)) = self.stack.get(keep) {
            self.out.truncate(at);
        }
    }

    fn run(&mut self, cs: &[u8], depth: u8) -> Option<()> {
        // TN 5177's limits: subroutines nest at most 10 deep, a charstring is at most 65,535
        // bytes; a damaged font that breaks them is left to subsetter.
        if depth > 10 || self.out.len() > 65_535 {
            return None;
        }
        let mut i = 0;
        while i < cs.len() && !self.done {
            let b0 = cs[i];
            let start = self.out.len();
            match b0 {
                28 | 32..=254 => {
                    let (v, len) = short_number(cs, i)?;
                    self.out.extend_from_slice(&cs[i..i + len]);
                    self.stack.push((Some(v), start));
                    i += len;
                }
                255 => {
                    self.out.extend_from_slice(cs.get(i..i + 5)?);
                    self.stack.push((None, start));
                    i += 5;
                }
                10 | 29 => {
                    // callsubr / callgsubr: the index operand goes, the subroutine comes in.
                    let (v, at) = self.stack.pop()?;
                    self.out.truncate(at);
                    let subrs = if b0 == 10 {
                        self.locals
                    } else {
                        self.cff.gsubrs
                    };
                    let n = usize::try_from(v? + bias(subrs.count)).ok()?;
                    self.run(subrs.get(n)?, depth + 1)?;
                    i += 1;
                }
                11 => return Some(()),
                1 | 3 | 18 | 23 | 19 | 20 => {
                    // hstem, vstem, hstemhm, vstemhm; hintmask and cntrmask, whose operands
                    // left are an implied vstem and whose mask has a bit per stem.
                    self.stems += self.stack.len() / 2;
                    let len = match b0 {
                        19 | 20 => 1 + self.stems.div_ceil(8),
                        _ => 1,
                    };
                    let op = cs.get(i..i + len)?;
                    if self.hints {
                        self.out.extend_from_slice(op);
                    } else {
                        self.drop_operands();
                    }
                    self.stack.clear();
                    self.first = false;
                    i += len;
                }
                14 => {
                    self.out.push(b0);
                    self.done = true;
                }
                12 => {
                    let b1 = *cs.get(i + 1)?;
                    // Only flex (hflex, flex, hflex1, flex1) is expected; the arithmetic and
                    // storage operators could compute a subroutine number, so give up.
                    if !(34..=37).contains(&b1) {
                        return None;
                    }
                    self.out.extend_from_slice(&cs[i..i + 2]);
                    self.stack.clear();
                    self.first = false;
                    i += 2;
                }
                0 | 2 | 9 | 13 | 15..=17 => return None,
                _ => {
                    self.out.push(b0);
                    self.stack.clear();
                    self.first = false;
                    i += 1;
                }
            }
        }
        Some(())
    }
}

/// What a cached glyph is of: the face file and index, and whether hints are kept.
type Key = (PathBuf, u32, bool);

/// The glyphs of one face inlined so far, and what its entry in the on-disk cache is.
#[derive(Default)]
struct Known {
    glyphs: HashMap<u16, Arc<[u8]>>,
    /// Whether the on-disk entry has been looked for.
    looked: bool,
    /// What the face's on-disk entry must state (`None`: the file cannot be identified, so
    /// its glyphs are not kept on disk).
    identity: Option<Vec<u8>>,
    /// Glyphs inlined since the on-disk entry was read or written.
    dirty: bool,
}

/// Glyphs already inlined, per face and hinting, for the whole process.
static CACHE: Mutex<Option<HashMap<Key, Known>>> = Mutex::new(None);

/// The on-disk entries' kind (see [`crate::sys::cache`]).
const KIND: &[u8; 8] = b"cffglyph";

/// What identifies a face's glyphs on disk: the file (path, size, modification time), the
/// face index, hinting, and the CFF table's place, size and first 4 KB (its checksum). A font
/// file replaced or edited in place no longer matches, so its old glyphs are never used.
fn identity(key: &Key, data: &[u8], table: &[u8]) -> Option<Vec<u8>> {
    let (size, mtime) = crate::sys::cache::stamp(&std::fs::metadata(&key.0).ok()?)?;
    if size != data.len() as u64 {
        return None;
    }
    let at = (table.as_ptr() as usize).checked_sub(data.as_ptr() as usize)?;
    let mut id = Vec::new();
    crate::sys::cache::put_blob(&mut id, key.0.as_os_str().as_encoded_bytes());
    id.extend(key.1.to_le_bytes());
    id.push(u8::from(key.2));
    id.extend(size.to_le_bytes());
    id.extend(mtime.to_le_bytes());
    id.extend((at as u64).to_le_bytes());
    id.extend((table.len() as u64).to_le_bytes());
    id.extend(libdeflater::crc32(&table[..table.len().min(4096)]).to_le_bytes());
    Some(id)
}

/// The on-disk entry's name for a face: one per file, index and hinting, so a changed font
/// replaces its entry instead of adding one.
fn entry_name(key: &Key) -> String {
    let mut k = key.0.as_os_str().as_encoded_bytes().to_vec();
    k.extend(key.1.to_le_bytes());
    k.push(u8::from(key.2));
    crate::sys::cache::name_of("glyphs", &k)
}

/// The glyphs of the on-disk entry of the face `identity` names, when it has a good one.
fn read_entry(key: &Key, identity: &[u8]) -> Option<HashMap<u16, Arc<[u8]>>> {
    let payload = crate::sys::cache::read(&entry_name(key), KIND)?;
    let mut r = crate::sys::cache::Reader(&payload);
    if r.blob()? != identity {
        return None;
    }
    let count = r.u32()?;
    let mut glyphs = HashMap::with_capacity(count.min(65_536) as usize);
    for _ in 0..count {
        let gid = r.u16()?;
        glyphs.insert(gid, Arc::from(r.blob()?));
    }
    r.done().then_some(glyphs)
}

/// Writes the glyphs inlined by this process to the on-disk cache, one entry per face (those
/// read from it included), so the next process need not inline them again. Called once a
/// command has written its outputs; nothing is written when nothing new was inlined.
pub fn save_cache() {
    let mut cache = CACHE.lock().unwrap_or_else(PoisonError::into_inner);
    for (key, known) in cache.iter_mut().flat_map(|c| c.iter_mut()) {
        let Some(identity) = known.identity.as_ref().filter(|_| known.dirty) else {
            continue;
        };
        let mut gids: Vec<&u16> = known.glyphs.keys().collect();
        gids.sort_unstable();
        let mut payload = Vec::new();
        crate::sys::cache::put_blob(&mut payload, identity);
        payload.extend((gids.len() as u32).to_le_bytes());
        for gid in gids {
            payload.extend(gid.to_le_bytes());
            crate::sys::cache::put_blob(&mut payload, &known.glyphs[gid]);
        }
        crate::sys::cache::write(&entry_name(key), KIND, &payload);
        known.dirty = false;
    }
}

/// The charstring of `gid` (in font dict `fd`) with its subroutines inlined (and its hints
/// dropped unless `hints`).
fn inline_glyph(cff: &Cff, gid: u16, fd: usize, hints: bool) -> Option<Arc<[u8]>> {
    let mut inliner = Inliner::new(cff, cff.fds.get(fd)?.2, hints);
    inliner.run(cff.charstrings.get(usize::from(gid))?, 0)?;
    inliner.done.then(|| inliner.out.into())
}

/// The charstrings of `gids` (each with its font dict), inlined: those the cache has (the
/// on-disk entry is read the first time a face is asked for) are taken under one lock, the
/// rest are inlined without it and stored under a second. `identity` says what the face's
/// on-disk entry must state.
fn glyphs(
    cff: &Cff,
    key: &Key,
    identity: impl FnOnce() -> Option<Vec<u8>>,
    gids: &[u16],
    fds: &[usize],
) -> Option<Vec<Arc<[u8]>>> {
    let cached: Vec<Option<Arc<[u8]>>> = {
        let mut cache = CACHE.lock().unwrap_or_else(PoisonError::into_inner);
        let known = cache
            .get_or_insert_with(HashMap::new)
            .entry(key.clone())
            .or_default();
        if !known.looked {
            known.looked = true;
            known.identity = identity();
            if let Some(id) = &known.identity
                && let Some(glyphs) = read_entry(key, id)
            {
                known.glyphs.extend(glyphs);
            }
        }
        gids.iter().map(|g| known.glyphs.get(g).cloned()).collect()
    };
    let mut new: Vec<(u16, Arc<[u8]>)> = Vec::new();
    let mut out = Vec::with_capacity(gids.len());
    for ((&gid, &fd), hit) in gids.iter().zip(fds).zip(cached) {
        let cs = match hit {
            Some(cs) => cs,
            None => {
                let cs = inline_glyph(cff, gid, fd, key.2)?;
                new.push((gid, Arc::clone(&cs)));
                cs
            }
        };
        out.push(cs);
    }
    if !new.is_empty() {
        let mut cache = CACHE.lock().unwrap_or_else(PoisonError::into_inner);
        let known = cache
            .get_or_insert_with(HashMap::new)
            .entry(key.clone())
            .or_default();
        known.glyphs.extend(new);
        known.dirty = true;
    }
    Some(out)
}

/// Writes an INDEX of `items`.
fn write_index(out: &mut Vec<u8>, items: &[&[u8]]) {
    let count = u16::try_from(items.len()).unwrap_or(u16::MAX);
    out.extend(count.to_be_bytes());
    if items.is_empty() {
        return;
    }
    let total: usize = items.iter().map(|i| i.len()).sum::<usize>() + 1;
    let off_size = match total {
        0..=0xff => 1,
        0x100..=0xffff => 2,
        0x1_0000..=0xff_ffff => 3,
        _ => 4,
    };
    out.push(off_size as u8);
    let mut offset = 1usize;
    let push = |out: &mut Vec<u8>, v: usize| {
        out.extend(&(v as u32).to_be_bytes()[4 - off_size..]);
    };
    push(out, offset);
    for item in items {
        offset += item.len();
        push(out, offset);
    }
    for item in items {
        out.extend_from_slice(item);
    }
}

/// A DICT integer in its 5-byte form, so a DICT's size does not depend on the offsets in it.
fn int5(out: &mut Vec<u8>, v: usize) {
    out.push(29);
    out.extend((v as i32).to_be_bytes());
}

/// The CFF program of `gids` (sorted, starting with 0) from the face `index` of the font file
/// `data` (`path` names it for the cache), with the charstrings' hints when `hints`: CIDs are
/// positions in `gids`. `None` when the face is not CID-keyed CFF or cannot be read.
pub fn subset(
    data: &[u8],
    index: u32,
    path: &std::path::Path,
    gids: &[u16],
    hints: bool,
) -> Option<Vec<u8>> {
    let face = ttf_parser::RawFace::parse(data, index).ok()?;
    let table = face.table(ttf_parser::Tag::from_bytes(b"CFF "))?;
    let cff = Cff::parse(table)?;
    let key = (path.to_path_buf(), index, hints);
    let fds: Vec<usize> = gids
        .iter()
        .map(|&gid| cff.fd_of(usize::from(gid)))
        .collect::<Option<_>>()?;
    let charstrings = glyphs(&cff, &key, || identity(&key, data, table), gids, &fds)?;
    // The font dicts used, renumbered in order of first use.
    let mut used: Vec<usize> = Vec::new();
    let fd_new: Vec<u8> = fds
        .iter()
        .map(|fd| match used.iter().position(|u| u == fd) {
            Some(n) => n as u8,
            None => {
                used.push(*fd);
                (used.len() - 1) as u8
            }
        })
        .collect();
    if used.len() > 255 {
        return None;
    }

    // Top DICT: ROS Adobe-Identity-0 (as the PDF's CIDSystemInfo says: CIDs are positions in
    // `gids`), kept metrics entries, then the offsets (5-byte integers, patched below).
    let mut top = Vec::new();
    int5(&mut top, 391);
    int5(&mut top, 392);
    int5(&mut top, 0);
    top.extend([12, 30]);
    for e in &cff.top {
        if KEPT_TOP.contains(&e.op) {
            top.extend_from_slice(e.raw);
        }
    }
    int5(&mut top, charstrings.len());
    top.extend([12, 34]);
    let offsets_at = top.len();
    for op in [&[15u8][..], &[12, 37], &[17], &[12, 36]] {
        int5(&mut top, 0);
        top.extend_from_slice(op);
    }

    let mut out = vec![1, 0, 4, 4];
    write_index(&mut out, &[cff.name]);
    write_index(&mut out, &[&top]);
    let top_data = out.len() - top.len();
    write_index(&mut out, &[b"Adobe", b"Identity"]);
    write_index(&mut out, &[]);
    // charset: CIDs 1..n in order (format 2, one range).
    let charset = out.len();
    out.push(2);
    if charstrings.len() > 1 {
        out.extend(1u16.to_be_bytes());
        out.extend(u16::try_from(charstrings.len() - 2).ok()?.to_be_bytes());
    }
    // FDSelect, format 3.
    let fd_select = out.len();
    let mut ranges: Vec<(usize, u8)> = Vec::new();
    for (cid, fd) in fd_new.iter().enumerate() {
        if ranges.last().is_none_or(|r| r.1 != *fd) {
            ranges.push((cid, *fd));
        }
    }
    out.push(3);
    out.extend(u16::try_from(ranges.len()).ok()?.to_be_bytes());
    for (first, fd) in &ranges {
        out.extend(u16::try_from(*first).ok()?.to_be_bytes());
        out.push(*fd);
    }
    out.extend(u16::try_from(charstrings.len()).ok()?.to_be_bytes());
    let charstrings_at = out.len();
    let items: Vec<&[u8]> = charstrings.iter().map(|c| &c[..]).collect();
    write_index(&mut out, &items);
    // Private DICTs without their subroutines, then the Font DICTs pointing at them.
    let privates: Vec<Vec<u8>> = used
        .iter()
        .map(|&fd| {
            cff.fds[fd]
                .1
                .iter()
                .filter(|e| e.op != OP_SUBRS)
                .flat_map(|e| e.raw.iter().copied())
                .collect()
        })
        .collect();
    let font_dict_len = |fd: usize| -> usize {
        11 + cff.fds[fd]
            .0
            .iter()
            .filter(|e| e.op == OP_FONT_MATRIX)
            .map(|e| e.raw.len())
            .sum::<usize>()
    };
    let fonts_len: usize = used.iter().map(|&fd| font_dict_len(fd)).sum();
    let index_len = 3 + (used.len() + 1) * 4;
    let fd_array = out.len();
    let mut private_at = fd_array + index_len + fonts_len;
    // The FDArray INDEX with 4-byte offsets, so its length is known before it is written.
    out.extend(u16::try_from(used.len()).ok()?.to_be_bytes());
    out.push(4);
    let mut offset = 1u32;
    out.extend(offset.to_be_bytes());
    for &fd in &used {
        offset += font_dict_len(fd) as u32;
        out.extend(offset.to_be_bytes());
    }
    for (n, &fd) in used.iter().enumerate() {
        for e in cff.fds[fd].0.iter().filter(|e| e.op == OP_FONT_MATRIX) {
            out.extend_from_slice(e.raw);
        }
        int5(&mut out, privates[n].len());
        int5(&mut out, private_at);
        out.push(OP_PRIVATE as u8);
        private_at += privates[n].len();
    }
    for p in &privates {
        out.extend_from_slice(p);
    }
    // The offsets in the Top DICT: each a 5-byte integer and a one- or two-byte operator.
    let slots = [0, 6, 13, 19];
    for (slot, v) in slots
        .into_iter()
        .zip([charset, fd_select, charstrings_at, fd_array])
    {
        let at = top_data + offsets_at + slot + 1;
        out[at..at + 4].copy_from_slice(&i32::try_from(v).ok()?.to_be_bytes());
    }
    Some(out)
}

#[cfg(test)]
mod tests;
