//! Writing output files safely: a temporary file beside the target, then a rename, and
//! never over an existing file unless asked to.

use std::io::Write;
use std::path::Path;

use thiserror::Error;

/// Why a file was not written.
#[derive(Debug, Error)]
pub enum WriteError {
    /// The target exists and overwriting was not allowed.
    #[error("文件 {0} 已存在，没有覆盖；确需覆盖请加 --force")]
    Exists(String),
    /// The file system refused.
    #[error("无法写入 {path}：{cause}")]
    Io {
        /// The target path.
        path: String,
        /// The cause, in Chinese.
        cause: String,
    },
}

/// Writes `bytes` to `path` atomically; refuses to replace an existing file unless `force`.
pub fn atomic(path: &Path, bytes: &[u8], force: bool) -> Result<(), WriteError> {
    let shown = path.display().to_string();
    if !force && path.exists() {
        return Err(WriteError::Exists(shown));
    }
    let io = |e: std::io::Error| WriteError::Io {
        path: shown.clone(),
        cause: crate::load::io_cause(&e),
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        if !force && path.exists() {
            return Err(std::io::Error::from(std::io::ErrorKind::AlreadyExists));
        }
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(if e.kind() == std::io::ErrorKind::AlreadyExists {
            WriteError::Exists(shown)
        } else {
            io(e)
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_overwrite_without_force() {
        let dir = std::env::temp_dir().join(format!("gxgk-write-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("r.toml");
        atomic(&p, b"one", false).unwrap();
        assert!(matches!(
            atomic(&p, b"two", false),
            Err(WriteError::Exists(_))
        ));
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        atomic(&p, b"two", true).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let leftovers: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
