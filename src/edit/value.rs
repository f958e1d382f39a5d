//! What the clerk typed, as a TOML value: figures (full-width digits, thousands commas), blank
//! cells, dates from the date picker, one-line and multi-line texts escaped for TOML. Text that
//! is not a figure stays text: the loader then says where it is, nothing is dropped.

use toml_edit::Value;

use crate::model::cell::half_width_number as half_width;

/// What a typed figure is in the file: an integer, a decimal amount, `""` for a blank cell
/// (also for the clerk's `/`, `—`, `-`), or the text itself, which the checker then reports
/// where it is (never dropped).
pub fn cell_value(typed: &str) -> Value {
    let t = typed.trim();
    if crate::model::cell::is_blank_text(t) {
        return Value::from("");
    }
    let h = half_width(t);
    let digits = h.trim_start_matches('-');
    let grouped = digits.contains(',') && valid_grouping(digits);
    let plain: String = if grouped {
        h.replace(',', "")
    } else {
        h.clone()
    };
    let body = plain.trim_start_matches('-');
    let sign_ok = plain.len() - body.len() <= 1;
    if sign_ok
        && !body.is_empty()
        && body.bytes().all(|b| b.is_ascii_digit())
        && let Ok(n) = plain.parse::<i64>()
    {
        return Value::from(n);
    }
    if sign_ok
        && let Some((i, f)) = body.split_once('.')
        && !i.is_empty()
        && !f.is_empty()
        && i.bytes().chain(f.bytes()).all(|b| b.is_ascii_digit())
        && let Ok(v) = plain.parse::<Value>()
    {
        return v;
    }
    Value::from(t)
}

/// Whether `s` is digits grouped by three with commas (`1,234,567`, decimals allowed after).
fn valid_grouping(s: &str) -> bool {
    let int = s.split('.').next().unwrap_or("");
    let groups: Vec<&str> = int.split(',').collect();
    groups.len() > 1
        && (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3)
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
}

/// A one-line field: line breaks (pasted) become nothing, surrounding spaces go.
pub(crate) fn one_line(typed: &str) -> String {
    typed.replace(['\r', '\n'], "").trim().to_string()
}

/// A date: a TOML date when it is `YYYY-MM-DD` (the form's date picker), else the text.
pub(crate) fn date_value(typed: &str) -> Value {
    let t = half_width(typed.trim());
    let b = t.as_bytes();
    let iso = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if iso && let Ok(v) = t.parse::<Value>() {
        return v;
    }
    Value::from(typed.trim())
}

/// A text: `"""` with a line break after the quotes when it has more than one line or was
/// written that way before; a plain string otherwise.
pub(crate) fn text_value(typed: &str, old: Option<&Value>) -> Value {
    let text = typed.replace("\r\n", "\n").replace('\r', "\n");
    let text = text.trim_end_matches(['\n', ' ', '\t']);
    let was_multiline = old
        .and_then(|v| v.as_str().map(|_| v))
        .and_then(|v| {
            v.to_string()
                .trim_start()
                .get(..3)
                .map(|q| q == "\"\"\"" || q == "'''")
        })
        .unwrap_or(false);
    if text.is_empty() {
        return Value::from("");
    }
    if !text.contains('\n') && !was_multiline {
        return Value::from(text);
    }
    let mut body = String::with_capacity(text.len() + 16);
    let mut quotes = 0;
    for c in text.chars() {
        match c {
            '"' => {
                quotes += 1;
                // Never three quotes in a row inside `"""`.
                if quotes == 3 {
                    body.push_str("\\\"");
                    quotes = 0;
                    continue;
                }
            }
            _ => quotes = 0,
        }
        match c {
            '\\' => body.push_str("\\\\"),
            '\n' | '\t' => body.push(c),
            c if c.is_control() => body.push_str(&format!("\\u{:04X}", c as u32)),
            c => body.push(c),
        }
    }
    // A quote just before the closing `"""` would join it.
    if body.ends_with('"') {
        body.pop();
        body.push_str("\\\"");
    }
    format!("\"\"\"\n{body}\n\"\"\"")
        .parse()
        .unwrap_or_else(|_| Value::from(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_typed_is_kept_even_when_it_is_not_a_number() {
        for (typed, written) in [
            ("12", "12"),
            (" 1,234 ", "1234"),
            ("１２", "12"),
            ("", "\"\""),
            ("/", "\"\""),
            ("—", "\"\""),
            ("十二", "\"十二\""),
            ("12件", "\"12件\""),
            ("1,23", "\"1,23\""),
            ("7399700元", "\"7399700元\""),
            ("0.5", "0.5"),
        ] {
            assert_eq!(cell_value(typed).to_string(), written, "{typed}");
        }
    }
}
