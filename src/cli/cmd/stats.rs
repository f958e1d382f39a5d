//! `gxgk stats`: the figures of many reports in one workbook (see `gxgk::aggregate::stats`).

use std::path::{Path, PathBuf};

use gxgk::aggregate::stats::{Entry, workbook};
use gxgk::check::{self, Ctx};
use gxgk::diag::Tally;
use gxgk::load::load_file;
use gxgk::sys::write;
use gxgk::{errln, outln};

use super::{Outcome, batch, report_load_error, usage};

/// Reads every data file (folders: the .toml files in them), checks each, and writes the
/// workbook to `output`. Unreadable files are said and listed in the workbook, never skipped.
pub fn run(inputs: &[PathBuf], output: &Path, force: bool) -> Outcome {
    let files = batch::expand(inputs, |p| {
        p.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
    });
    if files.is_empty() {
        return usage("给出的文件夹里没有数据文件（.toml）");
    }
    let results = batch::each(&files, false, |_, f| match load_file(f) {
        Ok(l) => {
            let diags = check::check(&Ctx::alone(&l.report));
            (Some(l.report), Some(Tally::of(&diags)))
        }
        Err(e) => {
            report_load_error(&e);
            (None, None)
        }
    });
    let mut entries = Vec::with_capacity(files.len());
    for (((report, tally), printed), f) in results.into_iter().zip(&files) {
        printed.replay();
        entries.push(Entry {
            file: f.display().to_string(),
            report,
            tally,
        });
    }
    let bytes = match workbook(&entries) {
        Ok(b) => b,
        Err(e) => {
            errln!("错误：{e}");
            return Outcome::Unusable;
        }
    };
    let out = write::Out {
        path: output,
        bytes: &bytes,
    };
    let sources: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    if let Err(e) = write::write_set(&[out], force, &sources) {
        errln!("错误：{e}");
        return Outcome::Unusable;
    }
    let unreadable = entries.iter().filter(|e| e.report.is_none()).count();
    outln!(
        "已生成 {}：{} 份报告{}",
        output.display(),
        entries.len(),
        if unreadable > 0 {
            format!("，其中 {unreadable} 份无法读取（只列出文件名）")
        } else {
            String::new()
        }
    );
    if unreadable > 0 {
        Outcome::Unusable
    } else {
        Outcome::Clean
    }
}
