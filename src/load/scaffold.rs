//! `gxgk new`: writes a complete, commented report.toml for a year and an agency, in the
//! shape of the year's edition, optionally carrying baselines over from last year's file.

use chrono::{Datelike, NaiveDate};

use crate::model::{Edition, Level, OtherRows, Report, Row, T3, T3_COLUMNS, TOTAL_COL, Tables, t2};

pub use crate::model::{PLACEHOLDER, full_name};

/// What `gxgk new` was asked for.
#[derive(Debug, Clone)]
pub struct Options {
    /// The agency's full name (already expanded, see [`full_name`]).
    pub agency: String,
    /// The level.
    pub level: Level,
    /// Reporting year.
    pub year: i64,
    /// Last year's report, to carry over baselines.
    pub previous: Option<Report>,
    /// Where the JSON Schema will sit, relative to the data file.
    pub schema_path: String,
}

/// Quotes text as a TOML basic string.
fn quote(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn row(key: &str, values: &[u64; 7], label: &str) -> String {
    let cells: Vec<String> = values.iter().map(|v| v.to_string()).collect();
    format!("{key:<25} = [{}]  # {label}\n", cells.join(", "))
}

fn values_of(row: Option<&Row>) -> [u64; 7] {
    let mut out = [0; 7];
    if let Some(r) = row {
        for (i, v) in out.iter_mut().enumerate() {
            *v = r.value(i);
        }
    }
    out
}

/// Last year's 结转下年度继续办理, which becomes this year's 上年结转.
fn carried_out<O: OtherRows>(t3: &Option<T3<O>>) -> [u64; 7] {
    values_of(t3.as_ref().and_then(|t| t.carried_out.as_ref()))
}

/// What `gxgk new` (and the editor's first page) was given, checked and completed: the
/// agency from last year's file when not given, the year after last year's (or the default),
/// the level given, last year's, or guessed from the name. The error is the Chinese reason.
pub fn prepare(
    agency: Option<&str>,
    year: Option<i64>,
    level: Option<&str>,
    previous: Option<Report>,
    schema_path: &str,
) -> Result<Options, String> {
    let agency = match (agency, &previous) {
        (Some(a), _) => a.trim().to_string(),
        (None, Some(p)) => p.agency.name.clone(),
        (None, None) => return Err("请写明机关名称".into()),
    };
    let year = year
        .or(previous.as_ref().map(|p| p.year + 1))
        .unwrap_or_else(default_year);
    if !(2019..=2100).contains(&year) {
        return Err(format!("报告年度 {year} 不在支持范围内（2019 年度起）"));
    }
    let level = match level {
        Some(name) => Level::from_name(name).ok_or_else(|| {
            let names: Vec<&str> = Level::ALL.iter().map(|(_, n)| *n).collect();
            format!("无法识别的机关层级“{name}”，可选：{}", names.join("、"))
        })?,
        None => previous
            .as_ref()
            .map(|p| p.agency.level)
            .or_else(|| Level::guess(&agency))
            .ok_or_else(|| {
                format!("无法从名称“{agency}”判断机关层级，请加 --level，如 --level 县级政府部门")
            })?,
    };
    Ok(Options {
        agency: full_name(&agency, level),
        level,
        year,
        previous,
        schema_path: schema_path.to_string(),
    })
}

/// Renders the scaffold.
pub fn render(opts: &Options) -> String {
    let edition = Edition::for_year(opts.year);
    let prev = opts.previous.as_ref();
    let mut s = String::new();
    s.push_str(&format!("#:schema {}\n", opts.schema_path));
    s.push_str(&format!(
        "# {}{}年政府信息公开工作年度报告 —— 数据文件（由 gxgk new 生成）\n",
        opts.agency, opts.year
    ));
    s.push_str(
        "#\n# 井号 # 后面是填写说明，不会出现在报告里。文字要用英文双引号 \"…\" 括起来，\n\
         # 多段文字用三个双引号 \"\"\"…\"\"\" 括起来，段落之间空一行。\n\
         # 写完后运行  gxgk check 本文件  检查勾稽关系；通过后运行  gxgk render 本文件  生成报告。\n\n",
    );
    s.push_str("# 报告年度：统计期限为该年 1 月 1 日至 12 月 31 日\n");
    s.push_str(&format!("year = {}\n", opts.year));
    s.push_str(&format!(
        "# 表格版本：{}（{}），{}\nedition = {}\n\n",
        edition,
        edition.notice(),
        match edition {
            Edition::E2019 => "适用于 2019、2020 年度",
            Edition::E2021 => "2021 年度起适用",
        },
        edition.number()
    ));
    s.push_str(
        "# 报告开头的说明段（可选）：编制依据、电子版下载网址等。\n\
         # “本报告中所列数据的统计期限自……起至……止”一句会自动生成，不必写。\n\
         intro = \"\"\n\n",
    );

    s.push_str("[agency]\n# 机关全称：标题和落款都用它，请写全称（如“××镇人民政府”）\n");
    s.push_str(&format!("name = {}\n", quote(&opts.agency)));
    s.push_str(
        "# 机关层级：乡镇 / 街道 / 县级人民政府 / 县级政府部门 / 市级人民政府 / 市级政府部门 /\n\
         #           省级人民政府 / 省级政府部门 / 国务院部门 /\n\
         #           县级功能区 / 市级功能区（开发区、园区管委会、综合实验区等） / 其他\n",
    );
    s.push_str(&format!("level = {}\n\n", quote(opts.level.name())));
    match prev.and_then(|p| p.agency.contact.as_ref()) {
        Some(c) => {
            s.push_str("# 联系方式（可选），写入报告开头的说明段\n[agency.contact]\n");
            for (k, v) in c.fields() {
                if let Some(v) = v {
                    s.push_str(&format!("{k} = {}\n", quote(v)));
                }
            }
            s.push('\n');
        }
        None => s.push_str(
            "# 联系方式（可选），写入报告开头的说明段；需要时去掉下面几行开头的 #\n\
             # [agency.contact]\n\
             # address = \"××县××镇××路1号\"   # 地址\n\
             # postcode = \"000000\"            # 邮编\n\
             # phone = \"0000-0000000\"         # 电话\n\
             # website = \"https://www.example.gov.cn\"  # 报告电子版下载网址\n\n",
        ),
    }

    let date = NaiveDate::from_ymd_opt(opts.year as i32 + 1, 1, 20)
        .map(|d| d.to_string())
        .unwrap_or_default();
    s.push_str("[publication]\n# 成文日期（落款日期）：应在报告年度结束之后、发布期限之前\n");
    s.push_str(&format!("date = {date}\n"));
    let deadline = prev.and_then(|p| p.publication.deadline.clone());
    match deadline {
        Some(d) => s.push_str(&format!("# 发布期限\ndeadline = {}\n\n", quote(&d))),
        None => {
            let (m, d) = opts.level.default_deadline();
            s.push_str(&format!(
                "# 发布期限（可选）：本机关层级默认为 {m} 月 {d} 日；上级另有规定时改写，如 deadline = \"02-20\"\n\n"
            ))
        }
    }

    s.push_str(&overview());
    s.push_str(&t2(edition, prev));
    s.push_str(&t3(edition, prev));
    s.push_str(&t4());
    s.push_str(&problems(edition));
    s.push_str(&other_matters(edition));
    s
}

fn section(key: &str) -> String {
    let title = crate::model::section(key).heading;
    format!("# ══════════════ {title} ══════════════\n")
}

fn part(table: &str, heading: &str, hint: &str) -> String {
    format!(
        "[[{table}.parts]]\nheading = {}\ntext = \"\"\"\n{PLACEHOLDER}{hint}\n\"\"\"\n\n",
        quote(heading)
    )
}

fn overview() -> String {
    let mut s = section("overview");
    s.push_str(
        "# 先写一段总述（text），再分部分写（parts）。小标题编号（一）（二）……自动生成，不要手写；\n\
         # 部分内的三级标题可在段首写“1.”“2.”（用英文句点，不用顿号）。\n\
         # 总体情况应涵盖五个方面：主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障。\n\
         [overview]\n",
    );
    s.push_str(&format!(
        "text = \"\"\"\n{PLACEHOLDER}概述本年度贯彻落实《中华人民共和国政府信息公开条例》、推进政府信息公开工作的总体情况。\n\"\"\"\n\n"
    ));
    for (h, hint) in [
        (
            "主动公开",
            "本年度主动公开政府信息的情况：公开了哪些重点领域信息、数量和渠道。",
        ),
        (
            "依申请公开",
            "收到和办理政府信息公开申请的情况，与表三的数字一致。",
        ),
        (
            "政府信息管理",
            "公开属性审查、信息发布审核、动态调整等管理制度的落实情况。",
        ),
        (
            "政府信息公开平台建设",
            "政府网站、政务新媒体、公开栏等平台的建设和维护情况。",
        ),
        (
            "监督保障",
            "组织领导、培训、工作考核、社会评议和责任追究结果情况。",
        ),
    ] {
        s.push_str(&part("overview", h, hint));
    }
    s
}

fn t2(edition: Edition, prev: Option<&Report>) -> String {
    let mut s = section("t2");
    s.push_str("# 只填数字，没有发生的填 0。\n[t2]\n");
    // Last year's rows start some cells (现行有效件数, 上一年项目数量), docs/spec/tables.md §3 and X-INFORCE/X-CARRY.
    let prev_rows = prev
        .filter(|p| p.edition() == edition)
        .and_then(|p| p.tables.t2_rows())
        .unwrap_or_default();
    let width = t2::row_defs(edition)
        .map(|(_, r)| r.key.len())
        .max()
        .unwrap_or(0);
    for block in t2::blocks(edition) {
        let labels: Vec<&str> = block.columns.iter().map(|c| c.label).collect();
        s.push_str(&format!("# {}：{}\n", block.item, labels.join("、")));
        for hint in block.hints {
            s.push_str(&format!("# {hint}\n"));
        }
        for def in block.rows {
            let last = prev_rows.iter().find(|r| r.key == def.key && r.present);
            let cells: Vec<String> = block
                .columns
                .iter()
                .map(|c| format!("{} = {}", c.key, last.map_or(0, |r| r.carried(c))))
                .collect();
            let hint = if def.hint.is_empty() {
                String::new()
            } else {
                format!("（{}）", def.hint)
            };
            s.push_str(&format!(
                "{:width$} = {{ {} }}  # {}{hint}\n",
                def.key,
                cells.join(", "),
                def.label
            ));
        }
    }
    s.push('\n');
    s
}

fn t3(edition: Edition, prev: Option<&Report>) -> String {
    let mut s = section("t3");
    s.push_str(&format!(
        "# 每行按模板顺序填数字：[{}]\n\
         # 第 7 个数“总计”可以不写：只写前 6 个数时，gxgk 计算总计并填入报告；写了则核对它等于前 6 个数之和。\n\
         # 没有发生的填 0。写 \"\"（或照原表写 \"/\"、\"—\"）是空白单元格：报告里留空，检查时会提示补填；\n\
         # 核算时空白按 0 计算，空白的“总计”按前 6 个数之和计算。\n\
         # 勾稽关系：一 + 二 = （七）总计 + 四；（七）总计 = （一）至（六）各行之和。\n\
         # 每件申请只计入一种办理结果。\n[t3]\n",
        T3_COLUMNS.join(", ")
    ));
    let carried_in = match prev.map(|p| &p.tables) {
        Some(Tables::E2019 { t3, .. }) => carried_out(t3),
        Some(Tables::E2021 { t3, .. }) => carried_out(t3),
        None => [0; 7],
    };
    let zero = [0u64; 7];
    let specs: Vec<_> = match edition {
        Edition::E2019 => crate::model::T3_ROWS_BEFORE_OTHER
            .iter()
            .chain(<Row as OtherRows>::SPECS)
            .chain(&crate::model::T3_ROWS_AFTER_OTHER)
            .collect(),
        Edition::E2021 => crate::model::T3_ROWS_BEFORE_OTHER
            .iter()
            .chain(<crate::model::Other2021 as OtherRows>::SPECS)
            .chain(&crate::model::T3_ROWS_AFTER_OTHER)
            .collect(),
    };
    let mut group = None;
    for spec in specs {
        if spec.group != group {
            if let Some(g) = spec.group {
                s.push_str(&format!("# {g}\n"));
            }
            group = spec.group;
        }
        if spec.key == "total" {
            s.push_str("# 三、本年度办理结果合计\n");
        }
        // Last year's pending applications start out still pending, so the scaffold
        // balances (T3-COL-BALANCE) until the clerk records what became of them.
        let values = if spec.key == "carried_in" || spec.key == "carried_out" {
            &carried_in
        } else {
            &zero
        };
        if spec.key == "carried_out" && carried_in != zero {
            s.push_str("# 下一行暂按上年结转数填写；上年结转的申请本年办结后，计入上面的办理结果并从这里减去
");
        }
        s.push_str(&row(spec.key, values, spec.label));
    }
    s.push('\n');
    debug_assert_eq!(TOTAL_COL, 6);
    s
}

fn t4() -> String {
    let mut s = section("t4");
    s.push_str(
        "# 每组按模板顺序填 5 个数：[结果维持, 结果纠正, 其他结果, 尚未审结, 总计]\n\
         # 总计 = 前四项之和。\n[t4]\n\
         review            = [0, 0, 0, 0, 0]  # 行政复议\n\
         suit_direct       = [0, 0, 0, 0, 0]  # 行政诉讼·未经复议直接起诉\n\
         suit_after_review = [0, 0, 0, 0, 0]  # 行政诉讼·复议后起诉\n\n",
    );
    s
}

fn problems(edition: Edition) -> String {
    let mut s = section("problems");
    s.push_str("[problems]\ntext = \"\"\n\n");
    s.push_str(&part(
        "problems",
        "存在的主要问题",
        "本年度政府信息公开工作存在的主要问题。",
    ));
    let hint = match edition {
        Edition::E2021 => "针对上述问题的改进措施，以及上年度报告所列问题的整改情况。",
        Edition::E2019 => "针对上述问题的改进措施。",
    };
    s.push_str(&part("problems", "改进情况", hint));
    s
}

fn other_matters(edition: Edition) -> String {
    let mut s = section("other_matters");
    match edition {
        Edition::E2021 => s.push_str(
            "# 信息处理费情况二选一：填写下面 [other_matters.fees] 的三个数，gxgk 据此写出一句；\n\
             # 或者在 text 里自己写一句（如“本年度未收取信息处理费。”），此时可删去 [other_matters.fees]。\n\
             # 其他事项（如人大代表建议和政协提案办理结果公开情况、政务公开工作创新情况）写在 text 里；\n\
             # 没有其他事项时保留“无。”\n\
             [other_matters]\ntext = \"无。\"\n\n\
             # 信息处理费（《政府信息公开信息处理费管理办法》，国办函〔2020〕109号）：没有收费也填 0；或删去本表，在上面的 text 里写一句说明\n\
             [other_matters.fees]\n\
             notices_issued      = 0  # 本年发出收费通知的件数\n\
             notices_amount_yuan = 0  # 收费通知的总金额（单位：元）\n\
             collected_yuan      = 0  # 实际收取的总金额（单位：元）\n",
        ),
        Edition::E2019 => s.push_str(
            "# 没有其他需要报告的事项时保留“无。”\n[other_matters]\ntext = \"无。\"\n",
        ),
    }
    s
}

/// Last calendar year: the default reporting year.
pub fn default_year() -> i64 {
    crate::model::date::today().year() as i64 - 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_str;

    fn opts(year: i64) -> Options {
        Options {
            agency: "磐石镇人民政府".into(),
            level: Level::Township,
            year,
            previous: None,
            schema_path: "report.schema.json".into(),
        }
    }

    #[test]
    fn names_and_levels() {
        assert_eq!(Level::guess("磐石镇"), Some(Level::Township));
        assert_eq!(Level::guess("茶棚乡人民政府"), Some(Level::Township));
        assert_eq!(Level::guess("东城街道"), Some(Level::Subdistrict));
        assert_eq!(
            Level::guess("青石经济开发区管委会"),
            Some(Level::CountyZone)
        );
        assert_eq!(
            Level::guess("临江市高新技术产业园区管理委员会"),
            Some(Level::CityZone)
        );
        assert_eq!(
            Level::guess("苍南县人民政府"),
            Some(Level::CountyGovernment)
        );
        assert_eq!(Level::guess("苍南县人民政府办公室"), None);
        assert_eq!(full_name("磐石镇", Level::Township), "磐石镇人民政府");
        assert_eq!(full_name("东城街道", Level::Subdistrict), "东城街道办事处");
        assert_eq!(
            full_name("苍南县人民政府办公室", Level::CountyDepartment),
            "苍南县人民政府办公室"
        );
    }

    #[test]
    fn scaffold_loads_in_both_editions() {
        for (year, edition) in [(2020, Edition::E2019), (2025, Edition::E2021)] {
            let text = render(&opts(year));
            let l = load_str("r.toml", text).unwrap();
            assert_eq!(l.report.edition(), edition);
            assert_eq!(
                l.report.tables.t3_rows().len(),
                if year == 2020 { 23 } else { 25 }
            );
            assert!(l.report.tables.t3_rows().iter().all(|r| r.row.is_some()));
        }
    }

    /// The scaffold writes table 二 from its one definition (`model::t2`): every row with
    /// every column key, its label, and the block captions.
    #[test]
    fn t2_follows_the_definition() {
        for (year, edition) in [(2020, Edition::E2019), (2025, Edition::E2021)] {
            let text = render(&opts(year));
            for block in t2::blocks(edition) {
                assert!(text.contains(&format!("# {}：", block.item)), "{year}");
                for row in block.rows {
                    let line = text
                        .lines()
                        .find(|l| l.starts_with(&format!("{} ", row.key)))
                        .unwrap_or_else(|| panic!("{year}: no row {}", row.key));
                    assert!(line.contains(&format!("# {}", row.label)), "{line}");
                    let keys: Vec<String> = block
                        .columns
                        .iter()
                        .map(|c| format!("{} = 0", c.key))
                        .collect();
                    assert!(line.contains(&keys.join(", ")), "{line}");
                }
            }
        }
    }

    #[test]
    fn from_carries_baselines() {
        let mut prev_text = render(&opts(2024));
        prev_text = prev_text
            .replace(
                "carried_out               = [0, 0, 0, 0, 0, 0, 0]",
                "carried_out               = [3, 1, 0, 0, 0, 0, 4]",
            )
            .replace(
                "normative = { issued = 0, abolished = 0, in_force = 0 }",
                "normative = { issued = 2, abolished = 0, in_force = 12 }",
            );
        let prev = load_str("p.toml", prev_text).unwrap().report;
        let mut o = opts(2025);
        o.previous = Some(prev);
        let text = render(&o);
        assert!(
            text.contains("carried_in                = [3, 1, 0, 0, 0, 0, 4]"),
            "{text}"
        );
        assert!(text.contains("in_force = 12"));
        // Still pending: the scaffold balances until results are entered.
        assert!(
            text.contains("carried_out               = [3, 1, 0, 0, 0, 0, 4]"),
            "{text}"
        );
        let r = load_str("r.toml", text).unwrap().report;
        let findings = crate::check::check(&crate::check::Ctx::alone(&r));
        // Only the narrative placeholders still to be written are errors.
        assert!(
            findings
                .iter()
                .all(|d| d.severity != crate::diag::Severity::Error || d.rule == "PLACEHOLDER"),
            "{findings:#?}"
        );
    }
}
