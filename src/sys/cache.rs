//! The per-user cache folder: results that are slow to recompute and the same from run to run
//! (the font folders' scan, glyphs with their subroutines inlined), kept between processes the
//! way fontconfig keeps its font cache. An entry is read only when its kind, the cache's format,
//! the build that wrote it (version and a hash of the sources, see `build.rs`) and its checksum
//! all hold, and replaced by renaming a finished file over it, so a damaged,
//! foreign or half-written entry is never used. The cache is never needed: every failure to
//! read or write it is silent, and an output is the same bytes with or without it.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The folder, or `None` when caching is off: `GXGK_CACHE_DIR` when set (an empty value turns
/// the cache off), else the system's per-user cache folder — `%LOCALAPPDATA%\gxgk\cache` on
/// Windows, `~/Library/Caches/gxgk` on macOS, `$XDG_CACHE_HOME/gxgk` or `~/.cache/gxgk`
/// elsewhere.
pub fn dir() -> Option<PathBuf> {
    dir_from(|k| std::env::var_os(k))
}

/// [`dir`] with the environment given (pure, so every platform's rule is tested anywhere).
fn dir_from(env: impl Fn(&str) -> Option<std::ffi::OsString>) -> Option<PathBuf> {
    let set = |k: &str| env(k).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(v) = env("GXGK_CACHE_DIR") {
        return (!v.is_empty()).then(|| PathBuf::from(v));
    }
    if cfg!(windows) {
        set("LOCALAPPDATA").map(|d| d.join("gxgk").join("cache"))
    } else if cfg!(target_os = "macos") {
        set("HOME").map(|h| h.join("Library/Caches/gxgk"))
    } else {
        set("XDG_CACHE_HOME")
            .filter(|d| d.is_absolute())
            .or_else(|| set("HOME").map(|h| h.join(".cache")))
            .map(|d| d.join("gxgk"))
    }
}

/// What every entry starts with, before its kind.
const MAGIC: &[u8; 4] = b"GXGK";

/// The layout of an entry and of the payloads the cache's users write: raised whenever either
/// changes, so an entry in an older layout is not read even by a build that cannot tell
/// itself apart from the one that wrote it.
const FORMAT: u32 = 2;

/// The header: magic, kind (8 bytes), format (u32 LE), identity (16 bytes), payload length
/// (u64 LE) and the payload's CRC-32 (u32 LE).
const HEADER: usize = 4 + 8 + 4 + 16 + 8 + 4;

/// The build that writes and reads entries: the package version and the hash of the sources,
/// templates and locked dependencies this binary was built from (`build.rs`). Entries are kept
/// per build, not per version: a build whose glyph or layout code changed must not answer
/// from what another build cached, though both call themselves 0.1.0.
fn identity() -> [u8; 16] {
    identity_of(env!("CARGO_PKG_VERSION"), env!("GXGK_BUILD_ID"))
}

fn identity_of(version: &str, build: &str) -> [u8; 16] {
    let hash = |seed: u64, s: &str| {
        s.bytes().fold(seed, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    };
    let mut id = [0u8; 16];
    id[..8].copy_from_slice(&hash(0xcbf2_9ce4_8422_2325, version).to_le_bytes());
    id[8..].copy_from_slice(&hash(0xcbf2_9ce4_8422_2325, build).to_le_bytes());
    id
}

/// The bytes of an entry holding `payload`.
fn encode(kind: &[u8; 8], payload: &[u8]) -> Vec<u8> {
    encode_as(FORMAT, &identity(), kind, payload)
}

/// [`encode`] as a build of `identity` writing `format` would.
fn encode_as(format: u32, identity: &[u8; 16], kind: &[u8; 8], payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(kind);
    out.extend_from_slice(&format.to_le_bytes());
    out.extend_from_slice(identity);
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&libdeflater::crc32(payload).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// The payload of an entry's bytes, when they are a whole, undamaged entry of `kind` written by
/// this build in this format.
fn decode<'a>(kind: &[u8; 8], bytes: &'a [u8]) -> Option<&'a [u8]> {
    let (head, payload) = bytes.split_at_checked(HEADER)?;
    let (magic, rest) = head.split_at(4);
    let (k, rest) = rest.split_at(8);
    let (format, rest) = rest.split_at(4);
    let (id, rest) = rest.split_at(16);
    let (len, crc) = rest.split_at(8);
    let len = u64::from_le_bytes(len.try_into().ok()?);
    let crc = u32::from_le_bytes(crc.try_into().ok()?);
    (magic == MAGIC
        && k == kind
        && format == FORMAT.to_le_bytes()
        && id == identity()
        && len == payload.len() as u64
        && libdeflater::crc32(payload) == crc)
        .then_some(payload)
}

