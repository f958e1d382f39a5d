//! The CLI side of `gxgk import` and of `gxgk check` on a published document: reading,
//! printing the Chinese summary, writing data files atomically, locating findings in the
//! source document, outcomes.

use std::path::{Path, PathBuf};

use gxgk::check::{self, Ctx};
use gxgk::diag::{Diagnostic, Tally};
use gxgk::import::{self, Imported, NoteKind};
use gxgk::load::source::Source;
use gxgk::sys::write;
use gxgk::{errln, outln};

use super::Outcome;
use super::batch::Done;

/// One input's outcome for the closing table.
struct Row {
    file: String,
    counts: Option<import::Counts>,
    code: Outcome,
}

/// The files to import: the given files, and the documents inside given folders.
fn inputs(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .map(|d| {
                    d.filter_map(Result::ok)
                        .map(|e| e.path())
                        .filter(|f| f.is_file() && import::is_document(f))
                        .collect()
                })
                .unwrap_or_default();
            found.sort();
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    out
}

/// `gxgk import FILE... [-o OUT] [--force]`.
pub fn run(paths: &[PathBuf], output: Option<&Path>, force: bool) -> Outcome {
    let files = inputs(paths);
    if files.is_empty() {
        errln!("用法错误：没有找到可导入的文件（.txt、.html、.htm、.docx、.pdf）");
        return Outcome::Unusable;
    }
    let many = files.len() > 1 || paths.iter().any(|p| p.is_dir());
    let out_dir = output.filter(|o| many || o.is_dir());
    let mut rows = Vec::new();
    for f in &files {
        let target = match (out_dir, output) {
            (Some(d), _) => d.join(stem_toml(f)),
            (None, Some(o)) => o.to_path_buf(),
            (None, None) => f.with_file_name(stem_toml(f)),
        };
        rows.push(one(f, &target, force));
        if many {
            outln!();
        }
    }
    if many {
        table(&rows);
    }
    rows.iter().map(|r| r.code).max().unwrap_or(Outcome::Clean)
}

fn stem_toml(f: &Path) -> String {
    format!(
        "{}.toml",
        f.file_stem()
            .map_or("report".into(), |s| s.to_string_lossy())
    )
}

fn one(f: &Path, target: &Path, force: bool) -> Row {
    let file = f.display().to_string();
    let (im, doc) = match import::import_file(f) {
        Ok(x) => x,
        Err(e) => {
            errln!("错误：{e}");
            return Row {
                file,
                counts: None,
                code: Outcome::Unusable,
            };
        }
    };
    if write::occupied(target) && !force {
        errln!(
            "错误：{}",
            write::WriteError::Exists(vec![target.display().to_string()])
        );
        return Row {
            file,
            counts: Some(im.counts()),
            code: Outcome::Unusable,
        };
    }
    let text = im.to_toml();
    let out = write::Out {
        path: target,
        bytes: text.as_bytes(),
    };
    if let Err(e) = write::write_set(&[out], force, &[f]) {
        errln!("错误：{e}");
        return Row {
            file,
            counts: Some(im.counts()),
            code: Outcome::Unusable,
        };
    }
    let c = im.counts();
    summary(&im, &c, target);
    if let Some(enc) = doc.encoding {
        outln!("  原文不是 UTF-8 编码，已按 {enc} 编码读取");
    }
    let code = Outcome::of_errors(c.missing + c.mismatched);
    Row {
        file,
        counts: Some(c),
        code,
    }
}

fn summary(im: &Imported, c: &import::Counts, target: &Path) {
    let title = im
        .title
        .as_ref()
        .map_or("（没有找到标题）", |t| t.0.as_str());
    outln!(
        "已导入 {} → {}：{title}（{}表格）",
        im.name,
        target.display(),
        im.edition.0
    );
    outln!("  {}", c.summary());
    for n in &im.notes {
        let at = n
            .line
            .map_or(String::new(), |l| format!("（原文第 {l} 行）"));
        let kind = match n.kind {
            NoteKind::Ambiguous => "歧义",
            NoteKind::Missing => "缺少",
            NoteKind::Fallback => "注意",
            NoteKind::NotImported => "未导入",
            NoteKind::DataMismatch => "不一致",
        };
        outln!("  {kind}：{}{at}", n.message);
    }
    if c.missing > 0 {
        outln!("  缺少的项在数据文件中保留了默认内容并注明“原文中没有找到”，请按原文补填。");
    }
    if im.embedded {
        outln!(
            "  数值和文字取自文档内嵌的数据（gxgk 生成的文档）；可见表格与之不一致 {} 处",
            c.mismatched
        );
    }
    outln!(
        "下一步：对照原文核对各项（文件中注明了原文行号），然后运行  gxgk check {}",
        target.display()
    );
}

