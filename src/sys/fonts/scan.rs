//! Finding font files: font folders walked (bounded, links to folders followed once), each
//! file's faces named by fontdb, and what each file held kept in the per-user cache under its
//! size and modification time, so that a later run with the same fonts opens no file but the
//! faces it uses (fontconfig's approach; a Windows font folder holds hundreds of files).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// How far a folder search goes: deep enough for any font collection, bounded so that
/// `--font-dir /` ends in moments.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Folder levels below the one given.
    pub depth: usize,
    /// Folder entries looked at.
    pub entries: usize,
    /// Font files read.
    pub fonts: usize,
}

/// The bounds of a folder the user names (`--font-dir`).
pub const USER: Limits = Limits {
    depth: 6,
    entries: 50_000,
    fonts: 2_000,
};

/// The bounds of a system font folder (a desktop Linux with every Noto package has thousands).
pub const SYSTEM: Limits = Limits {
    depth: 8,
    entries: 200_000,
    fonts: 20_000,
};

/// What a folder search found.
#[derive(Default)]
pub struct Walk {
    /// Whether a bound was reached (the search stopped there).
    pub cut: bool,
    /// Every plausible font file seen, in search order (for lookups by Windows file name).
    pub files: Vec<PathBuf>,
    entries: usize,
    fonts: usize,
}

/// Whether a file's header could be a font. fontdb trips a debug assertion on collections
/// whose face count runs past the file, so files are checked before fontdb reads them.
pub fn plausible_font(path: &Path) -> bool {
    use std::io::Read;
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    let len = f.metadata().map_or(0, |m| m.len());
    let mut head = [0u8; 12];
    if f.read_exact(&mut head).is_err() {
        return false;
    }
    match &head[0..4] {
        b"ttcf" => be32(&head, 8).is_some_and(|n| n > 0 && 12 + 4 * u64::from(n) <= len),
        [0, 1, 0, 0] | b"OTTO" | b"true" => true,
        _ => false,
    }
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// Folders that are not real files (or are huge and never hold fonts): never searched.
fn pseudo_dir(p: &Path) -> bool {
    ["/proc", "/sys", "/dev", "/run", "/snap"]
        .iter()
        .any(|d| p == Path::new(d))
}

fn is_font_name(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["ttf", "ttc", "otf", "otc"].contains(&e.to_ascii_lowercase().as_str()))
}

/// The system font folders fontdb would search (on Windows, those of
/// [`super::windows_font_dirs`]).
pub fn system_dirs() -> Vec<PathBuf> {
    let home = std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from);
    let mut dirs: Vec<PathBuf> = Vec::new();
    if cfg!(windows) {
        dirs = super::windows_font_dirs(|k| std::env::var_os(k));
    } else if cfg!(target_os = "macos") {
        dirs.extend(["/Library/Fonts", "/System/Library/Fonts"].map(PathBuf::from));
        if let Ok(assets) = std::fs::read_dir("/System/Library/AssetsV2") {
            let mut found: Vec<PathBuf> = assets
                .filter_map(Result::ok)
                .filter(|e| {
                    e.file_name()
                        .to_string_lossy()
                        .starts_with("com_apple_MobileAsset_Font")
                })
                .map(|e| e.path())
                .collect();
            found.sort();
            dirs.extend(found);
        }
        dirs.push(PathBuf::from("/Network/Library/Fonts"));
        dirs.extend(home.map(|h| h.join("Library/Fonts")));
    } else {
        dirs.extend(["/usr/share/fonts", "/usr/local/share/fonts"].map(PathBuf::from));
        if let Some(h) = home {
            dirs.push(h.join(".fonts"));
            dirs.push(h.join(".local/share/fonts"));
        }
    }
    dirs
}

/// One face of a file, as the cache keeps it: what font lookups compare.
#[derive(Debug, Clone, PartialEq)]
struct Record {
    index: u32,
    /// Family names with their language as [`lang_tag`] keeps it.
    families: Vec<(String, u8)>,
    postscript: String,
    /// 0 upright, 1 italic, 2 oblique.
    style: u8,
    weight: u16,
    /// The OS/2 width class, 1–9.
    stretch: u16,
    monospaced: bool,
}

