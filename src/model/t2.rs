//! Table 二 (主动公开政府信息情况, docs/spec/tables.md §3) of both editions, defined once: its blocks
//! (第二十条各项), their column headers, rows and cell keys, and the typed file form.
//! Model, view, scaffold, rules, import, export and the schema all read [`blocks`].

use schemars::JsonSchema;
use serde::Deserialize;

use super::Edition;
use super::cell::Cell;
use super::money::Wan;
use super::tables::{AnyCell, CellRef};

/// The kind of figure a column of table 二 holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    /// A count (integer ≥ 0).
    Count,
    /// A signed change (2019 `本年增/减`).
    Signed,
    /// An amount in 万元 (exact, up to 分).
    Wan,
}

/// How next year's scaffold (`gxgk new --from`) starts a cell from this year's row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Carry {
    /// Starts at 0.
    None,
    /// Starts at this year's value of the same cell (现行有效件数).
    Same,
    /// Starts at this year's value plus the row's `delta` (上一年项目数量 + 本年增/减).
    PlusDelta,
}

/// A column of a block of table 二.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// Key of the cell below the row, e.g. `in_force`.
    pub key: &'static str,
    /// The column header as the template prints it.
    pub label: &'static str,
    /// What the cell holds.
    pub figure: Figure,
    /// How next year's scaffold starts it.
    pub carry: Carry,
}

/// A row of table 二.
#[derive(Debug, Clone, Copy)]
pub struct RowDef {
    /// Key below `t2`, e.g. `normative`.
    pub key: &'static str,
    /// The row label as the template prints it.
    pub label: &'static str,
    /// A hint for the clerk in the scaffold (may be empty).
    pub hint: &'static str,
}

/// A block of table 二: a caption row (第二十条第（N）项), a header row, and its rows.
#[derive(Debug, Clone, Copy)]
pub struct Block {
    /// The caption, e.g. `第二十条第（一）项`.
    pub item: &'static str,
    /// The figure columns (one column spans the three figure cells of the grid).
    pub columns: &'static [Column],
    /// The rows, in template order.
    pub rows: &'static [RowDef],
    /// Hints for the clerk printed under the block's comment in the scaffold.
    pub hints: &'static [&'static str],
}

/// The header of the row-label column.
pub const LABEL_HEADER: &str = "信息内容";

const fn col(key: &'static str, label: &'static str, figure: Figure, carry: Carry) -> Column {
    Column {
        key,
        label,
        figure,
        carry,
    }
}

const fn row(key: &'static str, label: &'static str, hint: &'static str) -> RowDef {
    RowDef { key, label, hint }
}

const DECISIONS_2021: &[Column] = &[col(
    "decisions",
    "本年处理决定数量",
    Figure::Count,
    Carry::None,
)];
const ITEMS_2019: &[Column] = &[
    col(
        "prev_items",
        "上一年项目数量",
        Figure::Count,
        Carry::PlusDelta,
    ),
    col("delta", "本年增/减", Figure::Signed, Carry::None),
    col("decisions", "处理决定数量", Figure::Count, Carry::None),
];
const RULES_HINT: &str = "乡镇、街道、县级机关没有规章制定权，一般为 0";
const PREV_ITEMS_HINT: &str = "上一年项目数量 = 上年报告的“上一年项目数量 + 本年增/减”";

/// Table 二 of the 2021 edition (docs/spec/tables.md §3.1).
pub static T2_2021: [Block; 4] = [
    Block {
        item: "第二十条第（一）项",
        columns: &[
            col("issued", "本年制发件数", Figure::Count, Carry::None),
            col("abolished", "本年废止件数", Figure::Count, Carry::None),
            col("in_force", "现行有效件数", Figure::Count, Carry::Same),
        ],
        rows: &[
            row("rules", "规章", RULES_HINT),
            row("normative", "行政规范性文件", ""),
        ],
        hints: &["现行有效件数 = 上年现行有效件数 + 本年制发 − 本年废止"],
    },
    Block {
        item: "第二十条第（五）项",
        columns: DECISIONS_2021,
        rows: &[row("permit", "行政许可", "")],
        hints: &[],
    },
    Block {
        item: "第二十条第（六）项",
        columns: DECISIONS_2021,
        rows: &[
            row("penalty", "行政处罚", ""),
            row("coercion", "行政强制", ""),
        ],
        hints: &[],
    },
    Block {
        item: "第二十条第（八）项",
        columns: &[col(
            "amount_wan",
            "本年收费金额（单位：万元）",
            Figure::Wan,
            Carry::None,
        )],
        rows: &[row("fees", "行政事业性收费", "")],
        hints: &["金额最多精确到分；写成 \"7399700元\" 会自动换算为万元"],
    },
];

