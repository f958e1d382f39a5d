//! Characters in the clerk's text that break or hide things: control characters (they make
//! the Word file unreadable), invisible and direction-changing characters (they hide text or
//! reorder it on screen), and characters the official fonts do not have (emoji, rare CJK
//! extension characters) — each located, with its code point.

use crate::diag::{Diagnostic, Severity};

use super::{Ctx, Rule};

/// Characters that are never intended in a report: C0 controls other than tab and line
/// breaks, DEL and C1 controls, and the Unicode non-characters.
pub fn is_forbidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || matches!(c as u32, 0xFFFE | 0xFFFF | 0xFDD0..=0xFDEF)
}

/// Characters that do not show but change what is shown: zero-width spaces and joiners,
/// direction marks and overrides, the word joiner, the byte-order mark, the soft hyphen.
pub fn is_invisible(c: char) -> bool {
    matches!(c as u32, 0x00AD | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x2069 | 0xFEFF)
}

/// Characters the official fonts (仿宋_GB2312, 黑体, 楷体_GB2312, 小标宋, all GB2312/GBK
/// repertoires) cannot draw: emoji and pictographs, and CJK characters outside the basic
/// block and extension A (extension B onward, compatibility supplement).
pub fn lacks_official_glyph(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1FAFF      // emoji, pictographs, flags, playing cards, mahjong
        | 0x2600..=0x27BF      // miscellaneous symbols and dingbats (☀ ✈ ❤)
        | 0xFE00..=0xFE0F      // variation selectors (emoji presentation)
        | 0x20000..=0x3FFFF    // CJK extensions B–H, compatibility supplement
        | 0xE000..=0xF8FF      // private use (a font's own symbols)
    ) && !matches!(c, '☆' | '★' | '○' | '●' | '□' | '■' | '√' | '※' | '→' | '←')
}

fn code_point(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// Findings for every character of every text for which `bad` holds, once per character
/// per text.
fn scan(rule: &Rule, ctx: &Ctx, bad: fn(char) -> bool, what: &str, help: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (path, text) in ctx.report.texts() {
        let mut seen: Vec<char> = Vec::new();
        for c in text.chars().filter(|c| bad(*c)) {
            if seen.contains(&c) {
                continue;
            }
            seen.push(c);
            let shown = if is_forbidden(c) || is_invisible(c) {
                String::new()
            } else {
                format!("“{c}”")
            };
            out.push(
                rule.diag(format!("文字里有{what}{shown}（{}）", code_point(c)))
                    .at(path.clone())
                    .needle(c.to_string())
                    .help(help.to_string()),
            );
        }
    }
    out
}

/// `TEXT-CONTROL`: control characters in text.
pub static TEXT_CONTROL: Rule = Rule {
    id: "TEXT-CONTROL",
    severity: Severity::Error,
    title: "文字里没有控制字符",
    explain: "控制字符（U+0000–U+001F 中除制表符和换行以外的字符、U+007F–U+009F、U+FFFE、U+FFFF 等）看不见，\
通常是从别的软件复制文字时带进来的。它们会让生成的 Word 文档无法打开，所以必须删去。",
    run: text_control,
};

fn text_control(rule: &Rule, ctx: &Ctx) -> Vec<Diagnostic> {
    scan(
        rule,
        ctx,
        is_forbidden,
        "控制字符",
        "删去这个看不见的字符（可重新输入这一句）",
    )
}

/// `TEXT-INVISIBLE`: zero-width and direction characters in text.
pub static TEXT_INVISIBLE: Rule = Rule {
    id: "TEXT-INVISIBLE",
    severity: Severity::Warning,
    title: "文字里没有不可见字符",
    explain: "零宽空格、方向控制符（如 U+202E 会让后面的文字倒着显示）、字节顺序标记等不可见字符，\
常随网页或聊天软件里的文字复制进来。它们在报告里看不见，却会打乱搜索、复制和显示，应删去。",
    run: text_invisible,
};

fn text_invisible(rule: &Rule, ctx: &Ctx) -> Vec<Diagnostic> {
    scan(
        rule,
        ctx,
        is_invisible,
        "不可见字符",
        "删去这个看不见的字符（可重新输入这一处）",
    )
}

/// `TEXT-GLYPH`: characters the official fonts cannot draw.
pub static TEXT_GLYPH: Rule = Rule {
    id: "TEXT-GLYPH",
    severity: Severity::Warning,
    title: "文字里没有公文字体缺少的字符",
    explain: "仿宋_GB2312、黑体、楷体_GB2312、方正小标宋等公文字体只有国标字符集里的字。表情符号、\
扩展区的生僻字和自造字在这些字体里没有字形，打印或生成 PDF 时会变成方框或缺字。请改用常用字，或用文字说明。",
    run: text_glyph,
};

fn text_glyph(rule: &Rule, ctx: &Ctx) -> Vec<Diagnostic> {
    scan(
        rule,
        ctx,
        lacks_official_glyph,
        "公文字体中没有的字符",
        "改用常用字或文字说明；确需保留时，生成 PDF 前用 --font 指定含有这个字的字体",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::rule;

    #[test]
    fn control_characters_are_errors_with_code_points() {
        assert!(rule(&TEXT_CONTROL, 2025, &[]).is_empty());
        let d = rule(&TEXT_CONTROL, 2025, &[("intro", "\"本报告\\u0001依据\"")]);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("U+0001"), "{}", d[0].message);
        assert_eq!(d[0].path.as_deref(), Some("intro"));
        let d = rule(&TEXT_CONTROL, 2025, &[("intro", "\"a\\uFFFF\"")]);
        assert!(d[0].message.contains("U+FFFF"));
    }

    #[test]
    fn invisible_characters_are_warnings() {
        assert!(rule(&TEXT_INVISIBLE, 2025, &[]).is_empty());
        let d = rule(
            &TEXT_INVISIBLE,
            2025,
            &[("intro", "\"本报告\u{200B}依据\u{202E}条例\"")],
        );
        assert_eq!(d.len(), 2);
        assert!(d[1].message.contains("U+202E"));
        assert!(!d[1].message.contains('\u{202E}'), "never printed raw");
    }

    #[test]
    fn characters_the_official_fonts_lack() {
        assert!(rule(&TEXT_GLYPH, 2025, &[]).is_empty());
        let d = rule(&TEXT_GLYPH, 2025, &[("intro", "\"群众满意😀，𠀀𪚥\"")]);
        let points: Vec<bool> = ["U+1F600", "U+20000", "U+2A6A5"]
            .iter()
            .map(|p| d.iter().any(|x| x.message.contains(p)))
            .collect();
        assert_eq!(points, [true, true, true], "{d:#?}");
        // Common symbols of official writing are fine.
        assert!(rule(&TEXT_GLYPH, 2025, &[("intro", "\"※ 见附件 → 第1条 ★\"")]).is_empty());
    }
}
