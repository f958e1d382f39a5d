//! The three statistics tables of both editions (docs/spec/tables.md §3–§5): typed models, the official
//! row and column labels in template order, and a uniform walk over every cell.

use schemars::JsonSchema;
use serde::Deserialize;

use super::cell::Cell;
use super::money::{Wan, Yuan};

/// A borrowed cell of any kind, so rules can treat every table the same way.
#[derive(Debug, Clone, Copy)]
pub enum AnyCell<'a> {
    /// A count (integer ≥ 0).
    Count(&'a Cell<u64>),
    /// A signed change (2019 `本年增/减`).
    Signed(&'a Cell<i64>),
    /// An amount in 万元.
    Wan(&'a Cell<Wan>),
    /// An amount in 元.
    Yuan(&'a Cell<Yuan>),
}

impl AnyCell<'_> {
    /// Whether the cell is absent from the file.
    pub fn is_missing(&self) -> bool {
        match self {
            AnyCell::Count(c) => matches!(c, Cell::Missing),
            AnyCell::Signed(c) => matches!(c, Cell::Missing),
            AnyCell::Wan(c) => matches!(c, Cell::Missing),
            AnyCell::Yuan(c) => matches!(c, Cell::Missing),
        }
    }
    /// Whether the cell was written as `""`.
    pub fn is_blank(&self) -> bool {
        match self {
            AnyCell::Count(c) => matches!(c, Cell::Blank),
            AnyCell::Signed(c) => matches!(c, Cell::Blank),
            AnyCell::Wan(c) => matches!(c, Cell::Blank),
            AnyCell::Yuan(c) => matches!(c, Cell::Blank),
        }
    }
    /// The written text of a value the template does not allow here.
    pub fn invalid(&self) -> Option<&str> {
        match self {
            AnyCell::Count(Cell::Invalid(s))
            | AnyCell::Signed(Cell::Invalid(s))
            | AnyCell::Wan(Cell::Invalid(s))
            | AnyCell::Yuan(Cell::Invalid(s)) => Some(s),
            _ => None,
        }
    }
}

/// One cell with where it lives: its key path and its labels in the template.
#[derive(Debug, Clone)]
pub struct CellRef<'a> {
    /// Key path in the data file, e.g. `t3.granted[0]` or `t2.rules.issued`.
    pub path: String,
    /// Human label of the row (template wording).
    pub row: &'static str,
    /// Human label of the column (template wording).
    pub col: &'static str,
    /// The cell itself.
    pub cell: AnyCell<'a>,
}

// ---------------------------------------------------------------- table 三

/// The applicant columns of table 三, in template order: six categories, then 总计.
pub const T3_COLUMNS: [&str; 7] = [
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
];

/// The applicant columns as a clerk names them in messages (`法人或其他组织·其他`).
pub const T3_COLUMN_NAMES: [&str; 7] = [
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "法人或其他组织·其他",
    "总计",
];

/// Index of the 总计 column.
pub const TOTAL_COL: usize = 6;

/// One line of table 三: six applicant columns and an optional 总计.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(transparent)]
#[schemars(
    description = "一行数据：按模板顺序填 6 个申请人类别（自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他），可再填第 7 个数“总计”供交叉核对"
)]
pub struct Row(#[schemars(length(min = 6, max = 7))] pub Vec<Cell<u64>>);

static MISSING_COUNT: Cell<u64> = Cell::Missing;

impl Row {
    /// The cell in column `i` (0–6); a position beyond the written array is `Missing`.
    pub fn cell(&self, i: usize) -> &Cell<u64> {
        self.0.get(i).unwrap_or(&MISSING_COUNT)
    }
    /// Sum of the six applicant columns (blank and invalid cells count as 0).
    pub fn computed_total(&self) -> u64 {
        (0..TOTAL_COL).map(|i| self.cell(i).get()).sum()
    }
    /// The 总计 as written, if the row has a seventh value.
    pub fn written_total(&self) -> Option<&Cell<u64>> {
        self.0.get(TOTAL_COL)
    }
    /// Whether the row has the template's shape: 6 values, or 7 with 总计 (T-SHAPE).
    pub fn well_formed(&self) -> bool {
        matches!(self.0.len(), 6 | 7)
    }
    /// Whether column `i` can enter the arithmetic: no invalid value in it (T3-INT reports
    /// those); for the 总计 column, none in the six applicant columns or the written 总计.
    pub fn known(&self, i: usize) -> bool {
        let ok = |c: &Cell<u64>| !matches!(c, Cell::Invalid(_));
        if i == TOTAL_COL {
            (0..=TOTAL_COL).all(|j| ok(self.cell(j)))
        } else {
            ok(self.cell(i))
        }
    }
    /// Whether a written 总计 disagrees with the six applicant columns (T3-ROW-TOTAL).
    pub fn total_disagrees(&self) -> bool {
        matches!(self.written_total(), Some(Cell::Value(v)) if *v != self.computed_total())
    }
    /// Value of column `i` for the arithmetic; the 总计 column falls back to the computed sum.
    pub fn value(&self, i: usize) -> u64 {
        if i == TOTAL_COL {
            match self.written_total() {
                Some(c @ Cell::Value(_)) => c.get(),
                _ => self.computed_total(),
            }
        } else {
            self.cell(i).get()
        }
    }
}

/// Where a row of table 三 sits in the template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// 一、本年新收 (`new`).
    New,
    /// 二、上年结转 (`carried_in`).
    CarriedIn,
    /// A leaf outcome row under 三、本年度办理结果; these add up to （七）总计.
    Outcome,
    /// （七）总计 (`total`).
    Total,
    /// 四、结转下年度继续办理 (`carried_out`).
    CarriedOut,
}

