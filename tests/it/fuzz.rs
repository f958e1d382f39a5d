//! A mutation fuzz suite over the shipped examples, run by `cargo test` with a fixed seed and
//! a bounded number of cases: the mutations are the mistakes clerks make (full-width
//! punctuation and digits, stray quotes and brackets, control and invisible characters,
//! huge and negative numbers, cut files, lines lost or doubled, other encodings).
//!
//! In process, for every case: loading and checking never panic; when the file loads, the
//! findings serialise to JSON, and HTML and DOCX render without a panic, with every DOCX part
//! well-formed XML (and, for some cases, the PDF too). Through the built binary, for a sample:
//! the exit code is 0, 1 or 2, `check --format json` prints one JSON document, and the data
//! file is never changed.
//!
//! Longer runs: `GXGK_FUZZ_SECONDS=1800 cargo test --release --test fuzz -- --nocapture`
//! (runs until the time is up and prints how many inputs it tried); `GXGK_FUZZ_SEED` picks
//! another seed. The `fuzz/` folder has cargo-fuzz targets for coverage-guided runs.

use crate::common;

use std::io::{Cursor, Read};
use std::path::Path;
use std::time::{Duration, Instant};

use gxgk::check::{self, Ctx};
use gxgk::load::{LoadError, load_bytes};
use gxgk::view::View;

/// xorshift64*: small, deterministic, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Characters clerks type or paste by mistake.
const CLERK_CHARS: &[&str] = &[
    "，",
    "＝",
    "：",
    "；",
    "、",
    "“",
    "”",
    "‘",
    "’",
    "［",
    "］",
    "｛",
    "｝",
    "（",
    "）",
    "０",
    "９",
    "－",
    "—",
    "．",
    "。",
    "　",
    "\\",
    "\"",
    "\"\"\"",
    "'",
    "[",
    "]",
    "{",
    "}",
    "=",
    ",",
    "#",
    "\u{0}",
    "\u{1}",
    "\u{7}",
    "\u{1b}",
    "\u{7f}",
    "\u{200b}",
    "\u{202e}",
    "\u{feff}",
    "\u{fffe}",
    "😀",
    "𪚥",
    "𠀀",
    "\t",
    "\r",
    "\n",
    "\r\n",
    "01、",
    "（01）",
    "9223372036854775807",
    "-1",
    "1.5",
    "1e9",
    "99999999999999999999",
    "\"\"",
    "nan",
    "inf",
    "2026.01.20",
    "2026年1月20日",
    "[[overview.parts]]",
    "[t3]",
    "year = 2030",
    "万元",
    "元",
    "{{ x }}",
    "{% include \"report.html\" %}",
    "<script>",
    "&amp;",
];

fn mutate(base: &[u8], rng: &mut Rng, examples: &[Vec<u8>]) -> Vec<u8> {
    let text = String::from_utf8_lossy(base).into_owned();
    let mut lines: Vec<String> = text.split_inclusive('\n').map(String::from).collect();
    let rounds = 1 + rng.below(4);
    let mut bytes: Option<Vec<u8>> = None;
    for _ in 0..rounds {
        if lines.is_empty() {
            lines.push(String::new());
        }
        let at = rng.below(lines.len());
        match rng.below(12) {
            // Insert a clerk character somewhere in a line.
            0..=3 => {
                let line = &mut lines[at];
                let cut = line
                    .char_indices()
                    .map(|(i, _)| i)
                    .nth(rng.below(line.chars().count() + 1))
                    .unwrap_or(line.len());
                let with: &&str = rng.pick(CLERK_CHARS);
                line.insert_str(cut, with);
            }
            // Replace a number with an absurd one.
            4 => {
                let line = &lines[at];
                if let Some(i) = line.find(|c: char| c.is_ascii_digit()) {
                    let end = line[i..]
                        .find(|c: char| !c.is_ascii_digit())
                        .map_or(line.len(), |e| i + e);
                    let with =
                        *rng.pick(&["9223372036854775807", "-7", "0.5", "\"\"", "\"/\"", "１２"]);
                    lines[at].replace_range(i..end, with);
                }
            }
            5 => {
                lines.remove(at);
            }
            6 => {
                let l = lines[at].clone();
                lines.insert(at, l);
            }
            7 => {
                let other = rng.below(lines.len());
                lines.swap(at, other);
            }
            // Cut the file short.
            8 => lines.truncate(at),
            // Splice in lines of another example.
            9 => {
                let other = String::from_utf8_lossy(rng.pick(examples).as_slice()).into_owned();
                let other: Vec<&str> = other.split_inclusive('\n').collect();
                let from = rng.below(other.len());
                let n = 1 + rng.below(5);
                for (k, l) in other.iter().skip(from).take(n).enumerate() {
                    lines.insert((at + k).min(lines.len()), l.to_string());
                }
            }
            // Flip a byte (anything can happen to a file).
            10 => {
                let mut b = lines.concat().into_bytes();
                if !b.is_empty() {
                    let i = rng.below(b.len());
                    b[i] ^= 1 << rng.below(8);
                }
                bytes = Some(b);
                break;
            }
            // Save it in another encoding.
            _ => {
                let t = lines.concat();
                let b = match rng.below(3) {
                    0 => {
                        let mut v = vec![0xFF, 0xFE];
                        v.extend(t.encode_utf16().flat_map(|u| u.to_le_bytes()));
                        v
                    }
                    1 => t.encode_utf16().flat_map(|u| u.to_le_bytes()).collect(),
                    _ => {
                        let mut v = b"\xEF\xBB\xBF".to_vec();
                        v.extend(t.replace('\n', "\r\n").into_bytes());
                        v
                    }
                };
                bytes = Some(b);
                break;
            }
        }
    }
    bytes.unwrap_or_else(|| lines.concat().into_bytes())
}

