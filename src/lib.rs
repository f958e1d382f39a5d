//! gxgk: author, check and render the statutory 政府信息公开工作年度报告.
//!
//! Data flows one way, and the folders are its stages: `load` reads `report.toml` into a
//! [`model::Report`], `check` turns it into findings ([`diag::Diagnostic`]), `view` derives what
//! every output shares, and `render` turns the view into HTML, DOCX, PDF and JSON bytes.
//! `import` reads published reports back into the model, `aggregate` sums and tabulates many
//! reports, and `sys` holds what touches the operating system (files, fonts, cache, output).
//! The binary (`src/cli/`) prints and writes.

pub mod aggregate;
pub mod check;
pub mod diag;
pub mod edit;
pub mod import;
pub mod load;
pub mod model;
pub mod render;
pub mod sys;
pub mod view;
