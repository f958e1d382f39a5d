//! Font discovery for the PDF output: finds the faces GB/T 9704 asks for (小标宋, 仿宋, 黑体,
//! 楷体, 宋体) by role from the font folders' scan (`scan.rs`, docs/spec/layout.md §8.5), reads only the
//! chosen faces out of their (possibly huge `.ttc`) files, measures glyph advances with
//! ttf-parser and picks a fallback face for characters the role's face lacks. The roles and
//! their names are in `role.rs`, the choice of a face per role in `pick.rs`.

use std::cell::RefCell;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustc_hash::FxHashMap;

use thiserror::Error;

mod pick;
mod role;
mod scan;

pub use pick::resolve;
pub use role::Role;

/// Where to look for fonts.
#[derive(Debug, Clone)]
pub struct FontOptions {
    /// Extra directories (searched before the system fonts).
    pub font_dirs: Vec<PathBuf>,
    /// Per-role overrides: a family name, PostScript name, or a font file path.
    pub overrides: Vec<(Role, String)>,
    /// Whether to scan the system font directories too.
    pub system: bool,
    /// Font files found damaged (they are skipped, and the next candidate is used).
    pub exclude: Vec<PathBuf>,
}

impl Default for FontOptions {
    fn default() -> Self {
        FontOptions {
            font_dirs: Vec::new(),
            overrides: Vec::new(),
            system: true,
            exclude: Vec::new(),
        }
    }
}

/// Font lookup failures (Chinese messages: they reach the user as they are).
#[derive(Debug, Error)]
pub enum FontError {
    /// No CJK face at all.
    #[error(
        "未找到可用的中文字体。请安装中文字体（{}），\
         或用 --font-dir 指定存放仿宋_GB2312、黑体、楷体_GB2312、方正小标宋简体等字体文件的目录。",
        crate::sys::platform::font_install_advice()
    )]
    NoCjkFont,
    /// An override names nothing that was found.
    #[error(
        "{role}字体“{name}”未找到：请给出已安装字体的名称，或字体文件（.ttf/.otf/.ttc）的路径。"
    )]
    OverrideNotFound {
        /// The role's Chinese label.
        role: &'static str,
        /// The name as given.
        name: String,
    },
    /// A `--font-dir` that is not a folder.
    #[error("字体目录 {} {}", .path.display(), .why)]
    NotADir {
        /// The path as given.
        path: PathBuf,
        /// Why it cannot be used, in Chinese.
        why: &'static str,
    },
    /// A chosen font file could not be read.
    #[error("读取字体文件 {path} 失败：{message}")]
    Read {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
}

/// Index of a face in [`Fonts::faces`].
pub type FaceId = usize;

/// One chosen face. The file is memory-mapped, never read whole: parsing and subsetting
/// touch only the tables and glyphs they need, which matters for 20–70 MB `.ttc` files.
#[derive(Clone)]
pub struct Face {
    /// Family name as the font states it (English if it has one).
    pub family: String,
    /// PostScript name.
    pub postscript: String,
    /// Weight (400 regular, 700 bold).
    pub weight: u16,
    /// The file it came from.
    pub path: PathBuf,
    /// The face's index inside the file (for `.ttc`).
    pub index: u32,
    /// The whole file, memory-mapped (shared with the PDF writer).
    pub data: Arc<FontBytes>,
}

impl std::fmt::Debug for Face {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Face")
            .field("family", &self.family)
            .field("postscript", &self.postscript)
            .field("path", &self.path)
            .field("index", &self.index)
            .field("bytes", &self.data.len())
            .finish()
    }
}

/// How a role was resolved.
#[derive(Debug, Clone)]
pub struct Resolution {
    /// The face drawing this role.
    pub face: FaceId,
    /// How it was chosen: the candidate name matched, or the override given.
    pub matched: String,
    /// The file name it was found by (`simfang.ttf`), when found by Windows file name.
    pub file: Option<String>,
    /// Set when no face of the role's own kind was found and another role's face stands in.
    pub substitute_for: Option<Role>,
}

/// The faces chosen for the five roles.
#[derive(Debug, Clone)]
pub struct Fonts {
    faces: Vec<Face>,
    roles: Vec<(Role, Resolution)>,
}

