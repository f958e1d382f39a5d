//! Slicing user text by byte offsets without panicking.
//!
//! Rules find phrases with `str::find` and digit runs with `char_indices`, then cut the text
//! around them. A byte offset computed from one string and applied to another (a marker as
//! normalised vs. as written: `1、` vs `01、`) can land inside a multi-byte character such as
//! `、` and make `&s[i..]` panic. Every byte-offset slice of user text in `src/check/` goes
//! through these helpers, which move an offset back to the nearest character boundary.

use std::ops::Range;

/// `i`, clamped to `s.len()` and moved back to the start of the character it falls in.
pub fn floor(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The text from byte `from` to the end (both ends on character boundaries).
pub fn from(s: &str, from: usize) -> &str {
    &s[floor(s, from)..]
}

/// The text of byte range `r`; an inverted range gives "".
pub fn range(s: &str, r: Range<usize>) -> &str {
    let start = floor(s, r.start);
    let end = floor(s, r.end).max(start);
    &s[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_inside_a_character_move_back() {
        let s = "01、主动公开";
        // `、` occupies bytes 2..5.
        assert_eq!(from(s, 3), "、主动公开");
        assert_eq!(from(s, 5), "主动公开");
        assert_eq!(from(s, 99), "");
        assert_eq!(range(s, 0..4), "01");
        let (a, b) = (4, 2);
        assert_eq!(range(s, a..b), "");
        assert_eq!(floor("", 3), 0);
    }
}
