//! What the TOML parser and the typed shape say, in the clerk's words: syntax errors with
//! what to change (`TOML-SYNTAX`), wrong types and unknown or missing keys (`TOML-TYPE`,
//! `TOML-KEY`) with a "did you mean".

use crate::diag::{Diagnostic, Severity};
use crate::model::Edition;

/// The TOML parser's phrases and what they mean for a clerk: (phrase, message, fix).
pub(super) const SYNTAX_PHRASES: &[(&str, &str, &str)] = &[
    (
        "extra comma",
        "数组里多了一个逗号",
        "删去多余的逗号；空白单元格请写 \"\"",
    ),
    (
        "unclosed inline table",
        "花括号 { } 没有配对",
        "在这一行末尾补上 }",
    ),
    (
        "missing comma between array elements",
        "数组的两个数之间缺少逗号，或上一行的数组缺少右方括号 ]",
        "数之间用英文逗号 , 隔开；每行数组以 ] 结束",
    ),
    (
        "missing comma between key-value pairs",
        "花括号里的两项之间缺少逗号",
        "用英文逗号 , 隔开",
    ),
    (
        "unclosed array table",
        "表头缺少右方括号 ]]",
        "写成 [[overview.parts]] 这样的形式",
    ),
    (
        "unclosed array",
        "数组的方括号 [ ] 没有配对",
        "在数组末尾补上 ]",
    ),
    (
        "unclosed table",
        "表头缺少右方括号 ]",
        "写成 [t3] 这样的形式",
    ),
    (
        "invalid basic string",
        "文字缺少结尾的英文双引号",
        "单行文字用 \"…\"，多行文字用三个双引号 \"\"\"…\"\"\" 括起来",
    ),
    (
        "invalid multi",
        "文字缺少结尾的引号",
        "多行文字用三个双引号 \"\"\"…\"\"\" 括起来",
    ),
    ("leading zero", "数字不能以 0 开头", "如 08 应写成 8"),
    (
        "invalid date",
        "日期不存在或格式不对",
        "写成 2026-01-20 这样的真实日期",
    ),
    (
        "invalid time",
        "日期不存在或格式不对",
        "写成 2026-01-20 这样的真实日期",
    ),
    (
        "out-of-range",
        "日期或时间超出范围",
        "写成 2026-01-20 这样的真实日期",
    ),
    ("duplicate key", "同一个键写了两次", "删去或合并重复的一项"),
    (
        "expected newline",
        "这一行多了内容：每行只能写一个“键 = 值”",
        "检查是否漏了换行，或多了逗号",
    ),
    (
        "unexpected content",
        "这一行多了内容：每行只能写一个“键 = 值”",
        "检查是否漏了换行，或多了逗号",
    ),
    (
        "integer number overflowed",
        "数字太大，超出了范围",
        "检查是否多写了数字；报告中的数不会这么大",
    ),
    (
        "number too large",
        "数字太大，超出了范围",
        "检查是否多写了数字；报告中的数不会这么大",
    ),
    (
        "invalid float",
        "数字的写法不对",
        "整数写成 12，小数写成 1.5；日期写成 2026-01-20",
    ),
    (
        "invalid integer",
        "数字的写法不对",
        "整数写成 12，不加逗号、空格或单位",
    ),
    ("redundant", "数字前面多了符号", "删去数字前多余的 + 或 0"),
    ("unexpected sign", "数字前面多了符号", "删去多余的 + 或 -"),
    ("radix", "数字的写法不对", "用普通的十进制数，如 12"),
    (
        "key with no value",
        "只有键名，缺少等号和值",
        "写成 键 = 值，如 year = 2025",
    ),
    (
        "missing assignment",
        "只有键名，缺少等号和值",
        "写成 键 = 值，如 year = 2025",
    ),
    ("missing value", "等号后面缺少值", "在等号后写上值"),
    (
        "invalid unquoted key",
        "键名里有不允许的字符",
        "键名只用英文小写字母、数字和下划线，如 carried_in",
    ),
    (
        "unquoted keys cannot be empty",
        "缺少键名",
        "在等号左边写上键名",
    ),
    (
        "invalid key",
        "键名的写法不对",
        "键名只用英文小写字母、数字和下划线",
    ),
    (
        "too few unicode value digits",
        "文字里的反斜杠 \\ 后面的内容不对",
        "把 \\ 写成 \\\\，或把这段文字改用单引号 '…'",
    ),
    (
        "missing escaped value",
        "文字里的反斜杠 \\ 后面的内容不对",
        "把 \\ 写成 \\\\，或把这段文字改用单引号 '…'",
    ),
    (
        "invalid escape",
        "文字里的反斜杠 \\ 后面的内容不对",
        "把 \\ 写成 \\\\，或把这段文字改用单引号 '…'",
    ),
    (
        "carriage return",
        "文件里有单独的回车符（旧 Mac 格式的换行）",
        "用记事本打开后另存一次，换行会变成标准格式",
    ),
    (
        "recursion limit",
        "括号嵌套太深",
        "数据文件不需要多层嵌套的 [ ] 或 { }，对照 gxgk new 生成的文件修改",
    ),
    (
        "control character",
        "文字里有看不见的控制字符",
        "删去这一处（它可能是从别处复制来的）",
    ),
    (
        "missing inline table opening",
        "缺少左花括号 {",
        "写成 { 键 = 值 }",
    ),
    ("missing array opening", "缺少左方括号 [", "写成 [0, 0, 0]"),
    (
        "missing opening quote",
        "缺少开头的英文双引号",
        "在文字开头补上 \"",
    ),
    (
        "missing key for inline table element",
        "花括号里缺少键名",
        "写成 { 键 = 值 }",
    ),
    (
        "missing table open",
        "缺少左方括号 [",
        "写成 [t3] 这样的形式",
    ),
    (
        "missing comment start",
        "注释要以 # 开头",
        "在这一行开头加 #",
    ),
];

