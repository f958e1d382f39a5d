//! Layout tests with a fake measure: line breaking, titles, fallback faces, pagination.

use std::collections::BTreeSet;

use crate::sys::fonts::{FaceId, Role};
use crate::view::{CellRole, GridCell, Signoff, Table};

use super::flow::{Flow, signoff};
use super::table::keep_words;
use super::text::{Shaper, Style, break_lines, is_wide, place};
use super::title::title_lines;
use super::{
    BLOCK_W, BODY_SIZE, CHARS, Kind, LEFT, LINE, LINES, Line, Measure, Page, TITLE_SIZE, TOP,
};

/// Every character in face 0, CJK 1 em, others 0.5 em; `□` is in no face.
struct Fake;
impl Measure for Fake {
    fn face_for(&self, _role: Role, ch: char) -> Option<FaceId> {
        (ch != '□').then_some(0)
    }
    fn advance(&self, _face: FaceId, ch: char) -> f32 {
        if is_wide(ch) { 1.0 } else { 0.5 }
    }
}

fn lines_of(text: &str, width: f32) -> Vec<String> {
    let mut ctx = Shaper {
        m: &Fake,
        missing: BTreeSet::new(),
    };
    let style = Style {
        size: BODY_SIZE,
        grid: true,
    };
    let items = ctx.items(&[(Role::Body, text)], &style);
    break_lines(&items, &|_| width)
        .into_iter()
        .map(|r| items[r].iter().map(|i| i.text.as_str()).collect())
        .collect()
}

#[test]
fn twenty_eight_characters_fill_a_line() {
    let text = "政".repeat(60);
    let lines = lines_of(&text, BLOCK_W);
    assert_eq!(lines[0].chars().count(), CHARS);
    assert_eq!(lines[1].chars().count(), CHARS);
}

#[test]
fn punctuation_never_starts_or_ends_a_line() {
    // 27 characters then a comma: the comma cannot start the next line, so the last
    // character goes down with it.
    let text = format!("{}字，后文“引号”（括号）继续。", "政".repeat(27));
    let lines = lines_of(&text, BLOCK_W);
    assert_eq!(lines[0].chars().count(), 27, "{lines:?}");
    assert!(lines[1].starts_with("字，"));
    let text = format!("{}（括号）", "政".repeat(27));
    let lines = lines_of(&text, BLOCK_W);
    assert!(!lines[0].ends_with('（'), "{lines:?}");
    assert!(lines[1].starts_with("（"));
}

#[test]
fn latin_words_and_dashes_stay_whole() {
    let text = format!("{}GB/T9704-2012标准", "政".repeat(25));
    let lines = lines_of(&text, BLOCK_W);
    assert!(lines[1].starts_with("GB/T9704-2012"), "{lines:?}");
    let text = format!("{}——破折号", "政".repeat(27));
    let lines = lines_of(&text, BLOCK_W);
    assert!(lines[1].starts_with("——"), "{lines:?}");
    let text = format!("{}……省略", "政".repeat(27));
    assert!(lines_of(&text, BLOCK_W)[1].starts_with("……"));
    // Addresses may break after a slash or dot, words not.
    let text = format!("{}https://www.example.gov.cn/psz下载", "政".repeat(22));
    let lines = lines_of(&text, BLOCK_W);
    assert!(lines[0].ends_with("https://"), "{lines:?}");
    let text = format!("{}Internationalization works", "政".repeat(22));
    let lines = lines_of(&text, BLOCK_W);
    assert!(
        lines[0].ends_with('政') && lines[1] == "Internationalization works",
        "{lines:?}"
    );
}

#[test]
fn overlong_words_are_forced_without_looping() {
    let text = "a".repeat(300);
    let lines = lines_of(&text, BLOCK_W);
    assert_eq!(lines.concat(), text);
    assert!(lines_of("", BLOCK_W).is_empty());
    assert!(lines_of("   ", BLOCK_W).is_empty());
}

