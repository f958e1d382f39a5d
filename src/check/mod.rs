//! The rule engine: every rule of docs/spec/rules.md §6 that applies to a data file, in one list, each
//! with a stable ID, a severity, a title and an explanation. Findings are data.

mod blank;
mod chars;
mod cross;
mod figures;
mod meta;

mod numbers;
mod numeral;
mod slice;
mod tables;
mod text;

#[cfg(test)]
pub(crate) mod testing;

use crate::diag::{Diagnostic, Severity};
use crate::model::Report;

/// What a rule sees.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    /// The report being checked.
    pub report: &'a Report,
    /// Last year's report, for the cross-year rules.
    pub previous: Option<&'a Report>,
    /// Last year's data file, so cross-year findings can say where last year's figure is.
    pub previous_source: Option<&'a crate::load::source::Source>,
    /// Publication deadline (month, day) from the command line; overrides the file.
    pub deadline: Option<(u32, u32)>,
}

impl<'a> Ctx<'a> {
    /// The context of a report checked by itself: no previous year, the file's deadline.
    pub fn alone(report: &'a Report) -> Ctx<'a> {
        Ctx {
            report,
            previous: None,
            previous_source: None,
            deadline: None,
        }
    }
}

/// One consistency rule.
#[derive(Debug)]
pub struct Rule {
    /// Stable ID from the spec, e.g. `T3-COL-BALANCE`.
    pub id: &'static str,
    /// Default severity of its findings.
    pub severity: Severity,
    /// One-line Chinese title.
    pub title: &'static str,
    /// Longer Chinese explanation for `gxgk check --explain`.
    pub explain: &'static str,
    /// Runs the rule.
    pub run: fn(&Rule, &Ctx) -> Vec<Diagnostic>,
}

impl Rule {
    /// The Chinese label of the rule's default severity.
    pub fn severity_label(&self) -> &'static str {
        self.severity.label()
    }

    /// A finding of this rule with its default severity.
    pub fn diag(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.id, self.severity, message)
    }
}

/// Every rule, in the order findings are reported.
pub static RULES: &[&Rule] = &[
    &meta::EDITION_YEAR,
    &tables::T_SHAPE,
    &tables::T2_INT,
    &tables::T3_INT,
    &tables::T4_INT,
    &tables::CELL_BLANK,
    &tables::T3_ROW_TOTAL,
    &tables::T3_COL_BALANCE,
    &tables::T3_OUTCOME_SUM,
    &tables::T4_GROUP_SUM,
    &numbers::T2_INFORCE_FLOOR,
    &numbers::T2_2019_TOTAL_GE_NEW,
    &numbers::T2_2019_ITEMS_NONNEG,
    &numbers::T2_2019_ITEMS_CONFLATED,
    &numbers::T2_RULES_LEVEL,
    &numbers::UNIT_FEE,
    &numbers::UNIT_PROCUREMENT,
    &meta::DATE_FORMAT,
    &meta::DATE_RANGE,
    &meta::YEAR_FUTURE,
    &meta::SIGNOFF_EMPTY,
    &meta::DEADLINE,
    &meta::TITLE_YEAR,
    &meta::TITLE_FORM,
    &meta::CONTACT,
    &chars::TEXT_CONTROL,
    &chars::TEXT_INVISIBLE,
    &chars::TEXT_GLYPH,
    &text::SEC_MISSING,
    &text::INTRO_PARTS,
    &text::PLACEHOLDER_RULE,
    &text::SUBHEAD_STYLE,
    &text::SUBHEAD_SEQ,
    &text::OVERVIEW_AREAS,
    &text::PERIOD,
    &text::EDITION_CITE,
    &figures::NARRATIVE_FIGURES,
    &figures::NARRATIVE_RESULT,
    &figures::NARRATIVE_SUM,
    &figures::NARRATIVE_LOST,
    &text::FEE_STATEMENT,
    &cross::FEE_T3,
    &cross::X_CARRY,
    &cross::X_INFORCE,
    &cross::X_ITEMS,
];

/// Runs every rule; findings come out in rule order, errors first within equal places.
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    RULES.iter().flat_map(|r| (r.run)(r, ctx)).collect()
}

/// Looks a rule up by ID, ignoring case.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .copied()
        .find(|r| r.id.eq_ignore_ascii_case(id.trim()))
}

/// The IDs of rules that find problems in the file's shape rather than its figures; they
/// are listed by `gxgk check --explain` too.
pub const LOAD_RULES: [(&str, &str); 4] = [
    (
        "TOML-SYNTAX",
        "TOML 写法错误（引号、括号、逗号等），文件无法读取",
    ),
    ("TOML-KEY", "未知的键或缺少必填的键"),
    ("TOML-TYPE", "值的类型不对，如在应填数字处写了文字"),
    ("ENCODING", "文件不是 UTF-8 编码"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique_and_explained() {
        let mut ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
        ids.sort();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n, "duplicate rule IDs");
        for r in RULES {
            assert!(
                !r.title.is_empty() && r.explain.chars().count() > 20,
                "{}",
                r.id
            );
        }
        assert_eq!(rule("t3-col-balance").map(|r| r.id), Some("T3-COL-BALANCE"));
    }

    #[test]
    fn scaffolds_of_both_editions_have_no_errors_but_placeholders() {
        for year in [2020, 2025] {
            let d = testing::run(year, &[]);
            let errors: Vec<_> = d
                .iter()
                .filter(|d| d.severity == Severity::Error && d.rule != "PLACEHOLDER")
                .collect();
            assert!(errors.is_empty(), "{year}: {errors:#?}");
            // A scaffold is not a report: its placeholders stop publication.
            assert!(
                d.iter()
                    .any(|d| d.rule == "PLACEHOLDER" && d.severity == Severity::Error)
            );
        }
    }
}