/// Translates a TOML syntax error.
pub(super) fn syntax_error(
    msg: &str,
    span: Option<std::ops::Range<usize>>,
    text: &str,
) -> Diagnostic {
    let marked = span.clone().and_then(|s| text.get(s)).unwrap_or("");
    let (message, help) = if msg.contains("string values must be quoted") {
        if marked.contains(['“', '”', '‘', '’']) {
            (
                "文字的引号用错了：TOML 只认英文双引号 \"".to_string(),
                "把中文引号“”换成英文双引号 \"\"".to_string(),
            )
        } else {
            (
                format!("文字 {marked} 两边缺少英文双引号"),
                format!("写成 \"{marked}\""),
            )
        }
    } else if let Some((_, zh, fix)) = SYNTAX_PHRASES.iter().find(|(en, _, _)| msg.contains(en)) {
        (zh.to_string(), fix.to_string())
    } else {
        // A phrase of the TOML library without a translation: never show the English.
        (
            "这一行的写法不符合数据文件的格式".to_string(),
            "对照 gxgk new 生成的文件检查这一行：键 = 值，文字加英文双引号，数用半角数字"
                .to_string(),
        )
    };
    let mut d = Diagnostic::new("TOML-SYNTAX", Severity::Error, message).help(help);
    d.span = Some(span.unwrap_or(0..0));
    d
}

/// Whether `key` is a key of `edition`'s tables that the other edition does not have, for
/// the hint on an unknown key (from the one definition of each table).
pub(super) fn only_in(edition: Edition, key: &str) -> bool {
    fn keys(edition: Edition) -> Vec<&'static str> {
        let t2 = crate::model::t2::row_defs(edition).flat_map(|(block, row)| {
            std::iter::once(row.key).chain(block.columns.iter().map(|c| c.key))
        });
        let other: &[crate::model::RowSpec] = match edition {
            Edition::E2019 => &crate::model::T3_OTHER_2019,
            Edition::E2021 => &crate::model::T3_OTHER_2021,
        };
        t2.chain(
            other
                .iter()
                .filter_map(|s| s.key.rsplit_once('.').map(|k| k.1)),
        )
        .collect()
    }
    let other = match edition {
        Edition::E2019 => Edition::E2021,
        Edition::E2021 => Edition::E2019,
    };
    keys(edition).contains(&key) && !keys(other).contains(&key)
}