#[test]
fn title_breaks_between_words_balanced() {
    let mut ctx = Shaper {
        m: &Fake,
        missing: BTreeSet::new(),
    };
    let style = Style {
        size: TITLE_SIZE,
        grid: false,
    };
    let title = "磐石镇人民政府2025年政府信息公开工作年度报告";
    let items = ctx.items(&[(Role::Title, title)], &style);
    let lines: Vec<String> = title_lines(&items, title, BLOCK_W)
        .into_iter()
        .map(|r| items[r].iter().map(|i| i.text.as_str()).collect())
        .collect();
    assert_eq!(lines, ["磐石镇人民政府2025年", "政府信息公开工作年度报告"]);
    let short = "某镇报告";
    let items = ctx.items(&[(Role::Title, short)], &style);
    assert_eq!(title_lines(&items, short, BLOCK_W).len(), 1);
}

/// Face 0 lacks Latin letters; face 1 has them.
struct TwoFaces;
impl Measure for TwoFaces {
    fn face_for(&self, _role: Role, ch: char) -> Option<FaceId> {
        Some(usize::from(ch.is_ascii_alphabetic()))
    }
    fn advance(&self, _face: FaceId, ch: char) -> f32 {
        if is_wide(ch) { 1.0 } else { 0.5 }
    }
}

#[test]
fn characters_fall_back_to_a_face_that_has_them() {
    let mut ctx = Shaper {
        m: &TwoFaces,
        missing: BTreeSet::new(),
    };
    let style = Style {
        size: BODY_SIZE,
        grid: true,
    };
    let items = ctx.items(&[(Role::Body, "见PDF文件")], &style);
    let faces: Vec<(String, FaceId)> = items.iter().map(|i| (i.text.clone(), i.face)).collect();
    assert_eq!(
        faces,
        [
            ("见".into(), 0),
            ("PDF".into(), 1),
            ("文".into(), 0),
            ("件".into(), 0)
        ]
    );
    let line = place(&items, Kind::Body, LEFT, 100.0, BODY_SIZE, &style, None);
    assert_eq!(line.runs.len(), 3);
    assert!(ctx.missing.is_empty());
}

#[test]
fn missing_characters_are_reported() {
    let mut ctx = Shaper {
        m: &Fake,
        missing: BTreeSet::new(),
    };
    let style = Style {
        size: BODY_SIZE,
        grid: true,
    };
    ctx.items(&[(Role::Body, "有□字")], &style);
    assert_eq!(ctx.missing.into_iter().collect::<Vec<_>>(), ['□']);
}

fn cell(text: &str, role: CellRole, rowspan: usize) -> GridCell {
    GridCell::new(text, role).span(rowspan, 1)
}

/// A two-column table: a header row, then `rows` body rows; the first `group` body rows
/// share a merged label cell.
fn table(rows: usize, group: usize) -> Table {
    let mut out = vec![vec![
        cell("类别", CellRole::ColHeader, 1),
        cell("件数", CellRole::ColHeader, 1),
    ]];
    for r in 0..rows {
        let mut row = Vec::new();
        if r == 0 && group > 1 {
            row.push(cell("分组标签", CellRole::RowHeader, group));
        } else if r >= group {
            row.push(cell(&format!("第{r}行"), CellRole::RowHeader, 1));
        }
        row.push(cell(&format!("{}", 100 + r), CellRole::Number, 1));
        out.push(row);
    }
    Table {
        id: "t3",
        caption: "测试",
        columns: 2,
        widths: vec![500, 500],
        header_rows: 1,
        font_pt: 10.5,
        rows: out,
    }
}

fn flow() -> Flow<'static> {
    Flow {
        ctx: Shaper {
            m: &Fake,
            missing: BTreeSet::new(),
        },
        pages: vec![Page::default()],
        y: TOP,
        elems: Vec::new(),
    }
}

/// The cell texts on each page.
fn cell_texts(f: &Flow) -> Vec<Vec<String>> {
    f.pages
        .iter()
        .map(|p| {
            p.lines
                .iter()
                .filter(|l| l.kind == Kind::Cell)
                .map(Line::text)
                .collect()
        })
        .collect()
}