/// Table 二 of the 2019 edition (docs/spec/tables.md §3.2).
pub static T2_2019: [Block; 5] = [
    Block {
        item: "第二十条第（一）项",
        columns: &[
            col("new_made", "本年新制作数量", Figure::Count, Carry::None),
            col(
                "new_published",
                "本年新公开数量",
                Figure::Count,
                Carry::None,
            ),
            col(
                "total_published",
                "对外公开总数量",
                Figure::Count,
                Carry::None,
            ),
        ],
        rows: &[
            row("rules", "规章", RULES_HINT),
            row("normative", "规范性文件", ""),
        ],
        hints: &[],
    },
    Block {
        item: "第二十条第（五）项",
        columns: ITEMS_2019,
        rows: &[
            row("permit", "行政许可", ""),
            row("other_services", "其他对外管理服务事项", ""),
        ],
        hints: &["本年增/减可为负数", PREV_ITEMS_HINT],
    },
    Block {
        item: "第二十条第（六）项",
        columns: ITEMS_2019,
        rows: &[
            row("penalty", "行政处罚", ""),
            row("coercion", "行政强制", ""),
        ],
        hints: &[],
    },
    Block {
        item: "第二十条第（八）项",
        columns: &[
            col(
                "prev_items",
                "上一年项目数量",
                Figure::Count,
                Carry::PlusDelta,
            ),
            col("delta", "本年增/减", Figure::Signed, Carry::None),
        ],
        rows: &[row("fees", "行政事业性收费", "")],
        hints: &[],
    },
    Block {
        item: "第二十条第（九）项",
        columns: &[
            col("count", "采购项目数量", Figure::Count, Carry::None),
            col(
                "amount_wan",
                "采购总金额（单位：万元）",
                Figure::Wan,
                Carry::None,
            ),
        ],
        rows: &[row("procurement", "政府集中采购", "")],
        hints: &["模板未注明采购总金额的单位，gxgk 按万元输出；写成 \"7399700元\" 会自动换算"],
    },
];

/// The blocks of table 二 in template order for `edition`.
pub fn blocks(edition: Edition) -> &'static [Block] {
    match edition {
        Edition::E2019 => &T2_2019,
        Edition::E2021 => &T2_2021,
    }
}

/// Every row of table 二 for `edition` with its block, in template order.
pub fn row_defs(edition: Edition) -> impl Iterator<Item = (&'static Block, &'static RowDef)> {
    blocks(edition)
        .iter()
        .flat_map(|b| b.rows.iter().map(move |r| (b, r)))
}

// ------------------------------------------------------------------ the file form

/// 2021 edition, 第二十条第（一）项: 规章 / 行政规范性文件.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Docs2021 {
    /// 本年制发件数
    #[serde(default)]
    pub issued: Cell<u64>,
    /// 本年废止件数
    #[serde(default)]
    pub abolished: Cell<u64>,
    /// 现行有效件数
    #[serde(default)]
    pub in_force: Cell<u64>,
}

/// 2021 edition, 第二十条第（五）（六）项: 本年处理决定数量.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Decisions {
    /// 本年处理决定数量
    #[serde(default)]
    pub decisions: Cell<u64>,
}

/// 2021 edition, 第二十条第（八）项: 本年收费金额（单位：万元）.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChargeAmount {
    /// 本年收费金额（单位：万元）；写成 "7399700元" 会自动换算为万元
    #[serde(default)]
    pub amount_wan: Cell<Wan>,
}

/// Table 二 of the 2021 edition.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct T2v2021 {
    /// 第二十条第（一）项·规章
    pub rules: Option<Docs2021>,
    /// 第二十条第（一）项·行政规范性文件
    pub normative: Option<Docs2021>,
    /// 第二十条第（五）项·行政许可
    pub permit: Option<Decisions>,
    /// 第二十条第（六）项·行政处罚
    pub penalty: Option<Decisions>,
    /// 第二十条第（六）项·行政强制
    pub coercion: Option<Decisions>,
    /// 第二十条第（八）项·行政事业性收费
    pub fees: Option<ChargeAmount>,
}

