//! Rules on metadata: edition and year, 成文日期 and deadline, title (docs/spec/rules.md §6.2, dates.md §7).

use chrono::{Datelike, NaiveDate};

use crate::diag::{Diagnostic, Severity};
use crate::model::date::{chinese, deadline_date, parse_month_day};
use crate::model::{DateField, Edition, Level};

use super::{Ctx, Rule};

/// `EDITION-YEAR`: the tables' edition matches the reporting year (docs/spec/editions.md §1).
pub static EDITION_YEAR: Rule = Rule {
    id: "EDITION-YEAR",
    severity: Severity::Error,
    title: "表格版本与报告年度一致",
    explain: "2019、2020 年度的报告使用 2019 版格式（国办公开办函〔2019〕60号）；2021 年度起使用 2021 版格式（国办公开办函〔2021〕30号）。\
两版的表二、表三不同。常见原因：复制上一年的文件后只改了年度。可运行 gxgk new --from 上年文件 生成本年度格式的新文件，\
它会带上机关信息和上年结转数。",
    run: edition_year_rule,
};

fn edition_year_rule(rule: &Rule, ctx: &Ctx) -> Vec<Diagnostic> {
    let r = ctx.report;
    let expected = Edition::for_year(r.year);
    match r.declared_edition {
        Some(declared) if declared != expected => vec![
            rule.diag(format!(
                "{} 年度的报告应使用{expected}格式（{}），但文件写的是 edition = {}",
                r.year,
                expected.notice(),
                declared.number()
            ))
            .at("edition")
            .help(format!(
                "运行 gxgk new --year {} --from 本文件 -o 新文件.toml 生成{expected}表格，再把数字填进去",
                r.year
            )),
        ],
        _ => Vec::new(),
    }
}

/// `DATE-FORMAT`: 成文日期 is present, a real date, written `YYYY年M月D日` without zero padding.
pub static DATE_FORMAT: Rule = Rule {
    id: "DATE-FORMAT",
    severity: Severity::Error,
    title: "成文日期是真实日期，写法规范",
    explain: "GB/T 9704-2012 规定成文日期用阿拉伯数字将年、月、日标全，年份应标全称，月、日不编虚位（即 1 不编为 01），\
如“2026年1月20日”。数据文件中写成 2026-01-20 即可，gxgk 会按规范输出。发布期限 deadline 写成 \"01-31\"。",
    run: date_format_rule,
};

fn date_format_rule(rule: &Rule, ctx: &Ctx) -> Vec<Diagnostic> {
    let p = &ctx.report.publication;
    let mut out = Vec::new();
    match &p.date {
        DateField::Missing => out.push(
            rule.diag("没有填写成文日期（publication.date）")
                .at("publication")
                .help(format!(
                    "在 [publication] 下写 date = {}-01-20 这样的日期",
                    ctx.report.year + 1
                )),
        ),
        DateField::Invalid { written, reason } => out.push(
            rule.diag(format!("成文日期“{written}”无法使用：{reason}"))
                .at("publication.date")
                .help("写成 2026-01-20 这样的真实日期"),
        ),
        DateField::Valid {
            style: Some(reason),
            date,
        } => out.push(
            rule.diag(format!("成文日期写法不规范：{reason}"))
                .at("publication.date")
                .help(format!("写成 {date}（会输出为“{}”）", chinese(*date))),
        ),
        DateField::Valid { style: None, .. } => {}
    }
    if let Some(d) = &p.deadline
        && parse_month_day(d).is_none()
    {
        out.push(
            rule.diag(format!(
                "发布期限“{d}”无法识别，应写成 \"01-31\" 这样的月-日"
            ))
            .at("publication.deadline")
            .help("写成 deadline = \"01-31\"（也可写 \"1月31日\"、\"2月底\"）"),
        );
    }
    out
}