fn table(rows: &[Row]) {
    outln!("导入汇总：");
    outln!("文件\t部分\t表二\t表三\t表四\t歧义\t缺少\t结果");
    for r in rows {
        match &r.counts {
            Some(c) => outln!(
                "{}\t{}/6\t{}/{}\t{}/{}\t{}/{}\t{}\t{}\t{}",
                r.file,
                c.sections,
                c.cells[0].0,
                c.cells[0].1,
                c.cells[1].0,
                c.cells[1].1,
                c.cells[2].0,
                c.cells[2].1,
                c.ambiguous,
                c.missing,
                match r.code {
                    Outcome::Clean => "已导入",
                    Outcome::Errors => "已导入，有缺项",
                    _ => "未写入",
                }
            ),
            None => outln!("{}\t—\t—\t—\t—\t—\t—\t无法导入", r.file),
        }
    }
}

/// The source line a line of the imported data file came from: its `# 原文第 N 行` comment,
/// or the nearest one above it in the same block.
fn origin_line(toml: &str, line: usize) -> Option<usize> {
    let lines: Vec<&str> = toml.lines().collect();
    let mut i = line.checked_sub(1)?;
    loop {
        let l = lines.get(i)?;
        if let Some(n) = l
            .find("原文第 ")
            .and_then(|p| l[p + "原文第 ".len()..].split([' ', '–']).next())
            .and_then(|n| n.parse().ok())
        {
            return Some(n);
        }
        if i == 0 || l.trim().is_empty() && i + 1 != line || l.starts_with("# ══") {
            return None;
        }
        i -= 1;
    }
}

/// Byte span of source line `no` (its text without the surrounding blanks).
fn line_span(text: &str, no: usize) -> std::ops::Range<usize> {
    let mut start = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == no {
            let body = l.trim_end_matches(['\n', '\r']);
            let lead = body.len() - body.trim_start().len();
            let end = body.trim_end().len();
            return start + lead..start + end.max(lead);
        }
        start += l.len();
    }
    0..0
}

/// `gxgk check DOCUMENT`: imports in memory and checks, locating findings in the document.
pub fn check(
    path: &Path,
    previous: Option<&gxgk::model::Report>,
    json: bool,
    deadline: Option<(u32, u32)>,
) -> Done {
    // Unreadable: said on standard error, and with --format json as the file's JSON document.
    let refused = |message: String| {
        errln!("错误：{message}");
        if json {
            let file = path.display().to_string();
            let doc = serde_json::json!({
                "file": file,
                "readable": false,
                "errors": 1,
                "warnings": 0,
                "infos": 0,
                "findings": [{
                    "file": file,
                    "line": null,
                    "column": null,
                    "severity": "error",
                    "rule": "IMPORT",
                    "message": message,
                }],
            });
            outln!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
        }
        Done::unusable()
    };
    let (im, doc) = match import::import_file(path) {
        Ok(x) => x,
        Err(e) => return refused(e.to_string()),
    };
    let toml = im.to_toml();
    let loaded = match gxgk::load::load_str("imported.toml", toml.clone()) {
        Ok(l) => l,
        Err(e) => return refused(format!("{} 导入后无法读取：{e}", path.display())),
    };
    let mut diags = check::check(&Ctx {
        report: &loaded.report,
        previous,
        previous_source: None,
        deadline,
    });
    let fallback = im.title.as_ref().map_or(1, |t| t.1);
    let source = Source::new(path.display().to_string(), doc.text.clone());
    for d in &mut diags {
        locate(d, &loaded.source, &toml, &doc.text, fallback);
        super::published::document_help(d, loaded.report.edition());
    }
    for (mut d, line) in im.findings() {
        d.span = Some(line_span(&doc.text, line.unwrap_or(fallback)));
        diags.push(d);
    }
    if let Some(enc) = doc.encoding {
        let mut d = gxgk::diag::Diagnostic::new(
            "IMPORT-ENCODING",
            gxgk::diag::Severity::Info,
            format!("原文不是 UTF-8 编码，已按 {enc} 编码读取"),
        );
        d.span = Some(line_span(&doc.text, 1));
        diags.push(d);
    }
    if json {
        let items: Vec<_> = diags.iter().map(|d| d.to_json(&source)).collect();
        let t = Tally::of(&diags);
        let v = serde_json::json!({
            "file": source.name,
            "readable": true,
            "errors": t.errors,
            "warnings": t.warnings,
            "infos": t.infos,
            "findings": items,
        });
        outln!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
    } else {
        for d in &diags {
            outln!("{}", d.render_text(&source));
        }
        outln!("{}", Tally::of(&diags).summary(&source.name));
    }
    Done::checked(&diags)
}

/// Points a finding on the imported data at the source document.
fn locate(d: &mut Diagnostic, toml_src: &Source, toml: &str, doc: &str, fallback: usize) {
    if let Some(needle) = d.needle.as_deref().filter(|n| !n.is_empty())
        && let Some(i) = doc.find(needle)
    {
        d.span = Some(i..i + needle.len());
        return;
    }
    let at = d.location(toml_src).line;
    let line = origin_line(toml, at).unwrap_or(fallback);
    d.span = Some(line_span(doc, line));
}
