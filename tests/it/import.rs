//! `gxgk import` on the real published reports in `../shared/seeds/` and on our own messy
//! fixtures (`tests/fixtures/import/`, our prose): figures cell by cell against the verified
//! transcriptions, and the same table findings from `gxgk check`.

use std::collections::BTreeSet;
use std::path::Path;

use gxgk::check::{self, Ctx};
use gxgk::diag::{Diagnostic, Severity};
use gxgk::import::{self, Imported, NoteKind};
use gxgk::model::{Edition, Report};

const SEEDS: &str = "../shared/seeds";

fn seed(prefix: &str) -> Option<(String, String)> {
    let found = std::fs::read_dir(SEEDS).ok().and_then(|entries| {
        entries
            .filter_map(Result::ok)
            .find(|e| e.file_name().to_string_lossy().starts_with(prefix))
    });
    match found {
        Some(e) => Some((
            e.file_name().to_string_lossy().into_owned(),
            std::fs::read_to_string(e.path()).unwrap(),
        )),
        None => {
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "\n*** SKIPPED: seed {prefix} not found in {SEEDS} (run from a checkout beside ../shared) ***\n"
            );
            None
        }
    }
}

/// Imports text and loads the written data file back.
fn import_str(name: &str, text: &str) -> (Imported, Report, String) {
    let im = import::import_text(name, text).expect("imports");
    let toml = im.to_toml();
    let r = match gxgk::load::load_str("imported.toml", toml.clone()) {
        Ok(l) => l.report,
        Err(e) => panic!("{e}\n{toml}"),
    };
    (im, r, toml)
}

fn findings(r: &Report) -> Vec<Diagnostic> {
    check::check(&Ctx {
        report: r,
        previous: None,
        previous_source: None,
        deadline: None,
    })
}

/// Every cell of tables 二, 三, 四, in template order, as `path = value`.
fn cells(r: &Report) -> Vec<String> {
    let mut out = Vec::new();
    for row in r.tables.t2_rows().unwrap_or_default() {
        for c in row.cells {
            out.push(format!("{} = {:?}", c.path, c.cell));
        }
    }
    for e in r.tables.t3_rows() {
        let row = e.row.expect("row");
        for i in 0..7 {
            out.push(format!("{}[{i}] = {:?}", e.path(), row.cell(i)));
        }
    }
    if let Some(t4) = &r.t4 {
        for (k, _, g) in t4.groups() {
            let g = g.expect("group");
            for i in 0..5 {
                out.push(format!("t4.{k}[{i}] = {:?}", g.cell(i)));
            }
        }
    }
    out
}

/// Findings about the tables: (rule, path).
fn table_findings(d: &[Diagnostic]) -> BTreeSet<(String, String)> {
    d.iter()
        .filter(|x| {
            x.rule.starts_with('T') && !x.rule.starts_with("TITLE") || x.rule == "CELL-BLANK"
        })
        .map(|x| (x.rule.to_string(), x.path.clone().unwrap_or_default()))
        .collect()
}

fn against_fixture(prefix: &str, fixture: &str) {
    let Some((name, text)) = seed(prefix) else {
        return;
    };
    let (im, r, toml) = import_str(&name, &text);
    let fx = gxgk::load::load_file(&Path::new("tests/fixtures").join(fixture))
        .unwrap()
        .report;
    assert_eq!(r.edition(), fx.edition());
    assert_eq!(r.year, fx.year);
    assert_eq!(r.agency.name, fx.agency.name);
    assert_eq!(r.agency.level, fx.agency.level);
    assert_eq!(
        format!("{:?}", r.publication.date),
        format!("{:?}", fx.publication.date)
    );
    let (a, b) = (cells(&r), cells(&fx));
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x, y, "imported vs fixture\n{toml}");
    }
    assert_eq!(
        table_findings(&findings(&r)),
        table_findings(&findings(&fx)),
        "{toml}"
    );
    let c = im.counts();
    assert_eq!(c.cells, [(22, 22), (161, 161), (15, 15)]);
    assert_eq!(c.ambiguous, 0);
    // Every imported row says where it came from.
    assert!(
        toml.contains("# 一、本年新收政府信息公开申请数量；原文第 "),
        "{toml}"
    );
}

