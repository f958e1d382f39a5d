//! Font discovery for the PDF output: finds the faces GB/T 9704 asks for (小标宋, 仿宋, 黑体,
//! 楷体, 宋体) by role from the font folders' scan (`scan.rs`, docs/spec/layout.md §8.5), reads only the
//! chosen faces out of their (possibly huge `.ttc`) files, measures glyph advances with
//! ttf-parser and picks a fallback face for characters the role's face lacks.

use std::cell::RefCell;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustc_hash::FxHashMap;

use thiserror::Error;

mod scan;

/// What a face is used for in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// 小标宋: the title.
    Title,
    /// 仿宋: body text and tables.
    Body,
    /// 黑体: first-level headings (一、).
    Hei,
    /// 楷体: second-level headings (（一）).
    Kai,
    /// 宋体: page numbers.
    Song,
}

impl Role {
    /// All roles, in listing order.
    pub const ALL: [Role; 5] = [Role::Title, Role::Body, Role::Hei, Role::Kai, Role::Song];

    /// The Chinese name of the role.
    pub fn label(self) -> &'static str {
        match self {
            Role::Title => "标题（小标宋）",
            Role::Body => "正文（仿宋）",
            Role::Hei => "一级标题（黑体）",
            Role::Kai => "二级标题（楷体）",
            Role::Song => "页码（宋体）",
        }
    }

    /// The key used in `--font ROLE=NAME` overrides.
    pub fn key(self) -> &'static str {
        match self {
            Role::Title => "title",
            Role::Body => "body",
            Role::Hei => "hei",
            Role::Kai => "kai",
            Role::Song => "song",
        }
    }

    /// Parses an override key (`title`, `body`, `hei`, `kai`, `song`, or the Chinese names).
    pub fn parse(s: &str) -> Option<Role> {
        match s.trim() {
            "title" | "小标宋" | "标题" => Some(Role::Title),
            "body" | "仿宋" | "正文" => Some(Role::Body),
            "hei" | "黑体" => Some(Role::Hei),
            "kai" | "楷体" => Some(Role::Kai),
            "song" | "宋体" | "页码" => Some(Role::Song),
            _ => None,
        }
    }

    /// Family names to look for, first installed wins (docs/spec/layout.md §8.5), with the weight wanted.
    fn candidates(self) -> &'static [(&'static str, u16)] {
        match self {
            Role::Title => &[
                ("方正小标宋简体", 400),
                ("FZXiaoBiaoSong-B05S", 400),
                ("方正小标宋_GBK", 400),
                ("华文中宋", 400),
                ("STZhongsong", 400),
                ("Source Han Serif SC", 700),
                ("Noto Serif CJK SC", 700),
                ("FandolSong", 700),
            ],
            Role::Body => &[
                ("仿宋_GB2312", 400),
                ("FangSong_GB2312", 400),
                ("仿宋", 400),
                ("FangSong", 400),
                ("STFangsong", 400),
                ("华文仿宋", 400),
                ("FZFangSong-Z02", 400),
                ("方正仿宋简体", 400),
                ("FandolFang", 400),
                ("Noto Serif CJK SC", 400),
                ("Source Han Serif SC", 400),
            ],
            Role::Hei => &[
                ("黑体", 400),
                ("SimHei", 400),
                ("Heiti SC", 400),
                ("STHeiti", 400),
                ("FZHei-B01", 400),
                ("方正黑体简体", 400),
                ("Noto Sans CJK SC", 500),
                ("Source Han Sans SC", 500),
                ("WenQuanYi Zen Hei", 400),
                ("FandolHei", 400),
            ],
            Role::Kai => &[
                ("楷体_GB2312", 400),
                ("KaiTi_GB2312", 400),
                ("楷体", 400),
                ("KaiTi", 400),
                ("Kaiti SC", 400),
                ("STKaiti", 400),
                ("华文楷体", 400),
                ("FZKai-Z03", 400),
                ("方正楷体简体", 400),
                ("FandolKai", 400),
                ("LXGW WenKai", 400),
                ("霞鹜文楷", 400),
                ("AR PL UKai CN", 400),
                ("AR PL KaitiM GB", 400),
            ],
            Role::Song => &[
                ("宋体", 400),
                ("SimSun", 400),
                ("Songti SC", 400),
                ("STSong", 400),
                ("FZShuSong-Z01", 400),
                ("Noto Serif CJK SC", 400),
                ("Source Han Serif SC", 400),
                ("FandolSong", 400),
                ("AR PL UMing CN", 400),
            ],
        }
    }

    /// The Windows file names (stems, compared without case) a family is installed under.
    /// A file found under one of these names counts as the family even when its name table
    /// says otherwise or cannot be read (older Chinese fonts name themselves in GB2312 only).
    /// `SIMFANG`/`SIMKAI` are 仿宋/楷体 since Windows Vista and were 仿宋_GB2312/楷体_GB2312 on
    /// Windows XP; those older files say so in their name table and match by name first.
    fn windows_files(family: &str) -> &'static [&'static str] {
        match family {
            "方正小标宋简体" => &["FZXBSJW", "FZXBSJW--GB1-0", "方正小标宋简体"],
            "方正小标宋_GBK" => &["FZXBSK", "FZXBSK--GBK1-0", "方正小标宋_GBK"],
            "华文中宋" => &["STZHONGS", "华文中宋"],
            "仿宋_GB2312" => &[
                "仿宋_GB2312",
                "FS_GB2312",
                "FangSong_GB2312",
                "SIMFANG_GB2312",
            ],
            "仿宋" => &["SIMFANG", "仿宋"],
            "华文仿宋" => &["STFANGSO", "华文仿宋"],
            "方正仿宋简体" => &["FZFSJW", "FZFSJW--GB1-0", "方正仿宋简体"],
            "黑体" => &["SIMHEI", "黑体"],
            "方正黑体简体" => &["FZHTJW", "FZHTJW--GB1-0", "方正黑体简体"],
            "楷体_GB2312" => &["楷体_GB2312", "KaiTi_GB2312", "SIMKAI_GB2312"],
            "楷体" => &["SIMKAI", "楷体"],
            "华文楷体" => &["STKAITI", "华文楷体"],
            "方正楷体简体" => &["FZKTJW", "FZKTJW--GB1-0", "方正楷体简体"],
            "宋体" => &["SIMSUN", "宋体"],
            "STSong" => &["STSONG", "华文宋体"],
            _ => &[],
        }
    }

    /// The roles whose face stands in when this role has none of its own.
    fn substitutes(self) -> &'static [Role] {
        match self {
            Role::Title => &[Role::Song, Role::Hei, Role::Body],
            Role::Body => &[Role::Song, Role::Kai, Role::Title, Role::Hei],
            Role::Hei => &[Role::Title, Role::Body, Role::Song],
            Role::Kai => &[Role::Body, Role::Song, Role::Title, Role::Hei],
            Role::Song => &[Role::Body, Role::Title, Role::Kai, Role::Hei],
        }
    }
}

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

