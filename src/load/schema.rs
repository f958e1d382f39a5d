//! The JSON Schema of report.toml, generated from the model so editors (VS Code with
//! Even Better TOML / taplo) can complete keys and show the Chinese descriptions.

use crate::model::AnyReportFile;

/// The schema's title: how a file gxgk wrote is told from one it did not.
const TITLE: &str = "政府信息公开工作年度报告数据文件（gxgk）";

/// Whether `text` is a schema gxgk wrote (any version), so `gxgk new` may refresh it.
pub fn is_ours(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text)
        .is_ok_and(|v| v.get("title").and_then(|t| t.as_str()) == Some(TITLE))
}

/// The schema as pretty-printed JSON with a trailing newline.
pub fn json() -> String {
    let mut schema = schemars::schema_for!(AnyReportFile);
    schema.insert("title".into(), TITLE.into());
    schema.insert(
        "description".into(),
        "gxgk 的 report.toml：报告年度、机关、成文日期、六个部分的文字和三张统计表。用 gxgk new 生成，用 gxgk check 检查。"
            .into(),
    );
    let mut out = serde_json::to_string_pretty(&schema).expect("a schema serializes");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn our_schema_is_recognised_and_others_are_not() {
        assert!(super::is_ours(&super::json()));
        assert!(!super::is_ours("{\"title\": \"我的笔记\"}"));
        assert!(!super::is_ours("not json"));
    }
}

/// The schema's file name beside a data file (the scaffold's `#:schema` line names it).
pub const FILE_NAME: &str = "gxgk.schema.json";

/// What became of the schema beside a new data file.
#[derive(Debug)]
pub enum Beside {
    /// Written (or refreshed).
    Written,
    /// A file of that name that gxgk did not write is there: left alone.
    NotOurs(std::path::PathBuf),
    /// It could not be written (the reason, in Chinese).
    Failed(String),
}

/// Writes the schema beside the data file at `data_file`; a file of that name that gxgk did
/// not write is left alone.
pub fn write_beside(data_file: &std::path::Path) -> Beside {
    use crate::sys::write;
    let path = data_file
        .parent()
        .unwrap_or(std::path::Path::new(""))
        .join(FILE_NAME);
    let ours = std::fs::read_to_string(&path)
        .map(|t| is_ours(&t))
        .unwrap_or(!write::occupied(&path));
    if !ours {
        return Beside::NotOurs(path);
    }
    match write::atomic(&path, json().as_bytes(), true) {
        Ok(()) => Beside::Written,
        Err(e) => Beside::Failed(e.to_string()),
    }
}
