//! The system gxgk runs on, as far as its messages need it: which one line installs a Chinese
//! font there (printed by `gxgk fonts`, the "no Chinese font" error and the README alike).

/// A family of systems that share a font-install command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum System {
    /// Debian, Ubuntu and their derivatives (apt).
    Debian,
    /// Fedora, RHEL, CentOS, Rocky, Alma (dnf).
    Fedora,
    /// Arch, Manjaro (pacman).
    Arch,
    /// openSUSE (zypper).
    Suse,
    /// macOS (Homebrew).
    MacOs,
    /// Windows (the optional Chinese supplemental fonts).
    Windows,
    /// Any other system: no command is known.
    Other,
}

impl System {
    /// The system this process runs on.
    pub fn current() -> System {
        if cfg!(windows) {
            System::Windows
        } else if cfg!(target_os = "macos") {
            System::MacOs
        } else {
            std::fs::read_to_string("/etc/os-release")
                .or_else(|_| std::fs::read_to_string("/usr/lib/os-release"))
                .map(|t| System::from_os_release(&t))
                .unwrap_or(System::Other)
        }
    }

    /// Reads the `ID` and `ID_LIKE` fields of an os-release file.
    pub fn from_os_release(text: &str) -> System {
        let mut ids = Vec::new();
        for line in text.lines() {
            if let Some(v) = line
                .strip_prefix("ID=")
                .or_else(|| line.strip_prefix("ID_LIKE="))
            {
                ids.extend(
                    v.trim_matches(['"', '\''])
                        .split_whitespace()
                        .map(str::to_ascii_lowercase),
                );
            }
        }
        let has = |names: &[&str]| ids.iter().any(|id| names.contains(&id.as_str()));
        if has(&["debian", "ubuntu"]) {
            System::Debian
        } else if has(&["fedora", "rhel", "centos"]) {
            System::Fedora
        } else if has(&["arch"]) {
            System::Arch
        } else if has(&["suse", "opensuse"]) {
            System::Suse
        } else {
            System::Other
        }
    }

    /// The one line a user copies to install a Chinese font (Noto CJK, or on Windows the
    /// Chinese supplemental fonts with 仿宋, 黑体 and 楷体).
    pub fn font_install_line(self) -> &'static str {
        match self {
            System::Debian => "sudo apt install fonts-noto-cjk",
            System::Fedora => {
                "sudo dnf install google-noto-serif-cjk-fonts google-noto-sans-cjk-fonts"
            }
            System::Arch => "sudo pacman -S noto-fonts-cjk",
            System::Suse => "sudo zypper install noto-serif-sc-fonts noto-sans-sc-fonts",
            System::MacOs => "brew install --cask font-noto-serif-cjk-sc font-noto-sans-cjk-sc",
            System::Windows => {
                "Add-WindowsCapability -Online -Name Language.Fonts.Hans~~~und-HANS~0.0.1.0"
            }
            System::Other => {
                "安装 Noto Serif CJK SC 与 Noto Sans CJK SC 字体（各系统的软件包名不同）"
            }
        }
    }

    /// How the line is to be run, in Chinese (shown before it).
    pub fn how(self) -> &'static str {
        match self {
            System::Windows => {
                "仿宋_GB2312、方正小标宋简体等字体文件双击后点“安装”；系统自带的仿宋、黑体、楷体缺少时，以管理员身份打开 PowerShell 运行"
            }
            System::Other => "请",
            _ => "在终端运行",
        }
    }
}

/// The install advice as one sentence, for messages.
pub fn font_install_advice() -> String {
    let s = System::current();
    format!("{}：{}", s.how(), s.font_install_line())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_release_families() {
        let ubuntu = "NAME=\"Ubuntu\"\nID=ubuntu\nID_LIKE=debian\n";
        assert_eq!(System::from_os_release(ubuntu), System::Debian);
        let rocky = "ID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\n";
        assert_eq!(System::from_os_release(rocky), System::Fedora);
        assert_eq!(
            System::from_os_release("ID=manjaro\nID_LIKE=arch\n"),
            System::Arch
        );
        assert_eq!(
            System::from_os_release("ID=\"opensuse-tumbleweed\"\nID_LIKE=\"opensuse suse\"\n"),
            System::Suse
        );
        assert_eq!(System::from_os_release("ID=alpine\n"), System::Other);
        assert_eq!(System::from_os_release(""), System::Other);
    }

    #[test]
    fn every_system_has_one_line() {
        for s in [
            System::Debian,
            System::Fedora,
            System::Arch,
            System::Suse,
            System::MacOs,
            System::Windows,
            System::Other,
        ] {
            let line = s.font_install_line();
            assert!(!line.contains('\n') && !line.is_empty(), "{s:?}");
        }
    }
}
