//! `gxgk check`: checks data files and published reports, or explains the rules.

use std::path::Path;

use gxgk::check::{self, Ctx, LOAD_RULES, RULES};
use gxgk::diag::Tally;
use gxgk::load::{LoadError, load_file, load_previous_file};
use gxgk::outln;

use super::{Format, Outcome, print_findings, print_load_error_json, report_load_error, usage};

/// Checks each file in turn — a data file, or a published report (.txt/.html/.docx/.pdf)
/// imported in memory — and comes to the worst outcome of them.
pub fn run(
    files: &[std::path::PathBuf],
    previous: Option<&Path>,
    format: Format,
    deadline: Option<(u32, u32)>,
    strict: bool,
) -> Outcome {
    let one = |file: &Path| -> Outcome {
        if gxgk::import::is_document(file) {
            match previous
                .map(|p| load_previous_file(p).map_err(|e| report_load_error(&e)))
                .transpose()
            {
                Ok(p) => super::import::check(
                    file,
                    p.as_ref().map(|l| &l.report),
                    matches!(format, Format::Json),
                    deadline,
                ),
                Err(o) => o,
            }
        } else {
            check_file(file, previous, format, deadline, strict)
        }
    };
    if files.is_empty() {
        return usage("请给出要检查的文件，如 gxgk check report.toml");
    }
    // With --format json, several files make one JSON array of their documents, so the
    // output stays one JSON document.
    let array = matches!(format, Format::Json) && files.len() > 1;
    if array {
        outln!("[");
    }
    let mut worst = Outcome::Clean;
    for (i, f) in files.iter().enumerate() {
        if array && i > 0 {
            outln!(",");
        }
        worst = worst.max(one(f));
    }
    if array {
        outln!("]");
    }
    worst
}

pub fn check_file(
    path: &Path,
    previous: Option<&Path>,
    format: Format,
    deadline: Option<(u32, u32)>,
    strict: bool,
) -> Outcome {
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
        Err(e) => return refused(e),
    };
    // Last year's file may use key names renamed since: read under the new names.
    let prev = match previous.map(load_previous_file).transpose() {
        Ok(p) => p,
        Err(e) => return refused(e),
    };
    if let (Some(p), Format::Text) = (&prev, format) {
        for n in &p.notes {
            outln!("{}", n.render_text(&p.source));
        }
    }
    let ctx = Ctx {
        report: &loaded.report,
        previous: prev.as_ref().map(|p| &p.report),
        previous_source: prev.as_ref().map(|p| &p.source),
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
    Outcome::of_errors(Tally::of(&diags).errors)
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