#[test]
fn seed_000_equals_its_transcription() {
    against_fixture("000_", "seed-000.toml");
}

#[test]
fn seed_002_equals_its_transcription_and_fails_the_same_way() {
    against_fixture("002_", "seed-002.toml");
    let Some((name, text)) = seed("002_") else {
        return;
    };
    let (_, r, toml) = import_str(&name, &text);
    let mut e: Vec<(String, String)> = findings(&r)
        .iter()
        .filter(|x| x.severity == Severity::Error)
        .map(|x| (x.rule.to_string(), x.path.clone().unwrap_or_default()))
        .collect();
    e.sort();
    let s = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(
        e,
        vec![
            s("T3-COL-BALANCE", "t3.total[0]"),
            s("T3-OUTCOME-SUM", "t3.total[0]"),
            s("T3-ROW-TOTAL", "t3.carried_out[6]"),
            s("T3-ROW-TOTAL", "t3.withheld.internal[6]"),
        ]
    );
    // The two rows whose cells the copy left incomplete were placed by the column identities.
    assert_eq!(
        toml.matches("原文单元格不齐，按表内勾稽关系确定位置")
            .count(),
        2,
        "{toml}"
    );
}

#[test]
fn every_seed_imports_without_help() {
    for p in ["000_", "001_", "002_", "003_", "004_"] {
        let Some((name, text)) = seed(p) else {
            continue;
        };
        let (im, r, _) = import_str(&name, &text);
        let c = im.counts();
        assert_eq!(c.cells, [(22, 22), (161, 161), (15, 15)], "{p}");
        assert_eq!(c.ambiguous, 0, "{p}");
        assert_eq!(r.year, 2020, "{p}");
        assert_eq!(r.edition(), Edition::E2019, "{p}");
        let d = findings(&r);
        let rules: BTreeSet<&str> = d.iter().map(|x| x.rule).collect();
        match p {
            // No section 六 on the page: not silently “无。”.
            "000_" => {
                assert_eq!(c.sections, 5);
                assert!(rules.contains("SEC-MISSING"), "{d:#?}");
            }
            // No sign-off and no portal date: the date stays missing.
            "001_" => {
                assert!(
                    im.notes
                        .iter()
                        .any(|n| n.kind == NoteKind::Missing && n.message.contains("成文日期"))
                );
                assert!(r.agency.name == "丹朱镇人民政府");
                assert!(
                    rules.contains("CELL-BLANK"),
                    "表四 行政复议 is blank on the page"
                );
            }
            // Sign-off date unreadable (`20211月7`): the portal's date, flagged.
            "003_" => {
                assert!(
                    im.notes
                        .iter()
                        .any(|n| n.kind == NoteKind::Fallback && n.message.contains("20211月7"))
                );
                assert!(rules.contains("TITLE-FORM"));
            }
            // 7399700元, a late date and a wrong statistics period.
            "004_" => {
                assert!(rules.contains("UNIT-PROCUREMENT"));
                assert!(rules.contains("DEADLINE"));
                assert!(rules.contains("PERIOD"));
                assert_eq!(r.agency.name, "上新庄镇人民政府");
            }
            _ => {}
        }
    }
}

fn fixture(name: &str) -> (Imported, Report, String) {
    let path = Path::new("tests/fixtures/import").join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    import_str(name, &text)
}

fn row(r: &Report, key: &str) -> Vec<u64> {
    let e = r
        .tables
        .t3_rows()
        .into_iter()
        .find(|e| e.path() == format!("t3.{key}"))
        .unwrap();
    let row = e.row.unwrap();
    (0..7).map(|i| row.value(i)).collect()
}