/// `DATE-RANGE`: 成文日期 falls after the reporting year.
pub static DATE_RANGE: Rule = Rule {
    id: "DATE-RANGE",
    severity: Severity::Error,
    title: "成文日期在报告年度的下一年",
    explain: "年度报告总结的是整个报告年度（1 月 1 日至 12 月 31 日），在下一年初发布：成文日期不能早于下一年的 1 月 1 日，\
也不会晚于下一年的 12 月 31 日。常见原因：年份写成了报告年度本身，或多打了数字（如 9999 年）。",
    run: date_range_rule,
};

fn date_range_rule(rule: &Rule, ctx: &Ctx) -> Vec<Diagnostic> {
    let year = ctx.report.year;
    let Some(date) = ctx.report.publication.date.date() else {
        return Vec::new();
    };
    let earliest = NaiveDate::from_ymd_opt(year as i32 + 1, 1, 1);
    let latest = NaiveDate::from_ymd_opt(year as i32 + 1, 12, 31);
    let message = match (earliest, latest) {
        (Some(e), _) if date < e => format!(
            "成文日期“{}”早于 {} 年度结束（最早应为“{}”）",
            chinese(date),
            year,
            chinese(e)
        ),
        (_, Some(l)) if date > l => format!(
            "成文日期“{}”比 {} 年度晚了一年以上（最晚应为“{}”）",
            chinese(date),
            year,
            chinese(l)
        ),
        _ => return Vec::new(),
    };
    vec![rule.diag(message).at("publication.date").help(format!(
        "成文日期应在 {} 年，如 {}-01-20",
        year + 1,
        year + 1
    ))]
}

/// `YEAR-FUTURE`: the reporting year has not begun yet.
pub static YEAR_FUTURE: Rule = Rule {
    id: "YEAR-FUTURE",
    severity: Severity::Error,
    title: "报告年度不在将来",
    explain: "年度报告总结已经过去的一年。报告年度比今天所在的年份还晚，通常是年份打错了（如把 2025 写成 2052）。",
    run: year_future_rule,
};

fn year_future_rule(rule: &Rule, ctx: &Ctx) -> Vec<Diagnostic> {
    let this_year = i64::from(crate::model::date::today().year());
    if ctx.report.year > this_year {
        vec![
            rule.diag(format!("报告年度 {} 还没有到来", ctx.report.year))
                .at("year")
                .help("写成已经结束的年度（通常是上一年）"),
        ]
    } else {
        Vec::new()
    }
}

/// `SIGNOFF-EMPTY`: the sign-off agency is written but empty.
pub static SIGNOFF_EMPTY: Rule = Rule {
    id: "SIGNOFF-EMPTY",
    severity: Severity::Error,
    title: "落款机关和机关名称不能为空",
    explain: "报告末尾的落款写机关全称（GB/T 9704-2012《党政机关公文格式》）。机关名称或 signatory 写成空文字时，生成的报告没有落款机关。\
不写 signatory 时落款用 [agency] name。",
    run: signoff_empty_rule,
};

fn signoff_empty_rule(rule: &Rule, ctx: &Ctx) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if ctx.report.agency.name.trim().is_empty() {
        out.push(
            rule.diag("机关名称是空的")
                .at("agency.name")
                .help("写机关全称，如 name = \"磐石镇人民政府\""),
        );
    }
    if ctx
        .report
        .publication
        .signatory
        .as_deref()
        .is_some_and(|s| s.trim().is_empty())
    {
        out.push(
            rule.diag("落款机关 signatory 写成了空文字，报告将没有落款")
                .at("publication.signatory")
                .help("写上落款机关全称，或删去这一行（落款将用机关名称）"),
        );
    }
    out
}

/// The deadline in force: command line, then the file, then the level's default.
pub fn deadline(ctx: &Ctx) -> (u32, u32) {
    ctx.report.deadline(ctx.deadline)
}