fn english_family(info: &fontdb::FaceInfo) -> String {
    info.families
        .first()
        .map(|(n, _)| n.clone())
        .unwrap_or_else(|| info.post_script_name.clone())
}

/// Whether a face is named `name` (trimmed) by a family name or its PostScript name, without
/// case; `squashed` is `name` without spaces, as PostScript names write family names.
fn names_match(info: &fontdb::FaceInfo, name: &str, squashed: &str) -> bool {
    info.families
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case(name))
        || info.post_script_name.eq_ignore_ascii_case(name)
        || info.post_script_name.eq_ignore_ascii_case(squashed)
}

/// The face of `name` closest to `weight` (upright preferred).
fn find<'a>(db: &'a fontdb::Database, name: &str, weight: u16) -> Option<&'a fontdb::FaceInfo> {
    let name = name.trim();
    let squashed = name.replace(' ', "");
    db.faces()
        .filter(|f| names_match(f, name, &squashed))
        .min_by_key(|f| {
            (
                u16::from(f.style != fontdb::Style::Normal),
                f.weight.0.abs_diff(weight),
                f.index,
            )
        })
}

fn path_of(info: &fontdb::FaceInfo) -> Option<PathBuf> {
    match &info.source {
        fontdb::Source::File(p) | fontdb::Source::SharedFile(p, _) => Some(p.clone()),
        fontdb::Source::Binary(_) => None,
    }
}