/// A row of table 三 as the template defines it.
#[derive(Debug, Clone, Copy)]
pub struct RowSpec {
    /// Key path below `t3`, e.g. `withheld.state_secret`.
    pub key: &'static str,
    /// The group heading in column 2 when the row is one of several (`（三）不予公开`).
    pub group: Option<&'static str>,
    /// The exact template label of the row.
    pub label: &'static str,
    /// Its role in the arithmetic.
    pub kind: RowKind,
}

const fn spec(
    key: &'static str,
    group: Option<&'static str>,
    label: &'static str,
    kind: RowKind,
) -> RowSpec {
    RowSpec {
        key,
        group,
        label,
        kind,
    }
}

use RowKind::*;
const WITHHELD: Option<&str> = Some("（三）不予公开");
const UNABLE: Option<&str> = Some("（四）无法提供");
const NOT_PROCESSED: Option<&str> = Some("（五）不予处理");
const OTHER6: Option<&str> = Some("（六）其他处理");

/// Rows of table 三 before （六）, identical in both editions.
pub const T3_ROWS_BEFORE_OTHER: [RowSpec; 20] = [
    spec("new", None, "一、本年新收政府信息公开申请数量", New),
    spec(
        "carried_in",
        None,
        "二、上年结转政府信息公开申请数量",
        CarriedIn,
    ),
    spec("granted", None, "（一）予以公开", Outcome),
    spec(
        "partial",
        None,
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        Outcome,
    ),
    spec("withheld.state_secret", WITHHELD, "1.属于国家秘密", Outcome),
    spec(
        "withheld.law_prohibited",
        WITHHELD,
        "2.其他法律行政法规禁止公开",
        Outcome,
    ),
    spec(
        "withheld.three_safety",
        WITHHELD,
        "3.危及“三安全一稳定”",
        Outcome,
    ),
    spec(
        "withheld.third_party",
        WITHHELD,
        "4.保护第三方合法权益",
        Outcome,
    ),
    spec(
        "withheld.internal",
        WITHHELD,
        "5.属于三类内部事务信息",
        Outcome,
    ),
    spec(
        "withheld.process",
        WITHHELD,
        "6.属于四类过程性信息",
        Outcome,
    ),
    spec(
        "withheld.enforcement_file",
        WITHHELD,
        "7.属于行政执法案卷",
        Outcome,
    ),
    spec(
        "withheld.query_matter",
        WITHHELD,
        "8.属于行政查询事项",
        Outcome,
    ),
    spec(
        "unable.not_held",
        UNABLE,
        "1.本机关不掌握相关政府信息",
        Outcome,
    ),
    spec(
        "unable.need_create",
        UNABLE,
        "2.没有现成信息需要另行制作",
        Outcome,
    ),
    spec(
        "unable.unclear",
        UNABLE,
        "3.补正后申请内容仍不明确",
        Outcome,
    ),
    spec(
        "not_processed.petition",
        NOT_PROCESSED,
        "1.信访举报投诉类申请",
        Outcome,
    ),
    spec("not_processed.repeat", NOT_PROCESSED, "2.重复申请", Outcome),
    spec(
        "not_processed.publication",
        NOT_PROCESSED,
        "3.要求提供公开出版物",
        Outcome,
    ),
    spec(
        "not_processed.excessive",
        NOT_PROCESSED,
        "4.无正当理由大量反复申请",
        Outcome,
    ),
    spec(
        "not_processed.confirm",
        NOT_PROCESSED,
        "5.要求行政机关确认或重新出具已获取信息",
        Outcome,
    ),
];

/// （六） in the 2019 edition: one row.
pub const T3_OTHER_2019: [RowSpec; 1] = [spec("other", None, "（六）其他处理", Outcome)];

