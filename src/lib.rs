//! gxgk: author, check and render the statutory 政府信息公开工作年度报告.
//!
//! Data flows one way: `load` reads `report.toml` into a [`model::Report`], `check` turns it
//! into findings ([`diag::Diagnostic`]), `view` derives what every output shares, and the
//! renderers (`html`, `docx`, `pdf` with `fonts`) turn the view into bytes; the CLI prints and writes.

pub mod cache;
pub mod check;
pub mod deflate;
pub mod diag;
pub mod docx;
pub mod export;
pub mod fonts;
pub mod guard;
pub mod html;
pub mod import;
pub mod load;
pub mod migrate;
pub mod model;
pub mod oserr;
pub mod page;
pub mod pdf;
pub mod platform;
pub mod rawtext;
pub mod render;
pub mod rollup;
pub mod scaffold;
pub mod schema;
pub mod source;
pub mod stats;
pub mod stdio;
pub mod view;
pub mod write;