#[test]
fn flattened_rows_run_in_headings_and_blank_marks() {
    let (im, r, toml) = fixture("flattened-2025.txt");
    assert_eq!(r.edition(), Edition::E2021);
    assert_eq!(r.agency.name, "青溪镇人民政府");
    assert_eq!(row(&r, "new"), [151, 3, 0, 0, 0, 0, 154]);
    assert_eq!(row(&r, "granted"), [100, 2, 0, 0, 0, 0, 102]);
    assert_eq!(row(&r, "partial"), [10, 0, 0, 0, 0, 0, 10]);
    assert_eq!(row(&r, "unable.not_held"), [20, 1, 0, 0, 0, 0, 21]);
    assert_eq!(row(&r, "total"), [138, 3, 0, 0, 0, 0, 141]);
    assert_eq!(row(&r, "carried_out"), [15, 0, 0, 0, 0, 0, 15]);
    // "/" read as blank, not zero.
    assert!(
        toml.contains("carried_out               = [15, \"\", \"\", \"\", \"\", \"\", 15]"),
        "{toml}"
    );
    assert!(toml.contains("permit    = { decisions = \"\" }"), "{toml}");
    assert!(toml.contains("penalty   = { decisions = \"\" }"), "{toml}");
    // 3112 under three columns with no constraint: every split is listed, the first written.
    let amb: Vec<_> = im
        .notes
        .iter()
        .filter(|n| n.kind == NoteKind::Ambiguous)
        .collect();
    assert_eq!(amb.len(), 1, "{:#?}", im.notes);
    assert!(amb[0].message.contains("行政规范性文件"));
    assert!(
        toml.contains("【IMPORT-AMBIGUOUS】可能是 [3, 1, 12] 或 [3, 11, 2] 或 [31, 1, 2]"),
        "{toml}"
    );
    assert_eq!(im.counts().ambiguous, 3);
    // Table 四 from one run of fifteen digits.
    let t4 = r.t4.as_ref().unwrap();
    assert_eq!(t4.review.as_ref().unwrap().cell(1).get(), 1);
    assert_eq!(t4.review.as_ref().unwrap().cell(4).get(), 1);
    // Run-in and renamed headings.
    assert_eq!(
        r.overview.text.trim(),
        "本年度青溪镇按照上级部署推进政务公开，公开工作平稳有序。"
    );
    let heads: Vec<&str> = r
        .overview
        .parts
        .iter()
        .map(|p| p.heading.as_str())
        .collect();
    assert_eq!(
        heads,
        [
            "主动公开方面",
            "依申请公开方面",
            "政府信息管理",
            "平台建设方面",
            "监督保障方面"
        ]
    );
    assert!(
        r.overview.parts[1].text.contains("答复，另有15件"),
        "broken line re-joined"
    );
    assert_eq!(r.problems.parts.len(), 2);
    assert!(r.problems.parts[0].text.contains("提高，解读材料"));
    // The fee statement becomes the figures of [other_matters.fees] (the view writes it back).
    let fees = r.other_matters.info_fees.as_ref().unwrap();
    assert!(fees.notices_issued.is_value() && fees.collected_yuan.is_value());
    assert_eq!(fees.notices_issued.get(), 0);
    assert!(
        toml.contains("notices_issued      = 0  # 原文第 74 行"),
        "{toml}"
    );
    assert_eq!(im.counts().sections, 6);
    // The table findings of the imported file: clean tables.
    let d = findings(&r);
    let t: Vec<_> = d
        .iter()
        .filter(|x| x.severity == Severity::Error && x.rule.starts_with('T'))
        .collect();
    assert!(t.is_empty(), "{t:#?}");
}

#[test]
fn tables_of_2019_in_a_2022_report_import_as_2019() {
    let (im, r, toml) = fixture("e2019-in-2022.txt");
    assert_eq!(r.year, 2022);
    assert_eq!(r.edition(), Edition::E2019, "{toml}");
    assert!(im.edition.1 > 0, "edition told by a table label");
    assert!(toml.contains("edition = 2019  # 按原文表格标签判断"));
    assert_eq!(r.agency.name, "松林街道办事处");
    assert_eq!(r.agency.level, gxgk::model::Level::Subdistrict);
    assert_eq!(row(&r, "new"), [3, 1, 0, 0, 0, 0, 4]);
    assert_eq!(im.counts().cells, [(22, 22), (161, 161), (15, 15)]);
    let d = findings(&r);
    assert!(
        d.iter()
            .any(|x| x.rule == "EDITION-YEAR" && x.severity == Severity::Error),
        "{d:#?}"
    );
}

