//! Writing output files safely. Every file gxgk writes goes through [`write_set`]: all files of
//! one set are written (and synced) to temporary files beside their targets first, then moved
//! into place together while the output folder is locked against other writers; an existing file
//! (a dangling link included) is never replaced without `force`, an input file never at all,
//! and when anything fails the files that were there before are left exactly as they were.

use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::sys::oserr::io_cause;

/// Why a set of files was not written. Nothing of the set was written in every case.
#[derive(Debug, Error)]
pub enum WriteError {
    /// Targets exist and overwriting was not allowed.
    #[error("{} 已存在（可能有手工修改），没有覆盖。确认可以覆盖时加 --force，或输出到别处。", .0.join("、"))]
    Exists(Vec<String>),
    /// A target is one of the files being read.
    #[error("输出文件 {0} 就是输入文件，不能覆盖：请用 -o 目录 输出到别处")]
    IsInput(String),
    /// The file system refused.
    #[error("无法写入 {path}：{cause}")]
    Io {
        /// The target path.
        path: String,
        /// The cause, in Chinese.
        cause: String,
    },
}

/// One file to write.
#[derive(Debug, Clone, Copy)]
pub struct Out<'a> {
    /// Where it goes.
    pub path: &'a Path,
    /// What it holds.
    pub bytes: &'a [u8],
}

/// Writes one file atomically; refuses to replace an existing file unless `force`.
pub fn atomic(path: &Path, bytes: &[u8], force: bool) -> Result<(), WriteError> {
    write_set(&[Out { path, bytes }], force, &[])
}

/// Whether something (a file, a folder, or a link, even a dangling one) is at `path`.
pub fn occupied(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// Writes all of `files` or none of them. Refuses targets that exist (unless `force`) and
/// targets that are one of `inputs` (always). On failure the previous files are restored.
pub fn write_set(files: &[Out], force: bool, inputs: &[&Path]) -> Result<(), WriteError> {
    for f in files {
        if inputs.iter().any(|i| same_file(f.path, i)) {
            return Err(WriteError::IsInput(f.path.display().to_string()));
        }
    }
    if let Some(f) = files.iter().find(|f| f.path.is_dir()) {
        return Err(io_error(
            f.path,
            &std::io::Error::from(std::io::ErrorKind::IsADirectory),
        ));
    }
    let Some(first) = files.first() else {
        return Ok(());
    };
    // Targets that exist refuse the set unless `force`.
    let refuse_existing = || -> Result<(), WriteError> {
        let existing: Vec<String> = files
            .iter()
            .filter(|f| !force && occupied(f.path))
            .map(|f| f.path.display().to_string())
            .collect();
        match existing.is_empty() {
            true => Ok(()),
            false => Err(WriteError::Exists(existing)),
        }
    };
    // Refused sets are refused before anything is written; the check is repeated under the
    // lock, where it decides.
    refuse_existing()?;
    // The files are written and synced before the folder is locked, so sets of a batch (and
    // other gxgk processes) wait only for each other's renames, never for each other's disk.
    let mut staged: Vec<Staged> = Vec::new();
    for f in files {
        match Staged::write(f) {
            Ok(s) => staged.push(s),
            Err(e) => {
                staged.iter().for_each(Staged::discard);
                return Err(e);
            }
        }
    }
    let _lock = FolderLock::acquire(&folder_of(first.path));
    if let Err(e) = refuse_existing() {
        staged.iter().for_each(Staged::discard);
        return Err(e);
    }
    // Move the old files aside, then the new ones in; undo everything on the first failure.
    let mut done = 0;
    let mut failure = None;
    for s in &mut staged {
        if let Err(e) = s.commit() {
            failure = Some(e);
            break;
        }
        done += 1;
    }
    if let Some(e) = failure {
        for s in staged[..=done.min(staged.len() - 1)].iter().rev() {
            s.roll_back();
        }
        staged.iter().for_each(Staged::discard);
        return Err(e);
    }
    for s in &staged {
        s.finish();
    }
    Ok(())
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// A new file written beside its target, and the old target moved aside while committing.
struct Staged {
    target: PathBuf,
    tmp: PathBuf,
    backup: Option<PathBuf>,
    moved_in: bool,
}

impl Staged {
    /// A hidden name beside `target`, unique to this process and this call (two threads
    /// never share one).
    fn side_name(target: &Path, what: &str) -> PathBuf {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        folder_of(target).join(format!(".{name}.{}.{n}.{what}", std::process::id()))
    }

    fn write(f: &Out) -> Result<Staged, WriteError> {
        let tmp = Staged::side_name(f.path, "tmp");
        let result = (|| {
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&tmp)?;
            file.write_all(f.bytes)?;
            file.sync_all()
        })();
        match result {
            Ok(()) => Ok(Staged {
                target: f.path.to_path_buf(),
                tmp,
                backup: None,
                moved_in: false,
            }),
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                Err(io_error(f.path, &e))
            }
        }
    }

    fn commit(&mut self) -> Result<(), WriteError> {
        if occupied(&self.target) {
            let backup = Staged::side_name(&self.target, "old");
            std::fs::rename(&self.target, &backup).map_err(|e| io_error(&self.target, &e))?;
            self.backup = Some(backup);
        }
        std::fs::rename(&self.tmp, &self.target).map_err(|e| io_error(&self.target, &e))?;
        self.moved_in = true;
        Ok(())
    }

    fn roll_back(&self) {
        if self.moved_in {
            let _ = std::fs::remove_file(&self.target);
        }
        if let Some(b) = &self.backup {
            let _ = std::fs::rename(b, &self.target);
        }
    }

    fn discard(&self) {
        let _ = std::fs::remove_file(&self.tmp);
    }

    fn finish(&self) {
        if let Some(b) = &self.backup {
            let _ = std::fs::remove_file(b);
        }
    }
}