/// 2019 edition, 第二十条第（一）项: 规章 / 规范性文件.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Docs2019 {
    /// 本年新制作数量
    #[serde(default)]
    pub new_made: Cell<u64>,
    /// 本年新公开数量
    #[serde(default)]
    pub new_published: Cell<u64>,
    /// 对外公开总数量
    #[serde(default)]
    pub total_published: Cell<u64>,
}

/// 2019 edition, 第二十条第（五）（六）项: 上一年项目数量 / 本年增/减 / 处理决定数量.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Items2019 {
    /// 上一年项目数量
    #[serde(default)]
    pub prev_items: Cell<u64>,
    /// 本年增/减（可为负数）
    #[serde(default)]
    pub delta: Cell<i64>,
    /// 处理决定数量
    #[serde(default)]
    pub decisions: Cell<u64>,
}

/// 2019 edition, 第二十条第（八）项: 上一年项目数量 / 本年增/减.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChargeItems2019 {
    /// 上一年项目数量
    #[serde(default)]
    pub prev_items: Cell<u64>,
    /// 本年增/减（可为负数）
    #[serde(default)]
    pub delta: Cell<i64>,
}

/// 2019 edition, 第二十条第（九）项: 政府集中采购.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Procurement2019 {
    /// 采购项目数量
    #[serde(default)]
    pub count: Cell<u64>,
    /// 采购总金额（单位：万元）；写成 "7399700元" 会自动换算为万元
    #[serde(default)]
    pub amount_wan: Cell<Wan>,
}

/// Table 二 of the 2019 edition.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct T2v2019 {
    /// 第二十条第（一）项·规章
    pub rules: Option<Docs2019>,
    /// 第二十条第（一）项·规范性文件
    pub normative: Option<Docs2019>,
    /// 第二十条第（五）项·行政许可
    pub permit: Option<Items2019>,
    /// 第二十条第（五）项·其他对外管理服务事项
    pub other_services: Option<Items2019>,
    /// 第二十条第（六）项·行政处罚
    pub penalty: Option<Items2019>,
    /// 第二十条第（六）项·行政强制
    pub coercion: Option<Items2019>,
    /// 第二十条第（八）项·行政事业性收费
    pub fees: Option<ChargeItems2019>,
    /// 第二十条第（九）项·政府集中采购
    pub procurement: Option<Procurement2019>,
}

/// The cells of one written row, keyed as the row's block columns are.
type Cells<'a> = Vec<(&'static str, AnyCell<'a>)>;

impl T2v2021 {
    /// The written cells of the row `key` (`None` when the row is absent).
    fn cells(&self, key: &str) -> Option<Cells<'_>> {
        use AnyCell::Count;
        fn docs(d: &Docs2021) -> Cells<'_> {
            vec![
                ("issued", Count(&d.issued)),
                ("abolished", Count(&d.abolished)),
                ("in_force", Count(&d.in_force)),
            ]
        }
        fn dec(d: &Decisions) -> Cells<'_> {
            vec![("decisions", Count(&d.decisions))]
        }
        match key {
            "rules" => self.rules.as_ref().map(docs),
            "normative" => self.normative.as_ref().map(docs),
            "permit" => self.permit.as_ref().map(dec),
            "penalty" => self.penalty.as_ref().map(dec),
            "coercion" => self.coercion.as_ref().map(dec),
            "fees" => self
                .fees
                .as_ref()
                .map(|f| vec![("amount_wan", AnyCell::Wan(&f.amount_wan))]),
            _ => None,
        }
    }

    /// Every row of the 2021 table 二 in template order.
    pub fn rows(&self) -> Vec<T2Row<'_>> {
        walk(Edition::E2021, |k| self.cells(k))
    }
}

