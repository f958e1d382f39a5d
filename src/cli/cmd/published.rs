//! Published reports where a data file is expected: last year's report for `new --from` and
//! `check --previous` (a .txt/.html/.docx/.pdf imported in memory, with the import's notes),
//! and the 修改 hints of `check` on a document, which speak of the document's sections and
//! tables instead of the data file's keys.

use std::path::Path;

use gxgk::diag::Diagnostic;
use gxgk::import;
use gxgk::load::{LoadError, Loaded};
use gxgk::model::{Edition, T3_COLUMN_NAMES};

/// Last year's report: a data file as it is (old key names read under the new ones), or a
/// published report imported in memory. The lines to show about the import come with it.
pub fn load_previous(path: &Path) -> Result<(Loaded, Vec<String>), LoadError> {
    gxgk::import::previous::from_file(path)
}

/// Where a finding on a key path is in a published document, in the document's terms.
pub fn place(path: &str, edition: Edition) -> Option<String> {
    let (head, rest) = path.split_once('.').unwrap_or((path, ""));
    let head = head.split('[').next().unwrap_or(head);
    let row_key = |rest: &str| rest.split(['[']).next().unwrap_or(rest).to_string();
    let col = |rest: &str| -> Option<usize> {
        let i = rest.find('[')?;
        rest[i + 1..].trim_end_matches(']').parse().ok()
    };
    Some(match head {
        "intro" => "报告开头的说明段落".into(),
        "agency" => "报告标题或落款中的机关名称（以及开头的联系方式）".into(),
        "publication" => "落款的成文日期".into(),
        "title" | "year" | "edition" => "报告标题".into(),
        "overview" => "“一、总体情况”部分".into(),
        "problems" => "“五、存在的主要问题及改进情况”部分".into(),
        "other_matters" => "“六、其他需要报告的事项”部分".into(),
        "t2" => {
            let key = row_key(rest);
            let key = key.split('.').next().unwrap_or("");
            match import::tables::t2_rows(edition)
                .iter()
                .find(|d| d.key == key)
            {
                Some(d) => format!("“二、主动公开政府信息情况”的表格中“{}”一行", d.label),
                None => "“二、主动公开政府信息情况”的表格".into(),
            }
        }
        "t3" => {
            let key = row_key(rest);
            let cell = col(rest)
                .and_then(|c| T3_COLUMN_NAMES.get(c))
                .map_or(String::new(), |c| format!("“{c}”一列"));
            match import::tables::t3_rows(edition)
                .iter()
                .find(|d| d.key == key)
            {
                Some(d) => format!(
                    "“三、收到和处理政府信息公开申请情况”的表格中“{}”一行{cell}",
                    d.label
                ),
                None => "“三、收到和处理政府信息公开申请情况”的表格".into(),
            }
        }
        "t4" => "“四、政府信息公开行政复议、行政诉讼情况”的表格".into(),
        _ => return None,
    })
}

/// Whether advice is written in the data file's terms (keys, TOML values).
fn speaks_toml(help: &str) -> bool {
    help.contains(" = ")
        || help.contains('`')
        || help.contains("[[")
        || help.contains("[t")
        || help.contains("键")
        || help.contains("数据文件")
}

/// The 修改 hint of a finding on a published document: where to change it in the document,
/// and the advice itself when it is not written in the data file's terms.
pub fn document_help(d: &mut Diagnostic, edition: Edition) {
    let Some(place) = d.path.as_deref().and_then(|p| place(p, edition)) else {
        return;
    };
    d.help = Some(match d.help.as_deref() {
        Some(h) if !speaks_toml(h) => format!("在文档的{place}修改：{h}"),
        _ => format!("在文档的{place}按上面的说明修改"),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_in_document_terms() {
        assert_eq!(
            place("t3.granted[1]", Edition::E2021).unwrap(),
            "“三、收到和处理政府信息公开申请情况”的表格中“（一）予以公开”一行“商业企业”一列"
        );
        assert_eq!(
            place("t2.normative.issued", Edition::E2021).unwrap(),
            "“二、主动公开政府信息情况”的表格中“行政规范性文件”一行"
        );
        assert_eq!(
            place("overview.parts[0].heading", Edition::E2021).unwrap(),
            "“一、总体情况”部分"
        );
        let mut d = Diagnostic::new("X", gxgk::diag::Severity::Warning, "m")
            .at("overview.parts[0].heading")
            .help("写一个简短的小标题，如 heading = \"主动公开\"");
        document_help(&mut d, Edition::E2021);
        assert_eq!(
            d.help.as_deref(),
            Some("在文档的“一、总体情况”部分按上面的说明修改")
        );
        let mut d = Diagnostic::new("X", gxgk::diag::Severity::Error, "m")
            .at("t4.review[4]")
            .help("核对文字和表格，改成一致的数字");
        document_help(&mut d, Edition::E2021);
        assert_eq!(
            d.help.as_deref(),
            Some(
                "在文档的“四、政府信息公开行政复议、行政诉讼情况”的表格修改：核对文字和表格，改成一致的数字"
            )
        );
    }
}