/// `DEADLINE`: 成文日期 is no later than the publication deadline.
pub static DEADLINE: Rule = Rule {
    id: "DEADLINE",
    severity: Severity::Warning,
    title: "成文日期不晚于发布期限",
    explain: "《政府信息公开条例》第四十九条：县级以上人民政府部门应于每年 1 月 31 日前公布本机关上一年度的年度报告；\
县级以上地方人民政府的年度报告于每年 3 月 31 日前公布。条例没有规定乡镇的期限，gxgk 默认按 1 月 31 日提示。\
开发区、园区管委会、综合实验区等功能区按政府部门的 1 月 31 日提示。\
上级另有规定时，在 [publication] 下写 deadline = \"02-20\"（也可写 \"2月20日\"、\"2月底\"），或运行 gxgk check --deadline 02-20；\
写了无法识别的期限是 DATE-FORMAT 错误。",
    run: deadline_rule,
};

fn deadline_rule(rule: &Rule, ctx: &Ctx) -> Vec<Diagnostic> {
    let Some(date) = ctx.report.publication.date.date() else {
        return Vec::new();
    };
    // An unreadable deadline is DATE-FORMAT's error; until it is fixed the default applies.
    let mut out = Vec::new();
    let Some(limit) = deadline_date(ctx.report.year as i32 + 1, deadline(ctx)) else {
        return out;
    };
    if date <= limit {
        return out;
    }
    out.push(
        rule.diag(format!(
            "成文日期“{}”晚于发布期限“{}”，迟了 {} 天",
            chinese(date),
            chinese(limit),
            (date - limit).num_days()
        ))
        .at("publication.date")
        .help("核对成文日期；上级规定的期限不同时在 [publication] 下写 deadline = \"MM-DD\"（如 \"02-20\" 或 \"2月底\"）"),
    );
    out
}

/// `TITLE-YEAR`: a title override names the reporting year.
pub static TITLE_YEAR: Rule = Rule {
    id: "TITLE-YEAR",
    severity: Severity::Error,
    title: "标题中的年度与报告年度一致",
    explain: "标题中的年度必须是报告年度。gxgk 默认自动生成标题；只有在 [publication] 下写了 title 时才会检查这一条。\
常见原因：复制上年文件后标题年份没改。",
    run: title_year_rule,
};

fn title_year_rule(rule: &Rule, ctx: &Ctx) -> Vec<Diagnostic> {
    let Some(title) = &ctx.report.publication.title else {
        return Vec::new();
    };
    let years = four_digit_numbers(title);
    let year = ctx.report.year;
    if years.contains(&year) && years.iter().all(|y| *y == year) {
        return Vec::new();
    }
    let found = years
        .first()
        .map_or("没有年份".to_string(), |y| format!("写的是 {y}"));
    let help = match years.first() {
        Some(y) => format!(
            "把标题中的“{y}”改成“{year}”：title = \"{}\"",
            title.trim().replace(&y.to_string(), &year.to_string())
        ),
        None => format!(
            "在标题中写明年度，如 title = \"{}\"",
            ctx.report.standard_title()
        ),
    };
    vec![
        rule.diag(format!("标题中的年度应为 {year}，但{found}"))
            .at("publication.title")
            .help(help),
    ]
}

fn four_digit_numbers(s: &str) -> Vec<i64> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in s.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            cur.push(c);
        } else {
            if cur.len() == 4 {
                out.push(cur.parse().unwrap_or(0));
            }
            cur.clear();
        }
    }
    out
}

/// `TITLE-FORM`: the title has the conventional form with the agency's full name.
pub static TITLE_FORM: Rule = Rule {
    id: "TITLE-FORM",
    severity: Severity::Warning,
    title: "标题为“机关全称+年度+年政府信息公开工作年度报告”",
    explain: "标题的通行写法是“××镇人民政府2025年政府信息公开工作年度报告”：机关名称用全称，\
不漏“工作”“年度报告”。gxgk 按机关全称自动生成标题，所以这条规则检查机关名称是否为简称，\
以及手写的 title 是否偏离通行写法。“××2025年度政府信息公开工作年度报告”也是许多地方正式使用的写法，只作提示。",
    run: title_form_rule,
};