/// The payload of the entry `name` of `kind`, if the cache holds a good one.
pub fn read(name: &str, kind: &[u8; 8]) -> Option<Vec<u8>> {
    let mut bytes = std::fs::read(dir()?.join(name)).ok()?;
    decode(kind, &bytes)?;
    bytes.drain(..HEADER);
    Some(bytes)
}

/// Stores `payload` as the entry `name` of `kind`: written whole to a file of its own, then
/// renamed over the old entry (readers see the old entry or the new, never a mix). Not synced:
/// an entry lost in a crash is recomputed, one torn by it fails its checksum.
pub fn write(name: &str, kind: &[u8; 8], payload: &[u8]) {
    if let Some(dir) = dir() {
        let _ = write_in(&dir, name, &encode(kind, payload));
    }
}

fn write_in(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    static SEQ: AtomicU64 = AtomicU64::new(0);
    std::fs::create_dir_all(dir)?;
    let seq = SEQ.fetch_add(1, Ordering::Relaxed);
    let tmp = dir.join(format!(".{name}.{}.{seq}.tmp", std::process::id()));
    let result = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, dir.join(name)));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    trim(dir, LIMIT);
    result
}

/// How much the folder may hold: entries are one per font file and folder, so only fonts
/// used from many places (test folders, say) come near it.
const LIMIT: Limit = Limit {
    entries: 256,
    bytes: 64 << 20,
};

struct Limit {
    entries: usize,
    bytes: u64,
}

/// Removes the oldest entries (by the time each was last written) until the folder is within
/// `limit`; temporary files older than an hour (left by a process that was killed) go too.
fn trim(dir: &Path, limit: Limit) {
    let Ok(list) = std::fs::read_dir(dir) else {
        return;
    };
    let now = std::time::SystemTime::now();
    let mut entries: Vec<(std::time::SystemTime, u64, PathBuf)> = Vec::new();
    for e in list.filter_map(Result::ok) {
        let Ok(meta) = e.metadata() else { continue };
        let modified = meta.modified().unwrap_or(std::time::UNIX_EPOCH);
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') && name.ends_with(".tmp") {
            if now
                .duration_since(modified)
                .is_ok_and(|age| age.as_secs() > 3600)
            {
                let _ = std::fs::remove_file(e.path());
            }
        } else if meta.is_file() && name.ends_with(".bin") {
            entries.push((modified, meta.len(), e.path()));
        }
    }
    entries.sort();
    let mut bytes: u64 = entries.iter().map(|e| e.1).sum();
    let mut count = entries.len();
    for (_, len, path) in entries {
        if count <= limit.entries && bytes <= limit.bytes {
            break;
        }
        if std::fs::remove_file(&path).is_ok() {
            count -= 1;
            bytes -= len;
        }
    }
}

/// A short stable name for a key (FNV-1a, 64 bits, in hex): the same key names the same entry
/// in every process and every version of the compiler.
pub fn name_of(prefix: &str, key: &[u8]) -> String {
    let hash = key.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("{prefix}-{hash:016x}.bin")
}

