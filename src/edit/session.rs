//! The one data file the editor edits: its bytes and encoding as on disk, its text as edited,
//! the changes applied and refused, saving (atomic, `.bak` first, never over a file changed
//! elsewhere unless the clerk chose to), rendering beside it, and creating it as `gxgk new` does.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{Value, json};

use crate::edit::apply::{self, Edit};
use crate::edit::state;
use crate::load::{LoadError, Loaded, scaffold, schema};
use crate::model::Edition;
use crate::render;
use crate::sys::write;
use crate::view::View;

/// How the file's bytes were encoded; a save writes them back the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
}

fn decode(bytes: &[u8]) -> Result<(String, Encoding), String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8(rest.to_vec())
            .map(|t| (t, Encoding::Utf8Bom))
            .map_err(|_| not_utf8());
    }
    for (bom, enc, e) in [
        (&b"\xFF\xFE"[..], encoding_rs::UTF_16LE, Encoding::Utf16Le),
        (&b"\xFE\xFF"[..], encoding_rs::UTF_16BE, Encoding::Utf16Be),
    ] {
        if bytes.starts_with(bom) {
            let (text, had_errors) = enc.decode_with_bom_removal(bytes);
            if had_errors {
                return Err(not_utf8());
            }
            return Ok((text.into_owned(), e));
        }
    }
    String::from_utf8(bytes.to_vec())
        .map(|t| (t, Encoding::Utf8))
        .map_err(|_| not_utf8())
}

fn not_utf8() -> String {
    "文件不是 UTF-8 编码（可能是 GBK/ANSI）。请用记事本打开，“另存为”时编码选择 UTF-8，再打开编辑器。".into()
}

