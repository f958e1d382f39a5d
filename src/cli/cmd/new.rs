//! `gxgk new`: writes the year's data file, from scratch or carrying last year's file over.

use std::path::Path;

use gxgk::load::{scaffold, schema};
use gxgk::model::Level;
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
    let agency = match (agency, &previous) {
        (Some(a), _) => a.to_string(),
        (None, Some(p)) => p.agency.name.clone(),
        (None, None) => return usage("请用 --agency 写明机关名称"),
    };
    let agency = agency.as_str();
    let year = year
        .or(previous.as_ref().map(|p| p.year + 1))
        .unwrap_or_else(scaffold::default_year);
    if !(2019..=2100).contains(&year) {
        return usage(&format!("报告年度 {year} 不在支持范围内（2019 年度起）"));
    }
    let level = match level {
        Some(name) => match Level::from_name(name) {
            Some(l) => l,
            None => {
                let names: Vec<&str> = Level::ALL.iter().map(|(_, n)| *n).collect();
                return usage(&format!(
                    "无法识别的机关层级“{name}”，可选：{}",
                    names.join("、")
                ));
            }
        },
        None => match previous
            .as_ref()
            .map(|p| p.agency.level)
            .or_else(|| gxgk::model::Level::guess(agency))
        {
            Some(l) => l,
            None => {
                return usage(&format!(
                    "无法从名称“{agency}”判断机关层级，请加 --level，如 --level 县级政府部门"
                ));
            }
        },
    };
    let name = scaffold::full_name(agency, level);
    let schema_name = "gxgk.schema.json";
    let text = scaffold::render(&scaffold::Options {
        agency: name.clone(),
        level,
        year,
        previous,
        schema_path: schema_name.to_string(),
    });
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
    let schema_path = output.parent().unwrap_or(Path::new("")).join(schema_name);
    let ours = std::fs::read_to_string(&schema_path)
        .map(|t| schema::is_ours(&t))
        .unwrap_or(!write::occupied(&schema_path));
    if !ours {
        errln!(
            "提示：{} 已存在且不是 gxgk 生成的，没有覆盖（编辑器的自动补全可能不准，不影响使用）",
            schema_path.display()
        );
    } else if let Err(e) = write::atomic(&schema_path, schema::json().as_bytes(), true) {
        errln!("警告：{e}（编辑器将无法自动补全，不影响使用）");
    }
    outln!(
        "已生成 {}：{name}{year}年政府信息公开工作年度报告（{}级，{}格式）",
        output.display(),
        level.name(),
        gxgk::model::Edition::for_year(year)
    );
    if name != agency.trim() {
        outln!("机关全称写为“{name}”，如不对请在文件中修改 [agency] name。");
    }
    outln!(
        "下一步：按文件中的说明填写数字和文字，然后运行  gxgk check {}",
        output.display()
    );
    Outcome::Clean
}
