//! `gxgk rollup`: a 汇总 data file summing many reports' tables, and the comparison of a
//! hand-made 汇总 with that sum (see `gxgk::aggregate::rollup`).

use std::path::{Path, PathBuf};

use gxgk::aggregate::rollup::{data_file, differences, sum};
use gxgk::check::{self, Ctx};
use gxgk::diag::{Severity, Tally};
use gxgk::load::{Loaded, load_file};
use gxgk::model::{Level, full_name};
use gxgk::sys::write;
use gxgk::{errln, outln};

use super::{Outcome, batch, report_load_error, usage};

/// What `gxgk rollup` was asked for.
pub struct Request<'a> {
    /// The reports, or folders of them.
    pub files: &'a [PathBuf],
    /// The agency publishing the 汇总.
    pub agency: &'a str,
    /// Its level (else guessed from the name).
    pub level: Option<&'a str>,
    /// Where to write the 汇总 data file.
    pub output: Option<&'a Path>,
    /// A hand-made 汇总 to compare with the sum.
    pub check_against: Option<&'a Path>,
    /// Overwrite the output.
    pub force: bool,
}

/// Sums the reports; writes the data file and/or lists where a hand-made 汇总 differs.
pub fn run(r: Request) -> Outcome {
    let files = batch::expand(r.files, |p| {
        p.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
    });
    if files.is_empty() {
        return usage("没有要汇总的数据文件（.toml）");
    }
    let level = match r.level {
        Some(name) => match Level::from_name(name) {
            Some(l) => l,
            None => return usage(&format!("无法识别的机关层级“{name}”")),
        },
        None => Level::guess(r.agency).unwrap_or(Level::CountyGovernment),
    };
    // Every report must be read, and no cell may be unreadable: a report is never skipped
    // and an unreadable cell never summed as if it were blank.
    let mut loaded: Vec<(String, Loaded)> = Vec::new();
    let mut refused = false;
    for f in &files {
        match load_file(f) {
            Ok(l) => {
                let diags = check::check(&Ctx::alone(&l.report));
                let bad: Vec<_> = diags
                    .iter()
                    .filter(|d| d.severity == Severity::Error && d.rule.ends_with("-INT"))
                    .collect();
                for d in &bad {
                    outln!("{}", d.render_text(&l.source));
                }
                if !bad.is_empty() {
                    refused = true;
                    continue;
                }
                let errors = Tally::of(&diags).errors;
                if errors > 0 {
                    errln!(
                        "警告：{} 有 {errors} 个错误（gxgk check 可查看），它的数字照样计入汇总",
                        f.display()
                    );
                }
                loaded.push((f.display().to_string(), l));
            }
            Err(e) => {
                report_load_error(&e);
                refused = true;
            }
        }
    }
    if refused {
        errln!("错误：有报告无法读取或有无法识别的数字，没有汇总；请改正上面列出的问题");
        return Outcome::Unusable;
    }
    let reports: Vec<(String, &gxgk::model::Report)> =
        loaded.iter().map(|(n, l)| (n.clone(), &l.report)).collect();
    let total = match sum(&reports) {
        Ok(s) => s,
        Err(e) => {
            errln!("错误：{e}");
            return Outcome::Unusable;
        }
    };
    let mut outcome = Outcome::Clean;
    if let Some(handmade) = r.check_against {
        let h = match load_file(handmade) {
            Ok(h) => h,
            Err(e) => return report_load_error(&e),
        };
        let diffs = differences(&total, &h.report);
        for d in &diffs {
            outln!("{}", d.render_text(&h.source));
        }
        outln!(
            "{}：与 {} 份报告之和比较，{}",
            handmade.display(),
            reports.len(),
            if diffs.is_empty() {
                "每一格都一致。".to_string()
            } else {
                format!("有 {} 格不一致。", diffs.len())
            }
        );
        if !diffs.is_empty() {
            outcome = Outcome::Errors;
        }
    }
    let output = match (r.output, r.check_against) {
        (Some(o), _) => o.to_path_buf(),
        (None, Some(_)) => return outcome,
        (None, None) => PathBuf::from("汇总.toml"),
    };
    let agency = full_name(r.agency, level);
    let text = data_file(&total, &agency, level);
    let inputs: Vec<&Path> = files
        .iter()
        .map(PathBuf::as_path)
        .chain(r.check_against)
        .collect();
    let out = write::Out {
        path: &output,
        bytes: text.as_bytes(),
    };
    if let Err(e) = write::write_set(&[out], r.force, &inputs) {
        errln!("错误：{e}");
        return Outcome::Unusable;
    }
    outln!(
        "已生成 {}：{agency}{}年度汇总，表二、表三、表四为 {} 份报告之和（{}表格）",
        output.display(),
        total.year,
        reports.len(),
        total.edition
    );
    outln!(
        "下一步：填写汇总报告的文字部分，然后运行  gxgk check {}",
        output.display()
    );
    outcome
}