fn examples() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for dir in ["examples", "examples/invalid"] {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        files.sort();
        out.extend(files.iter().map(|p| std::fs::read(p).unwrap()));
    }
    out
}

fn well_formed_docx(bytes: &[u8]) -> Result<(), String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).map_err(|e| e.to_string())?;
        let name = f.name().to_string();
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue;
        }
        let mut xml = String::new();
        f.read_to_string(&mut xml)
            .map_err(|e| format!("{name}: {e}"))?;
        let mut reader = quick_xml::Reader::from_str(&xml);
        reader.config_mut().check_end_names = true;
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(quick_xml::events::Event::Text(t)) => {
                    // Characters XML 1.0 forbids make the part unreadable in Word.
                    let raw = String::from_utf8_lossy(&t);
                    if let Some(c) = raw.chars().find(|c| {
                        (*c < ' ' && !matches!(c, '\t' | '\n' | '\r'))
                            || matches!(c, '\u{FFFE}' | '\u{FFFF}')
                    }) {
                        return Err(format!("{name}: character U+{:04X}", c as u32));
                    }
                }
                Ok(_) => {}
                Err(e) => return Err(format!("{name}: {e}")),
            }
        }
    }
    Ok(())
}

/// What one input did in process; `Err` is a broken promise.
fn run_in_process(input: &[u8], fonts: Option<&gxgk::sys::fonts::Fonts>) -> Result<bool, String> {
    let outcome = gxgk::sys::guard::quietly(|| -> Result<bool, String> {
        let loaded = match load_bytes("fuzz.toml", input) {
            Ok(l) => l,
            Err(LoadError::Invalid { file, diagnostics }) => {
                for d in &diagnostics {
                    d.render_text(&file);
                    serde_json::to_string(&d.to_json(&file)).map_err(|e| e.to_string())?;
                }
                return Ok(false);
            }
            Err(e) => return Err(format!("an in-memory load gave an I/O error: {e}")),
        };
        let diags = check::check(&Ctx {
            report: &loaded.report,
            previous: None,
            previous_source: None,
            deadline: None,
        });
        for d in &diags {
            d.render_text(&loaded.source);
            serde_json::to_string(&d.to_json(&loaded.source)).map_err(|e| e.to_string())?;
        }
        let view = View::new(&loaded.report, Some(diags.len()));
        let _ = gxgk::render::html::render(&view, &gxgk::render::html::Options::default());
        if let Ok(docx) = gxgk::render::docx::render(&view) {
            well_formed_docx(&docx)?;
        }
        if let Some(fonts) = fonts {
            let _ = gxgk::render::pdf::render(&view, fonts);
        }
        Ok(true)
    });
    outcome.unwrap_or_else(|| Err("panicked".to_string()))
}

/// No single input may take this long (a debug build renders the largest example to every
/// format in well under a second).
const CASE_LIMIT: Duration = Duration::from_secs(60);

/// The case being run: (number, input, start).
type Current = std::sync::Arc<std::sync::Mutex<Option<(usize, Vec<u8>, Instant)>>>;