fn title_form_rule(rule: &Rule, ctx: &Ctx) -> Vec<Diagnostic> {
    let r = ctx.report;
    let mut out = Vec::new();
    let name = r.agency.name.trim();
    let abbreviated = match r.agency.level {
        Level::Township => name.ends_with('镇') || name.ends_with('乡'),
        Level::Subdistrict => name.ends_with("街道"),
        _ => false,
    };
    if abbreviated {
        let full = crate::model::full_name(name, r.agency.level);
        out.push(
            rule.diag(format!(
                "机关名称“{name}”是简称，标题和落款应使用全称，如“{full}”"
            ))
            .at("agency.name")
            .help(format!("写成 name = \"{full}\"")),
        );
    }
    if let Some(title) = &r.publication.title {
        let standard = r.standard_title();
        // A title that differs only in its year is TITLE-YEAR's finding, not this one's.
        let year_only = four_digit_numbers(title)
            .iter()
            .any(|y| title.trim().replace(&y.to_string(), &r.year.to_string()) == standard);
        if title.trim() != standard && !year_only {
            // `××2025年度政府信息公开工作年度报告` is a form many offices use officially.
            let annual = title.contains("年度政府信息公开工作年度报告");
            let why = if annual {
                "写作“××年度政府信息公开工作年度报告”，这也是常见的正式写法"
            } else if !title.contains("工作") {
                "漏了“工作”"
            } else if !title.contains("年度报告") {
                "漏了“年度报告”"
            } else if !title.starts_with(name) {
                "没有以机关全称开头"
            } else {
                "与通行写法不同"
            };
            let mut d = rule
                .diag(format!(
                    "标题“{}”{why}；通行写法为“{standard}”",
                    title.trim()
                ))
                .at("publication.title")
                .help(if annual {
                    format!("本机关或上级要求这样写的，保留即可；想用通行写法时改成 title = \"{standard}\"")
                } else {
                    format!("改成 title = \"{standard}\"（或上级要求的写法）")
                });
            if annual {
                d.severity = Severity::Info;
            }
            out.push(d);
        }
    }
    out
}

/// `CONTACT`: the agency's contact details are well formed (declared on `model::Contact`
/// with `validator`, reported here at the key).
pub static CONTACT: Rule = Rule {
    id: "CONTACT",
    severity: Severity::Warning,
    title: "联系方式的写法有效",
    explain: "[agency.contact] 中的联系方式会写进报告开头，供公众联系：邮政编码是 6 位数字；电话、传真是数字\
（可带区号、“-”、括号和“转”分机，几个号码用顿号隔开）；电子邮箱形如 gk@example.gov.cn；网址形如\
http://www.example.gov.cn 或 www.example.gov.cn；地址 4 到 100 个字。",
    run: contact_rule,
};

