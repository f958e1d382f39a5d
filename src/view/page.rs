//! The printed page of GB/T 9704-2012 (docs/spec/layout.md §8), decided once for every renderer: A4, the
//! margins and 版心, 22 lines of 28 characters, the type sizes, and where the sign-off
//! lines sit. The PDF layout works in points, the DOCX in twips and the stylesheet in
//! millimetres; all three take their numbers from here (the stylesheet through a test).

/// A4 width in millimetres.
pub const PAGE_W_MM: f32 = 210.0;
/// A4 height in millimetres.
pub const PAGE_H_MM: f32 = 297.0;
/// 天头 (top margin), mm.
pub const TOP_MM: f32 = 37.0;
/// Bottom margin, mm (297 − 37 − 225).
pub const BOTTOM_MM: f32 = 35.0;
/// 订口 (left margin), mm.
pub const LEFT_MM: f32 = 28.0;
/// Right margin, mm (210 − 28 − 156).
pub const RIGHT_MM: f32 = 26.0;
/// 版心 width, mm.
pub const BLOCK_W_MM: f32 = PAGE_W_MM - LEFT_MM - RIGHT_MM;
/// 版心 height, mm.
pub const BLOCK_H_MM: f32 = PAGE_H_MM - TOP_MM - BOTTOM_MM;
/// Lines per page.
pub const LINES: usize = 22;
/// Characters per line.
pub const CHARS: usize = 28;
/// 3号: body text and headings, pt.
pub const BODY_PT: f32 = 16.0;
/// 2号: the title, pt.
pub const TITLE_PT: f32 = 22.0;
/// 4号: the page number, pt.
pub const PAGE_NO_PT: f32 = 14.0;
/// The page number sits this far below the 版心, mm.
pub const PAGE_NO_GAP_MM: f32 = 7.0;

/// The CSS `@page` rule of this geometry (the stylesheet must contain it).
pub fn css_page_rule() -> String {
    format!("@page {{ size: A4; margin: {TOP_MM}mm {RIGHT_MM}mm {BOTTOM_MM}mm {LEFT_MM}mm; }}")
}

/// The line pitch in points: 225 mm / 22 lines ≈ 28.99 pt (the PDF places lines on it).
pub const LINE_PITCH_PT: f32 = BLOCK_H_MM / LINES as f32 * 72.0 / 25.4;

/// The line pitch in whole twips, rounded down so 22 lines always fit the 版心 in a word
/// processor or browser that rounds (579 twips = 28.95 pt): the DOCX's exact line spacing and
/// the stylesheet's line height.
pub const LINE_PITCH_TWIPS: i32 = (LINE_PITCH_PT * 20.0) as i32;

/// The CSS declarations of this geometry the stylesheet must contain: the `@page` rule,
/// the body and heading size and line pitch, the title size, the page number's size and gap.
pub fn css_declarations() -> Vec<String> {
    vec![
        css_page_rule(),
        format!(
            "font-size: {BODY_PT}pt; line-height: {}pt;",
            LINE_PITCH_TWIPS as f32 / 20.0
        ),
        format!("font-size: {TITLE_PT}pt;"),
        format!("font-size: {PAGE_NO_PT}pt; line-height: {PAGE_NO_PT}pt;"),
        format!("padding: {PAGE_NO_GAP_MM}mm {PAGE_NO_PT}pt 0 0;"),
        format!("padding: {PAGE_NO_GAP_MM}mm 0 0 {PAGE_NO_PT}pt;"),
    ]
}

/// The right indents of the two sign-off lines (docs/spec/layout.md §8.3, no seal), in the unit of `ch`
/// (one character's width), from the widths of the agency line and the date line:
/// `(agency, date)`.
///
/// The agency ends two characters from the right edge, and the date starts two characters
/// right of the agency's first character; when the date is the longer line, the date ends
/// two characters from the edge instead and the agency moves left to keep the offset.
pub fn signoff_indents(agency: f32, date: f32, ch: f32) -> (f32, f32) {
    let agency_right = (2.0 * ch).max(date + 4.0 * ch - agency);
    (agency_right, agency_right + agency - 2.0 * ch - date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_is_156_by_225() {
        assert_eq!((BLOCK_W_MM, BLOCK_H_MM), (156.0, 225.0));
        assert_eq!(LINE_PITCH_TWIPS, 579);
        assert!(LINE_PITCH_TWIPS as f32 / 20.0 * LINES as f32 <= BLOCK_H_MM * 72.0 / 25.4);
    }

    #[test]
    fn signoff_follows_the_longer_line() {
        // Agency of 10 characters, date of 7 (2026年1月20日 is 5 full + 4 half = 7 字).
        let (a, d) = signoff_indents(10.0, 7.0, 1.0);
        assert_eq!((a, d), (2.0, 3.0));
        // The date starts two characters right of the agency's first character.
        assert_eq!((a + 10.0) - (d + 7.0), 2.0);
        // Agency of 4 characters: the date is the longer line and ends 2 字 from the edge.
        let (a, d) = signoff_indents(4.0, 7.0, 1.0);
        assert_eq!(d, 2.0);
        assert_eq!((a + 4.0) - (d + 7.0), 2.0);
        assert_eq!(a, 7.0);
    }
}