/// A face chosen for a role, before its file is mapped.
struct Pick {
    path: PathBuf,
    index: u32,
    family: String,
    postscript: String,
    weight: u16,
    /// The candidate or override name that chose it.
    matched: String,
    /// The file name it was found by, when it was found by file name.
    file: Option<String>,
}

impl Pick {
    fn of(info: &fontdb::FaceInfo, matched: &str) -> Option<Pick> {
        Some(Pick {
            path: path_of(info)?,
            index: info.index,
            family: english_family(info),
            postscript: info.post_script_name.clone(),
            weight: info.weight.0,
            matched: matched.to_string(),
            file: None,
        })
    }
}

/// Whether a face names itself in simplified Chinese (to pick the SC face of a collection).
fn simplified(info: &fontdb::FaceInfo) -> bool {
    info.families.iter().any(|(n, lang)| {
        *lang == fontdb::Language::Chinese_PeoplesRepublicOfChina
            || n.ends_with(" SC")
            || n.contains("GB")
    })
}

/// A font file found by the folder search, with its name and its name without the extension
/// in lower case (what Windows file names are compared with).
struct FoundFile {
    path: PathBuf,
    lower: [String; 2],
}

impl FoundFile {
    fn new(path: PathBuf) -> FoundFile {
        let lower = |s: Option<&std::ffi::OsStr>| {
            s.map(|s| s.to_string_lossy().to_lowercase())
                .unwrap_or_default()
        };
        let lower = [lower(path.file_stem()), lower(path.file_name())];
        FoundFile { path, lower }
    }
}