/// （六） in the 2021 edition: three rows.
pub const T3_OTHER_2021: [RowSpec; 3] = [
    spec(
        "other.no_correction",
        OTHER6,
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        Outcome,
    ),
    spec(
        "other.no_fee",
        OTHER6,
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        Outcome,
    ),
    spec("other.misc", OTHER6, "3.其他", Outcome),
];

/// The rows after （六）, identical in both editions.
pub const T3_ROWS_AFTER_OTHER: [RowSpec; 2] = [
    spec("total", None, "（七）总计", Total),
    spec("carried_out", None, "四、结转下年度继续办理", CarriedOut),
];

/// The part of table 三 that differs between editions: the （六）其他处理 rows.
pub trait OtherRows {
    /// The row specs of （六） for this edition.
    const SPECS: &'static [RowSpec];
    /// The written rows, aligned with `SPECS`.
    fn rows(&self) -> Vec<Option<&Row>>;
}

impl OtherRows for Row {
    const SPECS: &'static [RowSpec] = &T3_OTHER_2019;
    fn rows(&self) -> Vec<Option<&Row>> {
        vec![Some(self)]
    }
}

/// （六）其他处理 of the 2021 edition.
#[derive(Debug, Clone, Default, JsonSchema)]
pub struct Other2021 {
    /// 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请
    pub no_correction: Option<Row>,
    /// 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请
    pub no_fee: Option<Row>,
    /// 3.其他
    pub misc: Option<Row>,
}

// A derived struct would also accept `other = [0, 0, …]` (the 2019 shape) as positional
// fields and then fail with a confusing message; this says what the 2021 shape is instead.
impl<'de> Deserialize<'de> for Other2021 {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{self, MapAccess, SeqAccess, Visitor};
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Fields {
            no_correction: Option<Row>,
            no_fee: Option<Row>,
            misc: Option<Row>,
        }
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Other2021;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("[t3.other] 表")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Other2021, A::Error> {
                let f = Fields::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Other2021 {
                    no_correction: f.no_correction,
                    no_fee: f.no_fee,
                    misc: f.misc,
                })
            }
            fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Other2021, A::Error> {
                Err(de::Error::custom(
                    "2021版表格的（六）其他处理分为三行，不能写成一行：请在 [t3.other] 下分别写 no_correction、no_fee、misc（2019版才是一行）",
                ))
            }
        }
        d.deserialize_any(V)
    }
}

impl OtherRows for Other2021 {
    const SPECS: &'static [RowSpec] = &T3_OTHER_2021;
    fn rows(&self) -> Vec<Option<&Row>> {
        vec![
            self.no_correction.as_ref(),
            self.no_fee.as_ref(),
            self.misc.as_ref(),
        ]
    }
}

/// （三）不予公开: eight rows.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Withheld {
    /// 1.属于国家秘密
    pub state_secret: Option<Row>,
    /// 2.其他法律行政法规禁止公开
    pub law_prohibited: Option<Row>,
    /// 3.危及“三安全一稳定”
    pub three_safety: Option<Row>,
    /// 4.保护第三方合法权益
    pub third_party: Option<Row>,
    /// 5.属于三类内部事务信息
    pub internal: Option<Row>,
    /// 6.属于四类过程性信息
    pub process: Option<Row>,
    /// 7.属于行政执法案卷
    pub enforcement_file: Option<Row>,
    /// 8.属于行政查询事项
    pub query_matter: Option<Row>,
}

/// （四）无法提供: three rows.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Unable {
    /// 1.本机关不掌握相关政府信息
    pub not_held: Option<Row>,
    /// 2.没有现成信息需要另行制作
    pub need_create: Option<Row>,
    /// 3.补正后申请内容仍不明确
    pub unclear: Option<Row>,
}

/// （五）不予处理: five rows.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NotProcessed {
    /// 1.信访举报投诉类申请
    pub petition: Option<Row>,
    /// 2.重复申请
    pub repeat: Option<Row>,
    /// 3.要求提供公开出版物
    pub publication: Option<Row>,
    /// 4.无正当理由大量反复申请
    pub excessive: Option<Row>,
    /// 5.要求行政机关确认或重新出具已获取信息
    pub confirm: Option<Row>,
}

/// Table 三 (收到和处理政府信息公开申请情况); `O` is the edition's （六） part.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct T3<O> {
    /// 一、本年新收政府信息公开申请数量
    pub new: Option<Row>,
    /// 二、上年结转政府信息公开申请数量
    pub carried_in: Option<Row>,
    /// （一）予以公开
    pub granted: Option<Row>,
    /// （二）部分公开（区分处理的，只计这一情形，不计其他情形）
    pub partial: Option<Row>,
    /// （三）不予公开（键名 withheld：信息不予公开，注意与（五）不予处理 not_processed 区分）
    #[serde(default)]
    pub withheld: Withheld,
    /// （四）无法提供
    #[serde(default)]
    pub unable: Unable,
    /// （五）不予处理（键名 not_processed：申请不予处理，注意与（三）不予公开 withheld 区分）
    #[serde(default)]
    pub not_processed: NotProcessed,
    /// （六）其他处理
    pub other: Option<O>,
    /// （七）总计
    pub total: Option<Row>,
    /// 四、结转下年度继续办理
    pub carried_out: Option<Row>,
}

