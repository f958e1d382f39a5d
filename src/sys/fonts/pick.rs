//! Choosing a face for each role: `--font` choices and the family names of each role looked
//! up in the scanned font folders (by family, PostScript or Windows file name), simplified
//! Chinese faces first, with a fallback chain per role.

use std::path::{Path, PathBuf};

use super::{
    Face, FaceId, FontError, FontOptions, Fonts, Resolution, Role, io_err, map_file, scan,
};

pub(super) fn english_family(info: &fontdb::FaceInfo) -> String {
    info.families
        .first()
        .map(|(n, _)| n.clone())
        .unwrap_or_else(|| info.post_script_name.clone())
}

/// Whether a face is named `name` (trimmed) by a family name or its PostScript name, without
/// case; `squashed` is `name` without spaces, as PostScript names write family names.
pub(super) fn names_match(info: &fontdb::FaceInfo, name: &str, squashed: &str) -> bool {
    info.families
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case(name))
        || info.post_script_name.eq_ignore_ascii_case(name)
        || info.post_script_name.eq_ignore_ascii_case(squashed)
}

/// The face of `name` closest to `weight` (upright preferred).
pub(super) fn find<'a>(
    db: &'a fontdb::Database,
    name: &str,
    weight: u16,
) -> Option<&'a fontdb::FaceInfo> {
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

pub(super) fn path_of(info: &fontdb::FaceInfo) -> Option<PathBuf> {
    match &info.source {
        fontdb::Source::File(p) | fontdb::Source::SharedFile(p, _) => Some(p.clone()),
        fontdb::Source::Binary(_) => None,
    }
}

/// A face chosen for a role, before its file is mapped.
pub(super) struct Pick {
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
pub(super) fn simplified(info: &fontdb::FaceInfo) -> bool {
    info.families.iter().any(|(n, lang)| {
        *lang == fontdb::Language::Chinese_PeoplesRepublicOfChina
            || n.ends_with(" SC")
            || n.contains("GB")
    })
}

/// A font file found by the folder search, with its name and its name without the extension
/// in lower case (what Windows file names are compared with).
pub(super) struct FoundFile {
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
pub(super) fn find_by_file(
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
