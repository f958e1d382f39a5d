//! Last year's report where a data file is expected (`gxgk new --from`, `check --previous`,
//! the editor's creation page): a data file as it is, old key names read under the new ones,
//! or a published report (.txt/.html/.docx/.pdf) imported in memory, with the lines to show
//! about the import.

use std::path::Path;

use crate::import::{self, ImportError, NoteKind};
use crate::load::{LoadError, Loaded, load_previous_bytes, load_str, read_capped};

/// Last year's report from the file at `path`.
pub fn from_file(path: &Path) -> Result<(Loaded, Vec<String>), LoadError> {
    let name = path.display().to_string();
    let bytes = read_capped(path).map_err(|cause| LoadError::Io {
        path: name.clone(),
        cause,
    })?;
    from_bytes(&name, &bytes)
}

/// Last year's report from its bytes; `name` (a path or an uploaded file's name) tells the
/// format by its extension and names it in messages.
pub fn from_bytes(name: &str, bytes: &[u8]) -> Result<(Loaded, Vec<String>), LoadError> {
    if !import::is_document(Path::new(name)) {
        return load_previous_bytes(name, bytes).map(|l| (l, Vec::new()));
    }
    let io = |e: ImportError| LoadError::Io {
        path: name.to_string(),
        cause: match e {
            ImportError::Io { cause, .. } => cause,
            ImportError::NotAReport(_, why) => {
                format!("不像是政府信息公开工作年度报告：{why}")
            }
            ImportError::Format(_, why) => why,
        },
    };
    let doc = import::document_from_bytes(name, bytes).map_err(io)?;
    let (im, _) = import::import_document(name, doc).map_err(io)?;
    let mut lines = vec![format!(
        "去年的报告 {name} 是已发布的文档，已在内存中导入：{}",
        im.counts().summary()
    )];
    for n in im
        .notes
        .iter()
        .filter(|n| matches!(n.kind, NoteKind::Missing | NoteKind::Ambiguous))
    {
        let at = n
            .line
            .map_or(String::new(), |l| format!("（原文第 {l} 行）"));
        lines.push(format!("  {}{at}", n.message));
    }
    let loaded = load_str(&format!("{name}（导入）"), im.to_toml())?;
    Ok((loaded, lines))
}
