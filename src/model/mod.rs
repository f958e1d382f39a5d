//! The report as data: plain serde types for both editions of the national format.
//! No I/O and no formatting here; `load` builds a [`Report`], `check` and `view` read it.

mod agency;
pub mod cell;
pub mod date;
pub mod figures;
pub mod money;
pub mod t2;
pub mod tables;

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use agency::{Agency, Contact, Level, full_name};
pub use cell::Cell;
pub use date::DateField;
pub use money::{Money, Wan, Written, Yuan};
pub use t2::{
    ChargeAmount, ChargeItems2019, Decisions, Docs2019, Docs2021, Items2019, Procurement2019,
    T2Row, T2v2019, T2v2021,
};
pub use tables::*;

/// An edition of the national format (docs/spec/editions.md §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub enum Edition {
    /// 国办公开办函〔2019〕60号, for reporting years 2019–2020.
    E2019,
    /// 国办公开办函〔2021〕30号, for reporting years 2021 onward.
    E2021,
}

impl Edition {
    /// The edition the national rule assigns to a reporting year (docs/spec/editions.md §1).
    pub fn for_year(year: i64) -> Edition {
        if year <= 2020 {
            Edition::E2019
        } else {
            Edition::E2021
        }
    }
    /// The year that names the edition (2019 or 2021).
    pub fn number(self) -> i64 {
        match self {
            Edition::E2019 => 2019,
            Edition::E2021 => 2021,
        }
    }
    /// The notice that issued the edition.
    pub fn notice(self) -> &'static str {
        match self {
            Edition::E2019 => "国办公开办函〔2019〕60号",
            Edition::E2021 => "国办公开办函〔2021〕30号",
        }
    }
}

impl fmt::Display for Edition {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}版", self.number())
    }
}

impl TryFrom<i64> for Edition {
    type Error = String;
    fn try_from(v: i64) -> Result<Self, String> {
        match v {
            2019 => Ok(Edition::E2019),
            2021 => Ok(Edition::E2021),
            _ => Err(format!(
                "表格版本只能是 2019（适用于 2019—2020 年度）或 2021（适用于 2021 年度起），不能是 {v}"
            )),
        }
    }
}

impl From<Edition> for i64 {
    fn from(e: Edition) -> i64 {
        e.number()
    }
}

impl JsonSchema for Edition {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Edition".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "表格版本：2019（国办公开办函〔2019〕60号，2019—2020 年度）或 2021（国办公开办函〔2021〕30号，2021 年度起）",
            "enum": [2019, 2021]
        })
    }
}

/// The marker `gxgk new` puts in narrative text still to be written (rule `PLACEHOLDER`).
pub const PLACEHOLDER: &str = "【待填写】";

/// Publication details: 成文日期, signatory, deadline.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Publication {
    /// 成文日期，写成 2026-01-20（或 "2026年1月20日"）
    #[serde(default)]
    pub date: DateField,
    /// 落款机关（可选），默认与机关全称相同
    pub signatory: Option<String>,
    /// 发布期限（可选），写成 "01-31"；县级以上人民政府本级报告默认 "03-31"，其他默认 "01-31"
    pub deadline: Option<String>,
    /// 标题（可选）：默认自动生成“机关全称+年度+年政府信息公开工作年度报告”，一般不要填写
    pub title: Option<String>,
}

/// A narrative section: lead text and ordered parts whose （一）（二） numbering is generated.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Narrative {
    /// 正文（段落之间空一行）；在各小标题之前
    #[serde(default)]
    pub text: String,
    /// 分部分叙述：每部分一个小标题和正文，（一）（二）编号自动生成，不要手写
    #[serde(default)]
    pub parts: Vec<Part>,
}

/// One part of a narrative section.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Part {
    /// 小标题，不带编号，如“主动公开”（编号（一）（二）自动生成）
    #[serde(default)]
    pub heading: String,
    /// 正文（段落之间空一行）；三级标题可在段首手写“1.”“2.”
    #[serde(default)]
    pub text: String,
}

impl Narrative {
    /// Whether the section has no text at all.
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
            && self
                .parts
                .iter()
                .all(|p| p.heading.trim().is_empty() && p.text.trim().is_empty())
    }
}

/// 信息处理费 figures that section 六 must state (2021 edition, 国办函〔2020〕109号).
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InfoFees {
    /// 本年发出收费通知的件数
    #[serde(default)]
    pub notices_issued: Cell<u64>,
    /// 收费通知的总金额（单位：元）
    #[serde(default)]
    pub notices_amount_yuan: Cell<Yuan>,
    /// 实际收取的总金额（单位：元）
    #[serde(default)]
    pub collected_yuan: Cell<Yuan>,
}

/// Section 六: narrative plus, for the 2021 edition, the 信息处理费 figures.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OtherMatters {
    /// 正文；没有其他事项时写“无。”
    #[serde(default)]
    pub text: String,
    /// 分部分叙述（可选），编号自动生成
    #[serde(default)]
    pub parts: Vec<Part>,
    /// 信息处理费情况（2021 版）：填这三个数，gxgk 据此写出一句；或在 text 里自己写一句说明
    #[serde(rename = "fees")]
    pub info_fees: Option<InfoFees>,
}

