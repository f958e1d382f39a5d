//! Font discovery by Windows file name: a folder laid out like `C:\Windows\Fonts` (the open
//! Noto CJK fonts copied under the file names Windows and the 方正 packages use) gives every
//! role its face without any family name matching, and `gxgk fonts` says which file it took.

use std::path::{Path, PathBuf};
use std::process::Command;

use gxgk::sys::fonts::{self, FontOptions, Role};

use crate::common;
use common::noto;

/// A fresh folder named like a clerk would, with `files` as (Windows name, Noto file).
fn windows_folder(tag: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gxgk-{tag} 字体-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (name, src) in files {
        let to = dir.join(name);
        // A link keeps the test light (the collections are 20–27 MB); a copy where links fail.
        #[cfg(unix)]
        let linked = std::os::unix::fs::symlink(noto(src), &to).is_ok();
        #[cfg(not(unix))]
        let linked = false;
        if !linked {
            std::fs::copy(noto(src), &to).unwrap();
        }
    }
    dir
}

fn only(dir: &Path) -> FontOptions {
    FontOptions {
        font_dirs: vec![dir.to_path_buf()],
        overrides: vec![],
        system: false,
        exclude: vec![],
    }
}

#[test]
fn every_role_is_found_by_its_windows_file_name() {
    let dir = windows_folder(
        "winfonts",
        &[
            ("FZXBSJW.TTF", "NotoSerifCJK-Bold.ttc"),
            ("SIMFANG.TTF", "NotoSerifCJK-Regular.ttc"),
            ("simhei.ttf", "NotoSansCJK-Regular.ttc"),
            ("simkai.ttf", "NotoSerifCJK-Regular.ttc"),
            ("simsun.ttc", "NotoSerifCJK-Regular.ttc"),
            // Not a Chinese face name: must not be taken for any role.
            ("arial.ttf", "NotoSansCJK-Bold.ttc"),
        ],
    );
    let f = fonts::resolve(&only(&dir)).unwrap();
    let file_of = |r: Role| {
        let face = &f.faces()[f.face_of(r)];
        face.path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned()
    };
    assert_eq!(file_of(Role::Title), "FZXBSJW.TTF");
    assert_eq!(file_of(Role::Body), "SIMFANG.TTF");
    assert_eq!(file_of(Role::Hei), "simhei.ttf");
    assert_eq!(file_of(Role::Kai), "simkai.ttf");
    assert_eq!(file_of(Role::Song), "simsun.ttc");
    for r in Role::ALL {
        let res = f.resolution(r);
        assert!(res.substitute_for.is_none(), "{r:?}");
        assert!(res.file.is_some(), "{r:?} was not found by file name");
        // The simplified-Chinese face of each collection.
        assert!(f.faces()[res.face].family.ends_with(" SC"), "{r:?}");
    }
    assert_eq!(f.resolution(Role::Body).matched, "仿宋");
    let listing = fonts::describe(&f);
    assert!(
        listing.contains("正文（仿宋）：Noto Serif CJK SC")
            && listing.contains("（按文件名 SIMFANG.TTF 视作“仿宋”）")
            && listing.contains("（按文件名 FZXBSJW.TTF 视作“方正小标宋简体”）"),
        "{listing}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn gb2312_file_names_rank_before_the_newer_windows_faces() {
    // 仿宋_GB2312.ttf ranks above simfang.ttf (仿宋), as the family names do.
    let dir = windows_folder(
        "gb2312",
        &[
            ("simfang.ttf", "NotoSansCJK-Regular.ttc"),
            ("仿宋_GB2312.ttf", "NotoSerifCJK-Regular.ttc"),
            ("楷体_GB2312.TTF", "NotoSerifCJK-Bold.ttc"),
        ],
    );
    let f = fonts::resolve(&only(&dir)).unwrap();
    let body = f.resolution(Role::Body);
    assert_eq!(body.matched, "仿宋_GB2312");
    assert_eq!(body.file.as_deref(), Some("仿宋_GB2312.ttf"));
    assert_eq!(f.resolution(Role::Kai).matched, "楷体_GB2312");
    // No 黑体 or 小标宋 file here: those roles fall back to the Noto faces by family name.
    assert!(f.resolution(Role::Hei).file.is_none());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn an_override_may_name_a_windows_font_file() {
    let dir = windows_folder(
        "override",
        &[
            ("simhei.ttf", "NotoSansCJK-Regular.ttc"),
            ("STKAITI.TTF", "NotoSerifCJK-Regular.ttc"),
        ],
    );
    let mut opts = only(&dir);
    opts.overrides = vec![(Role::Title, "SIMHEI.TTF".to_string())];
    let f = fonts::resolve(&opts).unwrap();
    assert_eq!(f.face_of(Role::Title), f.face_of(Role::Hei));
    assert_eq!(f.resolution(Role::Kai).matched, "华文楷体");
    opts.overrides = vec![(Role::Title, "nosuch.ttf".to_string())];
    let err = fonts::resolve(&opts).unwrap_err().to_string();
    assert!(err.contains("nosuch.ttf"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn gxgk_fonts_lists_what_a_windows_folder_gives() {
    let dir = windows_folder(
        "cli",
        &[
            ("FZXBSJW.TTF", "NotoSerifCJK-Bold.ttc"),
            ("simfang.ttf", "NotoSerifCJK-Regular.ttc"),
            ("simhei.ttf", "NotoSansCJK-Regular.ttc"),
            ("simkai.ttf", "NotoSerifCJK-Regular.ttc"),
        ],
    );
    let out = Command::new(env!("CARGO_BIN_EXE_gxgk"))
        .arg("fonts")
        .arg("--font-dir")
        .arg(&dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{stdout}");
    for want in [
        "标题（小标宋）：",
        "（按文件名 FZXBSJW.TTF 视作“方正小标宋简体”）",
        "（按文件名 simfang.ttf 视作“仿宋”）",
        "（按文件名 simhei.ttf 视作“黑体”）",
        "（按文件名 simkai.ttf 视作“楷体”）",
    ] {
        assert!(stdout.contains(want), "{want}\n{stdout}");
    }
    // Each line names the file it took, inside the folder given.
    let folder = dir.display().to_string();
    assert_eq!(stdout.matches(folder.as_str()).count(), 5, "{stdout}");
    std::fs::remove_dir_all(&dir).ok();
}