#[test]
#[ignore = "prints an imported file: SHOW=002_ cargo test --test it import::show -- --ignored --nocapture"]
fn show() {
    let p = std::env::var("SHOW").unwrap_or_else(|_| "002_".into());
    if let Some((name, text)) = seed(&p) {
        println!("{}", import_str(&name, &text).2);
    } else {
        println!("{}", fixture(&p).2);
    }
}

fn gxgk(args: &[&str], dir: &Path) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gxgk"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn scratch(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("gxgk-import-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn cli_import_writes_once_then_refuses_without_force() {
    let d = scratch("cli");
    std::fs::copy(
        "tests/fixtures/import/e2019-in-2022.txt",
        d.join("松林.txt"),
    )
    .unwrap();
    let (code, out, err) = gxgk(&["import", "松林.txt", "-o", "2022.toml"], &d);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("已导入 松林.txt → 2022.toml"), "{out}");
    assert!(out.contains("找到 6/6 个部分；表二 22/22 格，表三 161/161 格，表四 15/15 格；拆分有歧义 0 格；缺少 0 项"), "{out}");
    let first = std::fs::read_to_string(d.join("2022.toml")).unwrap();
    std::fs::write(d.join("2022.toml"), "手工修改").unwrap();
    let (code, _, err) = gxgk(&["import", "松林.txt", "-o", "2022.toml"], &d);
    assert_eq!(code, 2);
    assert!(err.contains("已存在（可能有手工修改），没有覆盖"), "{err}");
    assert_eq!(
        std::fs::read_to_string(d.join("2022.toml")).unwrap(),
        "手工修改"
    );
    let (code, _, _) = gxgk(&["import", "松林.txt", "-o", "2022.toml", "--force"], &d);
    assert_eq!(code, 0);
    assert_eq!(std::fs::read_to_string(d.join("2022.toml")).unwrap(), first);
    // The imported file feeds next year's scaffold.
    let (code, out, err) = gxgk(&["new", "--from", "2022.toml", "-o", "2023.toml"], &d);
    assert_eq!(code, 0, "{out}{err}");
    // No temporary files left behind.
    let names: Vec<String> = std::fs::read_dir(&d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn cli_import_exit_codes_and_summary_table() {
    let d = scratch("codes");
    std::fs::copy("tests/fixtures/import/flattened-2025.txt", d.join("a.txt")).unwrap();
    // Section 六 and the sign-off cut away: imported, but parts missing → 1.
    let text = std::fs::read_to_string("tests/fixtures/import/e2019-in-2022.txt").unwrap();
    let cut = &text[..text.find("六、其他需要报告的事项").unwrap()];
    std::fs::write(d.join("b.txt"), cut).unwrap();
    std::fs::write(d.join("c.txt"), "会议通知\n请各单位于周五前报送材料。\n").unwrap();
    std::fs::create_dir(d.join("out")).unwrap();
    let (code, out, err) = gxgk(&["import", "b.txt", "-o", "out/b.toml"], &d);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("缺少：没有找到“六、其他需要报告的事项”部分"),
        "{out}"
    );
    assert!(out.contains("缺少：没有找到成文日期"), "{out}");
    let (code, _, err) = gxgk(&["import", "c.txt"], &d);
    assert_eq!(code, 2);
    assert!(err.contains("不像是政府信息公开工作年度报告"), "{err}");
    assert!(!d.join("c.toml").exists());
    let (code, out, _) = gxgk(
        &["import", "a.txt", "b.txt", "c.txt", "-o", "out", "--force"],
        &d,
    );
    assert_eq!(code, 2);
    assert!(out.contains("导入汇总："), "{out}");
    assert!(
        out.contains("a.txt\t6/6\t10/10\t175/175\t15/15\t3\t0\t已导入"),
        "{out}"
    );
    assert!(out.contains("c.txt\t—"), "{out}");
    assert!(d.join("out/a.toml").exists() && d.join("out/b.toml").exists());
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn cli_check_on_a_published_page_points_into_the_page() {
    let Some((name, text)) = seed("002_") else {
        return;
    };
    let d = scratch("check");
    std::fs::write(d.join(&name), &text).unwrap();
    let (code, out, _) = gxgk(&["check", &name], &d);
    assert_eq!(code, 1, "{out}");
    // T3-COL-BALANCE on （七）总计, located at that row of the page.
    let at = out.find("错误[T3-COL-BALANCE]").expect(&out);
    let block = &out[at..];
    let total_line = text
        .lines()
        .position(|l| l.starts_with("(七)总计"))
        .unwrap()
        + 1;
    assert!(
        block.contains(&format!("--> {name}:{total_line}:1")),
        "{block}"
    );
    assert!(out.contains("4 个错误"), "{out}");
    let (code, out, _) = gxgk(&["check", "--format", "json", &name], &d);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["errors"], 4);
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn cli_check_reports_headings_and_ambiguity_from_the_page() {
    let d = scratch("check2");
    std::fs::copy("tests/fixtures/import/flattened-2025.txt", d.join("p.txt")).unwrap();
    let (_, out, _) = gxgk(&["check", "p.txt"], &d);
    let at = out.find("警告[IMPORT-AMBIGUOUS]").expect(&out);
    assert!(
        out[at..].contains("--> p.txt:18:1"),
        "the ambiguous row's line: {out}"
    );
    assert!(
        out.contains("警告[SEC-TITLE-VARIANT]：第2部分的标题“二、主动公开政府信息的情况”"),
        "{out}"
    );
    std::fs::remove_dir_all(&d).unwrap();
}

/// Text without any whitespace, for "equal up to whitespace".
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn narrative(n: &gxgk::model::Narrative) -> Vec<String> {
    let mut out = vec![squash(&n.text)];
    for p in &n.parts {
        out.push(squash(&p.heading));
        out.push(squash(&p.text));
    }
    out
}

/// Renders an example, imports the output, and compares the data with the original.
fn round_trip(example: &str, format: &str) {
    let d = scratch(&format!("rt-{format}-{example}"));
    let src = Path::new("examples").join(format!("{example}.toml"));
    let src = std::fs::canonicalize(src).unwrap();
    let rendered = if format == "pdf-text" {
        // The PDF's text as poppler's pdftotext gives it, imported as copied text.
        let (code, out, err) = gxgk(
            &[
                "render",
                src.to_str().unwrap(),
                "--pdf",
                "-o",
                ".",
                "--force",
            ],
            &d,
        );
        assert_eq!(code, 0, "{out}{err}");
        let status = std::process::Command::new("pdftotext")
            .arg(format!("{example}.pdf"))
            .arg(format!("{example}.txt"))
            .current_dir(&d)
            .status()
            .expect("pdftotext is needed for this test: apt-get install poppler-utils");
        assert!(status.success());
        format!("{example}.txt")
    } else {
        let flag = format!("--{format}");
        let (code, out, err) = gxgk(
            &["render", src.to_str().unwrap(), &flag, "-o", ".", "--force"],
            &d,
        );
        assert_eq!(code, 0, "{out}{err}");
        format!("{example}.{format}")
    };
    let (code, out, err) = gxgk(&["import", &rendered, "-o", "back.toml"], &d);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("缺少 0 项") && out.contains("拆分有歧义 0 格"),
        "{out}"
    );
    let back = gxgk::load::load_file(&d.join("back.toml")).unwrap().report;
    let orig = gxgk::load::load_file(&src).unwrap().report;
    let toml = std::fs::read_to_string(d.join("back.toml")).unwrap();
    // The figures exactly; how a 万元 amount was written (`86.35` or `"86.35万元"`) is not a figure.
    let amounts = |r: &Report| -> Vec<String> {
        cells(r)
            .into_iter()
            .map(|c| {
                c.replace("written: Wan", "written: _")
                    .replace("written: Bare", "written: _")
            })
            .collect()
    };
    let (a, b) = (amounts(&back), amounts(&orig));
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x, y, "{toml}");
    }
    assert_eq!(back.year, orig.year);
    assert_eq!(back.edition(), orig.edition());
    assert_eq!(back.agency.name, orig.agency.name);
    assert_eq!(back.agency.level, orig.agency.level);
    assert_eq!(back.title(), orig.title());
    assert_eq!(
        format!("{:?}", back.publication.date),
        format!("{:?}", orig.publication.date)
    );
    assert_eq!(squash(&back.intro), squash(&orig.intro), "{toml}");
    assert_eq!(
        format!("{:?}", back.agency.contact),
        format!("{:?}", orig.agency.contact)
    );
    assert_eq!(
        narrative(&back.overview),
        narrative(&orig.overview),
        "{toml}"
    );
    assert_eq!(
        narrative(&back.problems),
        narrative(&orig.problems),
        "{toml}"
    );
    assert_eq!(
        narrative(&back.other_matters.narrative()),
        narrative(&orig.other_matters.narrative()),
        "{toml}"
    );
    assert_eq!(
        format!("{:?}", back.other_matters.info_fees),
        format!("{:?}", orig.other_matters.info_fees)
    );
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn html_round_trip_2021_example() {
    round_trip("2025-township", "html");
}