#[test]
fn a_table_never_carries_one_row_alone_under_a_repeated_header() {
    for rows in 20..40 {
        let mut f = flow();
        let m = f.measure(&table(rows, 0));
        f.table(m);
        let pages = cell_texts(&f);
        for (n, texts) in pages.iter().enumerate().skip(1) {
            let body = texts.iter().filter(|t| t.starts_with('1')).count();
            assert!(
                body >= 2,
                "{rows} rows: page {n} has {body} body row(s): {texts:?}"
            );
        }
    }
}

#[test]
fn a_merged_label_shows_on_every_page_it_spans_or_moves_whole() {
    // A group taller than half a page is split; its label is repeated on each piece.
    let mut f = flow();
    f.y = TOP + 10.0 * LINE;
    let m = f.measure(&table(45, 45));
    f.table(m);
    let pages = cell_texts(&f);
    assert!(pages.len() >= 2);
    for (n, texts) in pages.iter().enumerate() {
        assert!(texts.iter().any(|t| t == "分组标签"), "page {n}: {texts:?}");
    }
    // A group starting at the foot of a page, where its label has no room, starts on the
    // next page; its label shows there.
    let mut f = flow();
    f.y = TOP + 20.0 * LINE;
    let m = f.measure(&table(8, 6));
    f.table(m);
    let pages = cell_texts(&f);
    let page = pages
        .iter()
        .position(|p| p.iter().any(|t| t == "分组标签"))
        .expect("the label is drawn");
    assert!(pages[page].contains(&"100".to_string()), "{pages:?}");
}

#[test]
fn a_table_ends_on_the_line_grid() {
    for rows in [1, 3, 7, 30] {
        let mut f = flow();
        f.y = TOP + 2.0 * LINE;
        let m = f.measure(&table(rows, 0));
        f.table(m);
        let k = (f.y - TOP) / LINE;
        assert!((k - k.round()).abs() < 0.01, "{rows} rows end at {k} lines");
    }
}

#[test]
fn a_heading_keeps_the_next_lines_on_its_page() {
    let mut f = flow();
    f.y = TOP + (LINES as f32 - 1.0) * LINE;
    f.paragraph(&[(Role::Kai, "（五）监督保障")], Kind::Heading2, 0.0, 2);
    assert_eq!(f.pages.len(), 2, "the heading moved to the next page");
    // A long body paragraph crosses the page, leaving at least two lines on each side.
    let mut f = flow();
    f.y = TOP + (LINES as f32 - 1.0) * LINE;
    f.paragraph(&[(Role::Body, &"政".repeat(28 * 5))], Kind::Body, 0.0, 0);
    let per_page: Vec<usize> = f.pages.iter().map(|p| p.lines.len()).collect();
    assert_eq!(
        per_page,
        vec![0, 5],
        "one line left: the paragraph starts on the next page"
    );
    let mut f = flow();
    f.y = TOP + (LINES as f32 - 3.0) * LINE;
    f.paragraph(&[(Role::Body, &"政".repeat(28 * 4))], Kind::Body, 0.0, 0);
    let per_page: Vec<usize> = f.pages.iter().map(|p| p.lines.len()).collect();
    assert_eq!(
        per_page,
        vec![2, 2],
        "three lines left: two here, two there, never one"
    );
}

#[test]
fn numbers_keep_their_units_and_labels_their_words() {
    // "326条" at the end of a line: the number goes down with its unit.
    let text = format!("{}326条信息", "政".repeat(26));
    let lines = lines_of(&text, BLOCK_W);
    assert!(lines[1].starts_with("326条"), "{lines:?}");
    let text = format!("{}12万元", "政".repeat(26));
    let lines = lines_of(&text, BLOCK_W);
    assert!(lines[1].starts_with("12万元"), "{lines:?}");
    // A label cell three characters wide breaks 不予公开 between its words.
    let mut ctx = Shaper {
        m: &Fake,
        missing: BTreeSet::new(),
    };
    let style = Style {
        size: 10.0,
        grid: false,
    };
    let label = "（三）不予公开";
    let mut items = ctx.items(&[(Role::Body, label)], &style);
    keep_words(&mut items, label);
    let lines: Vec<String> = break_lines(&items, &|_| 30.0)
        .into_iter()
        .map(|r| items[r].iter().map(|i| i.text.as_str()).collect())
        .collect();
    assert!(lines.contains(&"不予".to_string()), "{lines:?}");
    assert!(lines.contains(&"公开".to_string()), "{lines:?}");
}

