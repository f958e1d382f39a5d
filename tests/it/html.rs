//! HTML output of `gxgk render`: snapshots of every example, a structural check of the table
//! grids against the national template (docs/spec/tables.md §3–§5, both editions) that parses the HTML and
//! expands rowspan/colspan itself, escaping of hostile text, the refusal/draft behaviour of
//! the CLI, and a headless-Chromium screenshot that must not be blank.

use crate::common;

use std::path::Path;
use std::process::Command;

use common::{gxgk, printed, scratch};

use gxgk::render::html::{self, Options};
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

/// The template's table 三 labels by (row, first column), docs/spec/tables.md §4, and where each outcome
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
        "withheld.state_secret",
        "withheld.law_prohibited",
        "withheld.three_safety",
        "withheld.third_party",
        "withheld.internal",
        "withheld.process",
        "withheld.enforcement_file",
        "withheld.query_matter",
        "unable.not_held",
        "unable.need_create",
        "unable.unclear",
        "not_processed.petition",
        "not_processed.repeat",
        "not_processed.publication",
        "not_processed.excessive",
        "not_processed.confirm",
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
    assert_eq!(row_of(&f, "not_processed.petition")[0], at(t3, 3 + 15, 3));
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
    for (name, text) in gxgk::render::html::BUILTIN {
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

/// A template of its own can still build the tables from the context's cells (`b.rows`,
/// `b.widths`, `b.header_rows`, `offsets`); built the way the built-in template used to, they
/// come out exactly as the markup gxgk makes, for every example, as a page and as a fragment.
#[test]
fn tables_built_by_a_template_match_the_builtin_markup() {
    let dir = Path::new("tests/fixtures/templates-loop").to_path_buf();
    for name in ["examples/2025-township.toml", "examples/2020-street.toml"] {
        for fragment in [false, true] {
            let builtin = render(
                name,
                &Options {
                    fragment,
                    templates: None,
                },
            );
            let own = render(
                name,
                &Options {
                    fragment,
                    templates: Some(dir.clone()),
                },
            );
            assert!(builtin.contains("<tbody class=\"group\">"), "{name}");
            assert_eq!(own, builtin, "{name}, fragment: {fragment}");
        }
    }
}

// ------------------------------------------------------------------ Chromium

use crate::cdp;

/// The pages the Chromium tests look at: both examples, and the `new` scaffold rendered with
/// `--draft` (what a clerk sees before filling anything in), as (name, HTML file).
fn pages(dir: &Path) -> Vec<(String, std::path::PathBuf)> {
    let mut out = Vec::new();
    for name in ["2025-township", "2020-street"] {
        let file = dir.join(format!("{name}.html"));
        std::fs::write(
            &file,
            render(&format!("examples/{name}.toml"), &Options::default()),
        )
        .unwrap();
        out.push((name.to_string(), file));
    }
    let toml = dir.join("new.toml");
    let t = toml.to_str().unwrap();
    let o = gxgk(&[
        "new",
        "--agency",
        "磐石镇",
        "--level",
        "乡镇",
        "--year",
        "2025",
        "-o",
        t,
    ]);
    assert!(o.status.success(), "{}", printed(&o));
    let out_dir = dir.join("new");
    let o = gxgk(&[
        "render",
        t,
        "--draft",
        "--html",
        "-o",
        out_dir.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", printed(&o));
    out.push(("new-draft".to_string(), out_dir.join("new.html")));
    out
}

/// Where to keep the screenshots and printed PDFs (`bench/look.sh` sets it), if anywhere.
fn look_dir() -> Option<std::path::PathBuf> {
    let dir = std::path::PathBuf::from(std::env::var_os("GXGK_LOOK")?);
    std::fs::create_dir_all(&dir).unwrap();
    Some(dir)
}

/// Layout facts of the loaded page, measured by the browser.
const MEASURE: &str = r#"(() => {
  const d = document.documentElement, vw = d.clientWidth;
  const h1 = document.querySelector('h1.title');
  const lh = parseFloat(getComputedStyle(h1).lineHeight);
  const body = document.querySelector('p.body');
  const boxes = [...document.querySelectorAll('div.table-scroll')].map(box => {
    const heads = [...box.querySelectorAll('th.rowhead')];
    const before = heads.map(th => th.getBoundingClientRect().right);
    const edge = Math.max(...before);
    box.scrollLeft = box.scrollWidth;
    // Labels that end at the label columns' edge still end together when scrolled.
    const ends = heads.filter((th, i) => Math.abs(before[i] - edge) < 1)
      .map(th => th.getBoundingClientRect().right);
    const ragged = ends.length ? Math.max(...ends) - Math.min(...ends) : 0;
    const b = box.getBoundingClientRect();
    const hidden = [...box.querySelectorAll('th.rowhead')].filter(th => {
      const r = th.getBoundingClientRect();
      return r.left < b.left - 1 || r.right > b.right + 1;
    }).map(th => th.textContent);
    const labelsRight = Math.max(b.left, ...[...box.querySelectorAll('th.rowhead')].map(th => th.getBoundingClientRect().right));
    const last = [...box.querySelectorAll('tbody tr')].map(tr => tr.lastElementChild)
      .filter(td => td.classList.contains('num')).map(td => td.getBoundingClientRect())
      .filter(r => r.left < labelsRight - 1 || r.right > b.right + 1).length;
    const out = {id: box.querySelector('table').classList[1], left: b.left, right: b.right,
                 scrolls: box.scrollWidth > box.clientWidth, hidden, lastHidden: last, ragged,
                 label: box.getAttribute('aria-labelledby'),
                 caption: box.querySelector('caption').id};
    box.scrollLeft = 0;
    return out;
  });
  return {vw, sw: d.scrollWidth, bodyWidth: body.getBoundingClientRect().width,
          bodyFont: parseFloat(getComputedStyle(body).fontSize),
          titleLines: Math.round(h1.getBoundingClientRect().height / lh), boxes,
          lang: d.lang};
})()"#;

#[test]
fn chromium_layout_fits_phone_tablet_and_desktop() {
    let dir = scratch("layout");
    let mut browser = cdp::Browser::start(&dir.join("profile"));
    let look = look_dir();
    for (name, file) in pages(&dir) {
        let url = format!("file://{}", file.display());
        // 320 px is also the 1280 px desktop at 400 % zoom, 640 px the same at 200 %.
        for width in [320, 375, 640, 768, 1280] {
            browser.viewport(width, 900, width < 800);
            browser.open(&url);
            let m = browser.eval(MEASURE);
            let ctx = format!("{name} at {width} px: {m}");
            assert_eq!(m["vw"], width, "{ctx}");
            assert_eq!(m["lang"], "zh-CN", "{ctx}");
            assert!(
                m["sw"].as_u64().unwrap() <= width as u64,
                "page scrolls sideways: {ctx}"
            );
            let body = m["bodyWidth"].as_f64().unwrap();
            if width < 800 {
                assert!(body >= 0.85 * width as f64, "body text too narrow: {ctx}");
                assert!(m["titleLines"].as_u64().unwrap() <= 3, "title lines: {ctx}");
            } else {
                // The A4 sheet on a wide screen: the 156 mm 版心.
                assert!((body - 156.0 / 25.4 * 96.0).abs() < 1.0, "{ctx}");
            }
            assert!(m["bodyFont"].as_f64().unwrap() >= 16.0, "{ctx}");
            let boxes = m["boxes"].as_array().unwrap();
            assert_eq!(boxes.len(), 3, "{ctx}");
            for b in boxes {
                assert_eq!(b["label"], b["caption"], "{ctx}");
                assert!(b["right"].as_f64().unwrap() <= width as f64 + 0.5, "{ctx}");
                // Scrolled to its right end, a table still shows every row label and no
                // number hides under them.
                assert_eq!(b["hidden"].as_array().unwrap().len(), 0, "{ctx}");
                assert_eq!(b["lastHidden"], 0, "{ctx}");
                assert!(b["ragged"].as_f64().unwrap() < 1.0, "{ctx}");
            }
            if width == 375 {
                let scrolls: Vec<&str> = boxes
                    .iter()
                    .filter(|b| b["scrolls"] == true)
                    .map(|b| b["id"].as_str().unwrap())
                    .collect();
                assert_eq!(scrolls, ["t3", "t4"], "{ctx}");
            }
            if let Some(look) = &look
                && matches!(width, 375 | 1280)
            {
                std::fs::write(
                    look.join(format!("{name}-screen-{width}.png")),
                    browser.screenshot(),
                )
                .unwrap();
                // Table 三 scrolled to its right end: the row labels stay.
                browser.eval(
                    "(() => { const b = document.querySelector('table.t3').parentElement; \
                     b.scrollIntoView(); b.scrollLeft = b.scrollWidth; return true; })()",
                );
                std::fs::write(
                    look.join(format!("{name}-screen-{width}-t3-scrolled.png")),
                    browser.screenshot_viewport(),
                )
                .unwrap();
            }
        }
    }
    drop(browser);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A word of `pdftotext -bbox`: page (from 1), text, box in pt.
#[derive(Debug, Clone)]
struct Word {
    page: usize,
    text: String,
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

fn pdf_words(pdf: &Path) -> (usize, (f64, f64), Vec<Word>) {
    let tool = |cmd: &str| {
        let ok = Command::new("sh")
            .args(["-c", &format!("command -v {cmd}")])
            .output()
            .is_ok_and(|o| o.status.success());
        assert!(
            ok,
            "`{cmd}` is missing: install the Debian package poppler-utils"
        );
        Command::new(cmd)
    };
    let info = tool("pdfinfo").arg(pdf).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout).to_string();
    let field = |key: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(key))
            .unwrap_or_else(|| panic!("pdfinfo has no {key}: {info}"))
            .trim()
            .to_string()
    };
    let pages: usize = field("Pages:").parse().unwrap();
    let size: Vec<f64> = field("Page size:")
        .split_whitespace()
        .filter_map(|t| t.parse().ok())
        .collect();
    let out = tool("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    let html = String::from_utf8(out.stdout).unwrap();
    let num = |s: &str, key: &str| -> f64 {
        let at = s.find(&format!("{key}=\"")).unwrap() + key.len() + 2;
        s[at..at + s[at..].find('"').unwrap()].parse().unwrap()
    };
    let mut words = Vec::new();
    for (p, page) in html.split("<page ").skip(1).enumerate() {
        for w in page.split("<word ").skip(1) {
            words.push(Word {
                page: p + 1,
                text: w[w.find('>').unwrap() + 1..w.find("</word>").unwrap()].to_string(),
                x0: num(w, "xMin"),
                y0: num(w, "yMin"),
                x1: num(w, "xMax"),
                y1: num(w, "yMax"),
            });
        }
    }
    (pages, (size[0], size[1]), words)
}

const MM: f64 = 72.0 / 25.4;

#[test]
fn chromium_prints_the_gb_t_9704_page() {
    let dir = scratch("print");
    let mut browser = cdp::Browser::start(&dir.join("profile"));
    let look = look_dir();
    for (name, file) in pages(&dir) {
        browser.viewport(1280, 900, false);
        browser.open(&format!("file://{}", file.display()));
        let pdf = dir.join(format!("{name}-print.pdf"));
        std::fs::write(&pdf, browser.print_pdf()).unwrap();
        if let Some(look) = &look {
            std::fs::copy(&pdf, look.join(format!("{name}-print.pdf"))).unwrap();
        }
        let (pages, (w, h), words) = pdf_words(&pdf);
        assert!(
            (w - 210.0 * MM).abs() < 0.5 && (h - 297.0 * MM).abs() < 0.5,
            "{name}: {w}×{h}"
        );
        assert!(pages >= 3, "{name}: {pages} pages");
        let (left, right, top, bottom) = (
            28.0 * MM,
            (28.0 + 156.0) * MM,
            37.0 * MM,
            (37.0 + 225.0) * MM,
        );
        for p in 1..=pages {
            let on: Vec<&Word> = words.iter().filter(|w| w.page == p).collect();
            let ctx = format!("{name} page {p}");
            // `— N —` 7 mm below the 版心, one 14 pt character in from its outer edge.
            let number = p.to_string();
            let i = on
                .windows(3)
                .position(|t| t[0].text == "—" && t[1].text == number && t[2].text == "—")
                .unwrap_or_else(|| panic!("{ctx}: no page number — {number} —"));
            let (dash0, dash1) = (on[i], on[i + 2]);
            // The box pdftotext gives spans the font's ascent and descent: its middle is about
            // half a line below the top of the 7 mm gap.
            let middle = (dash0.y0 + dash0.y1) / 2.0;
            assert!(
                middle > bottom + 7.0 * MM && middle < bottom + 7.0 * MM + 14.0,
                "{ctx}: page number at {dash0:?}"
            );
            if p % 2 == 1 {
                assert!(
                    (dash1.x1 - (right - 14.0)).abs() < 2.0,
                    "{ctx}: odd page number at {dash1:?}"
                );
            } else {
                assert!(
                    (dash0.x0 - (left + 14.0)).abs() < 2.0,
                    "{ctx}: even page number at {dash0:?}"
                );
            }
            let text: Vec<&&Word> = on
                .iter()
                .filter(|w| w.y0 < bottom + 1.0 && w.y0 > top - 3.0)
                .collect();
            for w in &text {
                assert!(
                    w.x0 >= left - 1.0 && w.x1 <= right + 1.0,
                    "{ctx}: outside the 版心: {w:?}"
                );
            }
            if name == "new-draft" {
                assert!(
                    on.iter().any(|w| w.text.starts_with("草稿")),
                    "{ctx}: no draft notice"
                );
            }
        }
        // Tables break between rows instead of moving to the next page: no page but the last
        // ends more than about 3 lines (35 mm) above the 版心's foot.
        for p in 1..pages {
            let end = words
                .iter()
                .filter(|w| w.page == p && w.y1 < bottom + 3.0)
                .map(|w| w.y1)
                .fold(0.0, f64::max);
            assert!(
                end > bottom - 35.0 * MM,
                "{name} page {p}: text ends at {:.1} mm",
                end / MM
            );
        }
        if name == "new-draft" {
            // The scaffold's paragraphs are one-line placeholders.
            continue;
        }
        // 28 characters on a full line of 3号 text, 22 lines on a page of text.
        let full_lines: Vec<usize> = words
            .iter()
            .filter(|w| (w.x0 - left).abs() < 1.0 && (w.x1 - right).abs() < 1.5)
            .filter(|w| w.text.chars().all(is_wide))
            .map(|w| w.text.chars().count())
            .collect();
        assert!(!full_lines.is_empty(), "{name}: no full line of text");
        // A line is one character short when the next one may not start with its punctuation
        // (kinsoku) and is then justified; none is longer.
        let short = full_lines.iter().filter(|&&n| n == 27).count();
        assert!(
            full_lines.iter().all(|&n| n == 28 || n == 27) && short * 3 < full_lines.len(),
            "{name}: characters per full line {full_lines:?}"
        );
        // Lines of text are one 28.95 pt grid step apart (22 lines take 636.9 pt of the 637.8 pt
        // 版心). Chromium puts each line on a whole device pixel (steps of 28.5 or 29.25 pt), so
        // the pitch is measured over the longest run of consecutive lines: first to last.
        let mut best: (usize, f64) = (0, 0.0);
        for p in 1..=pages {
            let mut ys: Vec<f64> = words
                .iter()
                .filter(|w| w.page == p && w.y1 < bottom + 3.0)
                .filter(|w| (w.x0 - left).abs() < 1.0 || (w.x0 - left - 32.0).abs() < 1.0)
                .map(|w| w.y0)
                .collect();
            ys.sort_by(f64::total_cmp);
            ys.dedup_by(|a, b| (*a - *b).abs() < 1.0);
            let mut start = 0;
            for k in 1..=ys.len() {
                if k == ys.len() || ys[k] - ys[k - 1] > 40.0 {
                    if k - start > best.0 {
                        best = (
                            k - start,
                            (ys[k - 1] - ys[start]) / (k - start - 1).max(1) as f64,
                        );
                    }
                    start = k;
                }
            }
        }
        let (lines, pitch) = best;
        assert!(lines >= 8, "{name}: longest run of text lines {lines}");
        assert!(
            (pitch - 28.95).abs() < 0.1,
            "{name}: line pitch {pitch} pt over {lines} lines"
        );
    }
    drop(browser);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A full-width (CJK) character.
fn is_wide(c: char) -> bool {
    ('\u{3000}'..='\u{9FFF}').contains(&c) || ('\u{FF01}'..='\u{FF60}').contains(&c)
}
