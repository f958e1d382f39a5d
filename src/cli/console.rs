//! Windows Explorer habits. A clerk who double-clicks `gxgk.exe` (or opens a `.toml` with it)
//! gets a console window of the program's own, which closes the moment the program exits.
//! When gxgk is the only process on its console it starts the editor (`gxgk edit`) on the
//! file it was given, or on `report.toml` in the folder (the creation page when there is none),
//! says so in Chinese with a short help, and runs until the page is closed or Enter is pressed.
//!
//! From a terminal, a script, a pipe, or on other systems nothing changes.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

/// What a double-clicked gxgk says besides the editor's address: what it is, and how the
/// same is done from the command prompt.
pub const HELP: &str = "\
gxgk：政府信息公开工作年度报告编写工具

双击 gxgk.exe 会在浏览器中打开报告的填写页面（本文件夹的 report.toml；还没有时先新建），
边填边检查，自动保存，填好后点“生成报告”。

也可以在“命令提示符”窗口里输入命令使用。打开命令提示符：在放 gxgk.exe 的文件夹窗口里，点地址栏，输入 cmd，按回车。
然后在新窗口里分三步输入（每行输入完按回车）：

  1. gxgk new --agency 磐石镇      生成数据文件 report.toml（把“磐石镇”换成本机关名称）
  2. 用记事本或 WPS 打开 report.toml，按其中的中文说明填写数字和文字，保存
  3. gxgk check report.toml        检查，有错误时指出第几行第几列、应该怎么改
     gxgk render report.toml       生成报告：report.html、report.docx、report.pdf，
                                   放在 report.toml 所在的文件夹里

详细说明见同一文件夹里的“使用说明.txt”。
";

/// What to do before normal argument parsing.
#[derive(Debug, PartialEq, Eq)]
enum Action {
    /// Parse the arguments as usual.
    Normal,
    /// Started on a console of its own, with no arguments (`None`: `report.toml` here) or one
    /// `.toml` file ("打开方式"): show [`HELP`] and edit it.
    Edit(Option<PathBuf>),
}

/// Decides from the arguments (program name first) and the console state.
fn decide(args: &[OsString], interactive: bool, own_console: bool) -> Action {
    if !(interactive && own_console) {
        return Action::Normal;
    }
    match args {
        [_] => Action::Edit(None),
        [_, file] => {
            let path = PathBuf::from(file);
            let toml = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
            if toml && path.is_file() {
                Action::Edit(Some(path))
            } else {
                Action::Normal
            }
        }
        _ => Action::Normal,
    }
}

/// Handles a double-click start; `None` means carry on with normal argument parsing.
pub fn double_clicked() -> Option<ExitCode> {
    use std::io::IsTerminal;
    if !cfg!(windows) {
        return None;
    }
    let args: Vec<OsString> = std::env::args_os().collect();
    if args.len() > 2 {
        return None;
    }
    let interactive = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    match decide(&args, interactive, interactive && alone_on_console()) {
        Action::Normal => None,
        Action::Edit(file) => {
            println!("{HELP}");
            let args = crate::cmd::edit::Args {
                file,
                no_browser: false,
                port: None,
            };
            let code = crate::cmd::edit::run(&args, crate::cmd::edit::Stop::Enter).code();
            if code != 0 {
                wait_for_enter("按回车键关闭本窗口。");
            }
            Some(ExitCode::from(code))
        }
    }
}

fn wait_for_enter(prompt: &str) {
    use std::io::Write;
    print!("\n{prompt}");
    let _ = std::io::stdout().flush();
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
}

/// Whether this process is the only one attached to its console, which is how a console
/// created for a double-clicked program looks (cmd.exe or PowerShell would be a second one).
#[cfg(windows)]
fn alone_on_console() -> bool {
    #[link(name = "kernel32")]
    unsafe extern "system" {
        fn GetConsoleProcessList(list: *mut u32, count: u32) -> u32;
    }
    let mut ids = [0u32; 4];
    // SAFETY: `ids` is valid for writes of `ids.len()` process ids, the count passed.
    let n = unsafe { GetConsoleProcessList(ids.as_mut_ptr(), ids.len() as u32) };
    n == 1
}

#[cfg(not(windows))]
fn alone_on_console() -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<OsString> {
        a.iter().map(OsString::from).collect()
    }

    #[test]
    fn only_a_console_of_its_own_gets_the_editor() {
        assert_eq!(decide(&args(&["gxgk.exe"]), true, true), Action::Edit(None));
        // From cmd.exe or PowerShell (another process on the console), piped, or redirected.
        assert_eq!(decide(&args(&["gxgk.exe"]), true, false), Action::Normal);
        assert_eq!(decide(&args(&["gxgk.exe"]), false, true), Action::Normal);
        assert_eq!(
            decide(&args(&["gxgk.exe", "--help"]), true, true),
            Action::Normal
        );
    }

    #[test]
    fn an_opened_toml_file_is_edited() {
        let dir = std::env::temp_dir().join(format!("gxgk-console-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("年度 报告.TOML");
        std::fs::write(&file, "year = 2025\n").unwrap();
        let a = vec![OsString::from("gxgk.exe"), file.clone().into_os_string()];
        assert_eq!(decide(&a, true, true), Action::Edit(Some(file.clone())));
        assert_eq!(decide(&a, true, false), Action::Normal);
        // A missing file or another kind of argument goes to the normal parser.
        let missing = vec![
            OsString::from("gxgk.exe"),
            dir.join("无.toml").into_os_string(),
        ];
        assert_eq!(decide(&missing, true, true), Action::Normal);
        assert_eq!(
            decide(&args(&["gxgk.exe", "new"]), true, true),
            Action::Normal
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn the_help_names_the_three_steps() {
        for s in [
            "gxgk new --agency",
            "gxgk check report.toml",
            "gxgk render report.toml",
            "cmd",
            "使用说明.txt",
        ] {
            assert!(HELP.contains(s), "{s}");
        }
    }
}