impl OtherMatters {
    /// The narrative part of section 六.
    pub fn narrative(&self) -> Narrative {
        Narrative {
            text: self.text.clone(),
            parts: self.parts.clone(),
        }
    }
}

/// One of the six sections of the report, in the order the template fixes (docs/spec/structure.md §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SectionDef {
    /// The key of the section's data in the file (`overview`, `t2`, …).
    pub key: &'static str,
    /// The official heading with its number, e.g. `一、总体情况`.
    pub heading: &'static str,
    /// The table the section holds (`表二`…), or `None` for a narrative section.
    pub table: Option<&'static str>,
}

impl SectionDef {
    /// The heading without its number, e.g. `总体情况`.
    pub fn title(&self) -> &'static str {
        self.heading.split_once('、').map_or(self.heading, |h| h.1)
    }
}

/// The six sections of the report, defined once: file keys, headings and tables (docs/spec/structure.md §2).
pub const SECTIONS: [SectionDef; 6] = [
    SectionDef {
        key: "overview",
        heading: "一、总体情况",
        table: None,
    },
    SectionDef {
        key: "t2",
        heading: "二、主动公开政府信息情况",
        table: Some("表二"),
    },
    SectionDef {
        key: "t3",
        heading: "三、收到和处理政府信息公开申请情况",
        table: Some("表三"),
    },
    SectionDef {
        key: "t4",
        heading: "四、政府信息公开行政复议、行政诉讼情况",
        table: Some("表四"),
    },
    SectionDef {
        key: "problems",
        heading: "五、存在的主要问题及改进情况",
        table: None,
    },
    SectionDef {
        key: "other_matters",
        heading: "六、其他需要报告的事项",
        table: None,
    },
];

/// The section whose data lives under `key`.
pub fn section(key: &str) -> &'static SectionDef {
    SECTIONS
        .iter()
        .find(|s| s.key == key)
        .unwrap_or_else(|| panic!("no section {key}"))
}

/// The data file as written, generic over the edition's table 二 and table 三 （六） part.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportFile<T2, O> {
    /// 报告年度，如 2025（统计期限为该年 1 月 1 日至 12 月 31 日）
    pub year: i64,
    /// 表格版本：2019 或 2021（2019—2020 年度用 2019 版，2021 年度起用 2021 版）；不写则按年度确定
    pub edition: Option<Edition>,
    /// 报告开头的说明段（可选）：编制依据、下载地址等；统计期限一句会自动生成
    #[serde(default)]
    pub intro: String,
    /// 报告机关
    pub agency: Agency,
    /// 成文日期与落款
    #[serde(default)]
    pub publication: Publication,
    /// 一、总体情况
    #[serde(default)]
    pub overview: Narrative,
    /// 二、主动公开政府信息情况
    pub t2: Option<T2>,
    /// 三、收到和处理政府信息公开申请情况
    pub t3: Option<T3<O>>,
    /// 四、政府信息公开行政复议、行政诉讼情况
    pub t4: Option<T4>,
    /// 五、存在的主要问题及改进情况
    #[serde(default)]
    pub problems: Narrative,
    /// 六、其他需要报告的事项
    #[serde(default)]
    pub other_matters: OtherMatters,
}

/// The tables of one edition, typed.
// Built once per report; boxing the larger variant would only add noise.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Tables {
    /// 2019 edition tables.
    E2019 {
        /// Table 二.
        t2: Option<T2v2019>,
        /// Table 三.
        t3: Option<T3<Row>>,
    },
    /// 2021 edition tables.
    E2021 {
        /// Table 二.
        t2: Option<T2v2021>,
        /// Table 三.
        t3: Option<T3<Other2021>>,
    },
}

impl Tables {
    /// The edition whose shape the tables have.
    pub fn edition(&self) -> Edition {
        match self {
            Tables::E2019 { .. } => Edition::E2019,
            Tables::E2021 { .. } => Edition::E2021,
        }
    }
    /// Every row of table 三 in template order (empty when the table is absent).
    pub fn t3_rows(&self) -> Vec<RowEntry<'_>> {
        match self {
            Tables::E2019 { t3: Some(t3), .. } => t3.rows(),
            Tables::E2021 { t3: Some(t3), .. } => t3.rows(),
            _ => Vec::new(),
        }
    }
    /// Whether table 三 is written.
    pub fn has_t3(&self) -> bool {
        matches!(
            self,
            Tables::E2019 { t3: Some(_), .. } | Tables::E2021 { t3: Some(_), .. }
        )
    }
    /// Every row of table 二 in template order (`None` when the table is absent).
    pub fn t2_rows(&self) -> Option<Vec<T2Row<'_>>> {
        match self {
            Tables::E2019 { t2, .. } => t2.as_ref().map(|t| t.rows()),
            Tables::E2021 { t2, .. } => t2.as_ref().map(|t| t.rows()),
        }
    }
}