/// The languages a family name is kept with: those gxgk tells apart (English first, as fontdb
/// orders them; simplified Chinese to prefer a collection's SC face); any other is `Unknown`.
const LANGS: [fontdb::Language; 8] = [
    fontdb::Language::Unknown,
    fontdb::Language::English_UnitedStates,
    fontdb::Language::Chinese_PeoplesRepublicOfChina,
    fontdb::Language::Chinese_Taiwan,
    fontdb::Language::Chinese_HongKongSAR,
    fontdb::Language::Chinese_Singapore,
    fontdb::Language::Chinese_MacaoSAR,
    fontdb::Language::Japanese_Japan,
];

fn lang_tag(lang: fontdb::Language) -> u8 {
    LANGS.iter().position(|l| *l == lang).unwrap_or(0) as u8
}

fn stretch_of(n: u16) -> fontdb::Stretch {
    use fontdb::Stretch as S;
    match n {
        1 => S::UltraCondensed,
        2 => S::ExtraCondensed,
        3 => S::Condensed,
        4 => S::SemiCondensed,
        6 => S::SemiExpanded,
        7 => S::Expanded,
        8 => S::ExtraExpanded,
        9 => S::UltraExpanded,
        _ => S::Normal,
    }
}

impl Record {
    fn of(info: &fontdb::FaceInfo) -> Record {
        Record {
            index: info.index,
            families: info
                .families
                .iter()
                .map(|(n, l)| (n.clone(), lang_tag(*l)))
                .collect(),
            postscript: info.post_script_name.clone(),
            style: match info.style {
                fontdb::Style::Normal => 0,
                fontdb::Style::Italic => 1,
                fontdb::Style::Oblique => 2,
            },
            weight: info.weight.0,
            stretch: info.stretch.to_number(),
            monospaced: info.monospaced,
        }
    }

    fn info(&self, path: &Path) -> fontdb::FaceInfo {
        fontdb::FaceInfo {
            id: fontdb::ID::dummy(),
            source: fontdb::Source::File(path.to_path_buf()),
            index: self.index,
            families: self
                .families
                .iter()
                .map(|(n, l)| (n.clone(), LANGS[usize::from(*l).min(LANGS.len() - 1)]))
                .collect(),
            post_script_name: self.postscript.clone(),
            style: match self.style {
                1 => fontdb::Style::Italic,
                2 => fontdb::Style::Oblique,
                _ => fontdb::Style::Normal,
            },
            weight: fontdb::Weight(self.weight),
            stretch: stretch_of(self.stretch),
            monospaced: self.monospaced,
        }
    }
}

/// What a file held when it had this size and time.
#[derive(Debug, Clone, PartialEq)]
struct Seen {
    /// `None`: the file changed too recently to be cached (see [`crate::sys::cache::stamp`]).
    stamp: Option<(u64, u128)>,
    /// Whether its header could be a font (an implausible file is never given to fontdb).
    plausible: bool,
    faces: Vec<Record>,
}

impl Seen {
    /// Reads a file's faces (none when it is no font fontdb can name).
    fn read(path: &Path, stamp: Option<(u64, u128)>) -> Seen {
        let plausible = plausible_font(path);
        let mut faces = Vec::new();
        if plausible {
            let mut db = fontdb::Database::new();
            if db.load_font_file(path).is_ok() {
                faces = db.faces().map(Record::of).collect();
            }
        }
        Seen {
            stamp,
            plausible,
            faces,
        }
    }
}

/// The on-disk entries' kind (see [`crate::sys::cache`]).
const KIND: &[u8; 8] = b"fontscan";

fn entry_name(root: &Path) -> String {
    crate::sys::cache::name_of("fonts", root.as_os_str().as_encoded_bytes())
}

