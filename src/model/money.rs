//! Exact money: amounts are held in 分 (fen) as integers, never as floating point, and
//! remember the unit the clerk wrote so a conversion can be reported.

use std::fmt;

use super::cell::Cell;

/// The unit a clerk wrote next to an amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Written {
    /// A bare number, read in the field's own unit.
    #[default]
    Bare,
    /// Written with `万元`.
    Wan,
    /// Written with `元`.
    Yuan,
}

/// An exact, non-negative amount of money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Money {
    /// The amount in 分 (1 万元 = 1 000 000 分).
    pub fen: i64,
    /// The unit as written in the file.
    pub written: Written,
}

const FEN_PER_YUAN: i64 = 100;
const FEN_PER_WAN: i64 = 1_000_000;

impl Money {
    /// The amount in 万元 as a decimal string without trailing zeros (`126.39`, `0`).
    pub fn wan_text(&self) -> String {
        decimal_text(self.fen, FEN_PER_WAN)
    }
    /// The amount in 元 as a decimal string without trailing zeros (`7399700`, `12.5`).
    pub fn yuan_text(&self) -> String {
        decimal_text(self.fen, FEN_PER_YUAN)
    }
}

fn decimal_text(fen: i64, per_unit: i64) -> String {
    let int = fen / per_unit;
    let frac = fen % per_unit;
    if frac == 0 {
        return int.to_string();
    }
    let width = per_unit.ilog10() as usize;
    let frac = format!("{frac:0width$}");
    format!("{int}.{}", frac.trim_end_matches('0'))
}

/// Parses a plain non-negative decimal (`126.39`) of a unit worth `per_unit` 分 into 分.
/// `None` when it is not a plain decimal, is negative, or is finer than one unit.
fn parse_scaled(text: &str, per_unit: i64) -> Option<i64> {
    let text = text.trim();
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let width = per_unit.ilog10() as usize;
    let frac = frac.trim_end_matches('0');
    if frac.len() > width {
        return None;
    }
    let int: i64 = int.parse().ok().filter(|i| *i <= super::cell::MAX_FIGURE)?;
    let frac_units: i64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<width$}").parse().ok()?
    };
    int.checked_mul(per_unit)?.checked_add(frac_units)
}

macro_rules! amount_field {
    ($name:ident, $per:expr, $unit:literal, $doc:literal) => {
        #[doc = $doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
        pub struct $name(pub Money);

        impl $name {
            /// Chinese description of what is expected.
            pub const EXPECTING: &'static str =
                concat!("不小于 0 的金额（单位：", $unit, "，最多精确到分）");

            /// Reads a bare number in this field's own unit.
            pub(crate) fn parse_bare(text: &str) -> Cell<Self> {
                match parse_scaled(text, $per) {
                    Some(fen) => Cell::Value($name(Money {
                        fen,
                        written: Written::Bare,
                    })),
                    None => Cell::Invalid(text.to_string()),
                }
            }

            /// Reads `271.53万元` or `7399700元`.
            pub(crate) fn parse_with_unit(text: &str) -> Result<Cell<Self>, String> {
                parse_with_unit(text).map(|m| Cell::Value($name(m)))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
                write!(f, "{}{}", decimal_text(self.0.fen, $per), $unit)
            }
        }
    };
}

amount_field!(
    Wan,
    FEN_PER_WAN,
    "万元",
    "An amount whose bare numbers are in 万元."
);
amount_field!(
    Yuan,
    FEN_PER_YUAN,
    "元",
    "An amount whose bare numbers are in 元."
);

fn parse_with_unit(text: &str) -> Result<Money, String> {
    let t = text.trim();
    let (num, written, per) = if let Some(n) = t.strip_suffix("万元") {
        (n, Written::Wan, FEN_PER_WAN)
    } else if let Some(n) = t.strip_suffix('元') {
        (n, Written::Yuan, FEN_PER_YUAN)
    } else {
        return Err(format!(
            "金额 \"{text}\" 无法识别：请写数字（如 126.39），或带单位写成 \"126.39万元\" / \"1263900元\""
        ));
    };
    let num = num.trim().replace([',', '，'], "");
    match parse_scaled(&num, per) {
        Some(fen) => Ok(Money { fen, written }),
        None => Err(format!(
            "金额 \"{text}\" 无法识别：应为不小于 0 的数字，最多精确到分"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_numbers_use_the_field_unit() {
        assert_eq!(
            Wan::parse_bare("126.39"),
            Cell::Value(Wan(Money {
                fen: 126_390_000,
                written: Written::Bare
            }))
        );
        assert_eq!(
            Yuan::parse_bare("12.5"),
            Cell::Value(Yuan(Money {
                fen: 1250,
                written: Written::Bare
            }))
        );
        assert_eq!(Yuan::parse_bare("0.001"), Cell::Invalid("0.001".into()));
        assert_eq!(Wan::parse_bare("-1"), Cell::Invalid("-1".into()));
    }

    #[test]
    fn units_are_converted_exactly() {
        let m = parse_with_unit("7399700元").unwrap();
        assert_eq!(
            (m.wan_text(), m.written),
            ("739.97".to_string(), Written::Yuan)
        );
        let m = parse_with_unit(" 271.53 万元 ").unwrap();
        assert_eq!(
            (m.yuan_text(), m.written),
            ("2715300".to_string(), Written::Wan)
        );
        assert!(parse_with_unit("271.53").is_err());
        assert!(parse_with_unit("abc元").is_err());
    }

    #[test]
    fn decimal_text_trims_zeros() {
        assert_eq!(decimal_text(126_390_000, FEN_PER_WAN), "126.39");
        assert_eq!(decimal_text(0, FEN_PER_WAN), "0");
        assert_eq!(decimal_text(5, FEN_PER_YUAN), "0.05");
    }
}
