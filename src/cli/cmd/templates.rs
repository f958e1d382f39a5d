//! `gxgk templates export`: the built-in templates written out for an office to adapt.

use std::path::Path;

use gxgk::sys::oserr::io_cause;
use gxgk::sys::write;
use gxgk::{errln, outln};

use super::Outcome;

pub fn export(dir: &Path, force: bool) -> Outcome {
    if let Err(e) = std::fs::create_dir_all(dir) {
        errln!("错误：无法创建目录 {}：{}", dir.display(), io_cause(&e));
        return Outcome::Unusable;
    }
    for (name, text) in gxgk::render::html::BUILTIN {
        let path = dir.join(name);
        match write::atomic(&path, text.as_bytes(), force) {
            Ok(()) => outln!("已导出 {}", path.display()),
            Err(e) => {
                errln!("错误：{e}");
                return Outcome::Unusable;
            }
        }
    }
    outln!(
        "修改这些文件后，用  gxgk render 数据文件 --templates {}  生成报告；删去的文件仍用内置模板。",
        dir.display()
    );
    Outcome::Clean
}