fn encode(text: &str, enc: Encoding) -> Vec<u8> {
    match enc {
        Encoding::Utf8 => text.as_bytes().to_vec(),
        Encoding::Utf8Bom => [&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat(),
        Encoding::Utf16Le => [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect(),
        Encoding::Utf16Be => [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect(),
    }
}

fn digest(bytes: &[u8]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// What the editor holds of its one file.
pub struct Session {
    path: PathBuf,
    /// The name shown (as the clerk gave it).
    pub(super) name: String,
    /// The text as edited (not yet saved when it differs from `saved`).
    pub(super) text: String,
    /// The text as last read from or written to disk.
    saved: String,
    /// The digest of the file's bytes as last read or written; `None` when it did not exist.
    disk: Option<u64>,
    encoding: Encoding,
    /// The file's bytes when the editor opened it, kept as `.bak` on the first save.
    original: Option<Vec<u8>>,
    bak_written: bool,
    /// Why the file cannot be edited at all (not UTF-8); shown instead of a form.
    pub(super) unreadable: Option<String>,
    /// Last year's report, chosen on the creation page (a data file or a published report).
    previous: Option<crate::model::Report>,
    pub(super) edits: u64,
}

impl Session {
    /// Opens the file at `path` (it may not exist yet).
    pub fn open(path: &Path) -> Result<Session, String> {
        let name = path.display().to_string();
        let mut s = Session {
            path: path.to_path_buf(),
            name,
            text: String::new(),
            saved: String::new(),
            disk: None,
            encoding: Encoding::Utf8,
            original: None,
            bak_written: false,
            unreadable: None,
            previous: None,
            edits: 0,
        };
        if write::occupied(path) {
            let bytes =
                crate::load::read_capped(path).map_err(|e| format!("无法读取 {}：{e}", s.name))?;
            s.read_from(bytes);
        }
        Ok(s)
    }

    fn read_from(&mut self, bytes: Vec<u8>) {
        self.disk = Some(digest(&bytes));
        match decode(&bytes) {
            Ok((text, enc)) => {
                self.text = text.clone();
                self.saved = text;
                self.encoding = enc;
                self.unreadable = None;
            }
            Err(e) => self.unreadable = Some(e),
        }
        if self.original.is_none() {
            self.original = Some(bytes);
        }
    }

    pub(super) fn exists(&self) -> bool {
        self.disk.is_some()
    }

    /// Whether the file on disk is no longer what the editor last read or wrote.
    fn disk_changed(&self) -> bool {
        match std::fs::read(&self.path) {
            Ok(bytes) => Some(digest(&bytes)) != self.disk,
            Err(_) => self.disk.is_some(),
        }
    }

    pub(super) fn load(&self) -> Result<Loaded, LoadError> {
        crate::load::load_str(&self.name, self.text.clone())
    }

    /// The whole state, the file on disk compared too (the page's poll, a page load, a save).
    pub(super) fn state(&self) -> Value {
        self.answer(self.load(), true)
    }

    /// What the page is told about the text as `loaded`; the file on disk is read only when
    /// `disk` (an answer to typing does not read the disk at every keystroke: the page's poll
    /// and every save do).
    fn answer(&self, loaded: Result<Loaded, LoadError>, disk: bool) -> Value {
        let conflict = disk && self.exists() && self.disk_changed();
        let common = json!({
            "file": self.name,
            "dirty": self.text != self.saved,
            "conflict": conflict,
            "edits": self.edits,
        });
        let mut out = match (&self.unreadable, self.exists(), loaded) {
            (Some(why), _, _) => json!({"mode": "unreadable", "message": why}),
            (None, false, _) => json!({"mode": "create"}),
            (None, true, Ok(loaded)) => {
                let (findings, tally) = state::findings(&loaded, None);
                json!({
                    "mode": "form",
                    "title": loaded.report.title().trim(),
                    "values": state::values(&loaded),
                    "computed": state::computed(&loaded.report),
                    "findings": findings,
                    "tally": {"errors": tally.errors, "warnings": tally.warnings, "infos": tally.infos},
                })
            }
            (None, true, Err(e)) => json!({
                "mode": "raw",
                "text": self.text,
                "findings": state::load_errors(&e),
            }),
        };
        if let (Value::Object(o), Value::Object(c)) = (&mut out, common) {
            o.extend(c);
        }
        out
    }

    /// Applies the page's changes one by one; a change that would leave a file gxgk cannot
    /// read (text in a number cell) is refused and reported at its field, the others kept.
    pub fn edit(&mut self, edits: &[Edit]) -> Value {
        // The text is loaded once for each change applied (that load is the change's test),
        // and the last good load is what the answer is made from.
        let mut current = self.load();
        let edition = current
            .as_ref()
            .map_or(Edition::E2021, |l| l.report.edition());
        let mut rejected = Vec::new();
        for e in edits {
            let outcome = apply::apply(&self.text, edition, std::slice::from_ref(e))
                .map_err(|err| err.to_string())
                .and_then(|t| match crate::load::load_str(&self.name, t.clone()) {
                    Ok(loaded) => Ok((t, loaded)),
                    Err(LoadError::Invalid { diagnostics, .. }) => Err(diagnostics
                        .first()
                        .map_or_else(|| "无法写入".to_string(), |d| d.message.clone())),
                    Err(LoadError::Io { cause, .. }) => Err(cause),
                });
            match outcome {
                Ok((t, loaded)) => {
                    self.text = t;
                    current = Ok(loaded);
                }
                Err(message) => {
                    let (key, col) = match e {
                        Edit::Cell { key, col, .. } => (key.clone(), Some(*col)),
                        Edit::Field { key, .. } => (key.clone(), None),
                        Edit::AddPart { section }
                        | Edit::RemovePart { section, .. }
                        | Edit::MovePart { section, .. } => (section.clone(), None),
                    };
                    rejected.push(json!({"key": key, "col": col, "message": message}));
                }
            }
        }
        self.edits += 1;
        let mut s = self.answer(current, false);
        s["rejected"] = Value::Array(rejected);
        s
    }

    /// Writes the text, atomically, in the file's own encoding; the first save of a session
    /// keeps the file as it was in `.bak`. A file changed on disk since it was read is not
    /// overwritten unless the clerk chose to.
    pub(super) fn save(&mut self, overwrite: bool) -> Result<Value, (u16, Value)> {
        if self.unreadable.is_some() {
            return Err((409, json!({"error": "这个文件无法编辑，没有保存"})));
        }
        if self.exists() && self.disk_changed() && !overwrite {
            return Err((
                409,
                json!({"conflict": true, "error": "文件在编辑器之外被修改了"}),
            ));
        }
        if !self.bak_written
            && let Some(orig) = &self.original
        {
            let bak = bak_path(&self.path);
            write::atomic(&bak, orig, true).map_err(|e| (500, json!({"error": e.to_string()})))?;
            self.bak_written = true;
        }
        let bytes = encode(&self.text, self.encoding);
        write::atomic(&self.path, &bytes, true)
            .map_err(|e| (500, json!({"error": e.to_string()})))?;
        self.disk = Some(digest(&bytes));
        self.saved = self.text.clone();
        Ok(self.state())
    }

    /// Saves text the page sent but did not save yet (the editor is stopping); a file
    /// changed on disk meanwhile is left alone.
    pub(super) fn save_if_sent(&mut self) {
        if self.text != self.saved && self.exists() {
            let _ = self.save(false);
        }
    }

    pub(super) fn reload(&mut self) -> Result<Value, String> {
        let bytes = crate::load::read_capped(&self.path)?;
        self.read_from(bytes);
        Ok(self.state())
    }

    /// Renders HTML, DOCX and PDF beside the file, as `gxgk render` does (refused with the
    /// error count while errors remain, unless a draft).
    pub(super) fn render(&mut self, draft: bool, force: bool) -> Value {
        if (self.text != self.saved || !self.exists())
            && let Err((_, v)) = self.save(false)
        {
            return json!({"ok": false, "message": v["error"]});
        }
        let loaded = match self.load() {
            Ok(l) => l,
            Err(_) => return json!({"ok": false, "message": "数据文件有写法错误，不能生成报告"}),
        };
        let (_, tally) = state::findings(&loaded, None);
        if tally.errors > 0 && !draft {
            return json!({"ok": false, "errors": tally.errors,
                "message": format!("有 {} 个错误，不能生成报告。请按检查结果改正；需要先给领导审核时，勾选“草稿”生成带水印的版本。", tally.errors)});
        }
        let fonts = match crate::sys::fonts::resolve(&Default::default()) {
            Ok(f) => f,
            Err(e) => return json!({"ok": false, "message": e.to_string()}),
        };
        let view = View::new(&loaded.report, draft.then_some(tally.errors));
        let stem = self
            .path
            .file_stem()
            .map_or_else(|| "report".into(), |s| s.to_string_lossy().into_owned());
        let opts = render::Options {
            html: Default::default(),
            fonts: Some(fonts),
            hinting: false,
        };
        let outputs = match render::render(
            &view,
            Some(&loaded.report),
            &render::Format::ALL,
            &opts,
            &stem,
        ) {
            Ok(o) => o,
            Err(e) => return json!({"ok": false, "message": e.to_string()}),
        };
        render::pdf::save_cache();
        let dir = self.path.parent().unwrap_or(Path::new("")).to_path_buf();
        let paths: Vec<PathBuf> = outputs.iter().map(|o| dir.join(&o.file_name)).collect();
        let outs: Vec<write::Out> = outputs
            .iter()
            .zip(&paths)
            .map(|(o, p)| write::Out {
                path: p,
                bytes: &o.bytes,
            })
            .collect();
        match write::write_set(&outs, force, &[&self.path]) {
            Ok(()) => {
                json!({"ok": true, "files": paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>()})
            }
            Err(write::WriteError::Exists(names)) => json!({"ok": false, "exists": names,
                "message": format!("{} 已存在（可能有手工修改）。", names.join("、"))}),
            Err(e) => json!({"ok": false, "message": e.to_string()}),
        }
    }

    /// Reads last year's report for the creation page: a data file, or a published report
    /// imported in memory. The page is told what was found, to fill in the agency, level and
    /// year (the year after last year's).
    pub(super) fn previous(&mut self, name: &str, bytes: &[u8]) -> Result<Value, String> {
        let (loaded, lines) =
            crate::import::previous::from_bytes(name, bytes).map_err(|e| match e {
                LoadError::Invalid { file, diagnostics } => diagnostics
                    .first()
                    .map(|d| {
                        let loc = d.location(&file);
                        format!(
                            "{name} 第 {} 行第 {} 列：{}",
                            loc.line, loc.column, d.message
                        )
                    })
                    .unwrap_or_else(|| format!("{name} 无法读取")),
                other => other.to_string(),
            })?;
        let r = loaded.report;
        let answer = json!({
            "ok": true,
            "lines": lines,
            "agency": r.agency.name,
            "level": r.agency.level.name(),
            "year": r.year + 1,
        });
        self.previous = Some(r);
        Ok(answer)
    }

    /// Creates the data file as `gxgk new` does, then edits it.
    pub(super) fn create(&mut self, req: &CreateRequest) -> Result<Value, String> {
        if self.exists() || write::occupied(&self.path) {
            return Err(format!("{} 已存在，没有覆盖", self.name));
        }
        let previous = self.previous.take();
        let opts = scaffold::prepare(
            Some(req.agency.as_str()).filter(|a| !a.trim().is_empty()),
            req.year,
            req.level.as_deref().filter(|l| !l.is_empty()),
            previous,
            schema::FILE_NAME,
        )?;
        let text = scaffold::render(&opts);
        write::write_set(
            &[write::Out {
                path: &self.path,
                bytes: text.as_bytes(),
            }],
            false,
            &[],
        )
        .map_err(|e| e.to_string())?;
        let _ = schema::write_beside(&self.path);
        self.original = None;
        self.read_from(text.into_bytes());
        self.original = None;
        Ok(self.state())
    }
}

fn bak_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

#[derive(Deserialize)]
pub(super) struct CreateRequest {
    agency: String,
    level: Option<String>,
    year: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_round_trip() {
        for enc in [
            Encoding::Utf8,
            Encoding::Utf8Bom,
            Encoding::Utf16Le,
            Encoding::Utf16Be,
        ] {
            let text = "year = 2025\n# 磐石镇\n";
            let bytes = encode(text, enc);
            assert_eq!(decode(&bytes).unwrap(), (text.to_string(), enc));
        }
        assert!(
            decode(b"\xC4\xE3\xBA\xC3").is_err(),
            "GBK is refused, not guessed"
        );
    }

    #[test]
    fn the_backup_sits_beside_the_file() {
        assert_eq!(
            bak_path(Path::new("d/report.toml")),
            Path::new("d/report.toml.bak")
        );
    }
}
