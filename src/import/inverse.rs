//! The inverse of what the view adds when it renders a report: the statistics-period and
//! contact sentences of the lead paragraph, and the 信息处理费 sentence of section 六. A
//! report rendered by gxgk reads back to the data it came from.

use super::sections::{NarrativeImport, Para};

/// Takes the view's sentences out of the lead paragraph; returns the contact details found.
pub fn lead(intro: &mut Vec<Para>, year: Option<i64>) -> Vec<(&'static str, String)> {
    let mut contact = Vec::new();
    let Some(last) = intro.last_mut() else {
        return contact;
    };
    let mut t = last.text.clone();
    if let Some(y) = year {
        t = t.replace(&crate::view::period_sentence(y), "");
    }
    if let Some(a) = t.find("本报告电子版可在")
        && let Some(b) = t[a..].find("下载。")
    {
        let site = &t[a + "本报告电子版可在".len()..a + b];
        contact.push(("website", site.trim().to_string()));
        t = format!("{}{}", &t[..a], &t[a + b + "下载。".len()..]);
    }
    if let Some(a) = t.find("如对本报告有疑问，请与")
        && let Some(open) = t[a..].find("联系（")
        && let Some(close) = t[a + open..].find("）。")
    {
        let inner = &t[a + open + "联系（".len()..a + open + close];
        for part in inner.split('；') {
            if let Some((k, v)) = part.split_once('：') {
                let key = match k {
                    "地址" => "address",
                    "邮编" => "postcode",
                    "电话" => "phone",
                    "传真" => "fax",
                    "电子邮箱" => "email",
                    _ => continue,
                };
                contact.push((key, v.trim().to_string()));
            }
        }
        t = format!("{}{}", &t[..a], &t[a + open + close + "）。".len()..]);
    }
    last.text = t.trim().to_string();
    if last.text.is_empty() {
        intro.pop();
    }
    contact
}

/// Reads the 信息处理费 sentence of section 六 (and takes it out of the text).
pub fn info_fees(n: &mut NarrativeImport) -> Option<([String; 3], usize)> {
    let i = n.text.iter().position(|p| p.text.contains("信息处理费"))?;
    let p = &n.text[i];
    let t = p.text.trim();
    let out = if t == "本年度未发出信息处理费收费通知，未收取信息处理费。"
    {
        ["0".to_string(), "0".to_string(), "0".to_string()]
    } else {
        let num = |after: &str, before: &str| -> Option<String> {
            let a = t.find(after)? + after.len();
            let b = a + t[a..].find(before)?;
            let v = t[a..b].trim();
            (!v.is_empty() && v.chars().all(|c| c.is_ascii_digit() || c == '.'))
                .then(|| v.to_string())
        };
        [
            num("收费通知", "件")?,
            num("收费通知总金额", "元")?,
            num("实际收取信息处理费", "元")?,
        ]
    };
    let line = p.line;
    n.text.remove(i);
    Some((out, line))
}
