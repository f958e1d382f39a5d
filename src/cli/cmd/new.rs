//! `gxgk new`: writes the year's data file, from scratch or carrying last year's file over.

use std::path::Path;

use gxgk::load::{scaffold, schema};
use gxgk::sys::write;
use gxgk::{errln, outln};

use super::{Outcome, report_load_error, usage};

pub fn run(
    agency: Option<&str>,
    year: Option<i64>,
    level: Option<&str>,
    from: Option<&Path>,
    output: &Path,
    force: bool,
) -> Outcome {
    // Last year's file may use key names renamed since: read under the new names, with a note.
    // …or be a published report (.txt/.html/.docx/.pdf), imported in memory.
    let previous = match from.map(super::published::load_previous).transpose() {
        Ok(p) => p.map(|(l, imported)| {
            for line in imported {
                outln!("{line}");
            }
            for n in &l.notes {
                outln!("{}", n.render_text(&l.source));
            }
            l.report
        }),
        Err(e) => return report_load_error(&e),
    };
    let given = agency.map(str::trim).unwrap_or_default().to_string();
    let opts = match scaffold::prepare(agency, year, level, previous, schema::FILE_NAME) {
        Ok(o) => o,
        Err(e) if agency.is_none() && e == "请写明机关名称" => {
            return usage("请用 --agency 写明机关名称");
        }
        Err(e) => return usage(&e),
    };
    let (name, year, level) = (opts.agency.clone(), opts.year, opts.level);
    let text = scaffold::render(&opts);
    let inputs: Vec<&Path> = from.into_iter().collect();
    let out = write::Out {
        path: output,
        bytes: text.as_bytes(),
    };
    if let Err(e) = write::write_set(&[out], force, &inputs) {
        errln!("错误：{e}");
        return Outcome::Unusable;
    }
    // The schema beside the file is ours to refresh, but a file of that name that gxgk did
    // not write is left alone.
    match schema::write_beside(output) {
        schema::Beside::Written => {}
        schema::Beside::NotOurs(path) => errln!(
            "提示：{} 已存在且不是 gxgk 生成的，没有覆盖（编辑器的自动补全可能不准，不影响使用）",
            path.display()
        ),
        schema::Beside::Failed(e) => errln!("警告：{e}（编辑器将无法自动补全，不影响使用）"),
    }
    outln!(
        "已生成 {}：{name}{year}年政府信息公开工作年度报告（{}级，{}格式）",
        output.display(),
        level.name(),
        gxgk::model::Edition::for_year(year)
    );
    if name != given {
        outln!("机关全称写为“{name}”，如不对请在文件中修改 [agency] name。");
    }
    outln!(
        "下一步：按文件中的说明填写数字和文字，然后运行  gxgk check {}",
        output.display()
    );
    Outcome::Clean
}
