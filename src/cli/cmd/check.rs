//! `gxgk check`: checks data files and published reports, or explains the rules.

use std::path::{Path, PathBuf};

use gxgk::check::{self, Ctx, LOAD_RULES, RULES};
use gxgk::load::{LoadError, Loaded, load_file};
use gxgk::outln;

use super::batch::{self, Done};
use super::{Format, Outcome, print_findings, print_load_error_json, report_load_error, usage};

/// Checks each file — a data file, or a published report (.txt/.html/.docx/.pdf) imported
/// in memory; a folder stands for the files in it — and comes to the worst outcome of them.
/// Several files are checked on all cores and printed in order, with a summary table.
pub fn run(
    inputs: &[PathBuf],
    previous: Option<&Path>,
    format: Format,
    deadline: Option<(u32, u32)>,
    strict: bool,
) -> Outcome {
    // Last year's file, read once for every file checked against it; it may use key names
    // renamed since, and is read under the new names (with notes).
    let previous = match previous.map(super::published::load_previous).transpose() {
        Ok(p) => p,
        Err(e) => {
            match format {
                Format::Json => print_load_error_json(&e),
                Format::Text => {
                    report_load_error(&e);
                }
            }
            return Outcome::Unusable;
        }
    };
    if let (Some((p, imported)), Format::Text) = (&previous, format) {
        for line in imported {
            outln!("{line}");
        }
        for n in &p.notes {
            outln!("{}", n.render_text(&p.source));
        }
    }
    let previous = previous.as_ref().map(|p| &p.0);
    let one = |file: &Path| -> Done {
        if gxgk::import::is_document(file) {
            super::import::check(
                file,
                previous.map(|l| &l.report),
                matches!(format, Format::Json),
                deadline,
            )
        } else {
            check_file(file, previous, format, deadline, strict)
        }
    };
    let files = batch::expand(inputs, checkable);
    // A usage error is also the one JSON document of a --format json run.
    let refuse = |msg: &str| {
        if matches!(format, Format::Json) {
            let doc = serde_json::json!({
                "readable": false,
                "errors": 1,
                "findings": [{ "severity": "error", "rule": "USAGE", "message": msg }],
            });
            outln!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
        }
        usage(msg)
    };
    match files.as_slice() {
        [] if inputs.is_empty() => refuse("请给出要检查的文件，如 gxgk check report.toml"),
        [] => refuse(
            "给出的文件夹里没有可检查的文件（.toml，或 .txt、.html、.htm、.docx、.pdf 格式的报告）",
        ),
        [file] if inputs.len() == 1 && !inputs[0].is_dir() => one(file).outcome,
        _ => {
            // With --format json the documents make one JSON array, so the output stays one
            // JSON document; in text the findings of each file, then the summary table.
            let json = matches!(format, Format::Json);
            let results = batch::each(&files, false, |_, f| one(f));
            if json {
                outln!("[");
            }
            let mut rows = Vec::with_capacity(files.len());
            for (i, ((done, printed), f)) in results.into_iter().zip(&files).enumerate() {
                if json && i > 0 {
                    outln!(",");
                }
                printed.replay();
                rows.push((f.clone(), done));
            }
            if json {
                outln!("]");
            } else {
                batch::summary(&rows, "检查");
            }
            rows.iter()
                .map(|r| r.1.outcome)
                .max()
                .unwrap_or(Outcome::Clean)
        }
    }
}

/// The files a folder contributes to `gxgk check`: data files and published reports.
fn checkable(p: &Path) -> bool {
    p.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
        || gxgk::import::is_document(p)
}

/// Checks one data file and prints its findings.
pub fn check_file(
    path: &Path,
    previous: Option<&Loaded>,
    format: Format,
    deadline: Option<(u32, u32)>,
    strict: bool,
) -> Done {
    // With --format json every outcome is one JSON document on stdout, load errors included.
    let refused = |e: LoadError| match format {
        Format::Json => {
            print_load_error_json(&e);
            Outcome::Unusable
        }
        Format::Text => report_load_error(&e),
    };
    let loaded = match load_file(path) {
        Ok(l) => l,
        Err(e) => {
            refused(e);
            return Done::unusable();
        }
    };
    let ctx = Ctx {
        report: &loaded.report,
        previous: previous.map(|p| &p.report),
        previous_source: previous.map(|p| &p.source),
        deadline,
    };
    let mut diags = loaded.notes.clone();
    diags.extend(check::check(&ctx));
    if strict {
        // `--strict`: a warning is printed, counted and exits as an error.
        for d in &mut diags {
            if d.severity == gxgk::diag::Severity::Warning {
                d.severity = gxgk::diag::Severity::Error;
            }
        }
    }
    print_findings(&loaded, &diags, format);
    Done::checked(&diags)
}

pub fn explain_rule(id: &str) -> Outcome {
    if id.trim().is_empty() {
        outln!("gxgk check 的规则（用 gxgk check --explain 规则编号 查看详细说明）：\n");
        for r in RULES {
            outln!("  {:<24} {}  {}", r.id, r.severity_label(), r.title);
        }
        for (id, title) in LOAD_RULES {
            outln!("  {id:<24} 错误  {title}");
        }
        for (id, error, title, _) in gxgk::import::DOCUMENT_RULES {
            outln!(
                "  {id:<24} {}  {title}",
                if error { "错误" } else { "警告" }
            );
        }
        return Outcome::Clean;
    }
    if let Some((id, error, title, explain)) = gxgk::import::DOCUMENT_RULES
        .iter()
        .find(|(i, ..)| i.eq_ignore_ascii_case(id.trim()))
    {
        let level = if *error { "错误" } else { "警告" };
        outln!("{id}（{level}，检查已发布的文档时）：{title}\n\n{explain}");
        return Outcome::Clean;
    }
    match check::rule(id) {
        Some(r) => {
            outln!(
                "{}（{}）：{}\n\n{}",
                r.id,
                r.severity_label(),
                r.title,
                r.explain
            );
            Outcome::Clean
        }
        None => match LOAD_RULES
            .iter()
            .find(|(i, _)| i.eq_ignore_ascii_case(id.trim()))
        {
            Some((id, title)) => {
                outln!(
                    "{id}（错误）：{title}\n\n文件无法读取时报告，退出码为 2。按提示修改对应的行即可。"
                );
                Outcome::Clean
            }
            None => {
                let ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
                let hint = gxgk::load::closest(&id.trim().to_uppercase(), &ids)
                    .map(|b| format!("是不是要找 {b}？"))
                    .unwrap_or_default();
                usage(&format!(
                    "没有规则“{id}”。{hint}运行 gxgk check --explain 列出全部规则"
                ))
            }
        },
    }
}