/// A loaded report: metadata, narrative and the tables of its edition.
#[derive(Debug, Clone)]
pub struct Report {
    /// Reporting year.
    pub year: i64,
    /// The edition as written in the file, if it was.
    pub declared_edition: Option<Edition>,
    /// Lead paragraph.
    pub intro: String,
    /// The agency.
    pub agency: Agency,
    /// Publication details.
    pub publication: Publication,
    /// 一、总体情况
    pub overview: Narrative,
    /// Tables 二 and 三, typed by edition.
    pub tables: Tables,
    /// Table 四.
    pub t4: Option<T4>,
    /// 五、存在的主要问题及改进情况
    pub problems: Narrative,
    /// 六、其他需要报告的事项
    pub other_matters: OtherMatters,
}

impl<T2, O> ReportFile<T2, O> {
    /// Turns the file form into the model, wrapping the tables as `tables` says.
    pub fn into_report(self, tables: impl FnOnce(Option<T2>, Option<T3<O>>) -> Tables) -> Report {
        Report {
            year: self.year,
            declared_edition: self.edition,
            intro: self.intro,
            agency: self.agency,
            publication: self.publication,
            overview: self.overview,
            tables: tables(self.t2, self.t3),
            t4: self.t4,
            problems: self.problems,
            other_matters: self.other_matters,
        }
    }
}

impl Report {
    /// The edition the tables are written in.
    pub fn edition(&self) -> Edition {
        self.tables.edition()
    }
    /// The title: `{机关全称}{YYYY}年政府信息公开工作年度报告`, or the override.
    pub fn title(&self) -> String {
        self.publication
            .title
            .clone()
            .unwrap_or_else(|| self.standard_title())
    }
    /// The conventional title (docs/spec/structure.md §2).
    pub fn standard_title(&self) -> String {
        format!(
            "{}{}年政府信息公开工作年度报告",
            self.agency.name.trim(),
            self.year
        )
    }
    /// The publication deadline (month, day) in force: `given` (the command line), else the
    /// file's `publication.deadline`, else the default of the agency's level (docs/spec/dates.md §7).
    pub fn deadline(&self, given: Option<(u32, u32)>) -> (u32, u32) {
        given
            .or_else(|| {
                self.publication
                    .deadline
                    .as_deref()
                    .and_then(date::parse_month_day)
            })
            .unwrap_or_else(|| self.agency.level.default_deadline())
    }
    /// The signatory of the sign-off block.
    pub fn signatory(&self) -> &str {
        self.publication
            .signatory
            .as_deref()
            .unwrap_or(&self.agency.name)
    }
    /// Every free text the clerk wrote, with its key path (for rules that read all text).
    pub fn texts(&self) -> Vec<(String, &str)> {
        let mut out: Vec<(String, &str)> = vec![
            ("intro".into(), self.intro.as_str()),
            ("agency.name".into(), self.agency.name.as_str()),
        ];
        if let Some(c) = &self.agency.contact {
            for (key, value) in c.fields() {
                if let Some(v) = value {
                    out.push((format!("agency.contact.{key}"), v.as_str()));
                }
            }
        }
        for (key, value) in [
            ("signatory", &self.publication.signatory),
            ("title", &self.publication.title),
        ] {
            if let Some(v) = value {
                out.push((format!("publication.{key}"), v.as_str()));
            }
        }
        let sections: [(&str, &str, &[Part]); 3] = [
            ("overview", &self.overview.text, &self.overview.parts),
            ("problems", &self.problems.text, &self.problems.parts),
            (
                "other_matters",
                &self.other_matters.text,
                &self.other_matters.parts,
            ),
        ];
        for (key, text, parts) in sections {
            out.push((format!("{key}.text"), text));
            for (i, p) in parts.iter().enumerate() {
                out.push((format!("{key}.parts[{i}].heading"), p.heading.as_str()));
                out.push((format!("{key}.parts[{i}].text"), p.text.as_str()));
            }
        }
        out
    }
    /// The narrative sections with their numbers and official headings.
    pub fn narratives(&self) -> [(&'static str, &'static str, Narrative); 3] {
        [
            ("overview", self.overview.clone()),
            ("problems", self.problems.clone()),
            ("other_matters", self.other_matters.narrative()),
        ]
        .map(|(key, n)| (key, section(key).heading, n))
    }
}

/// Schema-only: table 二 of either edition.
#[allow(clippy::large_enum_variant)]
#[derive(Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum AnyT2 {
    /// 2021 版
    E2021(T2v2021),
    /// 2019 版
    E2019(T2v2019),
}

/// Schema-only: （六）其他处理 of either edition.
#[derive(Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum AnyOther {
    /// 2021 版：三行
    E2021(Other2021),
    /// 2019 版：一行
    E2019(Row),
}

/// The data file of either edition, for the JSON Schema.
pub type AnyReportFile = ReportFile<AnyT2, AnyOther>;
