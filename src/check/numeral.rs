//! Chinese numerals as the report's text writes them (一、 and （二） markers, 一是、十二是
//! enumerations, 三件 and 两次 figures, 六部分): one reader and one writer for the rules.
//! Numbers up to 99 in the standard form (十二, 二十, 二十五), with 两 and 零/〇 read where a
//! figure may use them.

/// The ten digits of the standard form, 一 to 十, in order.
pub const DIGITS: &str = "一二三四五六七八九十";

/// Whether `c` is a character a Chinese numeral is written with: the standard digits and 两,
/// 零, 〇.
pub fn is_digit(c: char) -> bool {
    DIGITS.contains(c) || matches!(c, '两' | '零' | '〇')
}

/// The value of one digit (`十` is 10).
fn digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' => 0,
        '两' => 2,
        '十' => 10,
        _ => DIGITS.chars().position(|d| d == c)? as u32 + 1,
    })
}

/// The numeral at the start of `s` (at most three characters: 十, 十二, 二十, 二十五, 两, 〇),
/// as its length in bytes and its value.
pub fn parse_prefix(s: &str) -> Option<(usize, u32)> {
    let chars: Vec<char> = s.chars().take_while(|c| is_digit(*c)).collect();
    if chars.is_empty() || chars.len() > 3 {
        return None;
    }
    let units = |c: char| digit(c).filter(|v| *v < 10);
    let n = match chars.as_slice() {
        ['十'] => 10,
        ['十', b] => 10 + units(*b)?,
        [a, '十'] => units(*a)? * 10,
        [a, '十', b] => units(*a)? * 10 + units(*b)?,
        [a] => digit(*a)?,
        _ => return None,
    };
    Some((chars.iter().map(|c| c.len_utf8()).sum(), n))
}

/// The value of `s` when all of it is one numeral.
pub fn parse(s: &str) -> Option<u32> {
    parse_prefix(s).and_then(|(len, n)| (len == s.len()).then_some(n))
}

/// `n` (1–99) in the standard form, as in 一是、十二是, 二十; other numbers in Arabic digits.
pub fn write(n: u32) -> String {
    let d = |i: u32| DIGITS.chars().nth(i as usize - 1).unwrap_or('十');
    match n {
        1..=10 => d(n).to_string(),
        11..=19 => format!("十{}", d(n - 10)),
        20..=99 if n.is_multiple_of(10) => format!("{}十", d(n / 10)),
        20..=99 => format!("{}十{}", d(n / 10), d(n % 10)),
        _ => n.to_string(),
    }
}

/// `s` when it is written exactly as [`write`] writes a number of 1–`max`.
pub fn parse_standard(s: &str, max: u32) -> Option<u32> {
    parse(s).filter(|n| (1..=max).contains(n) && write(*n) == s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals_read_and_write() {
        assert_eq!(parse_prefix("十二件"), Some(("十二".len(), 12)));
        assert_eq!(parse_prefix("二十"), Some(("二十".len(), 20)));
        assert_eq!(parse_prefix("三十五次"), Some(("三十五".len(), 35)));
        assert_eq!(parse_prefix("两次"), Some(("两".len(), 2)));
        assert_eq!(parse_prefix("〇"), Some(("〇".len(), 0)));
        assert_eq!(parse_prefix("十十"), None);
        assert_eq!(parse_prefix("一二三四"), None);
        assert_eq!(parse_prefix("件"), None);
        assert_eq!(parse("二十五"), Some(25));
        assert_eq!(parse("二十五件"), None);
        for n in 1..=99 {
            assert_eq!(parse(&write(n)), Some(n), "{n}");
        }
        assert_eq!(write(12), "十二");
        assert_eq!(parse_standard("二十", 30), Some(20));
        assert_eq!(parse_standard("两", 30), None);
        assert_eq!(parse_standard("一十", 30), None);
        assert_eq!(parse_standard("三十一", 30), None);
    }
}