fn contact_rule(rule: &Rule, ctx: &Ctx) -> Vec<Diagnostic> {
    use validator::{Validate, ValidationErrorsKind};
    let Some(c) = &ctx.report.agency.contact else {
        return Vec::new();
    };
    let Err(errors) = c.validate() else {
        return Vec::new();
    };
    let mut fields: Vec<(&str, &ValidationErrorsKind)> = errors
        .errors()
        .iter()
        .map(|(k, v)| (k.as_ref(), v))
        .collect();
    // Report in the order the fields are declared.
    let order = ["address", "postcode", "phone", "fax", "email", "website"];
    fields.sort_by_key(|(k, _)| order.iter().position(|o| o == k));
    fields
        .into_iter()
        .map(|(field, _)| {
            let value = match field {
                "address" => &c.address,
                "postcode" => &c.postcode,
                "phone" => &c.phone,
                "fax" => &c.fax,
                "email" => &c.email,
                _ => &c.website,
            }
            .as_deref()
            .unwrap_or("");
            let (what, help) = match field {
                "address" => ("联系地址应为 4 到 100 个字", "写明完整地址"),
                "postcode" => ("邮政编码应为 6 位数字", "如 postcode = \"325000\""),
                "phone" | "fax" => (
                    "不像电话号码",
                    "如 \"0577-64812345\"，几个号码用顿号隔开，分机写“转8001”",
                ),
                "email" => ("电子邮箱的写法不对", "如 email = \"gk@example.gov.cn\""),
                _ => (
                    "网址的写法不对",
                    "如 website = \"http://www.example.gov.cn\"",
                ),
            };
            rule.diag(format!("联系方式 {field} = \"{value}\"：{what}"))
                .at(format!("agency.contact.{field}"))
                .help(help)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::testing::rule;
    use super::*;

    #[test]
    fn edition_year() {
        assert!(rule(&EDITION_YEAR, 2025, &[]).is_empty());
        // A 2021 report that kept the 2019 tables: load as 2019 edition, flag the year.
        let text = super::super::testing::text(2020, &[("year", "2021")]);
        let r = crate::load::load_str("r.toml", text).unwrap().report;
        let d = (EDITION_YEAR.run)(&EDITION_YEAR, &Ctx::alone(&r));
        assert_eq!(d.len(), 1);
        assert!(
            d[0].message.contains("2021 年度的报告应使用2021版格式"),
            "{}",
            d[0].message
        );
    }

    #[test]
    fn date_format() {
        assert!(rule(&DATE_FORMAT, 2025, &[]).is_empty());
        assert!(
            rule(
                &DATE_FORMAT,
                2025,
                &[("publication.date", "\"2026年1月20日\"")]
            )
            .is_empty()
        );
        let d = rule(
            &DATE_FORMAT,
            2025,
            &[("publication.date", "\"2026年01月20日\"")],
        );
        assert!(d[0].message.contains("不应补零"), "{}", d[0].message);
        assert_eq!(
            rule(&DATE_FORMAT, 2025, &[("publication.date", "")]).len(),
            1
        );
        assert_eq!(
            rule(
                &DATE_FORMAT,
                2025,
                &[("publication.deadline", "\"春节后\"")]
            )
            .len(),
            1
        );
        assert!(rule(&DATE_FORMAT, 2025, &[("publication.deadline", "\"1月底\"")]).is_empty());
    }

    #[test]
    fn contact() {
        let good = "{ address = \"青石镇人民路1号\", postcode = \"325600\", phone = \"0577-61234567、12345\", \
fax = \"（0577）61234568转8001\", email = \"gk@example.gov.cn\", website = \"www.example.gov.cn\" }";
        assert!(rule(&CONTACT, 2025, &[("agency.contact", good)]).is_empty());
        let bad = "{ address = \"镇\", postcode = \"32560\", phone = \"请拨打办公室\", \
email = \"gk.example.gov.cn\", website = \"http://\" }";
        let d = rule(&CONTACT, 2025, &[("agency.contact", bad)]);
        let paths: Vec<&str> = d.iter().filter_map(|d| d.path.as_deref()).collect();
        assert_eq!(
            paths,
            [
                "agency.contact.address",
                "agency.contact.postcode",
                "agency.contact.phone",
                "agency.contact.email",
                "agency.contact.website"
            ],
            "{d:#?}"
        );
        assert_eq!(
            d[1].message,
            "联系方式 postcode = \"32560\"：邮政编码应为 6 位数字"
        );
    }

    #[test]
    fn date_range() {
        assert!(rule(&DATE_RANGE, 2025, &[]).is_empty());
        let d = rule(&DATE_RANGE, 2025, &[("publication.date", "2025-12-30")]);
        assert!(d[0].message.contains("早于 2025 年度结束"));
        assert!(rule(&DATE_RANGE, 2025, &[("publication.date", "2026-12-31")]).is_empty());
        let d = rule(&DATE_RANGE, 2025, &[("publication.date", "9999-12-31")]);
        assert!(d[0].message.contains("晚了一年以上"), "{}", d[0].message);
    }

    #[test]
    fn year_future() {
        assert!(rule(&YEAR_FUTURE, 2025, &[]).is_empty());
        let next = i64::from(crate::model::date::today().year()) + 1;
        let d = rule(&YEAR_FUTURE, next, &[]);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].path.as_deref(), Some("year"));
    }

    #[test]
    fn signoff_empty() {
        assert!(rule(&SIGNOFF_EMPTY, 2025, &[]).is_empty());
        let d = rule(&SIGNOFF_EMPTY, 2025, &[("publication.signatory", "\"  \"")]);
        assert_eq!(d[0].path.as_deref(), Some("publication.signatory"));
        let d = rule(&SIGNOFF_EMPTY, 2025, &[("agency.name", "\"\"")]);
        assert_eq!(d[0].path.as_deref(), Some("agency.name"));
    }

    #[test]
    fn deadline_forms() {
        // 2月底 in a non-leap year is the 28th.
        assert!(
            rule(
                &DEADLINE,
                2025,
                &[
                    ("publication.date", "2026-02-28"),
                    ("publication.deadline", "\"2月底\"")
                ]
            )
            .is_empty()
        );
        let d = rule(
            &DEADLINE,
            2025,
            &[
                ("publication.date", "2026-03-01"),
                ("publication.deadline", "\"02-29\""),
            ],
        );
        assert!(d[0].message.contains("迟了 1 天"), "{d:#?}");
    }

    #[test]
    fn deadline_rule() {
        assert!(rule(&DEADLINE, 2025, &[("publication.date", "2026-01-31")]).is_empty());
        let d = rule(&DEADLINE, 2025, &[("publication.date", "2026-02-03")]);
        assert!(d[0].message.contains("迟了 3 天"), "{}", d[0].message);
        assert!(
            rule(
                &DEADLINE,
                2025,
                &[
                    ("publication.date", "2026-02-03"),
                    ("publication.deadline", "\"02-20\"")
                ]
            )
            .is_empty()
        );
        assert!(
            rule(
                &DEADLINE,
                2025,
                &[
                    ("publication.date", "2026-03-03"),
                    ("agency.level", "\"县级人民政府\"")
                ]
            )
            .is_empty()
        );
    }

    #[test]
    fn title_year() {
        assert!(
            rule(
                &TITLE_YEAR,
                2025,
                &[(
                    "publication.title",
                    "\"磐石镇人民政府2025年政府信息公开工作年度报告\""
                )]
            )
            .is_empty()
        );
        assert_eq!(
            rule(
                &TITLE_YEAR,
                2025,
                &[(
                    "publication.title",
                    "\"磐石镇人民政府2024年政府信息公开工作年度报告\""
                )]
            )
            .len(),
            1
        );
    }

    #[test]
    fn title_form() {
        assert!(rule(&TITLE_FORM, 2025, &[]).is_empty());
        let d = rule(
            &TITLE_FORM,
            2025,
            &[
                ("agency.name", "\"磐石镇\""),
                (
                    "publication.title",
                    "\"磐石镇2025年度政府信息公开工作年度报告\"",
                ),
            ],
        );
        assert_eq!(d.len(), 2, "{d:#?}");
        assert!(d[0].message.contains("磐石镇人民政府"));
        // The ××2025年度 form is official in many places: an info, never "delete the title".
        assert!(
            d[1].message.contains("这也是常见的正式写法"),
            "{}",
            d[1].message
        );
        assert_eq!(d[1].severity, Severity::Info);
        let d = rule(
            &TITLE_FORM,
            2025,
            &[(
                "publication.title",
                "\"磐石镇人民政府2025年政府信息公开年度报告\"",
            )],
        );
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].severity, Severity::Warning);
        assert_eq!(
            d[0].help.as_deref(),
            Some(
                "改成 title = \"磐石镇人民政府2025年政府信息公开工作年度报告\"（或上级要求的写法）"
            )
        );
        for rule_ in [&TITLE_FORM, &TITLE_YEAR] {
            for title in [
                "磐石镇人民政府2025年度政府信息公开工作年度报告",
                "磐石镇人民政府2024年政府信息公开工作年度报告",
                "磐石镇2025年政务公开报告",
            ] {
                for d in rule(
                    rule_,
                    2025,
                    &[("publication.title", &format!("\"{title}\""))],
                ) {
                    assert!(!d.help.unwrap_or_default().contains("删去"), "{title}");
                }
            }
        }
    }
}