/// Translates a serde shape error (unknown key, wrong type, missing key).
pub(super) fn shape_error(
    msg: &str,
    span: Option<std::ops::Range<usize>>,
    edition: Edition,
) -> Diagnostic {
    let (rule, message, help) = if let Some(rest) = msg.strip_prefix("unknown field `") {
        let (key, expected) = split_expected(rest);
        let mut help = match closest(key, &expected) {
            Some(best) => format!("是不是要写 {best}？"),
            None => String::new(),
        };
        let other_edition = match edition {
            Edition::E2021 if only_in(Edition::E2019, key) => Some(Edition::E2019),
            Edition::E2019 if only_in(Edition::E2021, key) => Some(Edition::E2021),
            _ => None,
        };
        if let Some(other) = other_edition {
            help = format!(
                "{key} 是{other}表格的栏目，本报告用{edition}表格（{}）；可以运行 gxgk new --from 旧文件 生成本年度格式的表格",
                edition.notice()
            );
        }
        if !expected.is_empty() {
            help.push_str(&format!("（此处可用的键：{}）", expected.join("、")));
        }
        ("TOML-KEY", format!("未知的键 {}", shorten(key)), help)
    } else if let Some(rest) = msg.strip_prefix("unknown variant `") {
        let (value, expected) = split_expected(rest);
        let help = match closest(value, &expected) {
            Some(best) => format!("是不是要写 \"{best}\"？可选：{}", expected.join("、")),
            None => format!("可选：{}", expected.join("、")),
        };
        ("TOML-TYPE", format!("无法识别的取值 \"{value}\""), help)
    } else if let Some(rest) = msg.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let edition_hint = expected.contains("Other2021") && found.starts_with("sequence");
        let help = if edition_hint {
            format!(
                "{edition}表格的（六）其他处理分三行：在 [t3.other] 下写 no_correction、no_fee、misc；可以运行 gxgk new --from 旧文件 生成本年度格式的表格"
            )
        } else {
            format!("此处应为{}", expected_zh(expected))
        };
        (
            "TOML-TYPE",
            format!(
                "类型不对：此处应为{}，实际写的是{}",
                expected_zh(expected),
                found_zh(found)
            ),
            help,
        )
    } else if let Some(rest) = msg.strip_prefix("missing field `") {
        let key = rest.split('`').next().unwrap_or(rest);
        (
            "TOML-KEY",
            format!("缺少必填项 {key}（{}）", key_zh(key)),
            format!("补上 {key} = …，可参照 gxgk new 生成的文件"),
        )
    } else if msg.contains("wanted string or table") {
        (
            "TOML-TYPE",
            "此处应为文字（两边加英文双引号），实际写的是数字或其他类型".to_string(),
            "写成 level = \"乡镇\" 这样，两边加英文双引号".to_string(),
        )
    } else if msg.is_ascii() {
        // A phrase of the TOML library we have no translation for: never show it raw.
        (
            "TOML-TYPE",
            "这一项的写法或类型不对".to_string(),
            "对照 gxgk new 生成的文件检查这一项".to_string(),
        )
    } else {
        // Our own deserializers already speak Chinese.
        ("TOML-TYPE", msg.to_string(), String::new())
    };
    let mut d = Diagnostic::new(rule, Severity::Error, message);
    if !help.is_empty() {
        d = d.help(help);
    }
    d.span = Some(span.unwrap_or(0..0));
    d
}

/// A key or value as shown in a message: at most 40 characters.
pub(super) fn shorten(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// Splits "x`, expected one of `a`, `b`" into ("x", ["a", "b"]).
pub(super) fn split_expected(rest: &str) -> (&str, Vec<&str>) {
    let (key, tail) = rest.split_once('`').unwrap_or((rest, ""));
    let expected = tail.split('`').skip(1).step_by(2).collect();
    (key, expected)
}

pub(super) fn expected_zh(e: &str) -> String {
    let e = e.trim();
    if e.contains("i64") || e.contains("u64") || e.contains("integer") {
        "整数".to_string()
    } else if e.contains("a string") {
        "文字（两边加英文双引号）".to_string()
    } else if e.contains("sequence") {
        "数组，如 [0, 0, 0, 0, 0, 0]".to_string()
    } else if e.starts_with("struct") || e.contains("map") {
        "表（如 [t3.withheld] 或 { … }）".to_string()
    } else if e.contains("boolean") {
        "true 或 false".to_string()
    } else if e.is_empty() {
        "别的类型".to_string()
    } else {
        e.to_string()
    }
}

pub(super) fn found_zh(f: &str) -> String {
    let f = f.trim();
    if let Some(s) = f.strip_prefix("string ") {
        format!("文字 {s}")
    } else if let Some(s) = f.strip_prefix("integer ") {
        format!("整数 {}", s.trim_matches('`'))
    } else if let Some(s) = f.strip_prefix("floating point ") {
        format!("小数 {}", s.trim_matches('`'))
    } else if f.starts_with("sequence") {
        "数组".to_string()
    } else if f.starts_with("map") {
        "表".to_string()
    } else if f.starts_with("boolean") {
        f.replace("boolean", "布尔值").replace('`', "")
    } else {
        f.to_string()
    }
}

pub(super) fn key_zh(key: &str) -> &'static str {
    match key {
        "agency" => "报告机关，[agency] 表",
        "name" => "机关全称",
        "level" => "机关层级",
        "year" => "报告年度",
        _ => "见 gxgk new 生成的文件",
    }
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a typo.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1) + 1;
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

pub(super) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}
