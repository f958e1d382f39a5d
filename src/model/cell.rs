//! Table cells as a clerk writes them: a value, an explicit blank (`""`), a value the
//! template does not allow (kept so the checker can locate it), or nothing at all.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::money::{Wan, Yuan};

/// One cell of a statistics table.
///
/// A blank cell is not a zero: published reports leave cells empty, and the checker
/// reports every blank (`CELL-BLANK`) while counting it as 0 in the arithmetic.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Cell<T> {
    /// The key or array position is absent from the file (reported by `T-SHAPE`).
    #[default]
    Missing,
    /// Written as `""`: a blank cell as in many published reports (reported by `CELL-BLANK`).
    Blank,
    /// A value the template allows.
    Value(T),
    /// A number the template does not allow here, as written (e.g. `-3`, `1.5`);
    /// reported by the table's `*-INT` rule.
    Invalid(String),
}

impl<T: Copy + Default> Cell<T> {
    /// The value used in the arithmetic: blank, missing and invalid cells count as zero.
    pub fn get(&self) -> T {
        match self {
            Cell::Value(v) => *v,
            _ => T::default(),
        }
    }
}

impl<T> Cell<T> {
    /// Whether the cell holds a usable value.
    pub fn is_value(&self) -> bool {
        matches!(self, Cell::Value(_))
    }
}

/// What a cell may hold, and how a written TOML value becomes one.
pub trait CellValue: Sized {
    /// Chinese description of what is expected, used in type errors.
    const EXPECTING: &'static str;
    /// JSON Schema of the accepted values (without the blank string).
    fn value_schema() -> serde_json::Value;
    /// A TOML integer.
    fn from_int(v: i64) -> Cell<Self>;
    /// A TOML float.
    fn from_float(v: f64) -> Cell<Self>;
    /// A non-blank TOML string; `Err` is a Chinese explanation (a load error, exit 2).
    fn from_text(s: &str) -> Result<Cell<Self>, String>;
}

/// The largest figure a cell may hold (10 亿). No office's yearly count or amount comes near
/// it, and every sum of a table's cells stays far inside the integer range, so a mistyped
/// 9223372036854775807 is reported instead of wrapping the arithmetic.
pub const MAX_FIGURE: i64 = 1_000_000_000;

/// Counts: integers ≥ 0.
impl CellValue for u64 {
    const EXPECTING: &'static str = "不小于 0 的整数";
    fn value_schema() -> serde_json::Value {
        serde_json::json!({ "type": "integer", "minimum": 0 })
    }
    fn from_int(v: i64) -> Cell<Self> {
        match u64::try_from(v) {
            Ok(u) if v <= MAX_FIGURE => Cell::Value(u),
            _ => Cell::Invalid(v.to_string()),
        }
    }
    fn from_float(v: f64) -> Cell<Self> {
        Cell::Invalid(float_text(v))
    }
    fn from_text(s: &str) -> Result<Cell<Self>, String> {
        Err(number_in_text_hint(s, Self::EXPECTING))
    }
}

/// Signed changes (`本年增/减` of the 2019 edition).
impl CellValue for i64 {
    const EXPECTING: &'static str = "整数（可为负数）";
    fn value_schema() -> serde_json::Value {
        serde_json::json!({ "type": "integer" })
    }
    fn from_int(v: i64) -> Cell<Self> {
        if v.abs() <= MAX_FIGURE {
            Cell::Value(v)
        } else {
            Cell::Invalid(v.to_string())
        }
    }
    fn from_float(v: f64) -> Cell<Self> {
        Cell::Invalid(float_text(v))
    }
    fn from_text(s: &str) -> Result<Cell<Self>, String> {
        Err(number_in_text_hint(s, Self::EXPECTING))
    }
}

macro_rules! money_cell {
    ($ty:ty) => {
        impl CellValue for $ty {
            const EXPECTING: &'static str = <$ty>::EXPECTING;
            fn value_schema() -> serde_json::Value {
                serde_json::json!({
                    "anyOf": [
                        { "type": "number", "minimum": 0 },
                        { "type": "string", "pattern": "^\\s*[0-9]+(\\.[0-9]+)?\\s*(万元|元)\\s*$" }
                    ]
                })
            }
            fn from_int(v: i64) -> Cell<Self> {
                <$ty>::parse_bare(&v.to_string())
            }
            fn from_float(v: f64) -> Cell<Self> {
                <$ty>::parse_bare(&float_text(v))
            }
            fn from_text(s: &str) -> Result<Cell<Self>, String> {
                <$ty>::parse_with_unit(s)
            }
        }
    };
}
money_cell!(Wan);
money_cell!(Yuan);

/// Shortest text that reads back as `v` (what the clerk typed, for every literal a person writes).
pub(crate) fn float_text(v: f64) -> String {
    let s = format!("{v}");
    if v.is_finite() && !s.contains('.') && !s.contains('e') {
        format!("{s}.0")
    } else {
        s
    }
}

/// Half-width form of a number a clerk typed with full-width digits or a Chinese minus sign.
pub(crate) fn half_width_number(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '－' | '—' | '−' => '-',
            '．' => '.',
            c => c,
        })
        .collect()
}