#[test]
fn html_round_trip_2019_example() {
    round_trip("2020-street", "html");
}

#[test]
fn docx_round_trip_2021_example() {
    round_trip("2025-township", "docx");
}

#[test]
fn docx_round_trip_2019_example() {
    round_trip("2020-street", "docx");
}

#[test]
fn pdftotext_round_trip_2021_example() {
    round_trip("2025-township", "pdf-text");
}

#[test]
fn pdftotext_round_trip_2019_example() {
    round_trip("2020-street", "pdf-text");
}

#[test]
fn pdf_round_trip_2021_example() {
    round_trip("2025-township", "pdf");
}

#[test]
fn pdf_round_trip_2019_example() {
    round_trip("2020-street", "pdf");
}

#[test]
fn cli_render_json_writes_the_figures() {
    let d = scratch("json");
    let src = std::fs::canonicalize("examples/2020-street.toml").unwrap();
    let (code, out, err) = gxgk(&["render", src.to_str().unwrap(), "--json", "-o", "."], &d);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("2020-street.json（表格数据 JSON）"), "{out}");
    // Only the JSON was asked for.
    assert!(!d.join("2020-street.html").exists());
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("2020-street.json")).unwrap())
            .unwrap();
    assert_eq!(v["edition"], 2019);
    assert_eq!(v["tables"]["表三"].as_array().unwrap().len(), 23);
    assert_eq!(v["tables"]["表三"][20]["label"], "（六）其他处理");
    assert_eq!(
        v["tables"]["表二"][3]["cells"],
        serde_json::json!([12, -2, 380])
    );
    // Never over an existing file without --force.
    let (code, _, err) = gxgk(&["render", src.to_str().unwrap(), "--json", "-o", "."], &d);
    assert_eq!(code, 2, "{err}");
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn cli_check_over_many_pages_reports_each_and_the_worst_exit() {
    let d = scratch("many");
    std::fs::copy("tests/fixtures/import/flattened-2025.txt", d.join("a.txt")).unwrap();
    std::fs::copy("tests/fixtures/import/e2019-in-2022.txt", d.join("b.txt")).unwrap();
    let (code, out, _) = gxgk(&["check", "a.txt", "b.txt"], &d);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("a.txt：没有错误"), "{out}");
    assert!(out.contains("错误[EDITION-YEAR]"), "{out}");
    assert!(out.contains("b.txt：1 个错误"), "{out}");
    std::fs::remove_dir_all(&d).unwrap();
}