impl T2v2019 {
    /// The written cells of the row `key` (`None` when the row is absent).
    fn cells(&self, key: &str) -> Option<Cells<'_>> {
        use AnyCell::{Count, Signed};
        fn docs(d: &Docs2019) -> Cells<'_> {
            vec![
                ("new_made", Count(&d.new_made)),
                ("new_published", Count(&d.new_published)),
                ("total_published", Count(&d.total_published)),
            ]
        }
        fn items(i: &Items2019) -> Cells<'_> {
            vec![
                ("prev_items", Count(&i.prev_items)),
                ("delta", Signed(&i.delta)),
                ("decisions", Count(&i.decisions)),
            ]
        }
        match key {
            "rules" => self.rules.as_ref().map(docs),
            "normative" => self.normative.as_ref().map(docs),
            "permit" => self.permit.as_ref().map(items),
            "other_services" => self.other_services.as_ref().map(items),
            "penalty" => self.penalty.as_ref().map(items),
            "coercion" => self.coercion.as_ref().map(items),
            "fees" => self.fees.as_ref().map(|f| {
                vec![
                    ("prev_items", Count(&f.prev_items)),
                    ("delta", Signed(&f.delta)),
                ]
            }),
            "procurement" => self.procurement.as_ref().map(|p| {
                vec![
                    ("count", Count(&p.count)),
                    ("amount_wan", AnyCell::Wan(&p.amount_wan)),
                ]
            }),
            _ => None,
        }
    }

    /// Every row of the 2019 table 二 in template order.
    pub fn rows(&self) -> Vec<T2Row<'_>> {
        walk(Edition::E2019, |k| self.cells(k))
    }
}

/// Walks the template rows of `edition`, taking each row's cells from `cells` in the order
/// of its block's columns.
fn walk<'a>(edition: Edition, cells: impl Fn(&str) -> Option<Cells<'a>>) -> Vec<T2Row<'a>> {
    row_defs(edition)
        .map(|(block, def)| {
            let written = cells(def.key);
            let present = written.is_some();
            let written = written.unwrap_or_default();
            let cells = block
                .columns
                .iter()
                .filter_map(|c| {
                    let (_, cell) = written.iter().find(|(k, _)| *k == c.key)?;
                    Some(CellRef {
                        path: format!("t2.{}.{}", def.key, c.key),
                        row: def.label,
                        col: c.label,
                        cell: *cell,
                    })
                })
                .collect();
            T2Row {
                key: def.key,
                label: def.label,
                block,
                cells,
                present,
            }
        })
        .collect()
}

/// A row of table 二 as the walk sees it: its definition and its written cells.
#[derive(Debug, Clone)]
pub struct T2Row<'a> {
    /// Key below `t2`, e.g. `rules`.
    pub key: &'static str,
    /// Template label, e.g. `规章`.
    pub label: &'static str,
    /// The block the row belongs to.
    pub block: &'static Block,
    /// The cells of the row in column order (empty when the row is absent).
    pub cells: Vec<CellRef<'a>>,
    /// Whether the row is written in the file.
    pub present: bool,
}