fn number_in_text_hint(s: &str, expecting: &str) -> String {
    let half = half_width_number(s.trim());
    let bare = half
        .trim_end_matches(['件', '条', '个', '项', '次', '份', '起', '宗'])
        .trim();
    let full_width = half != s.trim();
    let number = bare.parse::<i64>().ok();
    let written = format!("此处应为{expecting}，但写成了文字 \"{s}\"");
    match number {
        Some(n) if n < 0 && !expecting.contains("负数") => {
            format!("{written}，而且是负数：这里的数不能小于 0；请写成不带引号的数，如 0")
        }
        Some(n) if full_width => {
            format!("{written}（用了全角数字或全角负号）；请去掉引号，用半角写成 {n}")
        }
        Some(n) => format!("{written}；请去掉引号和单位，写成 {n}"),
        None => format!("{written}；空白单元格请写 \"\"，否则请填写数字"),
    }
}

/// How published tables write an empty cell: nothing, or a slash or dash standing for "none".
const BLANK_MARKS: [&str; 8] = ["/", "／", "-", "－", "—", "——", "–", "\\"];

/// Whether a written cell is blank: `""`, spaces, or one of [`BLANK_MARKS`] (real tables copied
/// from portals write "none" as `/` or `—`). Such a cell is a [`Cell::Blank`], reported by
/// `CELL-BLANK` like any blank, never an unreadable file.
pub fn is_blank_text(s: &str) -> bool {
    let t = s.trim();
    t.is_empty() || BLANK_MARKS.contains(&t)
}

impl<'de, T: CellValue> Deserialize<'de> for Cell<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CellVisitor<T>(PhantomData<T>);
        impl<T: CellValue> Visitor<'_> for CellVisitor<T> {
            type Value = Cell<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(T::EXPECTING)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Cell<T>, E> {
                Ok(T::from_int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Cell<T>, E> {
                match i64::try_from(v) {
                    Ok(v) => Ok(T::from_int(v)),
                    Err(_) => Ok(Cell::Invalid(v.to_string())),
                }
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Cell<T>, E> {
                Ok(T::from_float(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Cell<T>, E> {
                if is_blank_text(v) {
                    Ok(Cell::Blank)
                } else {
                    T::from_text(v).map_err(E::custom)
                }
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Cell<T>, E> {
                Err(E::custom(format!(
                    "此处应为{}，但写成了 {v}；请填写数字",
                    T::EXPECTING
                )))
            }
        }
        deserializer.deserialize_any(CellVisitor(PhantomData))
    }
}

impl<T: CellValue + fmt::Display> Serialize for Cell<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Missing | Cell::Blank => s.serialize_str(""),
            Cell::Value(v) => s.serialize_str(&v.to_string()),
            Cell::Invalid(raw) => s.serialize_str(raw),
        }
    }
}

impl<T: CellValue> JsonSchema for Cell<T> {
    fn schema_name() -> Cow<'static, str> {
        Cow::Owned(format!(
            "Cell_{}",
            std::any::type_name::<T>()
                .rsplit("::")
                .next()
                .unwrap_or("T")
        ))
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": format!("{}；空白单元格写 \"\"（也可照原表写 \"/\" 或 \"—\"；检查时会提示补填 0）", T::EXPECTING),
            "anyOf": [
                T::value_schema(),
                { "type": "string", "pattern": "^\\s*(|/|／|-|－|—|——|–|\\\\)\\s*$" }
            ]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Probe<T: CellValue> {
        #[serde(default)]
        v: Cell<T>,
    }

    fn count(src: &str) -> Result<Cell<u64>, String> {
        toml::from_str::<Probe<u64>>(src)
            .map(|p| p.v)
            .map_err(|e| e.message().to_string())
    }

    #[test]
    fn counts_blank_missing_and_invalid() {
        assert_eq!(count("v = 8").unwrap(), Cell::Value(8));
        assert_eq!(count("v = \"\"").unwrap(), Cell::Blank);
        assert_eq!(count("").unwrap(), Cell::Missing);
        assert_eq!(count("v = -3").unwrap(), Cell::Invalid("-3".into()));
        assert_eq!(count("v = 1.5").unwrap(), Cell::Invalid("1.5".into()));
        assert_eq!(count("v = 8.0").unwrap(), Cell::Invalid("8.0".into()));
        let err = count("v = \"8件\"").unwrap_err();
        assert!(err.contains("写成 8"), "{err}");
        assert!(count("v = \"abc\"").unwrap_err().contains("空白单元格"));
    }

    /// Slashes and dashes are how published tables write "none": a blank cell, not an error.
    #[test]
    fn slashes_and_dashes_are_blank() {
        for mark in ["/", " / ", "／", "-", "－", "—", "——", "–"] {
            assert_eq!(
                count(&format!("v = \"{mark}\"")).unwrap(),
                Cell::Blank,
                "{mark}"
            );
        }
        assert_eq!(count("v = '\\'").unwrap(), Cell::Blank);
        assert!(count("v = \"-3\"").is_err());
        assert!(count("v = \"//\"").is_err());
        #[derive(Deserialize)]
        struct WanProbe {
            v: Cell<Wan>,
        }
        let p: WanProbe = toml::from_str("v = \"—\"").unwrap();
        assert_eq!(p.v, Cell::Blank);
    }

    #[test]
    fn signed_delta() {
        let p: Probe<i64> = toml::from_str("v = -4").unwrap();
        assert_eq!(p.v, Cell::Value(-4));
    }

    #[test]
    fn blank_counts_as_zero() {
        assert_eq!(Cell::<u64>::Blank.get(), 0);
        assert_eq!(Cell::Value(5u64).get(), 5);
    }
}
