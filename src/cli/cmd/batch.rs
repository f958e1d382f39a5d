//! Many reports in one run (`gxgk check 报告/`, `gxgk render 报告/ -o 输出/`): folders expanded to
//! the files in them, every report processed on all cores with its output held back and
//! printed in input order (so a batch prints what the files would one by one), a progress line
//! on a terminal, and the closing summary table. One report's failure never stops the others.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use gxgk::diag::Tally;
use gxgk::sys::stdio::{Captured, captured};
use gxgk::{err, outln};

use super::Outcome;

/// What became of one file, for the summary.
#[derive(Debug, Clone, Copy)]
pub struct Done {
    /// The outcome.
    pub outcome: Outcome,
    /// The findings counted, when the file could be read.
    pub tally: Option<Tally>,
    /// How many files were written for it.
    pub written: usize,
    /// Why nothing was done, when that is not that the file could not be read.
    pub refused: Option<&'static str>,
}

impl Done {
    /// A file checked, with its findings.
    pub fn checked(diags: &[gxgk::diag::Diagnostic]) -> Done {
        let tally = Tally::of(diags);
        Done {
            outcome: Outcome::of_errors(tally.errors),
            tally: Some(tally),
            written: 0,
            refused: None,
        }
    }
    /// A file that could not be read or processed.
    pub fn unusable() -> Done {
        Done {
            outcome: Outcome::Unusable,
            tally: None,
            written: 0,
            refused: None,
        }
    }
}

/// Folders below this depth are not looked into.
const MAX_DEPTH: usize = 4;

/// The files `inputs` name: a file as given (also one that does not exist: it is then
/// reported as unreadable, like any other), a folder as the files below it that `wanted`
/// accepts, in name order, hidden files and folders skipped, symbolic links not followed.
pub fn expand(inputs: &[PathBuf], wanted: fn(&Path) -> bool) -> Vec<PathBuf> {
    fn walk(dir: &Path, depth: usize, wanted: fn(&Path) -> bool, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        entries.sort();
        for p in entries {
            let hidden = p
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            let Ok(meta) = std::fs::symlink_metadata(&p) else {
                continue;
            };
            if hidden || meta.file_type().is_symlink() {
                continue;
            }
            if meta.is_dir() {
                if depth < MAX_DEPTH {
                    walk(&p, depth + 1, wanted, out);
                }
            } else if wanted(&p) {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    for p in inputs {
        if p.is_dir() {
            walk(p, 1, wanted, &mut out);
        } else {
            out.push(p.clone());
        }
    }
    out
}

/// Runs `job` on every file (with its index) on all cores; each result comes with what the job
/// printed, in input order. On a terminal a progress line counts the files done. A job that
/// `writes` files waits on the disk (each output is synced before it is renamed into place):
/// such jobs run on twice as many threads as cores, so a wait leaves no core idle (1,000
/// reports rendered on 2 cores, interleaved over 5 rounds: median 7.1 s → 6.4 s).
pub fn each<T: Send>(
    files: &[PathBuf],
    writes: bool,
    job: impl Fn(usize, &Path) -> T + Sync,
) -> Vec<(T, Captured)> {
    let progress = files.len() > 1 && std::io::stderr().is_terminal();
    let done = AtomicUsize::new(0);
    let run = || {
        files
            .par_iter()
            .enumerate()
            .map(|(i, f)| {
                let r = captured(|| job(i, f));
                let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                if progress {
                    err!("\r已处理 {n}/{} 个文件", files.len());
                }
                r
            })
            .collect::<Vec<_>>()
    };
    let pool = writes
        .then(|| {
            let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
            rayon::ThreadPoolBuilder::new()
                .num_threads(cores * 2)
                .build()
                .ok()
        })
        .flatten();
    let results = match pool {
        Some(pool) => pool.install(run),
        None => run(),
    };
    if progress {
        err!("\r{}\r", " ".repeat(24));
    }
    results
}

/// The closing table of a batch: each file with its errors, warnings and what became of it.
pub fn summary(rows: &[(PathBuf, Done)], verb: &str) {
    outln!();
    outln!("文件\t错误\t警告\t结果");
    let mut count = [0usize; 3];
    for (file, d) in rows {
        let (e, w) = match d.tally {
            Some(t) => (t.errors.to_string(), t.warnings.to_string()),
            None => ("—".into(), "—".into()),
        };
        let what = match (d.outcome, d.tally) {
            _ if d.refused.is_some() => d.refused.unwrap_or_default().to_string(),
            (Outcome::Clean, _) if d.written > 0 => format!("已{verb} {} 个文件", d.written),
            (Outcome::Clean, _) => "通过".to_string(),
            (Outcome::Errors, _) => "有错误".to_string(),
            (Outcome::Unusable, Some(_)) => "未完成".to_string(),
            (Outcome::Unusable, None) => "无法读取".to_string(),
        };
        count[d.outcome as usize] += 1;
        outln!("{}\t{e}\t{w}\t{what}", file.display());
    }
    outln!(
        "共 {} 个文件：{} 个通过，{} 个有错误，{} 个无法读取或未完成。",
        rows.len(),
        count[0],
        count[1],
        count[2]
    );
}