/// A row of table 三 with its template definition.
#[derive(Debug, Clone, Copy)]
pub struct RowEntry<'a> {
    /// The template definition.
    pub spec: &'static RowSpec,
    /// The row as written, if present.
    pub row: Option<&'a Row>,
}

impl RowEntry<'_> {
    /// Key path of the row, e.g. `t3.withheld.internal`.
    pub fn path(&self) -> String {
        format!("t3.{}", self.spec.key)
    }
    /// The row's label with its group, as a clerk finds it on the form.
    pub fn name(&self) -> String {
        match self.spec.group {
            Some(g) => format!("{g}·{}", self.spec.label),
            None => self.spec.label.to_string(),
        }
    }
}

impl<O: OtherRows> T3<O> {
    /// Every row of the template in order, with the written row where there is one.
    pub fn rows(&self) -> Vec<RowEntry<'_>> {
        let d = &self.withheld;
        let u = &self.unable;
        let r = &self.not_processed;
        let before = [
            &self.new,
            &self.carried_in,
            &self.granted,
            &self.partial,
            &d.state_secret,
            &d.law_prohibited,
            &d.three_safety,
            &d.third_party,
            &d.internal,
            &d.process,
            &d.enforcement_file,
            &d.query_matter,
            &u.not_held,
            &u.need_create,
            &u.unclear,
            &r.petition,
            &r.repeat,
            &r.publication,
            &r.excessive,
            &r.confirm,
        ];
        let mut out: Vec<RowEntry<'_>> = T3_ROWS_BEFORE_OTHER
            .iter()
            .zip(before)
            .map(|(spec, row)| RowEntry {
                spec,
                row: row.as_ref(),
            })
            .collect();
        let other = match &self.other {
            Some(o) => o.rows(),
            None => vec![None; O::SPECS.len()],
        };
        out.extend(
            O::SPECS
                .iter()
                .zip(other)
                .map(|(spec, row)| RowEntry { spec, row }),
        );
        out.extend(
            T3_ROWS_AFTER_OTHER
                .iter()
                .zip([&self.total, &self.carried_out])
                .map(|(spec, row)| RowEntry {
                    spec,
                    row: row.as_ref(),
                }),
        );
        out
    }
}

// ---------------------------------------------------------------- table 四

/// The five columns of each group of table 四.
pub const T4_COLUMNS: [&str; 5] = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];

/// Table 四 (政府信息公开行政复议、行政诉讼情况), identical in both editions.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct T4 {
    /// 行政复议：[结果维持, 结果纠正, 其他结果, 尚未审结, 总计]
    pub review: Option<Group>,
    /// 行政诉讼·未经复议直接起诉：[结果维持, 结果纠正, 其他结果, 尚未审结, 总计]
    pub suit_direct: Option<Group>,
    /// 行政诉讼·复议后起诉：[结果维持, 结果纠正, 其他结果, 尚未审结, 总计]
    pub suit_after_review: Option<Group>,
}

/// One group of table 四: 结果维持, 结果纠正, 其他结果, 尚未审结, 总计.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(transparent)]
#[schemars(description = "按模板顺序填 5 个数：结果维持、结果纠正、其他结果、尚未审结、总计")]
pub struct Group(#[schemars(length(min = 5, max = 5))] pub Vec<Cell<u64>>);

impl Group {
    /// The cell in column `i` (0–4); a position beyond the written array is `Missing`.
    pub fn cell(&self, i: usize) -> &Cell<u64> {
        self.0.get(i).unwrap_or(&MISSING_COUNT)
    }
}

/// The groups of table 四: key, label.
pub const T4_GROUPS: [(&str, &str); 3] = [
    ("review", "行政复议"),
    ("suit_direct", "行政诉讼·未经复议直接起诉"),
    ("suit_after_review", "行政诉讼·复议后起诉"),
];

impl T4 {
    /// The three groups in template order with their key and label.
    pub fn groups(&self) -> [(&'static str, &'static str, Option<&Group>); 3] {
        let g = [&self.review, &self.suit_direct, &self.suit_after_review];
        std::array::from_fn(|i| (T4_GROUPS[i].0, T4_GROUPS[i].1, g[i].as_ref()))
    }
}
