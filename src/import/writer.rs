//! Writes an [`Imported`] report as a data file: the text of `gxgk new` for the year and the
//! edition the tables are in, with each recovered value put in place and a `# 原文第 N 行`
//! comment beside it; what was not found keeps the scaffold's placeholder and says so.

use super::sections::{NarrativeImport, Para};
use super::solve::Certainty;
use super::tables::RowImport;
use super::{Imported, show_row};
use crate::load::scaffold;
use crate::model::{Edition, Level};

const RULE: &str = "# ══════════════ ";

fn quote(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A TOML multi-line basic string.
fn multiline(s: &str) -> String {
    let body = s.replace('\\', "\\\\").replace("\"\"\"", "\"\"\\\"");
    format!("\"\"\"\n{body}\n\"\"\"")
}

fn join(paras: &[Para]) -> String {
    paras
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn lines_note(paras: &[Para]) -> String {
    match (paras.first(), paras.last()) {
        (Some(a), Some(b)) if a.line != b.line => format!("原文第 {}–{} 行", a.line, b.line),
        (Some(a), _) => format!("原文第 {} 行", a.line),
        _ => String::new(),
    }
}

/// The scaffold's text for the year, with sections 二… in the layout of `edition`.
fn scaffold_text(im: &Imported, year: i64, agency: &str, level: Level) -> String {
    let opts = |y| scaffold::Options {
        agency: agency.to_string(),
        level,
        year: y,
        previous: None,
        schema_path: "gxgk.schema.json".to_string(),
    };
    let base = scaffold::render(&opts(year));
    let ed = im.edition.0;
    if Edition::for_year(year) == ed {
        return base;
    }
    // A report printed with the other edition's tables: keep what it is.
    let alt = scaffold::render(&opts(match ed {
        Edition::E2019 => 2020,
        Edition::E2021 => 2021,
    }));
    let cut = |t: &str| t.find(&format!("{RULE}二、")).unwrap_or(t.len());
    let mut out = base[..cut(&base)].to_string();
    out.push_str(&alt[cut(&alt)..]);
    out.replace(
        &format!("edition = {}", Edition::for_year(year).number()),
        &format!("edition = {}", ed.number()),
    )
}

fn narrative_block(
    table: &str,
    n: Option<&NarrativeImport>,
    heading: Option<&(String, usize)>,
) -> Option<String> {
    let n = n?;
    let mut s = String::new();
    if let Some((h, l)) = heading {
        s.push_str(&format!("# 原文第 {l} 行：{h}\n"));
    }
    s.push_str(&format!("[{table}]\n"));
    if !n.text.is_empty() {
        s.push_str(&format!("# {}\n", lines_note(&n.text)));
    }
    s.push_str(&format!(
        "text = {}\n\n",
        if n.text.is_empty() {
            "\"\"".to_string()
        } else {
            multiline(&join(&n.text))
        }
    ));
    for (h, line, body) in &n.parts {
        s.push_str(&format!("[[{table}.parts]]  # 原文第 {line} 行\n"));
        s.push_str(&format!("heading = {}\n", quote(h)));
        s.push_str(&format!(
            "text = {}\n\n",
            if body.is_empty() {
                "\"\"".to_string()
            } else {
                multiline(&join(body))
            }
        ));
    }
    Some(s)
}

/// Replaces the lines of `text` from the line starting with `from` up to (not including) the
/// next line starting with `until` (or the end).
fn replace_block(text: &str, from: &str, until: &[&str], with: &str) -> String {
    let Some(a) = text.find(&format!("\n{from}")).map(|i| i + 1) else {
        return text.to_string();
    };
    let rest = &text[a + 1..];
    let b = until
        .iter()
        .filter_map(|u| rest.find(&format!("\n{u}")).map(|i| a + 1 + i + 1))
        .min()
        .unwrap_or(text.len());
    format!("{}{}{}", &text[..a], with, &text[b..])
}

fn row_comment(r: &RowImport) -> String {
    let mut c = format!("{}；原文第 {} 行", r.def.label, r.line);
    match &r.certainty {
        Certainty::Exact => {}
        Certainty::ByConstraints => c.push_str("；原文单元格不齐，按表内勾稽关系确定位置"),
        Certainty::Ambiguous(all) => {
            let list: Vec<String> = all.iter().map(|v| show_row(v)).collect();
            c.push_str(&format!(
                "；【IMPORT-AMBIGUOUS】可能是 {}，请对照原文核对",
                list.join(" 或 ")
            ));
        }
    }
    c
}

fn cells_of(r: &RowImport) -> Vec<String> {
    r.cells.iter().map(|c| c.val.toml()).collect()
}

/// Edits a `key = …  # comment` line inside `[table]`.
fn set_line(text: &str, table: &str, key: &str, value: &str, comment: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut inside = false;
    let mut done = false;
    for line in text.split_inclusive('\n') {
        let t = line.trim_end();
        if t.starts_with('[') {
            inside = t == format!("[{table}]");
        }
        let is_key = t
            .strip_prefix(key)
            .is_some_and(|r| r.trim_start().starts_with('='));
        if inside && !done && is_key {
            let pad = t[key.len()..].find('=').unwrap_or(0);
            out.push_str(&format!("{key}{}= {value}  # {comment}\n", " ".repeat(pad)));
            done = true;
        } else {
            out.push_str(line);
        }
    }
    out
}

/// The data file text.
pub fn write(im: &Imported) -> String {
    let year = im.year.map_or(im.edition.0.number(), |y| y.0);
    let level = im.level.unwrap_or(Level::Other);
    let agency = im
        .agency
        .as_ref()
        .map_or(scaffold::PLACEHOLDER.to_string(), |a| a.0.clone());
    let mut t = scaffold_text(im, year, &agency, level);
    t = t.replacen(
        "（由 gxgk new 生成）",
        &format!("（由 gxgk import 从 {} 导入）", im.name),
        1,
    );
    t = t.replacen(
        "# 井号 # 后面是填写说明",
        "# 导入的每一项旁注明它在原文中的行号（原文第 N 行），请对照原文核对；\n# 原文中没有找到的项保留了 gxgk new 的默认内容，并注明“原文中没有找到”。\n#\n# 井号 # 后面是填写说明",
        1,
    );
    // year, edition
    let year_note = match im.year {
        Some((_, l)) => format!("year = {year}  # 原文第 {l} 行\n"),
        None => format!("year = {year}  # 原文中没有找到报告年度，请核对\n"),
    };
    t = t.replacen(&format!("year = {year}\n"), &year_note, 1);
    let ed = im.edition.0.number();
    let ed_note = match im.edition.1 {
        0 => format!("edition = {ed}  # 原文没有表格标签可判断版本，按年度确定\n"),
        l => format!("edition = {ed}  # 按原文表格标签判断（原文第 {l} 行）\n"),
    };
    t = t.replacen(&format!("edition = {ed}\n"), &ed_note, 1);
    if !im.intro.is_empty() {
        t = t.replacen(
            "intro = \"\"\n",
            &format!(
                "# {}\nintro = {}\n",
                lines_note(&im.intro),
                multiline(&join(&im.intro))
            ),
            1,
        );
    }
    // agency
    let name_note = match &im.agency {
        Some((_, l)) => format!("原文第 {l} 行"),
        None => "原文中没有找到机关名称，请填写".into(),
    };
    t = set_line(&t, "agency", "name", &quote(&agency), &name_note);
    let level_note = if im.level.is_some() {
        "按机关名称判断"
    } else {
        "无法从名称判断，请改为实际层级"
    };
    t = set_line(&t, "agency", "level", &quote(level.name()), level_note);
    // publication
    let default_date = format!("date = {}-01-20\n", year + 1);
    let date_line = match &im.date {
        Some((d, l, None)) => format!("date = {d}  # 原文第 {l} 行（落款）\n"),
        Some((d, l, Some(why))) => format!("date = {d}  # 原文第 {l} 行；{why}\n"),
        None => {
            "# date = 　　  # 原文中没有找到成文日期，请填写，如 date = 2026-01-20\n".to_string()
        }
    };
    t = t.replacen(&default_date, &date_line, 1);
    if let Some((title, l)) = &im.title {
        let standard = format!("{agency}{year}年政府信息公开工作年度报告");
        if *title != standard {
            t = t.replacen(
                "[publication]\n",
                &format!(
                    "[publication]\n# 标题：原文第 {l} 行，与标准写法“{standard}”不同，照原文保留\ntitle = {}\n",
                    quote(title)
                ),
                1,
            );
        }
    }
    // narrative sections
    let until_next = [RULE];
    if let Some(b) = narrative_block("overview", im.overview.as_ref(), im.headings[0].as_ref()) {
        t = replace_block(&t, "[overview]", &until_next, &b);
    }
    if let Some(b) = narrative_block("problems", im.problems.as_ref(), im.headings[4].as_ref()) {
        t = replace_block(&t, "[problems]", &until_next, &b);
    }
    if let Some(n) = &im.other_matters {
        let (h, l) = im.headings[5].clone().unwrap_or_default();
        let mut paras = n.text.clone();
        for (head, line, body) in &n.parts {
            paras.push(Para {
                text: head.clone(),
                line: *line,
            });
            paras.extend(body.iter().cloned());
        }
        // A section 六 that states only the 信息处理费 has nothing else to report.
        let (text, note) = match (paras.is_empty(), &im.info_fees) {
            (false, _) => (multiline(&join(&paras)), String::new()),
            (true, Some(_)) => (
                quote("无。"),
                "# 原文这一部分只写了信息处理费情况（已写入下面的 [other_matters.fees]），没有其他事项\n"
                    .to_string(),
            ),
            (true, None) => ("\"\"".to_string(), String::new()),
        };
        t = replace_block(
            &t,
            "[other_matters]",
            &["\n", "# 信息处理费"],
            &format!("[other_matters]\n# 原文第 {l} 行：{h}\n{note}text = {text}\n"),
        );
    }
    if im.other_matters.is_none() {
        // The scaffold's “无。” would claim the section says nothing more: it was not found.
        t = replace_block(
            &t,
            "[other_matters]",
            &["\n", "# 信息处理费"],
            "[other_matters]\n# 原文中没有找到“六、其他需要报告的事项”，请补写\ntext = \"\"\n",
        );
    }
    if im.edition.0 == Edition::E2021 {
        let keys = ["notices_issued", "notices_amount_yuan", "collected_yuan"];
        for (i, k) in keys.iter().enumerate() {
            t = match &im.info_fees {
                Some((v, l)) => set_line(
                    &t,
                    "other_matters.fees",
                    k,
                    &v[i],
                    &format!("原文第 {l} 行"),
                ),
                None => set_line(
                    &t,
                    "other_matters.fees",
                    k,
                    "\"\"",
                    "原文中没有找到信息处理费的数字，请按原文填写",
                ),
            };
        }
    }
    if !im.contact.is_empty() {
        let line = im.intro.last().map_or(0, |p| p.line);
        let mut block = format!("# 联系方式：原文第 {line} 行\n[agency.contact]\n");
        for (k, v) in &im.contact {
            block.push_str(&format!("{k} = {}\n", quote(v)));
        }
        block.push('\n');
        t = replace_block(&t, "# 联系方式（可选）", &["[publication]"], &block);
    }
    // table 二, in the template's rows and columns (model::t2)
    for (block, def) in crate::model::t2::row_defs(im.edition.0) {
        let key = &def.key;
        let names: Vec<&str> = block.columns.iter().map(|c| c.key).collect();
        let found = im.t2.iter().find(|r| r.def.key == *key);
        let (vals, comment): (Vec<String>, String) = match found {
            Some(r) => (cells_of(r), row_comment(r)),
            None => (
                vec!["\"\"".to_string(); names.len()],
                format!("{}；原文中没有找到这一行，请补填", def.label),
            ),
        };
        let inline: Vec<String> = names
            .iter()
            .zip(&vals)
            .map(|(n, v)| format!("{n} = {v}"))
            .collect();
        t = set_line(
            &t,
            "t2",
            key,
            &format!("{{ {} }}", inline.join(", ")),
            &comment,
        );
    }
    // table 三
    for d in super::tables::t3_rows(im.edition.0) {
        let found = im.t3.iter().find(|r| r.def.key == d.key);
        let (vals, comment) = match found {
            Some(r) => (cells_of(r), row_comment(r)),
            None => (
                vec!["\"\"".to_string(); 7],
                format!("{}；原文中没有找到这一行，请补填", d.label),
            ),
        };
        t = set_line(&t, "t3", d.key, &format!("[{}]", vals.join(", ")), &comment);
    }
    // table 四
    let groups = [
        ("review", "行政复议"),
        ("suit_direct", "行政诉讼·未经复议直接起诉"),
        ("suit_after_review", "行政诉讼·复议后起诉"),
    ];
    for (g, (key, label)) in groups.iter().enumerate() {
        let (vals, comment) = match &im.t4 {
            Some(r) => {
                let v: Vec<String> = r.cells[g * 5..g * 5 + 5]
                    .iter()
                    .map(|c| c.val.toml())
                    .collect();
                let mut c = format!("{label}；原文第 {} 行", r.cells[g * 5].line);
                if let Certainty::Ambiguous(all) = &r.certainty {
                    let list: Vec<String> =
                        all.iter().map(|v| show_row(&v[g * 5..g * 5 + 5])).collect();
                    c.push_str(&format!(
                        "；【IMPORT-AMBIGUOUS】可能是 {}",
                        list.join(" 或 ")
                    ));
                } else if r.certainty == Certainty::ByConstraints {
                    c.push_str("；原文单元格不齐，按表内勾稽关系确定位置");
                }
                (v, c)
            }
            None => (
                vec!["\"\"".to_string(); 5],
                format!("{label}；原文中没有找到，请补填"),
            ),
        };
        t = set_line(&t, "t4", key, &format!("[{}]", vals.join(", ")), &comment);
    }
    t
}
