//! What gxgk promises about files and output, on the cases a transcript cannot hold: outputs
//! already there, links, concurrent renders, damaged fonts, a closed or full standard output.
//! Also: no message in the bad-input catalogue (`tests/bad_inputs/*.trycmd`) carries an
//! English phrase from a parser, the OS or a library.

use crate::common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::{gxgk, printed, scratch};

fn example(dir: &Path, name: &str, from: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::copy(from, &p).unwrap();
    p
}

#[test]
fn an_existing_output_keeps_the_whole_set_from_being_written() {
    let dir = scratch("existing-output");
    let data = example(&dir, "r.toml", "examples/2025-township.toml");
    std::fs::write(dir.join("r.docx"), b"clerk's edited copy").unwrap();
    let o = gxgk(&["render", data.to_str().unwrap(), "--html", "--docx"]);
    assert_eq!(o.status.code(), Some(2), "{}", printed(&o));
    assert!(printed(&o).contains("r.docx 已存在"), "{}", printed(&o));
    assert!(
        !dir.join("r.html").exists(),
        "nothing of the set is written"
    );
    assert_eq!(
        std::fs::read(dir.join("r.docx")).unwrap(),
        b"clerk's edited copy"
    );
    let o = gxgk(&[
        "render",
        data.to_str().unwrap(),
        "--html",
        "--docx",
        "--force",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", printed(&o));
    assert!(dir.join("r.html").exists());
    std::fs::remove_dir_all(&dir).ok();
}

#[cfg(unix)]
#[test]
fn a_dangling_link_is_not_replaced_without_force() {
    let dir = scratch("dangling");
    let data = example(&dir, "r.toml", "examples/2025-township.toml");
    std::os::unix::fs::symlink(dir.join("gone.html"), dir.join("r.html")).unwrap();
    let o = gxgk(&["render", data.to_str().unwrap(), "--html"]);
    assert_eq!(o.status.code(), Some(2), "{}", printed(&o));
    let meta = std::fs::symlink_metadata(dir.join("r.html")).unwrap();
    assert!(meta.file_type().is_symlink());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_data_file_is_never_an_output() {
    let dir = scratch("input-output");
    let data = example(&dir, "report.html", "examples/2025-township.toml");
    let before = std::fs::read(&data).unwrap();
    let o = gxgk(&["render", data.to_str().unwrap(), "--html", "--force"]);
    assert_eq!(o.status.code(), Some(2), "{}", printed(&o));
    assert!(printed(&o).contains("就是输入文件"));
    assert_eq!(std::fs::read(&data).unwrap(), before);
    // `new --from` into the file it reads.
    let prev = example(&dir, "2025.toml", "examples/2025-township.toml");
    let before = std::fs::read(&prev).unwrap();
    let o = gxgk(&[
        "new",
        "--from",
        prev.to_str().unwrap(),
        "-o",
        prev.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", printed(&o));
    assert_eq!(std::fs::read(&prev).unwrap(), before);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn new_leaves_a_schema_file_it_did_not_write() {
    let dir = scratch("foreign-schema");
    std::fs::write(dir.join("gxgk.schema.json"), "{\"title\": \"别人的文件\"}").unwrap();
    let o = common::gxgk_in(&dir, &["new", "--agency", "磐石镇"]);
    assert_eq!(o.status.code(), Some(0), "{}", printed(&o));
    assert!(printed(&o).contains("不是 gxgk 生成的"), "{}", printed(&o));
    let kept = std::fs::read_to_string(dir.join("gxgk.schema.json")).unwrap();
    assert!(kept.contains("别人的文件"));
    // Its own schema is refreshed.
    std::fs::remove_file(dir.join("report.toml")).unwrap();
    std::fs::write(
        dir.join("gxgk.schema.json"),
        gxgk::load::schema::json().replace("gxgk new", "旧版"),
    )
    .unwrap();
    let o = common::gxgk_in(&dir, &["new", "--agency", "磐石镇"]);
    assert_eq!(o.status.code(), Some(0), "{}", printed(&o));
    assert_eq!(
        std::fs::read_to_string(dir.join("gxgk.schema.json")).unwrap(),
        gxgk::load::schema::json()
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// The report year an HTML page and a DOCX were made from.
fn years(dir: &Path) -> (String, String) {
    let html = std::fs::read_to_string(dir.join("r.html")).unwrap();
    let docx = std::fs::read(dir.join("r.docx")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut core = String::new();
    zip.by_name("docProps/core.xml")
        .unwrap()
        .read_to_string(&mut core)
        .unwrap();
    let year = |t: &str| {
        ["2020", "2025"]
            .iter()
            .find(|y| t.contains(&format!("{y}年政府信息公开")))
            .map(|y| y.to_string())
            .unwrap_or_default()
    };
    (year(&html), year(&core))
}

#[test]
fn concurrent_renders_into_one_folder_never_mix_their_files() {
    let dir = scratch("concurrent");
    std::fs::create_dir_all(dir.join("a")).unwrap();
    std::fs::create_dir_all(dir.join("b")).unwrap();
    let a = example(&dir.join("a"), "r.toml", "examples/2025-township.toml");
    let b = example(&dir.join("b"), "r.toml", "examples/2020-street.toml");
    let out = dir.join("out");
    for round in 0..4 {
        let force = round % 2 == 1;
        let spawn = |data: &Path| {
            let mut c = Command::new(env!("CARGO_BIN_EXE_gxgk"));
            c.args(["render", data.to_str().unwrap(), "--html", "--docx", "-o"])
                .arg(&out)
                .stdout(Stdio::null())
                .stderr(Stdio::null());
            if force {
                c.arg("--force");
            }
            c.spawn().unwrap()
        };
        let (mut pa, mut pb) = (spawn(&a), spawn(&b));
        let (sa, sb) = (pa.wait().unwrap(), pb.wait().unwrap());
        if force {
            assert!(sa.success() && sb.success());
        } else {
            assert_eq!(
                u8::from(sa.success()) + u8::from(sb.success()),
                if round == 0 { 1 } else { 0 },
                "round {round}: exactly one render may create the set"
            );
        }
        let (html, docx) = years(&out);
        assert_eq!(html, docx, "round {round}: a mixed set");
        assert!(!html.is_empty());
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_damaged_font_is_named_and_the_next_one_is_used() {
    let source = Path::new("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc");
    assert!(
        source.exists(),
        "this test corrupts a copy of Noto Serif CJK: install fonts-noto-cjk (scripts/test does)"
    );
    let dir = scratch("damaged-font");
    let mut bytes = std::fs::read(source).unwrap();
    // Scramble the CFF outlines of the first face (table directory at the face's offset).
    let face = u32::from_be_bytes(bytes[12..16].try_into().unwrap()) as usize;
    let tables = u16::from_be_bytes(bytes[face + 4..face + 6].try_into().unwrap()) as usize;
    let cff = (0..tables)
        .map(|i| face + 12 + 16 * i)
        .find(|&rec| &bytes[rec..rec + 4] == b"CFF ")
        .map(|rec| u32::from_be_bytes(bytes[rec + 8..rec + 12].try_into().unwrap()) as usize)
        .expect("a CFF table");
    let mut x: u32 = 12345;
    for k in 0..2000usize {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        let at = cff + 100 + (x as usize % 200_000);
        bytes[at] = (x >> 16) as u8 ^ k as u8;
    }
    let bad = dir.join("NotoSerifCJK-Regular.ttc");
    std::fs::write(&bad, &bytes).unwrap();
    let data = example(&dir, "r.toml", "examples/2025-township.toml");
    let o = gxgk(&[
        "render",
        data.to_str().unwrap(),
        "--pdf",
        "--font",
        &format!("正文={}", bad.display()),
    ]);
    let text = printed(&o);
    assert_eq!(o.status.code(), Some(0), "{text}");
    assert!(
        text.contains("已损坏") && text.contains("NotoSerifCJK-Regular.ttc"),
        "{text}"
    );
    assert!(!text.contains("panicked"), "{text}");
    assert!(dir.join("r.pdf").exists());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_closed_pipe_ends_quietly_and_the_work_still_finishes() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gxgk"))
        .arg("schema")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 1];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // Dropping our end closes the pipe while gxgk still has most of the schema to print.
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_behind_stdout_is_a_chinese_error() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gxgk"))
        .args(["check", "examples/2025-township.toml"])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("磁盘空间不足"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_font_folder_as_large_as_the_whole_disk_ends() {
    let o = gxgk(&["fonts", "--font-dir", "/"]);
    assert!(matches!(o.status.code(), Some(0 | 2)), "{}", printed(&o));
    assert!(!printed(&o).contains("panicked"));
}

/// English words that would mean a message reached the clerk untranslated.
const ENGLISH: &[&str] = &[
    "error",
    "expected",
    "invalid",
    "found",
    "unexpected",
    "missing",
    "not ",
    "No such",
    "os error",
    "panicked",
    "thread",
    "failed",
    "unknown",
    "variable",
    "context",
    "possible",
    "value",
    "argument",
    "overflow",
    "denied",
    "directory",
    "space",
    "unwrap",
    "Circular",
];

#[test]
fn the_catalogue_speaks_chinese() {
    let mut checked = 0;
    for entry in std::fs::read_dir("tests/bad_inputs").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "trycmd") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let mut in_block = false;
        for line in text.lines() {
            if line.starts_with("```") {
                in_block = !in_block;
                continue;
            }
            if !in_block {
                continue;
            }
            // Commands, exit codes and echoed source lines are not messages.
            if line.starts_with("$ ")
                || line.starts_with("? ")
                || line.contains(" | ")
                || line.trim_start().starts_with("-->")
            {
                continue;
            }
            // File names (the catalogue's own) are not messages either.
            let line: String = line
                .split(|c: char| c.is_whitespace() || "：，（）".contains(c))
                .filter(|t| !t.contains('/') && !t.contains(".toml"))
                .collect::<Vec<_>>()
                .join(" ");
            // JSON messages are checked inside their quotes.
            let line = match line
                .split_once("\"message\": ")
                .or(line.split_once("\"cause\": "))
            {
                Some((_, value)) => value.trim_matches([' ', '"', ',']).replace("\\\"", "“"),
                None => line,
            };
            // Paths, keys and JSON member names are ASCII on purpose.
            let words: String = line
                .split(['"', '“', '”'])
                .enumerate()
                .filter(|(i, _)| i % 2 == 0)
                .map(|(_, s)| s)
                .collect();
            for w in ENGLISH {
                assert!(
                    !words.to_lowercase().contains(&w.to_lowercase()),
                    "{}: English “{w}” in: {line}",
                    path.display()
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 500, "the catalogue has {checked} lines");
}

/// Usage errors are Chinese, written from clap's error kinds: an English parser message never
/// reaches the clerk (`--year x` printed `invalid digit found in string`), and the clerk's own
/// arguments are quoted as typed, never "translated" with clap's phrases.
#[test]
fn usage_errors_are_chinese_and_quote_the_arguments_as_typed() {
    let o = gxgk(&["new", "--agency", "磐石镇", "--year", "x"]);
    assert_eq!(o.status.code(), Some(2), "{}", printed(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("--year") && err.contains("'x'"), "{err}");
    assert!(!err.contains("invalid digit"), "{err}");
    for (args, typed) in [
        (
            vec!["check", "a.toml", "--format", "Options: for subcommand"],
            "'Options: for subcommand'",
        ),
        (vec!["check", "a.toml", "--Print help"], "'--Print help'"),
        (vec!["tip: subcommand"], "'tip: subcommand'"),
    ] {
        let o = gxgk(&args);
        assert_eq!(o.status.code(), Some(2), "{}", printed(&o));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(typed), "{typed} rewritten: {err}");
        assert!(err.starts_with("用法错误："), "{err}");
    }
}