/// Bad input never panics: every reader on truncated and garbled documents.
/// (`lines-dropped.txt` is `flattened-2025.txt` with seven lines cut out of table 三: a row then
/// held 44 numbers for 7 cells and choosing which 37 to drop never returned.)
#[test]
fn truncated_and_garbled_documents_never_panic() {
    let mut texts: Vec<String> = [
        "flattened-2025.txt",
        "e2019-in-2022.txt",
        "lines-dropped.txt",
    ]
    .iter()
    .map(|f| std::fs::read_to_string(Path::new("tests/fixtures/import").join(f)).unwrap())
    .collect();
    for p in ["000_", "001_", "002_", "003_", "004_"] {
        if let Some((_, t)) = seed(p) {
            texts.push(t);
        }
    }
    for text in &texts {
        let cuts: Vec<usize> = (0..text.len())
            .step_by(text.len() / 37 + 1)
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for &c in &cuts {
            let part = &text[..c];
            let _ = import::import_text("t.txt", part).map(|im| im.to_toml());
            let _ = import::html::read(part);
            let _ = import::html::read(&format!("<table><tr><td>{part}"));
            // Lines dropped from the middle.
            let lines: Vec<&str> = text.lines().collect();
            let k = c % lines.len().max(1);
            let mut skipped = lines.clone();
            skipped.drain(k..(k + 7).min(lines.len()));
            let _ = import::import_text("t.txt", &skipped.join("\n")).map(|im| im.to_toml());
        }
    }
    // Long digit runs and nonsense.
    let junk = "一、总体情况\n二、主动公开政府信息情况\n规章99999999999999999999999999\n\
                三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量1234567890123456789012345678901234567890\n\
                四、政府信息公开行政复议、行政诉讼情况\n98765432109876543210987654321\n";
    let _ = import::import_text("j.txt", junk).map(|im| im.to_toml());
    assert!(import::docx::read(b"not a zip").is_err());
    assert!(import::pdf::read(b"%PDF-1.4 garbage").is_err());
}