/// Texts of every length around a page end: the sign-off always has the end of the text
/// with it (at least two lines, a short last paragraph whole, a heading with what follows),
/// no paragraph leaves a single line on a page, and no line is lost.
#[test]
fn the_sign_off_never_stands_alone() {
    let sign = Signoff {
        agency: "磐石镇人民政府".into(),
        date: "2026年1月20日".into(),
        iso_date: None,
    };
    for before in 10..=32 {
        for last in 1..=5 {
            for heading in [false, true] {
                let mut f = flow();
                f.paragraph(
                    &[(Role::Body, &"政".repeat(28 * before - 4))],
                    Kind::Body,
                    0.0,
                    0,
                );
                if heading {
                    f.paragraph(
                        &[(Role::Hei, "六、其他需要报告的事项")],
                        Kind::Heading1,
                        0.0,
                        2,
                    );
                }
                f.paragraph(
                    &[(Role::Body, &"府".repeat(28 * last - 4))],
                    Kind::Body,
                    0.0,
                    0,
                );
                signoff(&mut f, &sign);
                let case = format!("{before}+{last} lines, heading {heading}");
                let pages = &f.pages;
                let end = pages.last().unwrap();
                assert!(end.lines.iter().any(|l| l.kind == Kind::Signoff), "{case}");
                let text = end
                    .lines
                    .iter()
                    .filter(|l| matches!(l.kind, Kind::Body | Kind::Heading1))
                    .count();
                // At least two lines of text with the sign-off; one only when the text's
                // last paragraph is one line and simply fell at the top of the page.
                let alone = end.lines.first().map(|l| l.kind) == Some(Kind::Signoff);
                assert!(
                    !alone && (text >= 2 || (last == 1 && !heading)),
                    "{case}: {text} line(s) of text with the sign-off"
                );
                for p in &pages[..pages.len() - 1] {
                    let last = p.lines.last().map(|l| l.kind);
                    assert_ne!(last, Some(Kind::Heading1), "{case}: a heading ends a page");
                }
                // Lines of each paragraph per page; a paragraph split across pages has at
                // least two lines on each (no orphan or widow).
                let mut seen = std::collections::BTreeMap::new();
                let per_page: Vec<std::collections::BTreeMap<_, usize>> = pages
                    .iter()
                    .map(|p| {
                        let mut here = std::collections::BTreeMap::new();
                        for l in p.lines.iter().filter(|l| l.kind == Kind::Body) {
                            *here.entry(l.elem).or_insert(0) += 1;
                            *seen.entry(l.elem).or_insert(0) += 1;
                        }
                        here
                    })
                    .collect();
                for here in &per_page {
                    for (e, n) in here {
                        assert!(
                            *n >= 2 || seen[e] == *n,
                            "{case}: one line of paragraph {e:?} alone on a page"
                        );
                    }
                }
                let total: usize = seen.values().sum();
                assert_eq!(total, before + last, "{case}: lines lost or added");
                // The carried lines keep the grid: one line apart, the sign-off one blank
                // line below the text.
                let ys: Vec<f32> = end.lines.iter().map(Line::baseline).collect();
                for w in ys.windows(2) {
                    let gap = w[1] - w[0];
                    assert!(
                        (gap - LINE).abs() < 0.01 || (gap - 2.0 * LINE).abs() < 0.01,
                        "{case}: {ys:?}"
                    );
                }
            }
        }
    }
}