/// The entry's payload: the files whose stamps can be trusted, by their paths as UTF-8 (a path
/// that is not Unicode, which no font folder of a clerk's has, is left out and read each time).
fn encode(root: &Path, files: &[(PathBuf, Seen)]) -> Vec<u8> {
    use crate::sys::cache::put_blob;
    let files: Vec<(&str, &Seen, (u64, u128))> = files
        .iter()
        .filter_map(|(p, s)| Some((p.to_str()?, s, s.stamp?)))
        .collect();
    let mut out = Vec::new();
    put_blob(&mut out, root.as_os_str().as_encoded_bytes());
    out.extend((files.len() as u32).to_le_bytes());
    for (path, seen, stamp) in files {
        put_blob(&mut out, path.as_bytes());
        out.extend(stamp.0.to_le_bytes());
        out.extend(stamp.1.to_le_bytes());
        out.push(u8::from(seen.plausible));
        out.extend((seen.faces.len() as u32).to_le_bytes());
        for f in &seen.faces {
            out.extend(f.index.to_le_bytes());
            out.extend((f.families.len() as u32).to_le_bytes());
            for (name, lang) in &f.families {
                put_blob(&mut out, name.as_bytes());
                out.push(*lang);
            }
            put_blob(&mut out, f.postscript.as_bytes());
            out.push(f.style);
            out.extend(f.weight.to_le_bytes());
            out.extend(f.stretch.to_le_bytes());
            out.push(u8::from(f.monospaced));
        }
    }
    out
}

fn decode(root: &Path, payload: &[u8]) -> Option<HashMap<PathBuf, Seen>> {
    let mut r = crate::sys::cache::Reader(payload);
    if r.blob()? != root.as_os_str().as_encoded_bytes() {
        return None;
    }
    let count = r.u32()?;
    let mut files = HashMap::with_capacity(count.min(100_000) as usize);
    for _ in 0..count {
        let p = PathBuf::from(r.str()?);
        let stamp = Some((r.u64()?, r.u128()?));
        let plausible = r.u8()? == 1;
        let n = r.u32()?;
        let mut faces = Vec::with_capacity(n.min(1_000) as usize);
        for _ in 0..n {
            let index = r.u32()?;
            let nf = r.u32()?;
            let mut families = Vec::with_capacity(nf.min(100) as usize);
            for _ in 0..nf {
                families.push((r.str()?.to_string(), r.u8()?));
            }
            faces.push(Record {
                index,
                families,
                postscript: r.str()?.to_string(),
                style: r.u8()?,
                weight: r.u16()?,
                stretch: r.u16()?,
                monospaced: r.u8()? == 1,
            });
        }
        files.insert(
            p,
            Seen {
                stamp,
                plausible,
                faces,
            },
        );
    }
    r.done().then_some(files)
}

/// A search of one folder tree, with what the cache knew of it and what it finds now.
struct Search<'a> {
    db: &'a mut fontdb::Database,
    limits: Limits,
    walk: Walk,
    known: HashMap<PathBuf, Seen>,
    found: Vec<(PathBuf, Seen)>,
    /// Whether something was read that the cache did not know.
    changed: bool,
    /// The folders entered (as their canonical paths), so a link cannot lead round in a loop.
    visited: HashSet<PathBuf>,
}

impl Search<'_> {
    fn dir(&mut self, dir: &Path, depth: usize) {
        if pseudo_dir(dir) {
            return;
        }
        let canonical = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        if !self.visited.insert(canonical) {
            return;
        }
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut found: Vec<(PathBuf, bool)> = Vec::new();
        for e in entries.filter_map(Result::ok) {
            self.walk.entries += 1;
            if self.walk.entries > self.limits.entries {
                self.walk.cut = true;
                break;
            }
            let Ok(t) = e.file_type() else { continue };
            let path = e.path();
            // A link is followed to what it names (a folder of fonts, or a font file).
            let is_dir = t.is_dir() || (t.is_symlink() && path.is_dir());
            found.push((path, is_dir));
        }
        // By the bytes of the name (one parent): what Path ordering gives, without comparing
        // component by component.
        found.sort_unstable_by(|a, b| a.0.as_os_str().cmp(b.0.as_os_str()));
        for (p, is_dir) in found {
            if self.walk.cut {
                return;
            }
            if is_dir {
                if depth < self.limits.depth {
                    self.dir(&p, depth + 1);
                }
            } else if is_font_name(&p) {
                self.file(p);
            }
        }
    }

    fn file(&mut self, p: PathBuf) {
        let Ok(meta) = std::fs::metadata(&p) else {
            return;
        };
        let stamp = crate::sys::cache::stamp(&meta);
        let seen = match self.known.remove(&p) {
            Some(s) if stamp.is_some() && s.stamp == stamp => s,
            _ => {
                self.changed = true;
                Seen::read(&p, stamp)
            }
        };
        if seen.plausible {
            self.walk.fonts += 1;
            if self.walk.fonts > self.limits.fonts {
                self.walk.cut = true;
                return;
            }
            for face in &seen.faces {
                self.db.push_face_info(face.info(&p));
            }
            self.walk.files.push(p.clone());
        }
        self.found.push((p, seen));
    }
}

