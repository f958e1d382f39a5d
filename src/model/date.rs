//! 成文日期 as written: a TOML date (`2026-01-20`) or Chinese text (`"2026年1月20日"`),
//! kept with what was written so `DATE-FORMAT` can say exactly what is wrong.

use std::fmt;

use chrono::NaiveDate;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

/// Today's date in UTC (the default year of `gxgk new`, a report year not yet begun).
pub fn today() -> NaiveDate {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|t| t.date_naive())
        .unwrap_or_default()
}

/// A date field of the data file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum DateField {
    /// Not written.
    #[default]
    Missing,
    /// A real calendar date.
    Valid {
        /// The date.
        date: NaiveDate,
        /// `Some(reason)` when it was written in a non-standard way (e.g. `2026年01月20日`).
        style: Option<String>,
    },
    /// Not a real date, or not a date at all.
    Invalid {
        /// What was written.
        written: String,
        /// Chinese explanation.
        reason: String,
    },
}

impl DateField {
    /// The date, if it is a real one.
    pub fn date(&self) -> Option<NaiveDate> {
        match self {
            DateField::Valid { date, .. } => Some(*date),
            _ => None,
        }
    }

    /// Reads a TOML local date `YYYY-MM-DD`.
    fn from_toml(text: &str) -> DateField {
        let parts: Vec<&str> = text.split('-').collect();
        let nums: Option<Vec<u32>> = parts.iter().map(|p| p.parse().ok()).collect();
        match nums.as_deref() {
            Some([y, m, d]) if parts.len() == 3 && !text.contains(['T', ' ', ':']) => {
                match NaiveDate::from_ymd_opt(*y as i32, *m, *d) {
                    Some(date) => DateField::Valid { date, style: None },
                    None => DateField::Invalid {
                        written: text.to_string(),
                        reason: format!("{y}年{m}月{d}日不是一个真实的日期"),
                    },
                }
            }
            _ => DateField::Invalid {
                written: text.to_string(),
                reason: "成文日期只需写日期，如 2026-01-20，不要写时间".to_string(),
            },
        }
    }

    /// Reads `YYYY年M月D日` (GB/T 9704: Arabic numerals, full year, no zero padding).
    pub fn from_chinese(text: &str) -> DateField {
        let t = text.trim();
        let invalid = |reason: String| DateField::Invalid {
            written: text.to_string(),
            reason,
        };
        let parsed = (|| {
            let (y, rest) = t.split_once('年')?;
            let (m, rest) = rest.split_once('月')?;
            let d = rest.strip_suffix('日')?;
            let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
            if !(all_digits(y) && all_digits(m) && all_digits(d)) {
                return None;
            }
            Some((y, m, d))
        })();
        let Some((y, m, d)) = parsed else {
            if let Some(date) = t
                .split_once('-')
                .and(NaiveDate::parse_from_str(t, "%Y-%m-%d").ok())
            {
                return DateField::Valid {
                    date,
                    style: Some(format!(
                        "日期写成了文字 \"{t}\"；请去掉引号写成 {date}，或写成 \"{}\"",
                        chinese(date)
                    )),
                };
            }
            return invalid(
                "成文日期应写成 2026-01-20 或 \"2026年1月20日\"（阿拉伯数字、年份写全）"
                    .to_string(),
            );
        };
        if y.len() != 4 {
            return invalid(format!("年份应写全四位，不能写成 \"{y}\""));
        }
        let (yn, mn, dn) = (
            y.parse::<i32>().unwrap_or(0),
            m.parse::<u32>().unwrap_or(0),
            d.parse::<u32>().unwrap_or(0),
        );
        let Some(date) = NaiveDate::from_ymd_opt(yn, mn, dn) else {
            return invalid(format!("{yn}年{mn}月{dn}日不是一个真实的日期"));
        };
        let style = (m.starts_with('0') || d.starts_with('0'))
            .then(|| format!("月、日不应补零：应写“{}”，而不是“{t}”", chinese(date)));
        DateField::Valid { date, style }
    }
}

