//! The per-user cache (src/cache.rs, fonts::scan, pdf::cff): a PDF is the same bytes with no
//! cache, a cold one, a warm one and a damaged one; a warm run reads the cache and writes
//! nothing; a font replaced in place is read again, never answered from the cache; a cache
//! folder that cannot be used is no error.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, SystemTime};

use common::{NOTO, noto, printed, scratch};

/// Renders the 2025 example to PDF in `out` with the cache in `cache` (`""`: no cache) and
/// the extra arguments; returns the PDF's bytes.
fn render(cache: &str, out: &Path, extra: &[&str]) -> Vec<u8> {
    let o: Output = Command::new(env!("CARGO_BIN_EXE_gxgk"))
        .args([
            "render",
            "examples/2025-township.toml",
            "--pdf",
            "--force",
            "-o",
        ])
        .arg(out)
        .args(extra)
        .env("GXGK_CACHE_DIR", cache)
        .output()
        .expect("run gxgk");
    assert_eq!(o.status.code(), Some(0), "{}", printed(&o));
    std::fs::read(out.join("2025-township.pdf")).unwrap()
}

/// Each entry of the cache folder with its bytes and modification time.
fn entries(cache: &Path) -> Vec<(String, Vec<u8>, SystemTime)> {
    let mut all: Vec<_> = std::fs::read_dir(cache)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let p = e.path();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
                e.metadata().unwrap().modified().unwrap(),
            )
        })
        .collect();
    all.sort();
    all
}

