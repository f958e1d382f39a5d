//! The findings only a published document can give, beside the data file's rules: import
//! doubts (`IMPORT-AMBIGUOUS`), a gxgk document whose visible tables differ from the data it
//! carries (`IMPORT-DATA-MISMATCH`), headings and sign-off as published; with the text of
//! `gxgk check --explain` for the import rules.

use super::{Imported, NoteKind, key};
use crate::model::SECTIONS;

/// The findings only a published document can give (`gxgk check` on a .txt/.html/.docx/.pdf):
/// ID, whether an error, title, and the text of `gxgk check --explain ID`.
pub const DOCUMENT_RULES: [(&str, bool, &str, &str); 2] = [
    (
        "IMPORT-AMBIGUOUS",
        false,
        "表格一行的数字有几种同样合理的拆分",
        "复制或抓取的网页里，表格一行的数字连在了一起（如“行政规范性文件2114”），或空白单元格丢了，\
按表内的勾稽关系（每行总计、表四每组总计、表三各列的平衡）仍有几种拆分同样成立。gxgk 不猜：\
写入第一种，在数据文件的注释和提示里列出全部可能，请对照原文核对这一行。",
    ),
    (
        "IMPORT-DATA-MISMATCH",
        true,
        "文档中可见的表格与文档内嵌的数据不一致",
        "gxgk 生成的网页、Word 文档和 PDF 都在文档里带着报告的数据（网页中的 gxgk-data 脚本、\
Word 文档的自定义 XML 部件、PDF 的附件 gxgk-data.json），导入和检查时先读这份数据，再读文档中可见的表格，\
两者逐行核对。不一致通常是生成后又在 Word 或网站编辑器里改了表格：导入按内嵌的数据写入，并指出可见表格中\
不一致的那一行。请确认哪一个是对的，改正数据文件后用 gxgk 重新生成文档，不要只改文档中的表格。",
    ),
];

impl Imported {
    /// Findings only a published document can show (the data file keeps no headings, no
    /// import doubts), each with its source line: `IMPORT-AMBIGUOUS`, `SEC-TITLE`,
    /// `SEC-TITLE-VARIANT`.
    pub fn findings(&self) -> Vec<(crate::diag::Diagnostic, Option<usize>)> {
        use crate::diag::{Diagnostic, Severity};
        let mut out = Vec::new();
        for n in &self.notes {
            if n.kind == NoteKind::DataMismatch {
                out.push((
                    Diagnostic::new("IMPORT-DATA-MISMATCH", Severity::Error, n.message.clone())
                        .help("核对这一行：改正文档中的表格，或用 gxgk 重新生成文档，使表格与内嵌的数据一致"),
                    n.line,
                ));
            }
            if n.kind == NoteKind::Ambiguous {
                out.push((
                    Diagnostic::new("IMPORT-AMBIGUOUS", Severity::Warning, n.message.clone()).help(
                        "对照原文确认这一行的数字；表格复制时单元格连在了一起，gxgk 无法唯一拆分",
                    ),
                    n.line,
                ));
            }
        }
        if !self.signoff {
            out.push((
                Diagnostic::new(
                    "SIGNOFF",
                    Severity::Warning,
                    "报告末尾没有落款（机关名称和成文日期）",
                )
                .help("在正文后另起两行写机关全称和成文日期，如“××镇人民政府”“2026年1月20日”"),
                self.headings[5]
                    .as_ref()
                    .or(self.headings[4].as_ref())
                    .map(|h| h.1),
            ));
        }
        const MARKERS: [&str; 6] = ["一、", "二、", "三、", "四、", "五、", "六、"];
        for (i, h) in self.headings.iter().enumerate() {
            let Some((h, line)) = h else { continue };
            let k = key(h);
            let want = key(SECTIONS[i].heading);
            if k == want {
                continue;
            }
            if !k.starts_with(&key(MARKERS[i])) {
                out.push((
                    Diagnostic::new(
                        "SEC-TITLE",
                        Severity::Error,
                        format!(
                            "第{}部分的标题写成了“{h}”，应为“{}”",
                            i + 1,
                            SECTIONS[i].heading
                        ),
                    )
                    .help(format!(
                        "一级标题用“{}”编号，写作“{}”",
                        MARKERS[i], SECTIONS[i].heading
                    )),
                    Some(*line),
                ));
            } else {
                out.push((
                    Diagnostic::new(
                        "SEC-TITLE-VARIANT",
                        Severity::Warning,
                        format!(
                            "第{}部分的标题“{h}”与国家格式的“{}”不同",
                            i + 1,
                            SECTIONS[i].heading
                        ),
                    )
                    .help(format!("改为“{}”", SECTIONS[i].heading)),
                    Some(*line),
                ));
            }
        }
        out
    }
}