/// A file's size and modification time (nanoseconds since the epoch): what tells a result
/// cached about it still holds. `None` for a file changed in the last two seconds: a file
/// system may not advance the time for a second write that soon, so such a stamp could vouch
/// for contents it never saw (git's "racily clean" files); the file is read, not cached.
pub fn stamp(meta: &std::fs::Metadata) -> Option<(u64, u128)> {
    let modified = meta.modified().ok()?;
    let settled = std::time::SystemTime::now()
        .duration_since(modified)
        .is_ok_and(|age| age >= std::time::Duration::from_secs(2));
    let mtime = modified
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_nanos();
    settled.then_some((meta.len(), mtime))
}

/// Reads the little-endian fields of a payload in order; every read fails past its end.
pub struct Reader<'a>(pub &'a [u8]);

impl<'a> Reader<'a> {
    /// The next `n` bytes.
    pub fn bytes(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }
    /// The next byte.
    pub fn u8(&mut self) -> Option<u8> {
        Some(self.bytes(1)?[0])
    }
    /// The next u16.
    pub fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes(self.bytes(2)?.try_into().ok()?))
    }
    /// The next u32.
    pub fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.bytes(4)?.try_into().ok()?))
    }
    /// The next u64.
    pub fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.bytes(8)?.try_into().ok()?))
    }
    /// The next u128.
    pub fn u128(&mut self) -> Option<u128> {
        Some(u128::from_le_bytes(self.bytes(16)?.try_into().ok()?))
    }
    /// The next length-prefixed (u32) byte string.
    pub fn blob(&mut self) -> Option<&'a [u8]> {
        let n = usize::try_from(self.u32()?).ok()?;
        self.bytes(n)
    }
    /// The next length-prefixed UTF-8 string.
    pub fn str(&mut self) -> Option<&'a str> {
        std::str::from_utf8(self.blob()?).ok()
    }
    /// Whether every byte has been read.
    pub fn done(&self) -> bool {
        self.0.is_empty()
    }
}