/// Adds the faces of the font files under `root` to `db` (in path order, folder by folder) and
/// returns what the search saw. Files the cache knows at their current size and time are not
/// opened; the cache entry is rewritten when anything was read anew or is gone.
pub fn load_dir(db: &mut fontdb::Database, root: &Path, limits: Limits) -> Walk {
    // The entry is the folder's, wherever it was named from.
    let key = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let known = crate::sys::cache::read(&entry_name(&key), KIND)
        .and_then(|p| decode(&key, &p))
        .unwrap_or_default();
    let mut search = Search {
        db,
        limits,
        walk: Walk::default(),
        known,
        found: Vec::new(),
        changed: false,
        visited: HashSet::new(),
    };
    search.dir(root, 0);
    // A file the cache knew and the search did not reach: the entry no longer describes the
    // folder (unless the search stopped at a bound before reaching it).
    if search.changed || (!search.known.is_empty() && !search.walk.cut) {
        crate::sys::cache::write(&entry_name(&key), KIND, &encode(&key, &search.found));
    }
    search.walk
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip_through_the_cache_format() {
        let root = Path::new("/fonts");
        let seen = Seen {
            stamp: Some((12_345, 1_700_000_000_123_456_789)),
            plausible: true,
            faces: vec![Record {
                index: 2,
                families: vec![("Noto Serif CJK SC".into(), 1), ("思源宋体".into(), 2)],
                postscript: "NotoSerifCJKsc-Regular".into(),
                style: 0,
                weight: 400,
                stretch: 5,
                monospaced: false,
            }],
        };
        let broken = Seen {
            stamp: Some((4, 0)),
            plausible: false,
            faces: vec![],
        };
        let recent = Seen {
            stamp: None,
            ..seen.clone()
        };
        let files = vec![
            (PathBuf::from("/fonts/a.ttc"), seen.clone()),
            (PathBuf::from("/fonts/坏.ttf"), broken.clone()),
            (PathBuf::from("/fonts/new.ttf"), recent),
        ];
        let bytes = encode(root, &files);
        let back = decode(root, &bytes).unwrap();
        assert_eq!(back[Path::new("/fonts/a.ttc")], seen);
        assert_eq!(back[Path::new("/fonts/坏.ttf")], broken);
        // A file changed too recently to vouch for is not kept.
        assert_eq!(back.len(), 2);
        // Nor one whose path is not Unicode.
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let odd = PathBuf::from(std::ffi::OsStr::from_bytes(b"/fonts/\xff.ttf"));
            let bytes = encode(root, &[(odd, seen.clone())]);
            assert!(decode(root, &bytes).unwrap().is_empty());
        }
        // Another folder's entry, or a cut one, is not used.
        assert!(decode(Path::new("/other"), &bytes).is_none());
        assert!(decode(root, &bytes[..bytes.len() - 1]).is_none());
    }

    #[test]
    fn face_infos_keep_what_lookups_compare() {
        let record = Record {
            index: 1,
            families: vec![("FangSong".into(), 1), ("仿宋".into(), 2), ("X".into(), 0)],
            postscript: "FangSong".into(),
            style: 1,
            weight: 700,
            stretch: 3,
            monospaced: true,
        };
        let info = record.info(Path::new("/f.ttf"));
        assert_eq!(
            info.families[1].1,
            fontdb::Language::Chinese_PeoplesRepublicOfChina
        );
        assert_eq!(Record::of(&info), record);
    }
}
