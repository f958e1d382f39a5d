//! Font discovery for the PDF output: finds the faces GB/T 9704 asks for (小标宋, 仿宋, 黑体,
//! 楷体, 宋体) by role with a fontdb metadata scan (spec §8.5), reads only the chosen faces
//! out of their (possibly huge `.ttc`) files, measures glyph advances with ttf-parser and
//! picks a fallback face for characters the role's face lacks.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use thiserror::Error;

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

    /// Family names to look for, first installed wins (spec §8.5), with the weight wanted.
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
}

impl Default for FontOptions {
    fn default() -> Self {
        FontOptions {
            font_dirs: Vec::new(),
            overrides: Vec::new(),
            system: true,
        }
    }
}

/// Font lookup failures (Chinese messages: they reach the user as they are).
#[derive(Debug, Error)]
pub enum FontError {
    /// No CJK face at all.
    #[error(
        "未找到可用的中文字体。请安装 Noto CJK 字体（Debian/Ubuntu：sudo apt install fonts-noto-cjk），\
         或用 --font-dir 指定存放仿宋_GB2312、黑体、楷体_GB2312、方正小标宋简体等字体文件的目录。"
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

/// One chosen face, its bytes read out of its file (a single sfnt even when the file is a
/// collection).
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
    /// The face as a standalone sfnt.
    pub data: Arc<[u8]>,
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
            .map(|f| ttf_parser::Face::parse(&f.data, 0).ok())
            .collect();
        Metrics {
            fonts: self,
            parsed,
            cache: RefCell::new(HashMap::new()),
        }
    }
}

/// Glyph lookups and advances over the chosen faces.
pub struct Metrics<'a> {
    fonts: &'a Fonts,
    parsed: Vec<Option<ttf_parser::Face<'a>>>,
    cache: RefCell<HashMap<(FaceId, char), Option<f32>>>,
}

impl Metrics<'_> {
    /// The advance of `ch` in `face`, in em, or `None` when the face has no glyph for it.
    pub fn glyph_advance(&self, face: FaceId, ch: char) -> Option<f32> {
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
                Some(f32::from(f.glyph_hor_advance(gid).unwrap_or(0)) / units)
            });
        self.cache.borrow_mut().insert((face, ch), v);
        v
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

fn be16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// Reads face `index` of a font file as a standalone sfnt. For a collection only that face's
/// tables are read (with positioned reads), never the whole file.
pub fn read_face(path: &Path, index: u32) -> Result<Vec<u8>, FontError> {
    let bad = |what: &str| io_err(path, format!("不是有效的字体文件（{what}）"));
    let mut file = std::fs::File::open(path).map_err(|e| io_err(path, e))?;
    let mut head = [0u8; 12];
    file.read_exact(&mut head).map_err(|e| io_err(path, e))?;
    if &head[0..4] != b"ttcf" {
        let mut all = head.to_vec();
        file.read_to_end(&mut all).map_err(|e| io_err(path, e))?;
        return Ok(all);
    }
    let count = be32(&head, 8).ok_or_else(|| bad("ttc"))?;
    if index >= count {
        return Err(bad("face index"));
    }
    let mut read_at = |offset: u64, len: usize| -> Result<Vec<u8>, FontError> {
        let mut buf = vec![0u8; len];
        file.seek(SeekFrom::Start(offset))
            .and_then(|_| file.read_exact(&mut buf))
            .map_err(|e| io_err(path, e))?;
        Ok(buf)
    };
    let offset = be32(&read_at(12 + 4 * u64::from(index), 4)?, 0).ok_or_else(|| bad("ttc"))?;
    let table_dir = read_at(u64::from(offset), 12)?;
    let num_tables = usize::from(be16(&table_dir, 4).ok_or_else(|| bad("sfnt"))?);
    let records = read_at(u64::from(offset) + 12, 16 * num_tables)?;
    let mut out = Vec::new();
    out.extend_from_slice(&table_dir);
    out.resize(12 + 16 * num_tables, 0);
    for i in 0..num_tables {
        let r = &records[16 * i..16 * i + 16];
        let (table_offset, len) = (
            be32(r, 8).ok_or_else(|| bad("table"))?,
            be32(r, 12).ok_or_else(|| bad("table"))?,
        );
        if len > 256 << 20 {
            return Err(bad("table size"));
        }
        let new_offset = out.len() as u32;
        let data = read_at(u64::from(table_offset), len as usize)?;
        out.extend_from_slice(&data);
        while out.len() % 4 != 0 {
            out.push(0);
        }
        let rec = 12 + 16 * i;
        out[rec..rec + 8].copy_from_slice(&r[0..8]);
        out[rec + 8..rec + 12].copy_from_slice(&new_offset.to_be_bytes());
        out[rec + 12..rec + 16].copy_from_slice(&len.to_be_bytes());
    }
    Ok(out)
}