fn io_error(path: &Path, e: &std::io::Error) -> WriteError {
    WriteError::Io {
        path: path.display().to_string(),
        cause: io_cause(e),
    }
}

/// An exclusive lock that serialises gxgk processes writing into one folder. It lives in the
/// system's temporary folder (named by the output folder), so the clerk's folder stays clean;
/// the system releases it when the process ends, however it ends.
struct FolderLock(Option<std::fs::File>);

impl FolderLock {
    fn acquire(folder: &Path) -> FolderLock {
        let key = std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf());
        let mut h = std::collections::hash_map::DefaultHasher::new();
        key.hash(&mut h);
        let path = std::env::temp_dir().join(format!("gxgk-{:016x}.lock", h.finish()));
        // Best effort: without a usable temporary folder the set is still written all or nothing.
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .ok()
            .filter(|f| f.lock().is_ok());
        FolderLock(file)
    }
}

impl Drop for FolderLock {
    fn drop(&mut self) {
        if let Some(f) = &self.0 {
            let _ = f.unlock();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("gxgk-write-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    fn leftovers(d: &Path) -> Vec<String> {
        std::fs::read_dir(d)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.'))
            .collect()
    }

    #[test]
    fn refuses_to_overwrite_without_force() {
        let d = dir("force");
        let p = d.join("r.toml");
        atomic(&p, b"one", false).unwrap();
        assert!(matches!(
            atomic(&p, b"two", false),
            Err(WriteError::Exists(_))
        ));
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        atomic(&p, b"two", true).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert!(leftovers(&d).is_empty());
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn a_set_is_refused_whole_when_one_file_exists() {
        let d = dir("set");
        let (a, b) = (d.join("r.html"), d.join("r.pdf"));
        std::fs::write(&b, b"old pdf").unwrap();
        let err = write_set(
            &[
                Out {
                    path: &a,
                    bytes: b"new html",
                },
                Out {
                    path: &b,
                    bytes: b"new pdf",
                },
            ],
            false,
            &[],
        )
        .unwrap_err();
        assert!(err.to_string().contains("r.pdf"), "{err}");
        assert!(!a.exists(), "nothing of the set is written");
        assert_eq!(std::fs::read(&b).unwrap(), b"old pdf");
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn a_failed_set_leaves_the_old_files() {
        let d = dir("rollback");
        let (a, b) = (d.join("r.html"), d.join("r.docx"));
        std::fs::write(&a, b"old html").unwrap();
        // A folder in the way of the second target: refused, even with force.
        std::fs::create_dir_all(b.join("x")).unwrap();
        let set = [
            Out {
                path: &a,
                bytes: b"new html",
            },
            Out {
                path: &b,
                bytes: b"new docx",
            },
        ];
        assert!(write_set(&set, true, &[]).is_err());
        assert_eq!(std::fs::read(&a).unwrap(), b"old html");
        assert!(b.join("x").is_dir());
        // The second file cannot be written at all (its folder is a file): nothing changes.
        let blocked = d.join("r.html").join("r.pdf");
        let set = [
            Out {
                path: &a,
                bytes: b"new html",
            },
            Out {
                path: &blocked,
                bytes: b"new pdf",
            },
        ];
        assert!(write_set(&set, true, &[]).is_err());
        assert_eq!(std::fs::read(&a).unwrap(), b"old html");
        assert!(leftovers(&d).is_empty(), "{:?}", leftovers(&d));
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn the_input_is_never_an_output() {
        let d = dir("input");
        let p = d.join("data.html");
        std::fs::write(&p, b"input").unwrap();
        let same = d.join(".").join("data.html");
        let err = write_set(
            &[Out {
                path: &same,
                bytes: b"x",
            }],
            true,
            &[&p],
        )
        .unwrap_err();
        assert!(matches!(err, WriteError::IsInput(_)));
        assert_eq!(std::fs::read(&p).unwrap(), b"input");
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_dangling_link_counts_as_existing() {
        let d = dir("link");
        let p = d.join("r.pdf");
        std::os::unix::fs::symlink(d.join("nowhere"), &p).unwrap();
        assert!(matches!(
            atomic(&p, b"x", false),
            Err(WriteError::Exists(_))
        ));
        assert!(
            std::fs::symlink_metadata(&p)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn concurrent_sets_never_mix() {
        // Eight writers of the same three files at once: without --force exactly one set is
        // written; with it every set is written in turn, and what is left is one whole set.
        // Either way no temporary or backup file stays behind.
        for force in [false, true] {
            let d = dir(if force { "race-force" } else { "race" });
            let paths: Vec<PathBuf> = ["r.html", "r.docx", "r.pdf"]
                .iter()
                .map(|n| d.join(n))
                .collect();
            let handles: Vec<_> = (0..8u8)
                .map(|i| {
                    let paths = paths.clone();
                    std::thread::spawn(move || {
                        let bytes = [i; 4];
                        let outs: Vec<Out> = paths
                            .iter()
                            .map(|p| Out {
                                path: p,
                                bytes: &bytes,
                            })
                            .collect();
                        write_set(&outs, force, &[]).is_ok()
                    })
                })
                .collect();
            let winners = handles
                .into_iter()
                .map(|h| h.join().unwrap())
                .filter(|ok| *ok)
                .count();
            assert_eq!(winners, if force { 8 } else { 1 });
            let first = std::fs::read(&paths[0]).unwrap();
            for p in &paths[1..] {
                assert_eq!(std::fs::read(p).unwrap(), first, "one set, not a mix");
            }
            assert!(leftovers(&d).is_empty(), "{:?}", leftovers(&d));
            std::fs::remove_dir_all(&d).unwrap();
        }
    }
}