/// Watches the case being run; one that takes longer than `limit` is a hang: its input is
/// saved and the whole test process ends with a failure (an in-process case cannot be
/// stopped any other way).
fn watchdog(limit: Duration) -> Current {
    let current: Current = Default::default();
    let watched = current.clone();
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_secs(1));
            let guard = watched.lock().unwrap();
            if let Some((n, input, start)) = guard.as_ref()
                && start.elapsed() > limit
            {
                let keep = std::env::temp_dir().join(format!("gxgk-fuzz-hang-{n}.toml"));
                let _ = std::fs::write(&keep, input);
                eprintln!(
                    "fuzz: input {n} ran longer than {limit:?} (seed {}): saved as {}",
                    seed(),
                    keep.display()
                );
                std::process::exit(101);
            }
        }
    });
    current
}

fn seed() -> u64 {
    std::env::var("GXGK_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x6778_676b_2025)
}

#[test]
fn mutated_examples_never_break_a_promise() {
    let examples = examples();
    let mut rng = Rng(seed());
    let fonts = gxgk::sys::fonts::resolve(&gxgk::sys::fonts::FontOptions::default()).expect(
        "a Chinese font is needed for the PDF cases: install fonts-noto-cjk (scripts/test does)",
    );
    let long_run = std::env::var("GXGK_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .map(Duration::from_secs);
    let started = Instant::now();
    let (mut tried, mut loaded) = (0usize, 0usize);
    let mut failures: Vec<String> = Vec::new();
    let current = watchdog(CASE_LIMIT);
    loop {
        let done = match long_run {
            Some(limit) => started.elapsed() >= limit,
            None => tried >= 800,
        };
        if done {
            break;
        }
        let base = rng.pick(&examples).clone();
        let input = mutate(&base, &mut rng, &examples);
        // The PDF path is the slowest: every 40th case in the bounded run.
        let pdf = (long_run.is_some() || tried % 40 == 0).then_some(&fonts);
        *current.lock().unwrap() = Some((tried, input.clone(), Instant::now()));
        let outcome = run_in_process(&input, pdf);
        *current.lock().unwrap() = None;
        match outcome {
            Ok(l) => loaded += usize::from(l),
            Err(why) => {
                let keep = std::env::temp_dir().join(format!("gxgk-fuzz-failure-{tried}.toml"));
                std::fs::write(&keep, &input).unwrap();
                failures.push(format!(
                    "input {tried}: {why} (saved as {})",
                    keep.display()
                ));
                // A bounded run stops at the first broken promise; a long run collects them.
                if long_run.is_none() {
                    break;
                }
            }
        }
        tried += 1;
    }
    println!(
        "fuzz: {tried} inputs in {:.0?} ({loaded} loaded and rendered), seed {}",
        started.elapsed(),
        seed()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        loaded > tried / 20,
        "the mutations should leave many files readable"
    );
}

#[test]
fn the_binary_keeps_its_exit_codes_json_and_hands_off_the_data_file() {
    let examples = examples();
    let mut rng = Rng(seed() ^ 0xB1A5);
    let dir = common::scratch("fuzz-bin");
    for case in 0..120 {
        let base = rng.pick(&examples).clone();
        let input = mutate(&base, &mut rng, &examples);
        let path = dir.join(format!("case{case}.toml"));
        std::fs::write(&path, &input).unwrap();
        let p = path.to_str().unwrap();
        for args in [vec!["check", p], vec!["check", "--format", "json", p]] {
            let o = common::gxgk(&args);
            let code = o.status.code();
            assert!(
                matches!(code, Some(0..=2)),
                "case {case} {args:?}: exit {code:?}\n{}",
                common::printed(&o)
            );
            if args.contains(&"json") {
                let out = String::from_utf8(o.stdout).expect("JSON output is UTF-8");
                serde_json::from_str::<serde_json::Value>(&out)
                    .unwrap_or_else(|e| panic!("case {case}: not one JSON document ({e}):\n{out}"));
            }
        }
        if case % 10 == 0 {
            let out = dir.join(format!("out{case}"));
            let o = common::gxgk(&[
                "render",
                p,
                "--draft",
                "--html",
                "--docx",
                "-o",
                out.to_str().unwrap(),
            ]);
            assert!(matches!(o.status.code(), Some(0..=2)), "case {case}: {o:?}");
        }
        assert_eq!(
            std::fs::read(&path).unwrap(),
            input,
            "case {case}: the data file changed"
        );
    }
    assert!(Path::new(&dir).exists());
    std::fs::remove_dir_all(&dir).ok();
}
