//! Tests of font discovery: Windows folders, names and file names, damaged files, fallback.

use super::*;

#[test]
fn role_keys_round_trip() {
    for r in Role::ALL {
        assert_eq!(Role::parse(r.key()), Some(r));
    }
    assert_eq!(Role::parse("楷体"), Some(Role::Kai));
    assert_eq!(Role::parse("bold"), None);
}

#[test]
fn no_fonts_gives_the_install_hint() {
    let dir = std::env::temp_dir().join(format!("gxgk-nofonts-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let err = resolve(&FontOptions {
        font_dirs: vec![dir.clone()],
        overrides: vec![],
        system: false,
        exclude: vec![],
    })
    .unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains(crate::sys::platform::System::current().font_install_line())
            && msg.contains("--font-dir"),
        "{msg}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn windows_font_folders_come_from_the_environment() {
    let env = |vars: &'static [(&'static str, &'static str)]| {
        move |k: &str| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| std::ffi::OsString::from(v))
        }
    };
    let dirs = windows_font_dirs(env(&[
        ("WINDIR", r"D:\WINDOWS"),
        ("SystemRoot", r"C:\Windows"),
        ("LOCALAPPDATA", r"C:\Users\张三\AppData\Local"),
        ("APPDATA", r"C:\Users\张三\AppData\Roaming\"),
    ]));
    assert_eq!(
        dirs,
        [
            PathBuf::from(r"D:\WINDOWS\Fonts"),
            PathBuf::from(r"C:\Users\张三\AppData\Local\Microsoft\Windows\Fonts"),
            PathBuf::from(r"C:\Users\张三\AppData\Roaming\Microsoft\Windows\Fonts"),
        ]
    );
    // Without WINDIR: SystemRoot; without LOCALAPPDATA/APPDATA: under USERPROFILE.
    let dirs = windows_font_dirs(env(&[
        ("SystemRoot", r"C:\Windows"),
        ("USERPROFILE", r"C:\Users\li"),
    ]));
    assert_eq!(
        dirs,
        [
            PathBuf::from(r"C:\Windows\Fonts"),
            PathBuf::from(r"C:\Users\li\AppData\Local\Microsoft\Windows\Fonts"),
            PathBuf::from(r"C:\Users\li\AppData\Roaming\Microsoft\Windows\Fonts"),
        ]
    );
    assert_eq!(
        windows_font_dirs(env(&[])),
        [PathBuf::from(r"C:\Windows\Fonts")]
    );
}

#[test]
fn windows_file_names_cover_the_official_faces() {
    for (family, file) in [
        ("方正小标宋简体", "FZXBSJW"),
        ("仿宋_GB2312", "仿宋_GB2312"),
        ("仿宋", "SIMFANG"),
        ("黑体", "SIMHEI"),
        ("楷体", "SIMKAI"),
        ("宋体", "SIMSUN"),
    ] {
        assert!(Role::windows_files(family).contains(&file), "{family}");
    }
    // Each of the 15 families given file names is one some role looks for.
    let families: Vec<&str> = Role::ALL
        .iter()
        .flat_map(|r| r.candidates().iter().map(|(n, _)| *n))
        .collect();
    let with_files = families
        .iter()
        .filter(|f| !Role::windows_files(f).is_empty())
        .count();
    assert_eq!(with_files, 15);
}

#[test]
fn unreadable_files_are_errors_not_panics() {
    let err = map_file(Path::new("/nonexistent/gxgk/font.ttc")).unwrap_err();
    assert!(err.to_string().contains("读取字体文件"), "{err}");
    let dir = std::env::temp_dir().join(format!("gxgk-badfont-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("bad.ttf");
    std::fs::write(&p, b"ttcf garbage").unwrap();
    std::fs::write(dir.join("short.otf"), b"OTTO").unwrap();
    let err = resolve(&FontOptions {
        font_dirs: vec![dir.clone()],
        overrides: vec![(Role::Body, p.display().to_string())],
        system: false,
        exclude: vec![],
    })
    .unwrap_err();
    assert!(!err.to_string().is_empty());
    std::fs::remove_dir_all(&dir).ok();
}
