//! HTML output of `gxgk render`: snapshots of every example, a structural check of the table
//! grids against the national template (spec §3–§5, both editions) that parses the HTML and
//! expands rowspan/colspan itself, escaping of hostile text, the refusal/draft behaviour of
//! the CLI, and a headless-Chromium screenshot that must not be blank.

mod common;

use std::path::Path;
use std::process::Command;

use common::{gxgk, printed, scratch};

use gxgk::html::{self, Options};
use gxgk::view::View;

fn render(path: &str, opts: &Options) -> String {
    let loaded = gxgk::load::load_file(Path::new(path)).unwrap();
    html::render(&View::new(&loaded.report, None), opts).unwrap()
}

#[test]
fn snapshots_of_every_example() {
    for (example, snap) in [
        ("examples/2025-township.toml", "2025-township.html"),
        ("examples/2020-street.toml", "2020-street.html"),
    ] {
        let html = render(example, &Options::default());
        snapbox::assert_data_eq!(
            html,
            snapbox::Data::read_from(&Path::new("tests/snapshots").join(snap), None)
        );
        let fragment = render(
            example,
            &Options {
                fragment: true,
                ..Options::default()
            },
        );
        snapbox::assert_data_eq!(
            fragment,
            snapbox::Data::read_from(
                &Path::new("tests/snapshots").join(snap.replace(".html", ".fragment.html")),
                None
            )
        );
    }
}

// ------------------------------------------------------------------ structure

/// A parsed table: `grid[r][c]` = (text, is_th, scope) of the cell covering that position.
type Grid = Vec<Vec<Option<(String, bool, String)>>>;

fn text_of(node: &tl::Node, parser: &tl::Parser) -> String {
    node.inner_text(parser)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
        .trim()
        .to_string()
}

fn attr_num(tag: &tl::HTMLTag, name: &str) -> usize {
    tag.attributes()
        .get(name)
        .flatten()
        .and_then(|v| v.as_utf8_str().parse().ok())
        .unwrap_or(1)
}

/// Parses every `<table>` of the page into its expanded grid, keyed by the table's class.
fn tables(html: &str) -> Vec<(String, Grid)> {
    let dom = tl::parse(html, tl::ParserOptions::default()).unwrap();
    let parser = dom.parser();
    let mut out = Vec::new();
    for t in dom.query_selector("table").unwrap() {
        let table = t.get(parser).unwrap().as_tag().unwrap();
        let class = table
            .attributes()
            .class()
            .map(|c| c.as_utf8_str().to_string())
            .unwrap_or_default();
        let mut grid: Grid = Vec::new();
        let rows: Vec<_> = table.query_selector(parser, "tr").unwrap().collect();
        for (r, tr) in rows.iter().enumerate() {
            while grid.len() <= r {
                grid.push(Vec::new());
            }
            let tr = tr.get(parser).unwrap().as_tag().unwrap();
            let mut c = 0;
            for child in tr.children().top().iter() {
                let Some(cell) = child.get(parser).and_then(|n| n.as_tag()) else {
                    continue;
                };
                let name = cell.name().as_utf8_str();
                if name != "td" && name != "th" {
                    continue;
                }
                while grid[r].get(c).is_some_and(Option::is_some) {
                    c += 1;
                }
                let (rs, cs) = (attr_num(cell, "rowspan"), attr_num(cell, "colspan"));
                let scope = cell
                    .attributes()
                    .get("scope")
                    .flatten()
                    .map(|v| v.as_utf8_str().to_string())
                    .unwrap_or_default();
                let text = text_of(child.get(parser).unwrap(), parser);
                for rr in r..r + rs {
                    while grid.len() <= rr {
                        grid.push(Vec::new());
                    }
                    for cc in c..c + cs {
                        if grid[rr].len() <= cc {
                            grid[rr].resize(cc + 1, None);
                        }
                        assert!(
                            grid[rr][cc].is_none(),
                            "{class}: cells overlap at ({rr},{cc})"
                        );
                        grid[rr][cc] = Some((text.clone(), name == "th", scope.clone()));
                    }
                }
                c += cs;
            }
        }
        out.push((class, grid));
    }
    out
}

fn at(grid: &Grid, r: usize, c: usize) -> &str {
    grid.get(r)
        .and_then(|row| row.get(c))
        .and_then(|x| x.as_ref())
        .map(|x| x.0.as_str())
        .unwrap_or_else(|| panic!("no cell at ({r},{c})"))
}