/// A table-三 row that swallowed the lines after it (44 numbers for 7 cells) is imported as
/// ambiguous, quickly, instead of enumerating every way to drop 37 of them.
#[test]
fn a_row_with_far_too_many_numbers_is_ambiguous_not_endless() {
    let text = std::fs::read_to_string("tests/fixtures/import/lines-dropped.txt").unwrap();
    let im = import::import_text("lines-dropped.txt", &text).unwrap();
    let toml = im.to_toml();
    assert!(toml.contains("[t3]"), "{toml}");
}

/// Text saved by Notepad as "ANSI" on Chinese Windows (GBK), or as "Unicode" (UTF-16 with a
/// BOM), imports exactly as the UTF-8 text does, and says which encoding it was read in.
#[test]
fn gbk_and_utf16_text_import_like_utf8() {
    let path = Path::new("tests/fixtures/import/flattened-2025.txt");
    let text = std::fs::read_to_string(path).unwrap();
    let (want, doc) = import::import_file(path).unwrap();
    assert_eq!(doc.encoding, None);
    let dir = scratch("encodings");
    let gbk = encoding_rs::GB18030.encode(&text).0.into_owned();
    assert!(
        std::str::from_utf8(&gbk).is_err(),
        "the fixture has Chinese text"
    );
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    for (name, bytes, label) in [("gbk.txt", gbk, "GBK"), ("utf16.txt", utf16, "UTF-16")] {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        let (got, doc) = import::import_file(&p).unwrap();
        assert_eq!(doc.encoding, Some(label));
        let mine = got.to_toml().replace(&p.display().to_string(), "x");
        assert_eq!(
            mine,
            want.to_toml().replace(&path.display().to_string(), "x")
        );
        let (code, out, err) = gxgk(&["check", name], &dir);
        assert!(code <= 1, "{out}{err}");
        assert!(out.contains(&format!("已按 {label} 编码读取")), "{out}");
    }
    // Bytes that are neither: a Chinese message, exit 2.
    std::fs::write(
        dir.join("bin.txt"),
        [0xFFu8, 0x00, 0x81, 0x30, 0xFE, 0xFF, 0x80],
    )
    .unwrap();
    let (code, _, err) = gxgk(&["import", "bin.txt"], &dir);
    assert_eq!(code, 2);
    assert!(err.contains("既不是 UTF-8 也不是 GBK"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A paragraph written in a table section (二–四) has no place in the data file: the import
/// lists it with its line instead of dropping it silently, and still reads the table.
#[test]
fn prose_in_a_table_section_is_listed_not_dropped() {
    let text = std::fs::read_to_string("tests/fixtures/import/flattened-2025.txt").unwrap();
    let marker = "二、主动公开政府信息的情况";
    assert!(text.contains(marker));
    let prose = "本年度镇政府通过网站专栏、公开栏等渠道主动公开各类信息，详见下表。";
    let with_prose = text.replacen(marker, &format!("{marker}\n{prose}"), 1);
    let im = import::import_text("prose.txt", &with_prose).unwrap();
    let listed: Vec<&import::Note> = im
        .notes
        .iter()
        .filter(|n| n.kind == NoteKind::NotImported)
        .collect();
    assert_eq!(listed.len(), 1, "{:?}", im.notes);
    assert!(
        listed[0].message.contains("本年度镇政府通过网站专栏"),
        "{}",
        listed[0].message
    );
    let line = with_prose.lines().position(|l| l == prose).unwrap() + 1;
    assert_eq!(listed[0].line, Some(line));
    // The table is read as before; the fixture without prose lists nothing.
    let plain = import::import_text("plain.txt", &text).unwrap();
    assert_eq!(plain.counts().cells, im.counts().cells);
    assert!(plain.notes.iter().all(|n| n.kind != NoteKind::NotImported));
}

/// Wherever the page break falls inside table 三 — before a group such as （三）不予公开, between
/// its rows, before （七）总计 — the imported PDF has the same figures as the data file. Extra
/// lines of narrative move the break down the table one step at a time. (The text pdftotext
/// extracts is imported at the examples' own breaks, in `pdftotext_round_trip_*`; at two of
/// these 32 breaks its reading order moves a row's label pages away from its figures.)
#[test]
fn pdf_import_survives_every_page_break_position_in_table_three() {
    for example in ["2025-township", "2020-street"] {
        let src = std::fs::read_to_string(format!("examples/{example}.toml")).unwrap();
        let d = scratch(&format!("breaks-{example}"));
        let at =
            src.find("[overview]\ntext = \"\"\"\n").unwrap() + "[overview]\ntext = \"\"\"\n".len();
        let orig = gxgk::load::load_str("orig.toml", src.clone())
            .unwrap()
            .report;
        let want: Vec<String> = cells(&orig);
        for k in 0..16 {
            let extra: String = (1..=k)
                .map(|i| format!("第{i}项补充说明：本镇按计划推进各项公开工作，情况良好。\n\n"))
                .collect();
            let text = format!("{}{extra}{}", &src[..at], &src[at..]);
            let name = format!("v{k}");
            std::fs::write(d.join(format!("{name}.toml")), &text).unwrap();
            let (code, out, err) =
                gxgk(&["render", &format!("{name}.toml"), "--pdf", "--force"], &d);
            assert_eq!(code, 0, "{out}{err}");
            let status = std::process::Command::new("pdftotext")
                .args([format!("{name}.pdf"), format!("{name}.txt")])
                .current_dir(&d)
                .status()
                .expect("pdftotext is needed for this test: apt-get install poppler-utils");
            assert!(status.success());
            let input = format!("{name}.pdf");
            {
                let (code, out, err) = gxgk(&["import", &input, "-o", "back.toml", "--force"], &d);
                assert_eq!(code, 0, "{example} +{k} lines, {input}: {out}{err}");
                let back = gxgk::load::load_file(&d.join("back.toml")).unwrap().report;
                let got = cells(&back);
                let amounts = |v: &[String]| -> Vec<String> {
                    v.iter()
                        .map(|c| {
                            c.replace("written: Wan", "written: _")
                                .replace("written: Bare", "written: _")
                        })
                        .collect()
                };
                assert_eq!(
                    amounts(&got),
                    amounts(&want),
                    "{example} +{k} lines, {input}"
                );
            }
        }
        let _ = std::fs::remove_dir_all(&d);
    }
}