#[test]
fn the_pdf_is_the_same_without_a_cache_and_with_a_cold_warm_or_damaged_one() {
    let dir = scratch("cache-same");
    let cache = dir.join("cache");
    let c = cache.to_str().unwrap();
    let out = dir.join("out");
    let fonts = ["--font-dir", NOTO];
    let _ = noto("NotoSerifCJK-Regular.ttc");
    let plain = render("", &out, &fonts);

    assert_eq!(render(c, &out, &fonts), plain, "cold cache");
    let cold = entries(&cache);
    let names: Vec<&str> = cold.iter().map(|e| e.0.as_str()).collect();
    assert!(
        names.iter().any(|n| n.starts_with("glyphs-"))
            && names.iter().any(|n| n.starts_with("fonts-")),
        "{names:?}"
    );
    assert!(names.iter().all(|n| n.ends_with(".bin")), "{names:?}");

    // Warm: the same bytes, and nothing rewritten (the cache answered every glyph and file).
    assert_eq!(render(c, &out, &fonts), plain, "warm cache");
    assert_eq!(entries(&cache), cold, "a warm run rewrote the cache");

    // Damaged entries (one byte changed, cut short, emptied) are not used, and replaced.
    for (round, damage) in ["flip", "cut", "empty"].into_iter().enumerate() {
        for (name, bytes, _) in entries(&cache) {
            let mut bytes = bytes;
            match damage {
                "flip" => {
                    let mid = bytes.len() / 2;
                    bytes[mid] ^= 0x5a;
                }
                "cut" => bytes.truncate(bytes.len() * 2 / 3),
                _ => bytes.clear(),
            }
            std::fs::write(cache.join(&name), bytes).unwrap();
        }
        assert_eq!(render(c, &out, &fonts), plain, "round {round}: {damage}");
        let rewritten = entries(&cache);
        assert_eq!(
            rewritten.iter().map(|e| &e.1).collect::<Vec<_>>(),
            cold.iter().map(|e| &e.1).collect::<Vec<_>>(),
            "round {round}: {damage}: the entries were not rewritten whole"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// Copies a font to `to`, dated an hour ago (older than the two seconds within which a file
/// is too new to be cached).
fn place(font: &str, to: &Path) {
    std::fs::copy(noto(font), to).unwrap();
    let f = std::fs::File::options().write(true).open(to).unwrap();
    f.set_modified(SystemTime::now() - Duration::from_secs(3600))
        .unwrap();
}

/// A scratch folder for one test with an empty font folder `fonts` in it; returns both and
/// the cache folder to use (not made yet).
fn font_setup(name: &str) -> (PathBuf, PathBuf, PathBuf) {
    let dir = scratch(name);
    let fonts = dir.join("fonts");
    std::fs::create_dir_all(&fonts).unwrap();
    let cache = dir.join("cache");
    (dir, fonts, cache)
}

#[test]
fn a_font_replaced_in_place_is_read_again() {
    let (dir, fonts, cache) = font_setup("cache-replaced");
    let c = cache.to_str().unwrap();
    let out = dir.join("out");
    // One file in the font folder, under a name that says nothing of what it holds; the body
    // text is given to it by file.
    let file = fonts.join("body.ttc");
    let body = format!("正文={}", file.display());
    let args = ["--font-dir", fonts.to_str().unwrap(), "--font", &body];

    place("NotoSerifCJK-Regular.ttc", &file);
    let serif = render("", &out, &args);
    assert_eq!(render(c, &out, &args), serif);
    assert_eq!(render(c, &out, &args), serif);

    // The same path now holds another font, dated as the first was: what was cached for the
    // first must not answer for it.
    place("NotoSansCJK-Regular.ttc", &file);
    let sans = render("", &out, &args);
    assert_ne!(sans, serif);
    assert_eq!(
        render(c, &out, &args),
        sans,
        "the cache answered for the old font"
    );
    assert_eq!(render(c, &out, &args), sans);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_cache_folder_that_cannot_be_used_is_no_error() {
    let dir = scratch("cache-unusable");
    let out = dir.join("out");
    let plain = render("", &out, &[]);
    // A file where the folder should be: nothing can be read or written there.
    let blocked = dir.join("blocked");
    std::fs::write(&blocked, "not a folder").unwrap();
    assert_eq!(render(blocked.to_str().unwrap(), &out, &[]), plain);
    assert_eq!(
        std::fs::read_to_string(&blocked).unwrap(),
        "not a folder",
        "the cache wrote over a file"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// `gxgk fonts --font-dir DIR` with the cache in `cache`: the listing.
fn listing(cache: &Path, dir: &Path) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_gxgk"))
        .args(["fonts", "--font-dir"])
        .arg(dir)
        .env("GXGK_CACHE_DIR", cache)
        .output()
        .expect("run gxgk");
    assert_eq!(o.status.code(), Some(0), "{}", printed(&o));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The listing's line for a role (by its label's start).
fn line<'a>(listing: &'a str, role: &str) -> &'a str {
    listing
        .lines()
        .find(|l| l.starts_with(role))
        .unwrap_or_else(|| panic!("no {role} line in:\n{listing}"))
}

#[test]
fn a_font_folder_is_searched_again_where_it_changed() {
    let (dir, fonts, cache) = font_setup("cache-folder");
    let x = fonts.join("x.ttc");
    // The --font-dir folder is searched before the system's: its serif face draws the body.
    place("NotoSerifCJK-Regular.ttc", &x);
    for _ in 0..2 {
        let l = listing(&cache, &fonts);
        assert!(line(&l, "正文").contains("x.ttc"), "{l}");
    }
    // The same file now holds the sans face: the body comes from the system folder again, the
    // 黑体 role from this file.
    place("NotoSansCJK-Regular.ttc", &x);
    let l = listing(&cache, &fonts);
    assert!(!line(&l, "正文").contains("x.ttc"), "stale cache:\n{l}");
    assert!(line(&l, "一级标题").contains("x.ttc"), "{l}");
    // A file added, and one removed.
    let y = fonts.join("sub").join("y.ttc");
    std::fs::create_dir_all(y.parent().unwrap()).unwrap();
    place("NotoSerifCJK-Regular.ttc", &y);
    let l = listing(&cache, &fonts);
    assert!(line(&l, "正文").contains("y.ttc"), "{l}");
    std::fs::remove_file(&y).unwrap();
    let l = listing(&cache, &fonts);
    assert!(!l.contains("y.ttc"), "a removed file is still listed:\n{l}");
    std::fs::remove_dir_all(&dir).ok();
}

/// Every test (and every gxgk a test starts, which inherits the environment) keeps its cache
/// in the repository's target folder, never in the user's own cache folder
/// (`.cargo/config.toml` sets `GXGK_CACHE_DIR` for everything cargo runs).
#[test]
fn tests_never_use_the_users_cache_folder() {
    let dir = std::env::var_os("GXGK_CACHE_DIR").expect("GXGK_CACHE_DIR is set for the tests");
    let dir = PathBuf::from(dir);
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    assert!(
        dir.starts_with(&target),
        "{} is not under {}",
        dir.display(),
        target.display()
    );
    // And a gxgk started by a test caches there, not in the home folder it is given.
    let home = scratch("cache-home");
    let o = Command::new(env!("CARGO_BIN_EXE_gxgk"))
        .args(["fonts", "--font-dir", NOTO])
        .env("HOME", &home)
        .env("LOCALAPPDATA", &home)
        .env_remove("XDG_CACHE_HOME")
        .output()
        .expect("run gxgk");
    assert_eq!(o.status.code(), Some(0), "{}", printed(&o));
    assert_eq!(
        std::fs::read_dir(&home).unwrap().count(),
        0,
        "gxgk cached in {}",
        home.display()
    );
}
