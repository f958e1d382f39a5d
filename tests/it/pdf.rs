//! PDF output end to end: fonts, text extraction, metadata, line breaking and pagination,
//! checked with poppler-utils on real CJK fonts. Missing tools or fonts fail the tests with
//! the Debian package to install (poppler-utils, fonts-noto-cjk); they never pass silently.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use gxgk::render::pdf::layout::{
    BLOCK_H, BLOCK_W, Document, Kind, LEFT, LINES, NO_END, NO_START, TOP,
};
use gxgk::sys::fonts::{self, FontOptions, Fonts, Role};
use gxgk::view::{Block, View};

const EXAMPLES: [&str; 2] = ["examples/2025-township.toml", "examples/2020-street.toml"];

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        fonts::resolve(&FontOptions::default()).unwrap_or_else(|e| {
            panic!("these tests need CJK fonts: on Debian/Ubuntu install fonts-noto-cjk ({e})")
        })
    })
}

fn view_of(path: &str, draft: Option<usize>) -> View {
    let loaded = gxgk::load::load_file(Path::new(path)).expect("example loads");
    View::new(&loaded.report, draft)
}

/// The 2021 example with `k` extra one-line paragraphs at the start of section 一.
fn padded_view(k: usize) -> View {
    let text = std::fs::read_to_string(EXAMPLES[0]).unwrap();
    let extra = "本段用于检验分页，正文恰好占据一行。\n\n".repeat(k);
    let text = text.replacen(
        "text = \"\"\"\n2025年，磐石镇坚持",
        &format!("text = \"\"\"\n{extra}2025年，磐石镇坚持"),
        1,
    );
    assert!(text.contains("检验分页") || k == 0);
    let loaded = gxgk::load::load_str("padded.toml", text).expect("padded example loads");
    View::new(&loaded.report, None)
}

fn write(name: &str, bytes: &[u8]) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pdf");
    std::fs::create_dir_all(&d).unwrap();
    let p = d.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Runs a poppler tool, failing loudly when it is not installed.
fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(pdf)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| {
            panic!("`{tool}` is needed: on Debian/Ubuntu install poppler-utils ({e})")
        });
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

fn rendered(path: &str, draft: Option<usize>) -> PathBuf {
    let bytes = gxgk::render::pdf::render(&view_of(path, draft), fonts()).expect("renders");
    let name = Path::new(path)
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .to_string();
    let suffix = if draft.is_some() { "-draft" } else { "" };
    write(&format!("{name}{suffix}.pdf"), &bytes)
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn fonts_listing_names_every_role() {
    let listing = fonts::describe(fonts());
    for role in Role::ALL {
        assert!(listing.contains(role.label()), "{listing}");
    }
    assert!(
        listing.contains(".tt") || listing.contains(".otf"),
        "{listing}"
    );
}

#[test]
fn every_font_is_embedded_and_subset() {
    for path in EXAMPLES {
        let pdf = rendered(path, None);
        let list = poppler("pdffonts", &[], &pdf);
        let rows: Vec<&str> = list.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{list}");
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            let name = cols[0];
            assert!(
                name.len() > 7 && name.as_bytes()[6] == b'+',
                "not a subset: {row}"
            );
            // emb sub uni columns.
            let n = cols.len();
            assert_eq!(&cols[n - 5..n - 2], ["yes", "yes", "yes"], "{row}");
        }
        let size = std::fs::metadata(&pdf).unwrap().len();
        assert!(size < 400_000, "{path}: {size} bytes — fonts not subset?");
    }
}

