//! Who reports: the agency's name and administrative level (which sets some rules and the
//! default deadline, docs/spec/dates.md §7) and its contact details, checked by `CONTACT`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The administrative level of the reporting agency; some rules depend on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[schemars(description = "机关层级：影响“规章”栏检查和默认发布期限")]
pub enum Level {
    /// 乡镇人民政府
    #[serde(rename = "乡镇")]
    Township,
    /// 街道办事处
    #[serde(rename = "街道")]
    Subdistrict,
    /// 县级人民政府（含县级市、区）
    #[serde(rename = "县级人民政府")]
    CountyGovernment,
    /// 县级人民政府部门
    #[serde(rename = "县级政府部门")]
    CountyDepartment,
    /// 设区的市人民政府
    #[serde(rename = "市级人民政府")]
    CityGovernment,
    /// 设区的市人民政府部门
    #[serde(rename = "市级政府部门")]
    CityDepartment,
    /// 省级人民政府
    #[serde(rename = "省级人民政府")]
    ProvinceGovernment,
    /// 省级人民政府部门
    #[serde(rename = "省级政府部门")]
    ProvinceDepartment,
    /// 国务院部门
    #[serde(rename = "国务院部门")]
    StateCouncilDepartment,
    /// 县级功能区：开发区、园区管委会、综合实验区等
    #[serde(rename = "县级功能区")]
    CountyZone,
    /// 市级功能区：开发区、园区管委会、综合实验区等
    #[serde(rename = "市级功能区")]
    CityZone,
    /// 其他
    #[serde(rename = "其他")]
    Other,
}

impl Level {
    /// All levels with the name a clerk writes.
    pub const ALL: [(Level, &'static str); 12] = [
        (Level::Township, "乡镇"),
        (Level::Subdistrict, "街道"),
        (Level::CountyGovernment, "县级人民政府"),
        (Level::CountyDepartment, "县级政府部门"),
        (Level::CityGovernment, "市级人民政府"),
        (Level::CityDepartment, "市级政府部门"),
        (Level::ProvinceGovernment, "省级人民政府"),
        (Level::ProvinceDepartment, "省级政府部门"),
        (Level::StateCouncilDepartment, "国务院部门"),
        (Level::CountyZone, "县级功能区"),
        (Level::CityZone, "市级功能区"),
        (Level::Other, "其他"),
    ];

    /// The name a clerk writes in the data file.
    pub fn name(self) -> &'static str {
        Level::ALL
            .iter()
            .find(|(l, _)| *l == self)
            .map(|(_, n)| *n)
            .unwrap_or("其他")
    }

    /// Guesses the level from a name such as `磐石镇`, `东城街道办事处` or `苍南县人民政府`.
    pub fn guess(name: &str) -> Option<Level> {
        let n = name.trim();
        let base = n.trim_end_matches("人民政府").trim_end_matches("办事处");
        if base.ends_with("街道") {
            Some(Level::Subdistrict)
        } else if base.ends_with('镇') || base.ends_with('乡') {
            Some(Level::Township)
        } else if [
            "开发区",
            "管委会",
            "管理委员会",
            "实验区",
            "园区",
            "高新区",
            "新区",
        ]
        .iter()
        .any(|z| n.contains(z))
        {
            // A functional zone; whether county- or city-level cannot be told from the name.
            Some(if n.contains('市') {
                Level::CityZone
            } else {
                Level::CountyZone
            })
        } else if n.ends_with("人民政府")
            && (base.ends_with('县') || base.ends_with('区') || base.ends_with("旗"))
        {
            Some(Level::CountyGovernment)
        } else {
            None
        }
    }

    /// Parses the name a clerk writes.
    pub fn from_name(name: &str) -> Option<Level> {
        Level::ALL
            .iter()
            .find(|(_, n)| *n == name.trim())
            .map(|(l, _)| *l)
    }

    /// Whether bodies at this level can make 规章 (立法法: only provinces, cities with
    /// districts and State Council departments), used by `T2-RULES-LEVEL`.
    pub fn lacks_rule_power(self) -> bool {
        matches!(
            self,
            Level::Township
                | Level::Subdistrict
                | Level::CountyGovernment
                | Level::CountyDepartment
                | Level::CountyZone
                | Level::CityZone
        )
    }