/// A date as GB/T 9704 writes it: `2026年1月20日`.
pub fn chinese(date: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

impl<'de> Deserialize<'de> for DateField {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = DateField;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("日期，如 2026-01-20")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<DateField, E> {
                Ok(DateField::from_chinese(v))
            }
            // toml hands a datetime over as a one-entry map holding its text.
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<DateField, A::Error> {
                let mut out = None;
                while let Some(key) = map.next_key::<String>()? {
                    let value: toml::value::Datetime = if key == "$__toml_private_datetime" {
                        let text: String = map.next_value()?;
                        text.parse()
                            .map_err(|_| de::Error::custom("日期无法识别"))?
                    } else {
                        return Err(de::Error::custom("成文日期应写成日期，如 2026-01-20"));
                    };
                    out = Some(DateField::from_toml(&value.to_string()));
                }
                out.ok_or_else(|| de::Error::custom("成文日期应写成日期，如 2026-01-20"))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<DateField, E> {
                Err(E::custom(format!(
                    "成文日期应写成日期，如 2026-01-20，而不是数字 {v}"
                )))
            }
        }
        deserializer.deserialize_any(V)
    }
}

impl JsonSchema for DateField {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DateField".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "日期：写成 2026-01-20（TOML 日期）或 \"2026年1月20日\"",
            "anyOf": [
                { "type": "string", "format": "date" },
                { "type": "string", "pattern": "^[0-9]{4}年[1-9][0-9]?月[1-9][0-9]?日$" }
            ]
        })
    }
}

/// Parses a deadline a clerk writes: `MM-DD` (also `M-D`), `M月D日`, or `M月底` / `M月末` (the
/// last day of that month), into a month and day that exist in a leap year. A 29 February
/// deadline means the last day of February in other years.
pub fn parse_month_day(s: &str) -> Option<(u32, u32)> {
    let s = s.trim();
    if let Some(m) = s
        .strip_suffix("月底")
        .or_else(|| s.strip_suffix("月末"))
        .or_else(|| s.strip_suffix("月月底"))
    {
        let m: u32 = m.trim().parse().ok()?;
        let last = (28..=31)
            .rev()
            .find(|d| NaiveDate::from_ymd_opt(2024, m, *d).is_some())?;
        return Some((m, last));
    }
    let (m, d) = s
        .split_once('-')
        .or_else(|| s.strip_suffix('日').and_then(|x| x.split_once('月')))?;
    let (m, d) = (m.trim().parse().ok()?, d.trim().parse().ok()?);
    NaiveDate::from_ymd_opt(2024, m, d).map(|_| (m, d))
}

/// The date of a (month, day) deadline in `year`; 29 February becomes the 28th in other years.
pub fn deadline_date(year: i32, (m, d): (u32, u32)) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, m, d).or_else(|| NaiveDate::from_ymd_opt(year, m, d - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct P {
        d: DateField,
    }
    fn parse(src: &str) -> DateField {
        toml::from_str::<P>(src).unwrap().d
    }
    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn toml_dates() {
        assert_eq!(
            parse("d = 2026-01-20"),
            DateField::Valid {
                date: ymd(2026, 1, 20),
                style: None
            }
        );
        // toml itself rejects impossible dates: that is a load error, located by the parser.
        assert!(toml::from_str::<P>("d = 2026-02-30").is_err());
        assert!(matches!(
            parse("d = 2026-01-20T10:00:00"),
            DateField::Invalid { .. }
        ));
    }

    #[test]
    fn chinese_dates() {
        assert_eq!(
            parse("d = \"2026年1月20日\""),
            DateField::Valid {
                date: ymd(2026, 1, 20),
                style: None
            }
        );
        match parse("d = \"2026年01月20日\"") {
            DateField::Valid { style: Some(s), .. } => assert!(s.contains("2026年1月20日"), "{s}"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            parse("d = \"26年1月20日\""),
            DateField::Invalid { .. }
        ));
        assert!(matches!(
            parse("d = \"2026年2月30日\""),
            DateField::Invalid { .. }
        ));
        assert!(matches!(
            parse("d = \"明年一月\""),
            DateField::Invalid { .. }
        ));
        assert_eq!(chinese(ymd(2026, 1, 5)), "2026年1月5日");
    }

    #[test]
    fn deadline_forms() {
        assert_eq!(parse_month_day("02-20"), Some((2, 20)));
        assert_eq!(parse_month_day("2月20日"), Some((2, 20)));
        assert_eq!(parse_month_day("2月底"), Some((2, 29)));
        assert_eq!(parse_month_day("4月末"), Some((4, 30)));
        assert_eq!(parse_month_day("02-30"), None);
        assert_eq!(parse_month_day("二月底"), None);
        assert_eq!(
            deadline_date(2026, (2, 29)),
            NaiveDate::from_ymd_opt(2026, 2, 28)
        );
    }
}