impl Fonts {
    /// All chosen faces (each once).
    pub fn faces(&self) -> &[Face] {
        &self.faces
    }

    /// The face for a role.
    pub fn face_of(&self, role: Role) -> FaceId {
        self.resolution(role).face
    }

    /// How a role was resolved.
    pub fn resolution(&self, role: Role) -> &Resolution {
        // Every role is resolved by construction.
        &self
            .roles
            .iter()
            .find(|(r, _)| *r == role)
            .unwrap_or(&self.roles[0])
            .1
    }

    /// Parsed faces for measuring text; borrow the bytes held here.
    pub fn metrics(&self) -> Metrics<'_> {
        let parsed = self
            .faces
            .iter()
            .map(|f| ttf_parser::Face::parse(f.data.as_slice(), f.index).ok())
            .collect();
        Metrics {
            fonts: self,
            parsed,
            cache: RefCell::new(FxHashMap::default()),
        }
    }
}

/// Glyph lookups and advances over the chosen faces.
pub struct Metrics<'a> {
    fonts: &'a Fonts,
    parsed: Vec<Option<ttf_parser::Face<'a>>>,
    /// Keyed by small integers, hashed with Fx (the layout asks once per character drawn).
    cache: RefCell<FxHashMap<(FaceId, char), Option<Glyph>>>,
}

/// A character's glyph in one face: its ID and advance width.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    /// The glyph ID in the face.
    pub id: u16,
    /// The advance width, in em.
    pub advance: f32,
}

impl<'a> Metrics<'a> {
    /// The glyph drawing `ch` in `face`, or `None` when the face has none. Each character is
    /// looked up in the face's `cmap` once; the layout and the PDF writer share the answer.
    pub fn glyph(&self, face: FaceId, ch: char) -> Option<Glyph> {
        if let Some(v) = self.cache.borrow().get(&(face, ch)) {
            return *v;
        }
        let v = self
            .parsed
            .get(face)
            .and_then(Option::as_ref)
            .and_then(|f| {
                let gid = f.glyph_index(ch)?;
                let units = f32::from(f.units_per_em().max(1));
                Some(Glyph {
                    id: gid.0,
                    advance: f32::from(f.glyph_hor_advance(gid).unwrap_or(0)) / units,
                })
            });
        self.cache.borrow_mut().insert((face, ch), v);
        v
    }

    /// The advance of `ch` in `face`, in em, or `None` when the face has no glyph for it.
    pub fn glyph_advance(&self, face: FaceId, ch: char) -> Option<f32> {
        self.glyph(face, ch).map(|g| g.advance)
    }

    /// The parsed face (`None` for a face that could not be parsed).
    pub fn parsed(&self, face: FaceId) -> Option<&ttf_parser::Face<'a>> {
        self.parsed.get(face).and_then(Option::as_ref)
    }

    /// The fonts measured.
    pub fn fonts(&self) -> &'a Fonts {
        self.fonts
    }

    /// The face drawing `ch` for `role`: the role's face, else the first other chosen face
    /// that has the glyph. Whitespace and control characters always use the role's face.
    pub fn face_for(&self, role: Role, ch: char) -> Option<FaceId> {
        let own = self.fonts.face_of(role);
        if ch.is_whitespace() || self.glyph_advance(own, ch).is_some() {
            return Some(own);
        }
        let mut order: Vec<FaceId> = role
            .substitutes()
            .iter()
            .map(|r| self.fonts.face_of(*r))
            .collect();
        order.extend(0..self.fonts.faces.len());
        order
            .into_iter()
            .find(|&f| f != own && self.glyph_advance(f, ch).is_some())
    }
}

