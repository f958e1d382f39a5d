//! Windows Explorer habits. A clerk who double-clicks `gxgk.exe` (or opens a `.toml` with it)
//! gets a console window of the program's own, which closes the moment the program exits: the
//! usage text would flash and vanish. When gxgk is the only process on its console, it shows
//! a short Chinese help (or checks the file it was given) and waits for Enter instead.
//!
//! From a terminal, a script, a pipe, or on other systems nothing changes.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

/// What a double-clicked gxgk says: what it is, where to type, and the three steps.
pub const HELP: &str = "\
gxgk：政府信息公开工作年度报告编写工具

gxgk 要在“命令提示符”窗口里输入命令使用，双击只会显示这段说明。

打开命令提示符：在放 gxgk.exe 的文件夹窗口里，点地址栏，输入 cmd，按回车。
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
    /// Started with no arguments on a console of its own: show [`HELP`] and wait.
    Help,
    /// Started with one `.toml` file on a console of its own ("打开方式"): check it and wait.
    Check(PathBuf),
}

/// Decides from the arguments (program name first) and the console state.
fn decide(args: &[OsString], interactive: bool, own_console: bool) -> Action {
    if !(interactive && own_console) {
        return Action::Normal;
    }
    match args {
        [_] => Action::Help,
        [_, file] => {
            let path = PathBuf::from(file);
            let toml = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
            if toml && path.is_file() {
                Action::Check(path)
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
        Action::Help => {
            print!("{HELP}");
            wait_for_enter("按回车键关闭本窗口。");
            Some(ExitCode::SUCCESS)
        }
        Action::Check(file) => {
            println!("检查 {}：\n", file.display());
            // The same program in check mode, on this console; its exit code is passed on.
            let status = std::env::current_exe().and_then(|exe| {
                std::process::Command::new(exe)
                    .arg("check")
                    .arg(&file)
                    .status()
            });
            let code = match status {
                Ok(s) => s.code().map_or(2, |c| u8::try_from(c).unwrap_or(2)),
                Err(e) => {
                    eprintln!("错误：无法运行检查：{e}");
                    2
                }
            };
            if code == 0 {
                println!(
                    "\n要生成报告，请在命令提示符中运行：gxgk render \"{}\"",
                    file.display()
                );
            } else {
                println!("\n请按上面的位置修改并保存，再次打开这个文件即可重新检查。");
            }
            wait_for_enter("按回车键关闭本窗口。");
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
    fn only_a_console_of_its_own_gets_the_help() {
        assert_eq!(decide(&args(&["gxgk.exe"]), true, true), Action::Help);
        // From cmd.exe or PowerShell (another process on the console), piped, or redirected.
        assert_eq!(decide(&args(&["gxgk.exe"]), true, false), Action::Normal);
        assert_eq!(decide(&args(&["gxgk.exe"]), false, true), Action::Normal);
        assert_eq!(
            decide(&args(&["gxgk.exe", "--help"]), true, true),
            Action::Normal
        );
    }

    #[test]
    fn an_opened_toml_file_is_checked() {
        let dir = std::env::temp_dir().join(format!("gxgk-console-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("年度 报告.TOML");
        std::fs::write(&file, "year = 2025\n").unwrap();
        let a = vec![OsString::from("gxgk.exe"), file.clone().into_os_string()];
        assert_eq!(decide(&a, true, true), Action::Check(file.clone()));
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