/// Every position of `grid` holds the expected text, and there are no extra rows.
fn assert_grid(grid: &Grid, expected: &[[&str; 4]]) {
    assert_eq!(grid.len(), expected.len());
    for (r, row) in expected.iter().enumerate() {
        for (c, want) in row.iter().enumerate() {
            assert_eq!(at(grid, r, c), *want, "({r},{c})");
        }
    }
}

fn assert_rect(grid: &Grid, cols: usize) {
    for (r, row) in grid.iter().enumerate() {
        assert_eq!(row.len(), cols, "row {r} has {} columns", row.len());
        assert!(row.iter().all(Option::is_some), "hole in row {r}");
    }
}

/// The template's table 三 labels by (row, first column), spec §4, and where each outcome
/// group's label sits.
fn check_t3(grid: &Grid, edition_2021: bool) {
    assert_rect(grid, 10);
    let outcome_rows = if edition_2021 { 22 } else { 20 };
    assert_eq!(grid.len(), 3 + 2 + outcome_rows + 1);
    let note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";
    for r in 0..3 {
        for c in 0..3 {
            assert_eq!(at(grid, r, c), note);
        }
    }
    for c in 3..10 {
        assert_eq!(at(grid, 0, c), "申请人情况");
    }
    assert_eq!(at(grid, 1, 3), "自然人");
    assert_eq!(at(grid, 2, 3), "自然人");
    for c in 4..9 {
        assert_eq!(at(grid, 1, c), "法人或其他组织");
    }
    assert_eq!(at(grid, 2, 9), "总计");
    for (c, name) in [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    .iter()
    .enumerate()
    {
        assert_eq!(at(grid, 2, c + 4), *name);
    }
    for c in 0..3 {
        assert_eq!(at(grid, 3, c), "一、本年新收政府信息公开申请数量");
        assert_eq!(at(grid, 4, c), "二、上年结转政府信息公开申请数量");
        assert_eq!(at(grid, grid.len() - 1, c), "四、结转下年度继续办理");
    }
    for r in 5..5 + outcome_rows {
        assert_eq!(at(grid, r, 0), "三、本年度办理结果");
    }
    let mut leaves = vec![
        ("（一）予以公开", "（一）予以公开"),
        (
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        ),
        ("（三）不予公开", "1.属于国家秘密"),
        ("（三）不予公开", "2.其他法律行政法规禁止公开"),
        ("（三）不予公开", "3.危及“三安全一稳定”"),
        ("（三）不予公开", "4.保护第三方合法权益"),
        ("（三）不予公开", "5.属于三类内部事务信息"),
        ("（三）不予公开", "6.属于四类过程性信息"),
        ("（三）不予公开", "7.属于行政执法案卷"),
        ("（三）不予公开", "8.属于行政查询事项"),
        ("（四）无法提供", "1.本机关不掌握相关政府信息"),
        ("（四）无法提供", "2.没有现成信息需要另行制作"),
        ("（四）无法提供", "3.补正后申请内容仍不明确"),
        ("（五）不予处理", "1.信访举报投诉类申请"),
        ("（五）不予处理", "2.重复申请"),
        ("（五）不予处理", "3.要求提供公开出版物"),
        ("（五）不予处理", "4.无正当理由大量反复申请"),
        ("（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"),
    ];
    if edition_2021 {
        leaves.extend([
            (
                "（六）其他处理",
                "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            ),
            (
                "（六）其他处理",
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            ),
            ("（六）其他处理", "3.其他"),
        ]);
    } else {
        leaves.push(("（六）其他处理", "（六）其他处理"));
    }
    leaves.push(("（七）总计", "（七）总计"));
    for (i, (c1, c2)) in leaves.iter().enumerate() {
        assert_eq!(at(grid, 5 + i, 1), *c1, "row {}", 5 + i);
        assert_eq!(at(grid, 5 + i, 2), *c2, "row {}", 5 + i);
    }
}

fn check_t4(grid: &Grid) {
    assert_rect(grid, 15);
    assert_eq!(grid.len(), 4);
    let five = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
    for (c, name) in five.iter().enumerate() {
        assert_eq!(at(grid, 0, c), "行政复议");
        assert_eq!(at(grid, 1, c), *name);
        assert_eq!(at(grid, 2, c), *name);
    }
    for c in 5..15 {
        assert_eq!(at(grid, 0, c), "行政诉讼");
        assert_eq!(at(grid, 2, c), five[(c - 5) % 5]);
        let group = if c < 10 {
            "未经复议直接起诉"
        } else {
            "复议后起诉"
        };
        assert_eq!(at(grid, 1, c), group);
    }
}

/// The figures of the data file, read independently of gxgk (plain TOML), by key.
fn figures(path: &str) -> toml::Table {
    std::fs::read_to_string(path).unwrap().parse().unwrap()
}

fn row_of(t: &toml::Table, dotted: &str) -> Vec<String> {
    let mut v: &toml::Value = &t["t3"];
    for k in dotted.split('.') {
        v = &v[k];
    }
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| match x {
            toml::Value::Integer(i) => i.to_string(),
            toml::Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect()
}

#[test]
fn tables_match_the_template_2021() {
    let html = render("examples/2025-township.toml", &Options::default());
    let t = tables(&html);
    assert_eq!(
        t.iter().map(|(c, _)| c.as_str()).collect::<Vec<_>>(),
        ["grid t2", "grid t3", "grid t4"]
    );
    let (t2, t3, t4) = (&t[0].1, &t[1].1, &t[2].1);

    assert_rect(t2, 4);
    let expected_t2 = [
        ["第二十条第（一）项"; 4],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "0", "0", "0"],
        ["行政规范性文件", "2", "1", "14"],
        ["第二十条第（五）项"; 4],
        [
            "信息内容",
            "本年处理决定数量",
            "本年处理决定数量",
            "本年处理决定数量",
        ],
        ["行政许可", "36", "36", "36"],
        ["第二十条第（六）项"; 4],
        [
            "信息内容",
            "本年处理决定数量",
            "本年处理决定数量",
            "本年处理决定数量",
        ],
        ["行政处罚", "18", "18", "18"],
        ["行政强制", "0", "0", "0"],
        ["第二十条第（八）项"; 4],
        [
            "信息内容",
            "本年收费金额（单位：万元）",
            "本年收费金额（单位：万元）",
            "本年收费金额（单位：万元）",
        ],
        ["行政事业性收费", "0", "0", "0"],
    ];
    assert_grid(t2, &expected_t2);

    check_t3(t3, true);
    let f = figures("examples/2025-township.toml");
    let keys = [
        "new",
        "carried_in",
        "granted",
        "partial",
        "deny.state_secret",
        "deny.law_prohibited",
        "deny.three_safety",
        "deny.third_party",
        "deny.internal",
        "deny.process",
        "deny.enforcement_file",
        "deny.query_matter",
        "unable.not_held",
        "unable.need_create",
        "unable.unclear",
        "reject.petition",
        "reject.repeat",
        "reject.publication",
        "reject.excessive",
        "reject.confirm",
        "other.no_correction",
        "other.no_fee",
        "other.misc",
        "total",
        "carried_out",
    ];
    for (i, key) in keys.iter().enumerate() {
        let want = row_of(&f, key);
        for (c, v) in want.iter().enumerate() {
            assert_eq!(at(t3, 3 + i, 3 + c), v, "t3 {key}[{c}]");
        }
    }

    check_t4(t4);
    let got: Vec<&str> = (0..15).map(|c| at(t4, 3, c)).collect();
    assert_eq!(
        got,
        [
            "1", "0", "0", "0", "1", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"
        ]
    );

    // Header cells are th with a scope; figures are td.
    let dom_cell = |g: &Grid, r: usize, c: usize| g[r][c].clone().unwrap();
    assert!(dom_cell(t3, 2, 3).1);
    assert_eq!(dom_cell(t3, 2, 3).2, "col");
    assert_eq!(dom_cell(t3, 3, 0).2, "row");
    assert!(!dom_cell(t3, 3, 3).1);
}

#[test]
fn tables_match_the_template_2019() {
    let html = render("examples/2020-street.toml", &Options::default());
    let t = tables(&html);
    let (t2, t3, t4) = (&t[0].1, &t[1].1, &t[2].1);
    assert_rect(t2, 4);
    let expected_t2: [[&str; 4]; 18] = [
        ["第二十条第（一）项"; 4],
        [
            "信息内容",
            "本年新制作数量",
            "本年新公开数量",
            "对外公开总数量",
        ],
        ["规章", "0", "0", "0"],
        ["规范性文件", "1", "1", "6"],
        ["第二十条第（五）项"; 4],
        ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
        ["行政许可", "3", "0", "42"],
        ["其他对外管理服务事项", "12", "-2", "380"],
        ["第二十条第（六）项"; 4],
        ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
        ["行政处罚", "5", "1", "7"],
        ["行政强制", "0", "0", "0"],
        ["第二十条第（八）项"; 4],
        ["信息内容", "上一年项目数量", "本年增/减", ""],
        ["行政事业性收费", "0", "0", ""],
        ["第二十条第（九）项"; 4],
        ["信息内容", "采购项目数量", "采购总金额（单位：万元）", ""],
        ["政府集中采购", "4", "86.35", ""],
    ];
    assert_grid(t2, &expected_t2);
    check_t3(t3, false);
    let f = figures("examples/2020-street.toml");
    assert_eq!(row_of(&f, "reject.petition")[0], at(t3, 3 + 15, 3));
    assert_eq!(row_of(&f, "other")[6], at(t3, 3 + 20, 9));
    assert_eq!(at(t3, 3 + 21, 9), "5");
    check_t4(t4);
}

// ------------------------------------------------------------------ CLI behaviour

#[test]
fn failing_total_is_refused_unless_draft() {
    let dir = scratch("draft");
    let d = dir.to_str().unwrap();
    let o = gxgk(&[
        "render",
        "examples/invalid/T3-COL-BALANCE.toml",
        "--html",
        "-o",
        d,
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", printed(&o));
    assert!(printed(&o).contains("T3-COL-BALANCE"));
    assert!(printed(&o).contains("--draft"));
    assert!(!dir.join("T3-COL-BALANCE.html").exists());

    let o = gxgk(&[
        "render",
        "examples/invalid/T3-COL-BALANCE.toml",
        "--html",
        "-o",
        d,
        "--draft",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", printed(&o));
    let html = std::fs::read_to_string(dir.join("T3-COL-BALANCE.html")).unwrap();
    assert!(html.contains("class=\"draft-mark\""));
    assert!(html.contains("尚有 2 处错误未改正"));

    // A second run never replaces an existing output without --force.
    let o = gxgk(&[
        "render",
        "examples/invalid/T3-COL-BALANCE.toml",
        "--html",
        "-o",
        d,
        "--draft",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", printed(&o));
    assert!(printed(&o).contains("--force"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn hostile_text_comes_out_as_text() {
    let dir = scratch("hostile");
    let src = std::fs::read_to_string("examples/2025-township.toml").unwrap();
    let hostile = src.replace(
        "保障群众的知情权、参与权和监督权。",
        "保障群众的知情权。<script>alert(1)</script><img src=x onerror=alert(2)> {{ title }} {% raw %}",
    );
    assert_ne!(src, hostile);
    let file = dir.join("r.toml");
    std::fs::write(&file, hostile).unwrap();
    let o = gxgk(&["render", file.to_str().unwrap(), "--html"]);
    assert_eq!(o.status.code(), Some(0), "{}", printed(&o));
    let html = std::fs::read_to_string(dir.join("r.html")).unwrap();
    assert!(!html.contains("<script>"));
    assert!(!html.contains("<img"));
    assert!(html.contains(
        "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt; {{ title }} {% raw %}"
    ));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn templates_export_then_override() {
    let dir = scratch("tpl");
    let tpl = dir.join("tpl");
    let o = gxgk(&["templates", "export", tpl.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", printed(&o));
    for (name, text) in gxgk::html::BUILTIN {
        assert_eq!(std::fs::read_to_string(tpl.join(name)).unwrap(), text);
    }
    let o = gxgk(&["templates", "export", tpl.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "export never overwrites without --force"
    );
    let css = std::fs::read_to_string(tpl.join("report.css")).unwrap();
    std::fs::write(
        tpl.join("report.css"),
        css.replace("font-size: 16pt", "font-size: 15pt"),
    )
    .unwrap();
    let out = dir.join("out");
    let o = gxgk(&[
        "render",
        "examples/2025-township.toml",
        "--templates",
        tpl.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--html",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", printed(&o));
    let html = std::fs::read_to_string(out.join("2025-township.html")).unwrap();
    assert!(html.contains("font-size: 15pt"));
    let _ = std::fs::remove_dir_all(&dir);
}

// ------------------------------------------------------------------ Chromium

#[test]
fn chromium_screenshot_is_not_blank() {
    let chromium = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| Command::new(c).arg("--version").output().is_ok_and(|o| o.status.success()))
        .expect("headless Chromium is required for this test: install the Debian package `chromium` (.ci/run does)");
    let dir = scratch("shot");
    let page = dir.join("r.html");
    std::fs::write(
        &page,
        render("examples/2025-township.toml", &Options::default()),
    )
    .unwrap();
    let shot = dir.join("shot.png");
    let o = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--window-size=900,1400",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(shot.exists(), "no screenshot: {}", printed(&o));
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&shot).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let px = info.color_type.samples();
    let dark = buf[..info.buffer_size()]
        .chunks(px)
        .filter(|p| p.iter().take(3).all(|&v| v < 100))
        .count();
    let total = (info.width * info.height) as usize;
    // Text and table rules: a real page has a few percent dark pixels, a blank one none.
    assert!(
        dark * 200 > total,
        "screenshot looks blank: {dark} dark of {total} pixels"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
