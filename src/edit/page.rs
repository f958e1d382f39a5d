//! The editor's page: the report in the national template's order and words, generated from
//! the same definitions as the documents — the six sections of `model::SECTIONS`, the three
//! tables as the view draws them (merged headers and row labels), an input wherever the view
//! has a figure. Values, findings and the preview are filled in by `editor.js`.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::edit::help;
use crate::model::{Edition, Level, Report, SECTIONS};
use crate::render::html::escape;
use crate::view::{CellRole, Table, View};

/// The page's style sheet and script, served beside it (no inline script: the page's
/// Content-Security-Policy allows only its own files).
pub const CSS: &str = include_str!("editor.css");
/// The page's script.
pub const JS: &str = include_str!("editor.js");

fn head(title: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<link rel=\"stylesheet\" href=\"/editor.css\">\n\
         <script src=\"/editor.js\" defer></script>\n</head>\n",
        escape(title)
    )
}

/// One labelled field: a text input, a text area or a select, with its help below.
fn field(out: &mut String, help: &HashMap<String, String>, key: &str, label: &str, kind: &str) {
    let id = format!("f-{}", key.replace('.', "-"));
    let help_text = help::lookup(help, key).filter(|h| *h != label);
    let described = help_text.map_or(String::new(), |_| {
        format!(" aria-describedby=\"{id}-help\"")
    });
    let _ = write!(out, "<div class=\"field\" data-field=\"{key}\">");
    let _ = write!(out, "<label for=\"{id}\">{}</label>", escape(label));
    match kind {
        "area" => {
            let _ = write!(
                out,
                "<textarea id=\"{id}\" data-key=\"{key}\" rows=\"5\"{described}></textarea>"
            );
        }
        "level" => {
            let _ = write!(out, "<select id=\"{id}\" data-key=\"{key}\"{described}>");
            for (_, name) in Level::ALL {
                let _ = write!(out, "<option>{name}</option>");
            }
            out.push_str("</select>");
        }
        "date" => {
            let _ = write!(
                out,
                "<span class=\"date\"><input id=\"{id}\" data-key=\"{key}\" type=\"text\" \
                 inputmode=\"numeric\" placeholder=\"2026-01-20\"{described}>\
                 <input type=\"date\" class=\"picker\" data-for=\"{id}\" aria-label=\"用日历选择{}\"></span>",
                escape(label)
            );
        }
        "readonly" => {
            let _ = write!(
                out,
                "<input id=\"{id}\" data-key=\"{key}\" type=\"text\" readonly{described}>"
            );
        }
        _ => {
            let _ = write!(
                out,
                "<input id=\"{id}\" data-key=\"{key}\" type=\"text\"{described}>"
            );
        }
    }
    if let Some(h) = help_text {
        let _ = write!(out, "<p class=\"help\" id=\"{id}-help\">{}</p>", escape(h));
    }
    out.push_str("<ul class=\"at\" aria-live=\"polite\"></ul></div>\n");
}

/// The labels of the figure at grid position (r, c): the row headers left of it, and the
/// column header nearest above it.
fn labels(
    table: &Table,
    grid: &[Vec<Option<(usize, usize)>>],
    r: usize,
    c: usize,
) -> (String, String) {
    let mut row = Vec::new();
    let mut last = None;
    for slot in &grid[r][..c] {
        if let Some((rr, i)) = *slot
            && last != Some((rr, i))
        {
            last = Some((rr, i));
            let cell = &table.rows[rr][i];
            if cell.role == CellRole::RowHeader {
                row.push(cell.text.as_str());
            }
        }
    }
    let mut column = String::new();
    for up in (0..r).rev() {
        if let Some((rr, i)) = grid[up][c] {
            let cell = &table.rows[rr][i];
            if cell.role == CellRole::ColHeader {
                column = cell.text.clone();
                break;
            }
        }
    }
    (row.join("·"), column)
}

