//! `gxgk edit`: starts the local editor on one data file, prints its address (first line, the
//! token included), opens the default browser at it and serves until stopped.

use std::path::PathBuf;
use std::sync::atomic::Ordering;

use gxgk::edit::server::Editor;
use gxgk::{errln, outln};

use super::Outcome;

/// What `gxgk edit` was asked for (its command-line arguments).
#[derive(clap::Args)]
pub struct Args {
    /// 要编辑的数据文件；不写时编辑当前文件夹的 report.toml（没有时先新建）
    #[arg(value_name = "文件")]
    pub file: Option<PathBuf>,
    /// 只显示地址，不打开浏览器
    #[arg(long)]
    pub no_browser: bool,
    /// 使用指定的本机端口（默认每个文件固定用一个端口，被占用时另选）
    #[arg(long, value_name = "端口")]
    pub port: Option<u16>,
}

/// How the editor is stopped besides Ctrl+C.
pub enum Stop {
    /// Closing every page (or Ctrl+C).
    Pages,
    /// Enter on this console too (a double-clicked gxgk.exe whose window the clerk sees).
    Enter,
}

pub fn run(args: &Args, stop: Stop) -> Outcome {
    let file = args
        .file
        .clone()
        .unwrap_or_else(|| PathBuf::from("report.toml"));
    if file.is_dir() {
        return super::usage(&format!(
            "{} 是文件夹，请给出数据文件（.toml）",
            file.display()
        ));
    }
    let editor = match Editor::bind(&file, args.port) {
        Ok(e) => e,
        Err(e) => {
            errln!("错误：{e}");
            return Outcome::Unusable;
        }
    };
    let url = editor.url();
    outln!("{url}");
    let what = if file.exists() {
        format!("正在编辑 {}", file.display())
    } else {
        format!(
            "{} 还不存在：在浏览器中填写机关名称等即可新建",
            file.display()
        )
    };
    outln!("{what}。在浏览器中打开上面的地址（只有本机能访问）。");
    match stop {
        Stop::Pages => {
            outln!("按 Ctrl+C 结束编辑；关闭浏览器中的编辑页面后也会自动结束。修改会自动保存。")
        }
        Stop::Enter => outln!("编辑完成后关闭浏览器页面，或在本窗口按回车键结束。修改会自动保存。"),
    }
    if !args.no_browser && !open_browser(&url) {
        outln!(
            "没有能自动打开浏览器，请把上面的地址复制到浏览器（Edge、Chrome、360、Firefox 等）的地址栏。"
        );
    }
    if let Stop::Enter = stop {
        let flag = editor.stop.clone();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = std::io::stdin().read_line(&mut line);
            flag.store(true, Ordering::Relaxed);
        });
    }
    editor.run();
    outln!("编辑器已结束。");
    Outcome::Clean
}

/// Opens `url` in the default browser: Windows, macOS, or the desktop's handler elsewhere.
fn open_browser(url: &str) -> bool {
    use std::process::{Command, Stdio};
    let mut cmd = if cfg!(windows) {
        let mut c = Command::new("rundll32");
        c.args(["url.dll,FileProtocolHandler", url]);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = Command::new("open");
        c.arg(url);
        c
    } else {
        let mut c = Command::new("xdg-open");
        c.arg(url);
        c
    };
    cmd.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .is_ok()
}