/// The face of `family` found by one of its Windows file names among `files` (first match
/// wins, so `--font-dir` folders come before the Windows font folders). `names` are compared
/// without case with each file's name and with its name without the extension.
fn find_by_file(
    db: &fontdb::Database,
    files: &[FoundFile],
    names: &[&str],
    family: &str,
) -> Option<Pick> {
    let names: Vec<String> = names.iter().map(|n| n.trim().to_lowercase()).collect();
    let path = &files
        .iter()
        .find(|f| f.lower.iter().any(|s| !s.is_empty() && names.contains(s)))?
        .path;
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let in_db = db
        .faces()
        .filter(|f| path_of(f).as_deref() == Some(path.as_path()))
        .min_by_key(|f| (u16::from(!simplified(f)), f.index));
    if let Some(info) = in_db {
        let mut pick = Pick::of(info, family)?;
        pick.file = Some(file);
        return Some(pick);
    }
    // fontdb skips faces whose names it cannot decode; such a file is still usable when it
    // parses and draws Chinese.
    let data = map_file(path).ok()?;
    let face = ttf_parser::Face::parse(data.as_slice(), 0).ok()?;
    face.glyph_index('政')?;
    let postscript = face
        .names()
        .into_iter()
        .find(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
        .and_then(|n| n.to_string())
        .unwrap_or_default();
    Some(Pick {
        path: path.clone(),
        index: 0,
        family: family.to_string(),
        postscript,
        weight: face.weight().to_number(),
        matched: family.to_string(),
        file: Some(file),
    })
}

/// Finds the faces for every role.
///
/// With `system`, the system font folders are searched too (`scan::system_dirs`: on
/// Windows those of [`windows_font_dirs`], elsewhere the ones fontdb knows). Each role takes
/// its first candidate found by family name or, on failing that, by one of the Windows file
/// names of that candidate.
pub fn resolve(opts: &FontOptions) -> Result<Fonts, FontError> {
    let mut db = fontdb::Database::new();
    let mut files: Vec<FoundFile> = Vec::new();
    for dir in &opts.font_dirs {
        if !dir.is_dir() {
            let why = if dir.exists() {
                "不是文件夹：--font-dir 要写存放字体文件的文件夹（单个字体文件请用 --font 类别=文件）"
            } else {
                "不存在，请检查路径"
            };
            return Err(FontError::NotADir {
                path: dir.clone(),
                why,
            });
        }
        let walk = scan::load_dir(&mut db, dir, scan::USER);
        if walk.cut {
            crate::errln!(
                "提示：字体目录 {} 太大，只查找了其中前 {} 个文件（或 {} 个字体文件）；请指定只存放字体的文件夹",
                dir.display(),
                scan::USER.entries,
                scan::USER.fonts
            );
        }
        files.extend(walk.files.into_iter().map(FoundFile::new));
    }
    if opts.system {
        for dir in scan::system_dirs() {
            if !opts.font_dirs.contains(&dir) {
                let walk = scan::load_dir(&mut db, &dir, scan::SYSTEM);
                files.extend(walk.files.into_iter().map(FoundFile::new));
            }
        }
    }
    // Files found damaged while embedding are left out, so the next candidate is used.
    let damaged: Vec<fontdb::ID> = db
        .faces()
        .filter(|f| path_of(f).is_some_and(|p| opts.exclude.contains(&p)))
        .map(|f| f.id)
        .collect();
    for id in damaged {
        db.remove_face(id);
    }
    // Overrides naming a file are loaded into the database too.
    let mut override_files: Vec<(Role, PathBuf)> = Vec::new();
    let overrides: Vec<&(Role, String)> = opts
        .overrides
        .iter()
        .filter(|(_, name)| !opts.exclude.iter().any(|x| x == Path::new(name)))
        .collect();
    for (role, name) in &overrides {
        let p = Path::new(name);
        if p.is_file() {
            if !scan::plausible_font(p) {
                return Err(io_err(
                    p,
                    "这个文件不是字体文件（应为 .ttf、.otf 或 .ttc 字体）",
                ));
            }
            db.load_font_file(p).map_err(|e| io_err(p, e))?;
            override_files.push((*role, p.to_path_buf()));
        }
    }
    let mut picked: Vec<(Role, Option<Pick>)> = Vec::new();
    for role in Role::ALL {
        let over = overrides.iter().rev().find(|(r, _)| *r == role);
        let choice = if let Some((_, name)) = over {
            let file = override_files
                .iter()
                .rev()
                .find(|(r, _)| *r == role)
                .map(|(_, p)| p.clone());
            let info = match &file {
                Some(p) => db
                    .faces()
                    .filter(|f| path_of(f).as_deref() == Some(p.as_path()))
                    .min_by_key(|f| f.index),
                None => find(&db, name, 400),
            };
            let pick = info
                .and_then(|i| Pick::of(i, name))
                .or_else(|| find_by_file(&db, &files, &[name.as_str()], name))
                .or_else(|| find_by_file(&db, &files, Role::windows_files(name), name));
            Some(pick.ok_or_else(|| FontError::OverrideNotFound {
                role: role.label(),
                name: name.clone(),
            })?)
        } else {
            role.candidates().iter().find_map(|(name, weight)| {
                find(&db, name, *weight)
                    .and_then(|i| Pick::of(i, name))
                    .or_else(|| find_by_file(&db, &files, Role::windows_files(name), name))
            })
        };
        picked.push((role, choice));
    }
    if picked.iter().all(|(_, c)| c.is_none()) {
        return Err(FontError::NoCjkFont);
    }
    let mut faces: Vec<Face> = Vec::new();
    let mut own: Vec<(Role, FaceId, String, Option<String>)> = Vec::new();
    for (role, choice) in picked {
        let Some(pick) = choice else {
            continue;
        };
        let existing = faces
            .iter()
            .position(|f| f.path == pick.path && f.index == pick.index);
        let face = match existing {
            Some(f) => f,
            None => {
                let data = map_file(&pick.path)?;
                if ttf_parser::Face::parse(data.as_slice(), pick.index).is_err() {
                    return Err(io_err(&pick.path, "无法解析字体"));
                }
                faces.push(Face {
                    family: pick.family,
                    postscript: pick.postscript,
                    weight: pick.weight,
                    path: pick.path,
                    index: pick.index,
                    data,
                });
                faces.len() - 1
            }
        };
        own.push((role, face, pick.matched, pick.file));
    }
    let mut roles = Vec::new();
    for role in Role::ALL {
        let res = if let Some((_, face, matched, file)) = own.iter().find(|o| o.0 == role) {
            Resolution {
                face: *face,
                matched: matched.clone(),
                file: file.clone(),
                substitute_for: None,
            }
        } else {
            let (sub, face, _, _) = role
                .substitutes()
                .iter()
                .find_map(|s| own.iter().find(|o| o.0 == *s))
                .or_else(|| own.first())
                .ok_or(FontError::NoCjkFont)?;
            Resolution {
                face: *face,
                matched: String::new(),
                file: None,
                substitute_for: Some(*sub),
            }
        };
        roles.push((role, res));
    }
    let fonts = Fonts { faces, roles };
    // At least one face must draw Chinese.
    let metrics = fonts.metrics();
    if (0..fonts.faces.len()).all(|f| metrics.glyph_advance(f, '政').is_none()) {
        return Err(FontError::NoCjkFont);
    }
    drop(metrics);
    Ok(fonts)
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
mod tests {
    use super::*;

    #[test]
    fn role_keys_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.key()), Some(r));
        }
        assert_eq!(Role::parse("楷体"), Some(Role::Kai));
        assert_eq!(Role::parse("bold"), None);
    }

    #[test]
    fn no_fonts_gives_the_install_hint() {
        let dir = std::env::temp_dir().join(format!("gxgk-nofonts-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let err = resolve(&FontOptions {
            font_dirs: vec![dir.clone()],
            overrides: vec![],
            system: false,
            exclude: vec![],
        })
        .unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains(crate::sys::platform::System::current().font_install_line())
                && msg.contains("--font-dir"),
            "{msg}"
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn windows_font_folders_come_from_the_environment() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                vars.iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| std::ffi::OsString::from(v))
            }
        };
        let dirs = windows_font_dirs(env(&[
            ("WINDIR", r"D:\WINDOWS"),
            ("SystemRoot", r"C:\Windows"),
            ("LOCALAPPDATA", r"C:\Users\张三\AppData\Local"),
            ("APPDATA", r"C:\Users\张三\AppData\Roaming\"),
        ]));
        assert_eq!(
            dirs,
            [
                PathBuf::from(r"D:\WINDOWS\Fonts"),
                PathBuf::from(r"C:\Users\张三\AppData\Local\Microsoft\Windows\Fonts"),
                PathBuf::from(r"C:\Users\张三\AppData\Roaming\Microsoft\Windows\Fonts"),
            ]
        );
        // Without WINDIR: SystemRoot; without LOCALAPPDATA/APPDATA: under USERPROFILE.
        let dirs = windows_font_dirs(env(&[
            ("SystemRoot", r"C:\Windows"),
            ("USERPROFILE", r"C:\Users\li"),
        ]));
        assert_eq!(
            dirs,
            [
                PathBuf::from(r"C:\Windows\Fonts"),
                PathBuf::from(r"C:\Users\li\AppData\Local\Microsoft\Windows\Fonts"),
                PathBuf::from(r"C:\Users\li\AppData\Roaming\Microsoft\Windows\Fonts"),
            ]
        );
        assert_eq!(
            windows_font_dirs(env(&[])),
            [PathBuf::from(r"C:\Windows\Fonts")]
        );
    }

    #[test]
    fn windows_file_names_cover_the_official_faces() {
        for (family, file) in [
            ("方正小标宋简体", "FZXBSJW"),
            ("仿宋_GB2312", "仿宋_GB2312"),
            ("仿宋", "SIMFANG"),
            ("黑体", "SIMHEI"),
            ("楷体", "SIMKAI"),
            ("宋体", "SIMSUN"),
        ] {
            assert!(Role::windows_files(family).contains(&file), "{family}");
        }
        // Each of the 15 families given file names is one some role looks for.
        let families: Vec<&str> = Role::ALL
            .iter()
            .flat_map(|r| r.candidates().iter().map(|(n, _)| *n))
            .collect();
        let with_files = families
            .iter()
            .filter(|f| !Role::windows_files(f).is_empty())
            .count();
        assert_eq!(with_files, 15);
    }

    #[test]
    fn unreadable_files_are_errors_not_panics() {
        let err = map_file(Path::new("/nonexistent/gxgk/font.ttc")).unwrap_err();
        assert!(err.to_string().contains("读取字体文件"), "{err}");
        let dir = std::env::temp_dir().join(format!("gxgk-badfont-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("bad.ttf");
        std::fs::write(&p, b"ttcf garbage").unwrap();
        std::fs::write(dir.join("short.otf"), b"OTTO").unwrap();
        let err = resolve(&FontOptions {
            font_dirs: vec![dir.clone()],
            overrides: vec![(Role::Body, p.display().to_string())],
            system: false,
            exclude: vec![],
        })
        .unwrap_err();
        assert!(!err.to_string().is_empty());
        std::fs::remove_dir_all(&dir).ok();
    }
}