/// A table of the view drawn as a grid of inputs: headers and labels as the template has
/// them, every figure an input keyed by its row and column.
fn grid(out: &mut String, table: &Table) {
    let grid = table.grid();
    let _ = write!(
        out,
        "<div class=\"grid-box\" role=\"region\" tabindex=\"0\" aria-label=\"{0}（可左右滚动）\">\
         <table class=\"grid\" id=\"grid-{1}\" data-key=\"{1}\"><caption>{0}</caption>",
        escape(table.caption),
        table.id
    );
    for (r, row) in table.rows.iter().enumerate() {
        out.push_str("<tr>");
        let mut c = 0;
        for cell in row {
            while c < table.columns && grid[r][c].is_some_and(|(rr, _)| rr != r) {
                c += 1;
            }
            let span = format!(
                "{}{}",
                if cell.rowspan > 1 {
                    format!(" rowspan=\"{}\"", cell.rowspan)
                } else {
                    String::new()
                },
                if cell.colspan > 1 {
                    format!(" colspan=\"{}\"", cell.colspan)
                } else {
                    String::new()
                }
            );
            match (&cell.role, &cell.source) {
                (CellRole::Number, Some((key, col))) => {
                    let (row_label, col_label) = labels(table, &grid, r, c);
                    let computed =
                        matches!((table.id, *col), ("t3", 6) | ("t4", 4)) || key == "t3.total";
                    let _ = write!(
                        out,
                        "<td{span} class=\"num\"><input data-key=\"{key}\" data-col=\"{col}\" \
                         inputmode=\"decimal\" autocomplete=\"off\" aria-label=\"{}·{}\">{}</td>",
                        escape(&row_label),
                        escape(&col_label),
                        if computed {
                            format!(
                                "<output class=\"calc\" data-calc=\"{key}\" data-col=\"{col}\"></output>"
                            )
                        } else {
                            String::new()
                        }
                    );
                }
                (CellRole::ColHeader, _) => {
                    let _ = write!(out, "<th{span} scope=\"col\">{}</th>", escape(&cell.text));
                }
                (CellRole::RowHeader, _) => {
                    let _ = write!(out, "<th{span} scope=\"row\">{}</th>", escape(&cell.text));
                }
                (CellRole::Caption, _) => {
                    let _ = write!(
                        out,
                        "<th{span} scope=\"colgroup\" class=\"cap\">{}</th>",
                        escape(&cell.text)
                    );
                }
                _ => {
                    let _ = write!(out, "<td{span} class=\"note\">{}</td>", escape(&cell.text));
                }
            }
            c += cell.colspan;
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table></div>\n");
}

fn narrative(out: &mut String, help: &HashMap<String, String>, key: &str) {
    field(out, help, &format!("{key}.text"), "总述（可不写）", "area");
    let _ = writeln!(
        out,
        "<div class=\"parts\" data-section=\"{key}\"></div>\
         <button type=\"button\" class=\"add-part\" data-section=\"{key}\">＋ 添加一部分</button>"
    );
}

/// The form for a report that loads.
pub fn form(report: &Report, file: &str) -> String {
    let help = help::texts(report);
    let view = View::new(report, None);
    let edition = report.edition();
    let mut out = head(&format!("{} — gxgk 编辑", file));
    out.push_str("<body>\n<header class=\"bar\"><div class=\"who\">");
    let _ = write!(
        out,
        "<p class=\"file\">数据文件：<code>{}</code>（{}，{}格式）</p><h1 id=\"title\">{}</h1></div>",
        escape(file),
        report.year,
        edition,
        escape(&view.title)
    );
    out.push_str(
        "<div class=\"actions\"><span id=\"status\" role=\"status\" aria-live=\"polite\">已保存</span>\
         <button type=\"button\" data-action=\"save\">保存（Ctrl+S）</button>\
         <label class=\"check\"><input type=\"checkbox\" id=\"draft\"> 草稿</label>\
         <button type=\"button\" data-action=\"render\">生成报告</button></div></header>\n\
         <div id=\"banner\" role=\"alert\" hidden></div>\n<div class=\"layout\"><main id=\"form\">\n",
    );
    out.push_str("<section aria-labelledby=\"h-basic\"><h2 id=\"h-basic\">机关与日期</h2>");
    field(&mut out, &help, "agency.name", "机关全称", "text");
    field(&mut out, &help, "agency.level", "机关层级", "level");
    field(&mut out, &help, "publication.date", "成文日期", "date");
    field(
        &mut out,
        &help,
        "publication.signatory",
        "落款机关（不写则用机关全称）",
        "text",
    );
    field(
        &mut out,
        &help,
        "publication.deadline",
        "发布期限（不写则按层级默认）",
        "text",
    );
    field(
        &mut out,
        &help,
        "intro",
        "报告开头的说明段（可不写）",
        "area",
    );
    out.push_str("<fieldset><legend>联系方式（可不写）</legend>");
    for (key, label) in [
        ("address", "地址"),
        ("postcode", "邮政编码"),
        ("phone", "电话"),
        ("fax", "传真"),
        ("email", "电子邮箱"),
        ("website", "报告电子版下载网址"),
    ] {
        field(
            &mut out,
            &help,
            &format!("agency.contact.{key}"),
            label,
            "text",
        );
    }
    out.push_str("</fieldset></section>\n");
    for s in SECTIONS {
        let _ = write!(
            out,
            "<section aria-labelledby=\"h-{0}\" data-section=\"{0}\"><h2 id=\"h-{0}\">{1}</h2>",
            s.key,
            escape(s.heading)
        );
        if let Some(h) = help.get(s.key) {
            let _ = write!(out, "<p class=\"help\">{}</p>", escape(h));
        }
        match s.table {
            Some(_) => {
                if let Some(t) = view.table(s.key) {
                    grid(&mut out, t);
                }
                let _ = write!(
                    out,
                    "<ul class=\"at\" data-table=\"{}\" aria-live=\"polite\"></ul>",
                    s.key
                );
            }
            None => narrative(&mut out, &help, s.key),
        }
        if s.key == "other_matters" && edition == Edition::E2021 {
            out.push_str("<fieldset><legend>信息处理费（2021 版必须说明）</legend>");
            for (key, label) in [
                ("notices_issued", "本年发出收费通知的件数"),
                ("notices_amount_yuan", "收费通知的总金额（元）"),
                ("collected_yuan", "实际收取的总金额（元）"),
            ] {
                field(
                    &mut out,
                    &help,
                    &format!("other_matters.fees.{key}"),
                    label,
                    "text",
                );
            }
            out.push_str("</fieldset>");
        }
        out.push_str("</section>\n");
    }
    out.push_str(
        "</main>\n<aside aria-label=\"检查结果与预览\"><section aria-labelledby=\"h-findings\">\
         <h2 id=\"h-findings\">检查结果 <span id=\"tally\"></span></h2>\
         <ul id=\"findings\"></ul></section>\
         <section class=\"preview\" aria-labelledby=\"h-preview\"><h2 id=\"h-preview\">预览（与生成的网页相同）</h2>\
         <iframe id=\"preview\" title=\"报告预览\" src=\"about:blank\"></iframe></section></aside></div>\n\
         <div id=\"rendered\" role=\"status\" aria-live=\"polite\"></div>\n</body>\n</html>\n",
    );
    out
}

/// The page for a file that does not load: its located errors and its text, editable.
pub fn raw(file: &str) -> String {
    let mut out = head(&format!("{} — gxgk 编辑", file));
    let _ = write!(
        out,
        "<body class=\"raw\">\n<header class=\"bar\"><div class=\"who\"><p class=\"file\">数据文件：<code>{}</code></p>\
         <h1>这个文件有写法错误，无法显示为表单</h1></div>\
         <div class=\"actions\"><span id=\"status\" role=\"status\" aria-live=\"polite\">已保存</span>\
         <button type=\"button\" data-action=\"save\">保存（Ctrl+S）</button></div></header>\n\
         <div id=\"banner\" role=\"alert\" hidden></div>\n<main>\
         <p>请按下面列出的位置改正（第几行第几列），改好后会自动显示表单。文件原样保留，不会被清空。</p>\
         <ul id=\"findings\"></ul>\
         <label for=\"rawtext\">文件内容</label>\
         <textarea id=\"rawtext\" data-key=\"raw\" spellcheck=\"false\" rows=\"30\"></textarea></main>\n</body>\n</html>\n",
        escape(file)
    );
    out
}

/// The first page when there is no data file yet: what `gxgk new` asks.
pub fn create(file: &str, default_year: i64) -> String {
    let mut out = head("新建年度报告 — gxgk");
    let _ = write!(
        out,
        "<body class=\"create\">\n<main><h1>新建政府信息公开工作年度报告</h1>\
         <p>将在当前文件夹生成数据文件 <code>{}</code>（与命令 gxgk new 生成的相同），然后在这里填写。</p>\
         <form id=\"create\">\
         <div class=\"field\"><label for=\"c-agency\">机关名称</label><input id=\"c-agency\" name=\"agency\" required aria-describedby=\"c-agency-help\">\
         <p class=\"help\" id=\"c-agency-help\">如“磐石镇”，会写成全称“磐石镇人民政府”。</p></div>\
         <div class=\"field\"><label for=\"c-level\">机关层级</label><select id=\"c-level\" name=\"level\"><option value=\"\">按名称判断</option>",
        escape(file)
    );
    for (_, name) in Level::ALL {
        let _ = write!(out, "<option>{name}</option>");
    }
    let _ = write!(
        out,
        "</select></div>\
         <div class=\"field\"><label for=\"c-year\">报告年度</label><input id=\"c-year\" name=\"year\" inputmode=\"numeric\" value=\"{default_year}\"></div>\
         <div class=\"field\"><label for=\"c-from\">去年的报告（可不选）</label><input id=\"c-from\" name=\"from\" type=\"file\" accept=\".toml,.html,.htm,.docx,.pdf,.txt\" aria-describedby=\"c-from-help\">\
         <p class=\"help\" id=\"c-from-help\">选择去年的数据文件（.toml），或去年发布的报告（网页、Word、PDF、复制的文字）：\
         带入机关信息、上年结转数和现行有效件数。</p><ul id=\"c-from-lines\" aria-live=\"polite\"></ul></div>\
         <button type=\"submit\">生成数据文件并开始填写</button></form>\
         <div id=\"banner\" role=\"alert\" hidden></div></main>\n</body>\n</html>\n"
    );
    out
}