    /// The default publication deadline (month, day) after the reporting year (docs/spec/dates.md §7):
    /// 31 March for a 县级以上地方人民政府's own report, 31 January otherwise.
    pub fn default_deadline(self) -> (u32, u32) {
        match self {
            Level::CountyGovernment | Level::CityGovernment | Level::ProvinceGovernment => (3, 31),
            _ => (1, 31),
        }
    }
}

/// Contact details printed in the lead paragraph. Field-level constraints are declared here
/// with `validator` and reported by the `CONTACT` rule as located findings.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema, validator::Validate)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// 联系地址
    #[validate(length(min = 4, max = 100, code = "address"))]
    pub address: Option<String>,
    /// 邮政编码
    #[validate(custom(function = "valid_postcode", code = "postcode"))]
    pub postcode: Option<String>,
    /// 联系电话
    #[validate(custom(function = "valid_phone", code = "phone"))]
    pub phone: Option<String>,
    /// 传真
    #[validate(custom(function = "valid_phone", code = "phone"))]
    pub fax: Option<String>,
    /// 电子邮箱
    #[validate(email(code = "email"))]
    pub email: Option<String>,
    /// 报告电子版下载网址（门户网站）
    #[validate(custom(function = "valid_web_url", code = "url"))]
    pub website: Option<String>,
}

impl Contact {
    /// The fields with their keys, in file order.
    pub fn fields(&self) -> [(&'static str, &Option<String>); 6] {
        [
            ("address", &self.address),
            ("postcode", &self.postcode),
            ("phone", &self.phone),
            ("fax", &self.fax),
            ("email", &self.email),
            ("website", &self.website),
        ]
    }
}

/// A Chinese postcode: six digits.
pub(super) fn valid_postcode(s: &str) -> Result<(), validator::ValidationError> {
    let s = s.trim();
    if s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(validator::ValidationError::new("postcode"))
    }
}

/// One or more telephone numbers (`0577-64812345`、`（0577）64812345`、`13812345678`、`12345`
/// hotlines, `转8001` extensions), separated by `、`, `，`, `/` or `；`.
pub(super) fn valid_phone(s: &str) -> Result<(), validator::ValidationError> {
    let ok = |n: &str| {
        let n = n.trim();
        let (main, ext) = n.split_once('转').unwrap_or((n, ""));
        let digits = main.chars().filter(char::is_ascii_digit).count();
        (5..=20).contains(&digits)
            && main
                .chars()
                .all(|c| c.is_ascii_digit() || "-－—（）() +".contains(c))
            && ext.chars().all(|c| c.is_ascii_digit())
    };
    if s.split(['、', '，', ',', '/', '；', ';']).all(ok) {
        Ok(())
    } else {
        Err(validator::ValidationError::new("phone"))
    }
}

/// A web address a reader can open: `http(s)://…`, or a bare host such as `www.example.gov.cn`
/// (as reports print it), checked by `validator`'s URL rule.
pub(super) fn valid_web_url(s: &str) -> Result<(), validator::ValidationError> {
    use validator::ValidateUrl;
    let s = s.trim();
    let full = if s.starts_with("http://") || s.starts_with("https://") {
        s.to_string()
    } else {
        format!("http://{s}")
    };
    let host_ok = full
        .split("://")
        .nth(1)
        .and_then(|r| r.split(['/', ':', '?']).next())
        .is_some_and(|h| h.contains('.') && !h.starts_with('.') && !h.ends_with('.'));
    if host_ok && full.validate_url() {
        Ok(())
    } else {
        Err(validator::ValidationError::new("url"))
    }
}

/// The reporting agency.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Agency {
    /// 机关全称，如“磐石镇人民政府”；标题和落款都用它
    pub name: String,
    /// 机关层级：乡镇 / 街道 / 县级人民政府 / 县级政府部门 / 市级人民政府 / 市级政府部门 / 省级人民政府 / 省级政府部门 / 国务院部门 / 县级功能区 / 市级功能区 / 其他
    pub level: Level,
    /// 联系方式（可选），写入报告开头的说明段
    pub contact: Option<Contact>,
}

/// The full official name for a short one: `磐石镇` → `磐石镇人民政府`, `东城街道` → `东城街道办事处`.
pub fn full_name(name: &str, level: Level) -> String {
    let n = name.trim();
    match level {
        Level::Township if n.ends_with('镇') || n.ends_with('乡') => format!("{n}人民政府"),
        Level::Subdistrict if n.ends_with("街道") => format!("{n}办事处"),
        _ => n.to_string(),
    }
}