/// Appends a length-prefixed (u32) byte string, as [`Reader::blob`] reads it.
pub fn put_blob(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    out.extend_from_slice(bytes);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<OsString> + 'a {
        move |k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| OsString::from(v))
        }
    }

    #[test]
    fn the_folder_follows_the_environment() {
        assert_eq!(
            dir_from(env(&[("GXGK_CACHE_DIR", "/x"), ("HOME", "/h")])),
            Some(PathBuf::from("/x"))
        );
        assert_eq!(
            dir_from(env(&[("GXGK_CACHE_DIR", ""), ("HOME", "/h")])),
            None
        );
        if cfg!(windows) {
            assert_eq!(
                dir_from(env(&[("LOCALAPPDATA", r"C:\Users\u\AppData\Local")])),
                Some(PathBuf::from(r"C:\Users\u\AppData\Local\gxgk\cache"))
            );
        } else if !cfg!(target_os = "macos") {
            assert_eq!(
                dir_from(env(&[("HOME", "/h")])),
                Some(PathBuf::from("/h/.cache/gxgk"))
            );
            assert_eq!(
                dir_from(env(&[("HOME", "/h"), ("XDG_CACHE_HOME", "/c")])),
                Some(PathBuf::from("/c/gxgk"))
            );
            // The XDG rule: a relative value is ignored.
            assert_eq!(
                dir_from(env(&[("HOME", "/h"), ("XDG_CACHE_HOME", "c")])),
                Some(PathBuf::from("/h/.cache/gxgk"))
            );
            assert_eq!(dir_from(env(&[])), None);
        }
    }

    #[test]
    fn only_whole_entries_of_the_kind_are_read() {
        let entry = encode(b"testkind", b"payload");
        assert_eq!(decode(b"testkind", &entry), Some(&b"payload"[..]));
        assert_eq!(decode(b"othrkind", &entry), None);
        // Torn anywhere, or one byte changed anywhere: not read.
        for n in 0..entry.len() {
            assert_eq!(decode(b"testkind", &entry[..n]), None, "cut at {n}");
            let mut bad = entry.clone();
            bad[n] ^= 0x20;
            assert_eq!(decode(b"testkind", &bad), None, "byte {n} changed");
        }
        let mut longer = entry.clone();
        longer.push(0);
        assert_eq!(decode(b"testkind", &longer), None);
    }

    #[test]
    fn an_entry_another_build_wrote_is_not_read() {
        // What a build of the same package version with other code wrote: its header names
        // only the version, so nothing in it says the glyph code or the layout were the same.
        let payload = b"payload";
        let mut foreign = Vec::new();
        foreign.extend_from_slice(MAGIC);
        foreign.extend_from_slice(b"testkind");
        let mut v = [0u8; 16];
        let s = env!("CARGO_PKG_VERSION").as_bytes();
        v[..s.len()].copy_from_slice(s);
        foreign.extend_from_slice(&v);
        foreign.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        foreign.extend_from_slice(&libdeflater::crc32(payload).to_le_bytes());
        foreign.extend_from_slice(payload);
        assert_eq!(decode(b"testkind", &foreign), None);
    }

    #[test]
    fn entries_are_kept_per_format_and_build() {
        let here = encode_as(FORMAT, &identity(), b"testkind", b"p");
        assert_eq!(decode(b"testkind", &here), Some(&b"p"[..]));
        let older = encode_as(FORMAT - 1, &identity(), b"testkind", b"p");
        assert_eq!(decode(b"testkind", &older), None);
        let other = identity_of(env!("CARGO_PKG_VERSION"), "another build");
        assert_ne!(other, identity());
        assert_eq!(
            decode(b"testkind", &encode_as(FORMAT, &other, b"testkind", b"p")),
            None
        );
        let next = identity_of("0.2.0", env!("GXGK_BUILD_ID"));
        assert_eq!(
            decode(b"testkind", &encode_as(FORMAT, &next, b"testkind", b"p")),
            None
        );
    }

    #[test]
    fn entries_are_replaced_whole() {
        let dir = std::env::temp_dir().join(format!("gxgk-cache-test-{}", std::process::id()));
        write_in(&dir, "e.bin", &encode(b"testkind", b"one")).unwrap();
        write_in(&dir, "e.bin", &encode(b"testkind", b"two")).unwrap();
        let bytes = std::fs::read(dir.join("e.bin")).unwrap();
        assert_eq!(decode(b"testkind", &bytes), Some(&b"two"[..]));
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_oldest_entries_go_first_when_the_folder_is_full() {
        let dir = std::env::temp_dir().join(format!("gxgk-cache-trim-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let t0 = std::time::SystemTime::now() - std::time::Duration::from_secs(100);
        for (i, name) in ["a.bin", "b.bin", "c.bin", "d.bin"].iter().enumerate() {
            let f = std::fs::File::create(dir.join(name)).unwrap();
            f.set_len(10).unwrap();
            // d oldest, then c, b, a.
            f.set_modified(t0 - std::time::Duration::from_secs(10 * i as u64))
                .unwrap();
        }
        std::fs::write(dir.join("other.txt"), "not an entry").unwrap();
        trim(
            &dir,
            Limit {
                entries: 3,
                bytes: 1_000,
            },
        );
        let mut left: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["a.bin", "b.bin", "c.bin", "other.txt"]);
        trim(
            &dir,
            Limit {
                entries: 10,
                bytes: 15,
            },
        );
        assert!(dir.join("a.bin").exists() && !dir.join("b.bin").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn names_are_stable() {
        assert_eq!(name_of("glyphs", b""), "glyphs-cbf29ce484222325.bin");
        assert_ne!(name_of("glyphs", b"a"), name_of("glyphs", b"b"));
    }

    #[test]
    fn readers_stop_at_the_end() {
        let mut out = Vec::new();
        put_blob(&mut out, "字体".as_bytes());
        out.extend(7u16.to_le_bytes());
        let mut r = Reader(&out);
        assert_eq!(r.str(), Some("字体"));
        assert_eq!(r.u16(), Some(7));
        assert!(r.done());
        assert_eq!(r.u8(), None);
        assert_eq!(Reader(&out[..3]).blob(), None);
    }
}