impl<'a> T2Row<'a> {
    /// The cell under column `key`, when the row is written.
    pub fn cell(&self, key: &str) -> Option<AnyCell<'a>> {
        self.cells
            .iter()
            .find(|c| c.path.rsplit('.').next() == Some(key))
            .map(|c| c.cell)
    }

    /// The value of the count or signed cell under column `key` (a blank cell counts as 0,
    /// as everywhere in the arithmetic); `None` when the row or column is absent.
    pub fn figure(&self, key: &str) -> Option<i64> {
        match self.cell(key)? {
            AnyCell::Count(c) => Some(c.get() as i64),
            AnyCell::Signed(c) => Some(c.get()),
            AnyCell::Wan(_) | AnyCell::Yuan(_) => None,
        }
    }

    /// The value next year's scaffold starts cell `column` at (see [`Carry`]).
    pub fn carried(&self, column: &Column) -> u64 {
        let value = self.figure(column.key).unwrap_or(0);
        match column.carry {
            Carry::None => 0,
            Carry::Same => value.max(0) as u64,
            Carry::PlusDelta => (value + self.figure("delta").unwrap_or(0)).max(0) as u64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `[t2]` table with a distinct figure in every cell of `edition`, built from the
    /// blocks alone: cell n holds n.
    fn numbered(edition: Edition) -> String {
        let mut s = String::from("[t2]\n");
        let mut n = 0;
        for (block, def) in row_defs(edition) {
            let cells: Vec<String> = block
                .columns
                .iter()
                .map(|c| {
                    n += 1;
                    format!("{} = {n}", c.key)
                })
                .collect();
            s.push_str(&format!("{} = {{ {} }}\n", def.key, cells.join(", ")));
        }
        s
    }

    fn value(c: &AnyCell) -> String {
        match c {
            AnyCell::Count(c) => c.get().to_string(),
            AnyCell::Signed(c) => c.get().to_string(),
            AnyCell::Wan(Cell::Value(w)) => w.0.wan_text(),
            other => panic!("unexpected cell {other:?}"),
        }
    }

    #[derive(Deserialize)]
    struct File<T> {
        t2: T,
    }

    /// The typed file form and its walk follow the blocks: every key the blocks name is
    /// read from the file, lands under its block's column, in template order.
    #[test]
    fn walk_follows_the_blocks() {
        for edition in [Edition::E2019, Edition::E2021] {
            let text = numbered(edition);
            let (e2019, e2021);
            let rows = match edition {
                Edition::E2019 => {
                    e2019 = toml::from_str::<File<T2v2019>>(&text).unwrap().t2;
                    e2019.rows()
                }
                Edition::E2021 => {
                    e2021 = toml::from_str::<File<T2v2021>>(&text).unwrap().t2;
                    e2021.rows()
                }
            };
            let mut n = 0;
            let defs: Vec<_> = row_defs(edition).collect();
            assert_eq!(rows.len(), defs.len(), "{edition}");
            for (row, (block, def)) in rows.iter().zip(defs) {
                assert_eq!((row.key, row.label), (def.key, def.label));
                assert!(row.present);
                assert_eq!(row.cells.len(), block.columns.len(), "{}", def.key);
                for (cell, column) in row.cells.iter().zip(block.columns) {
                    n += 1;
                    assert_eq!(cell.path, format!("t2.{}.{}", def.key, column.key));
                    assert_eq!(cell.col, column.label);
                    assert_eq!(value(&cell.cell), n.to_string(), "{}", cell.path);
                }
            }
        }
    }

    /// The JSON Schema (from the typed file form) names exactly the rows and columns of
    /// the blocks.
    #[test]
    fn schema_follows_the_blocks() {
        fn props(v: &serde_json::Value) -> Vec<String> {
            let mut keys: Vec<String> = v["properties"]
                .as_object()
                .map(|o| o.keys().cloned().collect())
                .unwrap_or_default();
            keys.sort();
            keys
        }
        for (edition, schema) in [
            (
                Edition::E2019,
                serde_json::to_value(schemars::schema_for!(T2v2019)).unwrap(),
            ),
            (
                Edition::E2021,
                serde_json::to_value(schemars::schema_for!(T2v2021)).unwrap(),
            ),
        ] {
            let mut rows: Vec<String> = row_defs(edition).map(|(_, r)| r.key.into()).collect();
            rows.sort();
            assert_eq!(props(&schema), rows, "{edition}");
            for (block, def) in row_defs(edition) {
                // Each row property is `anyOf [ref, null]` or a ref to its definition.
                let prop = &schema["properties"][def.key];
                let reference = prop["anyOf"]
                    .as_array()
                    .and_then(|a| a.iter().find_map(|x| x["$ref"].as_str()))
                    .or(prop["$ref"].as_str())
                    .unwrap_or_else(|| panic!("{edition} {}: {prop}", def.key));
                let name = reference.rsplit('/').next().unwrap();
                let defs = schema
                    .get("$defs")
                    .or(schema.get("definitions"))
                    .expect("definitions");
                let mut cols: Vec<String> = block.columns.iter().map(|c| c.key.into()).collect();
                cols.sort();
                assert_eq!(props(&defs[name]), cols, "{edition} {}", def.key);
            }
        }
    }

    #[test]
    fn carry_to_next_year() {
        let text = "[t2]\nnormative = { issued = 2, abolished = 1, in_force = 9 }\n";
        let t2 = toml::from_str::<File<T2v2021>>(text).unwrap().t2;
        let rows = t2.rows();
        let normative = rows.iter().find(|r| r.key == "normative").unwrap();
        let starts: Vec<u64> = normative
            .block
            .columns
            .iter()
            .map(|c| normative.carried(c))
            .collect();
        assert_eq!(starts, [0, 0, 9]);
        let text = "[t2]\npermit = { prev_items = 5, delta = -2, decisions = 7 }\n";
        let t2 = toml::from_str::<File<T2v2019>>(text).unwrap().t2;
        let rows = t2.rows();
        let permit = &rows[2];
        let starts: Vec<u64> = permit
            .block
            .columns
            .iter()
            .map(|c| permit.carried(c))
            .collect();
        assert_eq!(starts, [3, 0, 0]);
    }
}
