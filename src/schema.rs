//! The JSON Schema of report.toml, generated from the model so editors (VS Code with
//! Even Better TOML / taplo) can complete keys and show the Chinese descriptions.

use crate::model::AnyReportFile;

/// The schema as pretty-printed JSON with a trailing newline.
pub fn json() -> String {
    let mut schema = schemars::schema_for!(AnyReportFile);
    schema.insert(
        "title".into(),
        "政府信息公开工作年度报告数据文件（gxgk）".into(),
    );
    schema.insert(
        "description".into(),
        "gxgk 的 report.toml：报告年度、机关、成文日期、六个部分的文字和三张统计表。用 gxgk new 生成，用 gxgk check 检查。"
            .into(),
    );
    let mut out = serde_json::to_string_pretty(&schema).expect("a schema serializes");
    out.push('\n');
    out
}