/// `text` without the page numbers `—N—` (as squeezed text has them).
fn without_page_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('—') {
        let after = &rest[i + '—'.len_utf8()..];
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && after[digits..].starts_with('—') {
            out.push_str(&rest[..i]);
            rest = &after[digits + '—'.len_utf8()..];
        } else {
            out.push_str(&rest[..i + '—'.len_utf8()]);
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn text_comes_back_in_reading_order() {
    for path in EXAMPLES {
        let view = view_of(path, None);
        let pdf = rendered(path, None);
        // Paragraphs may cross pages: the page number between their halves is left out.
        let raw = without_page_numbers(&squeeze(&poppler("pdftotext", &["-raw"], &pdf)));
        let mut expected: Vec<String> = vec![view.title.clone()];
        expected.extend(view.lead.iter().cloned());
        for s in &view.sections {
            expected.push(s.heading.to_string());
            for b in &s.blocks {
                match b {
                    Block::Paragraph { text } => expected.push(text.clone()),
                    Block::Heading { marker, text } => expected.push(format!("{marker}{text}")),
                    Block::Table(t) => {
                        // Every label and every figure, row by row.
                        for row in &t.rows {
                            for cell in row {
                                if !cell.text.is_empty() {
                                    expected.push(cell.text.clone());
                                }
                            }
                        }
                    }
                }
            }
        }
        expected.push(view.signoff.agency.clone());
        expected.push(view.signoff.date.clone());
        let mut at = 0;
        for e in &expected {
            let e = squeeze(e);
            match raw[at..].find(&e) {
                Some(i) => at += i + e.len(),
                None => panic!(
                    "{path}: `{e}` not found after position {at}; text there: {}",
                    raw[at..].chars().take(80).collect::<String>()
                ),
            }
        }
        // The default (layout-analysing) mode gets the title and headings too.
        let plain = squeeze(&poppler("pdftotext", &[], &pdf));
        assert!(plain.starts_with(&squeeze(&view.title)), "{path}");
        for s in &view.sections {
            assert!(plain.contains(s.heading), "{path}: {}", s.heading);
        }
    }
}

#[test]
fn pages_are_a4_with_metadata_and_reproducible() {
    let view = view_of(EXAMPLES[0], None);
    let a = gxgk::render::pdf::render(&view, fonts()).unwrap();
    let b = gxgk::render::pdf::render(&view, fonts()).unwrap();
    assert!(a == b, "same input must give the same bytes");
    let pdf = write("meta.pdf", &a);
    let info = poppler("pdfinfo", &["-f", "1", "-l", "99"], &pdf);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count");
    assert!(pages >= 3, "{info}");
    let a4 = info
        .lines()
        .filter(|l| l.contains("size:") && l.contains("595.276 x 841.89 pts (A4)"))
        .count();
    assert_eq!(a4, pages, "{info}");
    let field = |k: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(k))
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    assert_eq!(field("Title:"), view.title, "{info}");
    assert_eq!(field("Author:"), view.agency, "{info}");
    assert!(
        field("CreationDate:").contains("Jan 20 00:00:00 2026"),
        "{info}"
    );
    assert!(!info.contains("PDF/X"), "{info}");
    let lang = b"/Lang (zh-CN)";
    let lang2 = b"/Lang(zh-CN)";
    assert!(
        a.windows(lang.len()).any(|w| w == lang) || a.windows(lang2.len()).any(|w| w == lang2),
        "catalog /Lang missing"
    );
}

/// Line-breaking and geometry rules over the layout of a document.
fn check_lines(doc: &Document, what: &str) {
    assert!(doc.missing.is_empty(), "{what}: missing {:?}", doc.missing);
    for (n, page) in doc.pages.iter().enumerate() {
        let mut grid_lines = 0;
        for line in &page.lines {
            let text = line.text();
            let right = LEFT + BLOCK_W + 0.01;
            match line.kind {
                Kind::Watermark | Kind::DraftNote | Kind::PageNumber => continue,
                Kind::Body | Kind::Heading1 | Kind::Heading2 | Kind::Title | Kind::Signoff => {
                    grid_lines += 1;
                    let first = text.chars().next().unwrap();
                    let last = text.chars().last().unwrap();
                    assert!(
                        !NO_START.contains(first),
                        "{what} p{n}: starts with {first}: {text}"
                    );
                    assert!(
                        !NO_END.contains(last),
                        "{what} p{n}: ends with {last}: {text}"
                    );
                    assert!(!text.starts_with(' ') && !text.ends_with(' '), "{text}");
                }
                Kind::Cell => {}
            }
            assert!(
                line.x >= LEFT - 0.01,
                "{what} p{n}: {text} starts left of the block"
            );
            assert!(
                line.x + line.width <= right,
                "{what} p{n}: {text} is {:.1} pt too wide",
                line.x + line.width - right
            );
            let y = line.baseline();
            assert!(
                y > TOP && y < TOP + BLOCK_H,
                "{what} p{n}: {text} outside the block"
            );
        }
        assert!(grid_lines <= LINES, "{what} p{n}: {grid_lines} lines");
        for r in &page.rules {
            for (x, y) in [(r.x1, r.y1), (r.x2, r.y2)] {
                assert!(
                    (LEFT - 0.01..=LEFT + BLOCK_W + 0.01).contains(&x),
                    "{what}: rule x {x}"
                );
                assert!(
                    (TOP - 0.01..=TOP + BLOCK_H + 0.01).contains(&y),
                    "{what}: rule y {y}"
                );
            }
        }
    }
}

#[test]
fn lines_obey_the_breaking_rules() {
    for path in EXAMPLES {
        check_lines(
            &gxgk::render::pdf::layout(&view_of(path, None), fonts()),
            path,
        );
    }
    for k in [5, 13, 21, 40] {
        check_lines(
            &gxgk::render::pdf::layout(&padded_view(k), fonts()),
            &format!("padded {k}"),
        );
    }
}

#[test]
fn table_three_across_a_page_break_repeats_its_header() {
    let first = "一、本年新收政府信息公开申请数量";
    let last = "四、结转下年度继续办理";
    let mut splits = 0;
    for k in 0..24 {
        let view = padded_view(k);
        let doc = gxgk::render::pdf::layout(&view, fonts());
        check_lines(&doc, &format!("padded {k}"));
        let page_of = |t: &str| {
            doc.pages
                .iter()
                .position(|p| {
                    p.lines
                        .iter()
                        .any(|l| l.kind == Kind::Cell && l.text() == t)
                })
                .unwrap_or_else(|| panic!("padded {k}: `{t}` not drawn"))
        };
        let (p1, p2) = (page_of(first), page_of(last));
        if p1 == p2 {
            continue;
        }
        splits += 1;
        for p in p1 + 1..=p2 {
            let cells: Vec<String> = doc.pages[p]
                .lines
                .iter()
                .filter(|l| l.kind == Kind::Cell)
                .map(|l| l.text())
                .collect();
            let joined = cells.concat();
            for h in ["申请人情况", "自然", "法人或其他组织", "商业", "总计"] {
                assert!(
                    joined.contains(h),
                    "padded {k} page {p}: header `{h}` not repeated"
                );
            }
            // The header comes first on the continuation page.
            assert!(
                cells[0].starts_with("（本列") || cells[0] == "申请人情况",
                "{cells:?}"
            );
            // A split rowspan label stays readable on the continuation page.
            if p == p2 {
                assert!(joined.contains(last));
                assert!(
                    joined.contains("本年") && joined.contains("办理结果"),
                    "padded {k}"
                );
            }
        }
        if splits == 1 {
            let pdf = write(
                "split.pdf",
                &gxgk::render::pdf::render(&view, fonts()).expect("renders"),
            );
            let page = poppler(
                "pdftotext",
                &["-f", &(p2 + 1).to_string(), "-l", &(p2 + 1).to_string()],
                &pdf,
            );
            assert!(squeeze(&page).contains("申请人情况"), "{page}");
        }
    }
    assert!(
        splits >= 3,
        "table 三 never crossed a page break ({splits})"
    );
}

#[test]
fn drafts_are_marked_on_every_page() {
    let pdf = rendered(EXAMPLES[0], Some(3));
    let pages: usize = poppler("pdfinfo", &[], &pdf)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap();
    for p in 1..=pages {
        let p = p.to_string();
        // -raw: the default mode leaves out the diagonal watermark.
        let text = squeeze(&poppler("pdftotext", &["-raw", "-f", &p, "-l", &p], &pdf));
        assert!(text.contains("尚有3处错误未改正"), "page {p}: {text}");
        assert!(
            text.matches("草稿").count() >= 2,
            "page {p}: watermark missing"
        );
    }
    let doc = gxgk::render::pdf::layout(&view_of(EXAMPLES[0], Some(3)), fonts());
    assert!(doc.pages.iter().all(|p| p.lines[0].kind == Kind::Watermark));
    let plain = gxgk::render::pdf::layout(&view_of(EXAMPLES[0], None), fonts());
    assert!(
        plain
            .pages
            .iter()
            .flat_map(|p| &p.lines)
            .all(|l| l.kind != Kind::Watermark && l.kind != Kind::DraftNote)
    );
}

#[test]
fn page_numbers_alternate_sides() {
    let doc = gxgk::render::pdf::layout(&view_of(EXAMPLES[0], None), fonts());
    assert!(doc.pages.len() >= 2);
    for (n, page) in doc.pages.iter().enumerate() {
        let num = page
            .lines
            .iter()
            .find(|l| l.kind == Kind::PageNumber)
            .expect("page number");
        assert_eq!(num.text(), format!("— {} —", n + 1));
        let middle = LEFT + BLOCK_W / 2.0;
        if n % 2 == 0 {
            assert!(num.x > middle, "odd page numbers sit right");
            assert!((LEFT + BLOCK_W - (num.x + num.width) - 14.0).abs() < 0.5);
        } else {
            assert!(
                (num.x - LEFT - 14.0).abs() < 0.5,
                "even page numbers sit left"
            );
        }
        let below = num.baseline() - (TOP + BLOCK_H);
        assert!(below > 19.0 && below < 30.0, "{below}");
    }
}

#[test]
fn characters_no_font_has_are_reported() {
    let mut view = view_of(EXAMPLES[0], None);
    view.lead.push("古埃及文字𓀀不在中文字体里。".into());
    let err = gxgk::render::pdf::render(&view, fonts())
        .unwrap_err()
        .to_string();
    assert!(err.contains('𓀀') && err.contains("--font-dir"), "{err}");
}

/// The `xMin` of the first word in `pdftotext -bbox` output that is exactly `word`.
fn word_x(bbox: &str, word: &str) -> f32 {
    bbox.lines()
        .find(|l| l.trim_end().ends_with(&format!(">{word}</word>")))
        .and_then(|l| l.split("xMin=\"").nth(1))
        .and_then(|v| v.split('"').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("`{word}` not found in:\n{bbox}"))
}

#[test]
fn spaces_the_font_lacks_are_skipped_by_their_width() {
    // A thin space (U+2009, pasted from web pages) has no glyph in Noto CJK: nothing is drawn
    // for it, and the text after it stands where the layout put it.
    let mut view = view_of(EXAMPLES[0], None);
    view.lead = vec!["受理\u{2009}12\u{2009}件。".into()];
    let doc = gxgk::render::pdf::layout(&view, fonts());
    let line = doc.pages[0]
        .lines
        .iter()
        .find(|l| l.text().contains("件。"))
        .expect("the lead line");
    let run = line
        .runs
        .iter()
        .find(|r| r.text.starts_with('\u{2009}'))
        .unwrap_or_else(|| panic!("{:?}", line.runs));
    let metrics = fonts().metrics();
    assert!(metrics.glyph(run.face, '\u{2009}').is_none());
    // 12 starts a glyphless half-em (and the run's spacing) after the run's start.
    let expected = run.x + gxgk::render::pdf::layout::NO_GLYPH_ADVANCE * run.size + run.spacing;
    let pdf = write(
        "thin-space.pdf",
        &gxgk::render::pdf::render(&view, fonts()).expect("renders"),
    );
    let bbox = poppler("pdftotext", &["-bbox", "-f", "1", "-l", "1"], &pdf);
    let x = word_x(&bbox, "12");
    assert!(
        (x - expected).abs() < 0.2,
        "12 at {x}, laid out at {expected}"
    );
    let next = line.runs.last().unwrap();
    assert!((word_x(&bbox, "件。") - next.x).abs() < 0.2);
    assert!(!squeeze(&poppler("pdftotext", &["-raw"], &pdf)).contains('\u{fffd}'));
}

/// The pages of a PDF as PNG bytes at 100 dpi (pdftoppm).
fn pages_png(pdf: &Path) -> Vec<Vec<u8>> {
    let prefix = pdf.with_extension("page");
    let out = Command::new("pdftoppm")
        .args(["-png", "-r", "100"])
        .arg(pdf)
        .arg(&prefix)
        .output()
        .unwrap_or_else(|e| panic!("`pdftoppm` is needed: install poppler-utils ({e})"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dir = pdf.parent().unwrap();
    let stem = prefix.file_name().unwrap().to_string_lossy().to_string();
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(&format!("{stem}-"))
        })
        .collect();
    files.sort();
    files.iter().map(|f| std::fs::read(f).unwrap()).collect()
}

#[test]
fn our_cff_subsets_draw_exactly_what_subsetter_draws() {
    // The glyphs of CID-keyed CFF faces are subset by gxgk's own writer (src/render/pdf/cff/);
    // typst's subsetter is the reference: every page must come out pixel for pixel the same.
    // Both keep the hints here, so the programs differ only in how they are made.
    for path in EXAMPLES {
        let view = view_of(path, Some(2));
        let metrics = fonts().metrics();
        let doc = gxgk::render::pdf::layout::layout(&view, &metrics);
        let meta = gxgk::render::pdf::meta(&view);
        let with = |own_cff| {
            let options = gxgk::render::pdf::backend::Options {
                own_cff,
                hinting: true,
                ..Default::default()
            };
            gxgk::render::pdf::backend::write_with(&doc, &metrics, &meta, options).expect("renders")
        };
        let (ours, theirs) = (with(true), with(false));
        assert_ne!(ours, theirs, "the two paths were not both taken");
        assert_same_pages(path, ("own-cff", &ours), ("subsetter", &theirs));
    }
}

/// Both PDFs of the example at `path`, drawn by poppler, are the same pixel for pixel.
fn assert_same_pages(path: &str, a: (&str, &[u8]), b: (&str, &[u8])) {
    let name = Path::new(path).file_stem().unwrap().to_string_lossy();
    let pa = pages_png(&write(&format!("{name}-{}.pdf", a.0), a.1));
    let pb = pages_png(&write(&format!("{name}-{}.pdf", b.0), b.1));
    assert_eq!(pa.len(), pb.len(), "{path}: page counts differ");
    for (n, (x, y)) in pa.iter().zip(&pb).enumerate() {
        assert!(x == y, "{path}: page {} differs, {} / {}", n + 1, a.0, b.0);
    }
}

#[test]
fn hints_are_dropped_by_default_and_the_outlines_stay() {
    // Without --hinting the CFF faces lose their stem hints and hint masks (src/render/pdf/cff/
    // tests the charstrings): the file is smaller and, drawn by poppler (which does not hint),
    // every page is the same pixel for pixel as with the hints kept.
    for path in EXAMPLES {
        let view = view_of(path, None);
        let default = gxgk::render::pdf::render(&view, fonts()).expect("renders");
        let hinted = gxgk::render::pdf::render_with(
            &view,
            fonts(),
            gxgk::render::pdf::backend::Options {
                hinting: true,
                ..Default::default()
            },
        )
        .expect("renders");
        assert!(
            default.len() * 100 < hinted.len() * 95,
            "{path}: {} B without hints, {} B with: hints were not dropped",
            default.len(),
            hinted.len()
        );
        assert_same_pages(path, ("unhinted", &default), ("hinted", &hinted));
    }
}

/// With the real fonts, the example's text ending at every line of a page (the paragraph
/// before the last one grown a line at a time over a page): the sign-off never stands alone
/// on its page (GB/T 9704-2012 §7.3.5) — at least two lines of text are with it, the text's
/// last lines, and no line breaks the rules.
#[test]
fn the_sign_off_has_the_end_of_the_text_with_it() {
    let base = view_of(EXAMPLES[0], None);
    let mut carried = 0;
    for k in 0..LINES + 2 {
        let mut view = base.clone();
        let blocks = &mut view.sections.last_mut().unwrap().blocks;
        let n = blocks.len();
        let [
            Block::Paragraph { text: before },
            Block::Paragraph { text: end },
        ] = &mut blocks[n - 2..]
        else {
            panic!("the example's text ends with two paragraphs")
        };
        // 28 characters: one line.
        before.push_str(&"续写正文以检验落款分页情况。".repeat(2 * k));
        let end = end.clone();
        let doc = gxgk::render::pdf::layout(&view, fonts());
        let last = doc.pages.last().unwrap();
        let text: Vec<&gxgk::render::pdf::layout::Line> = last
            .lines
            .iter()
            .filter(|l| matches!(l.kind, Kind::Body | Kind::Heading1 | Kind::Heading2))
            .collect();
        assert!(
            last.lines.iter().any(|l| l.kind == Kind::Signoff),
            "+{k} lines: no sign-off on the last page"
        );
        assert!(
            text.len() >= 2,
            "+{k} lines: {} line(s) of text with the sign-off",
            text.len()
        );
        let last_line = text.last().unwrap().text();
        assert!(end.ends_with(last_line.trim()), "+{k} lines: {last_line}");
        // The page holds only carried lines and the sign-off: the case this is about.
        if text.len() <= 3 {
            carried += 1;
        }
        check_lines(&doc, &format!("+{k} lines"));
    }
    assert!(
        carried > 0,
        "no length put the sign-off on a page of its own"
    );
}