fn io_err(path: &Path, e: impl std::fmt::Display) -> FontError {
    FontError::Read {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// A font file mapped read-only into memory.
#[derive(Debug)]
pub struct FontBytes(mmapio::Mmap);

impl FontBytes {
    /// The file's bytes.
    pub fn as_slice(&self) -> &[u8] {
        &self.0
    }
    /// The file's length in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// Whether the file is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Maps a font file into memory.
pub fn map_file(path: &Path) -> Result<Arc<FontBytes>, FontError> {
    let file = std::fs::File::open(path).map_err(|e| io_err(path, e))?;
    // SAFETY: the mapping is read-only; font files are not modified while a report renders
    // (the same assumption fontdb and rust-fontconfig make for every system font).
    let map = unsafe { mmapio::MmapOptions::new().map(&file) }.map_err(|e| io_err(path, e))?;
    Ok(Arc::new(FontBytes(map)))
}

/// The Windows font folders, given a way to read environment variables: the system folder
/// `%WINDIR%\Fonts` (else `%SystemRoot%\Fonts`, else `C:\Windows\Fonts`) and the per-user
/// folders that "为当前用户安装" puts fonts in (`%LOCALAPPDATA%\Microsoft\Windows\Fonts`, and
/// the roaming one). Pure, so it is tested on every platform.
pub fn windows_font_dirs(env: impl Fn(&str) -> Option<std::ffi::OsString>) -> Vec<PathBuf> {
    // Joined with `\` by hand: this also runs (in tests) where `/` is the separator.
    let join = |base: std::ffi::OsString, tail: &str| {
        let mut s = base
            .to_string_lossy()
            .trim_end_matches(['\\', '/'])
            .to_string();
        s.push('\\');
        s.push_str(tail);
        PathBuf::from(s)
    };
    let nonempty = |k: &str| env(k).filter(|v| !v.is_empty());
    let mut dirs = vec![
        match nonempty("WINDIR").or_else(|| nonempty("SystemRoot")) {
            Some(w) => join(w, "Fonts"),
            None => PathBuf::from(r"C:\Windows\Fonts"),
        },
    ];
    if let Some(local) = nonempty("LOCALAPPDATA") {
        dirs.push(join(local, r"Microsoft\Windows\Fonts"));
    } else if let Some(home) = nonempty("USERPROFILE") {
        dirs.push(join(home, r"AppData\Local\Microsoft\Windows\Fonts"));
    }
    if let Some(roaming) = nonempty("APPDATA") {
        dirs.push(join(roaming, r"Microsoft\Windows\Fonts"));
    } else if let Some(home) = nonempty("USERPROFILE") {
        dirs.push(join(home, r"AppData\Roaming\Microsoft\Windows\Fonts"));
    }
    let mut unique: Vec<PathBuf> = Vec::new();
    for d in dirs {
        let key = d.to_string_lossy().to_lowercase();
        if !unique
            .iter()
            .any(|u| u.to_string_lossy().to_lowercase() == key)
        {
            unique.push(d);
        }
    }
    unique
}

/// What each role resolved to, in Chinese (the `gxgk fonts` listing).
pub fn describe(fonts: &Fonts) -> String {
    let mut out = String::new();
    for role in Role::ALL {
        let r = fonts.resolution(role);
        let f = &fonts.faces[r.face];
        let _ = write!(out, "{}：{}（{}", role.label(), f.family, f.postscript);
        let _ = write!(out, "，字重 {}）", f.weight);
        let _ = write!(out, "  {}", f.path.display());
        if f.index > 0
            || f.path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("ttc"))
        {
            let _ = write!(out, " #{}", f.index);
        }
        if let Some(sub) = r.substitute_for {
            let wanted: Vec<&str> = role.candidates().iter().take(4).map(|(n, _)| *n).collect();
            let _ = write!(
                out,
                "\n  未找到{}字体（如 {}），暂用{}的字体代替",
                role.label(),
                wanted.join("、"),
                sub.label()
            );
        } else if let Some(file) = &r.file {
            let _ = write!(out, "（按文件名 {file} 视作“{}”）", r.matched);
        } else if !r.matched.is_empty() && !names_match_face(f, &r.matched) {
            let _ = write!(out, "（按“{}”选定）", r.matched);
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "\n缺少字体时，{}",
        crate::sys::platform::font_install_advice()
    );
    out
}

fn names_match_face(f: &Face, name: &str) -> bool {
    f.family.eq_ignore_ascii_case(name) || f.postscript.eq_ignore_ascii_case(name)
}

#[cfg(test)]
mod tests;