fn english_family(info: &fontdb::FaceInfo) -> String {
    info.families
        .first()
        .map(|(n, _)| n.clone())
        .unwrap_or_else(|| info.post_script_name.clone())
}

fn names_match(info: &fontdb::FaceInfo, name: &str) -> bool {
    let name = name.trim();
    info.families
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case(name))
        || info.post_script_name.eq_ignore_ascii_case(name)
        || info
            .post_script_name
            .eq_ignore_ascii_case(&name.replace(' ', ""))
}

/// The face of `name` closest to `weight` (upright preferred).
fn find<'a>(db: &'a fontdb::Database, name: &str, weight: u16) -> Option<&'a fontdb::FaceInfo> {
    db.faces().filter(|f| names_match(f, name)).min_by_key(|f| {
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

/// Finds the faces for every role.
pub fn resolve(opts: &FontOptions) -> Result<Fonts, FontError> {
    let mut db = fontdb::Database::new();
    for dir in &opts.font_dirs {
        db.load_fonts_dir(dir);
    }
    if opts.system {
        db.load_system_fonts();
    }
    // Overrides naming a file are loaded into the database too.
    let mut override_files: Vec<(Role, PathBuf)> = Vec::new();
    for (role, name) in &opts.overrides {
        let p = Path::new(name);
        if p.is_file() {
            db.load_font_file(p).map_err(|e| io_err(p, e))?;
            override_files.push((*role, p.to_path_buf()));
        }
    }
    // role -> (fontdb face, matched name)
    let mut picked: Vec<(Role, Option<(fontdb::ID, String)>)> = Vec::new();
    for role in Role::ALL {
        let over = opts.overrides.iter().rev().find(|(r, _)| *r == role);
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
            let info = info.ok_or_else(|| FontError::OverrideNotFound {
                role: role.label(),
                name: name.clone(),
            })?;
            Some((info.id, name.clone()))
        } else {
            role.candidates().iter().find_map(|(name, weight)| {
                find(&db, name, *weight).map(|i| (i.id, name.to_string()))
            })
        };
        picked.push((role, choice));
    }
    if picked.iter().all(|(_, c)| c.is_none()) {
        return Err(FontError::NoCjkFont);
    }
    let mut faces: Vec<Face> = Vec::new();
    let mut ids: Vec<fontdb::ID> = Vec::new();
    let mut own: Vec<(Role, FaceId, String)> = Vec::new();
    for (role, choice) in &picked {
        let Some((id, matched)) = choice else {
            continue;
        };
        let face = match ids.iter().position(|i| i == id) {
            Some(f) => f,
            None => {
                let info = db.face(*id).ok_or(FontError::NoCjkFont)?;
                let path = path_of(info).ok_or(FontError::NoCjkFont)?;
                let data = read_face(&path, info.index)?;
                if ttf_parser::Face::parse(&data, 0).is_err() {
                    return Err(io_err(&path, "无法解析字体"));
                }
                faces.push(Face {
                    family: english_family(info),
                    postscript: info.post_script_name.clone(),
                    weight: info.weight.0,
                    path,
                    index: info.index,
                    data: Arc::from(data),
                });
                ids.push(*id);
                faces.len() - 1
            }
        };
        own.push((*role, face, matched.clone()));
    }
    let mut roles = Vec::new();
    for role in Role::ALL {
        let res = if let Some((_, face, matched)) = own.iter().find(|(r, _, _)| *r == role) {
            Resolution {
                face: *face,
                matched: matched.clone(),
                substitute_for: None,
            }
        } else {
            let (sub, face, _) = role
                .substitutes()
                .iter()
                .find_map(|s| own.iter().find(|(r, _, _)| r == s))
                .or_else(|| own.first())
                .ok_or(FontError::NoCjkFont)?;
            Resolution {
                face: *face,
                matched: String::new(),
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
        } else if !r.matched.is_empty() && !names_match_face(f, &r.matched) {
            let _ = write!(out, "（按“{}”选定）", r.matched);
        }
        out.push('\n');
    }
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
        })
        .unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("fonts-noto-cjk") && msg.contains("--font-dir"),
            "{msg}"
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn garbage_files_are_errors_not_panics() {
        let dir = std::env::temp_dir().join(format!("gxgk-badfont-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("bad.ttc");
        std::fs::write(&p, b"ttcf\0\0\0\0\0\0\0\x05\0\0\0\0").unwrap();
        assert!(read_face(&p, 3).is_err());
        assert!(read_face(&p, 9).is_err());
        std::fs::write(&p, b"tt").unwrap();
        assert!(read_face(&p, 0).is_err());
        std::fs::remove_dir_all(&dir).ok();
    }
}
