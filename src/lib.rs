//! gxgk: author, check and render the statutory 政府信息公开工作年度报告.
//!
//! Data flows one way: `load` reads `report.toml` into a [`model::Report`], `check` turns it
//! into findings ([`diag::Diagnostic`]), and the CLI prints them.

pub mod check;
pub mod diag;
pub mod fonts;
pub mod load;
pub mod model;
pub mod pdf;
pub mod scaffold;
pub mod schema;
pub mod source;
pub mod view;
pub mod write;
