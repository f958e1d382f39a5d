//! `gxgk edit`: the report as a form in the browser, served from this machine only. The file on
//! disk is the truth: the page sends changes, they are applied to the TOML text (`apply`),
//! the text is loaded and checked with the library's own rules, and the findings, the computed
//! totals and the preview go back to the page (`state`). The page itself is generated from the
//! same table and section definitions as the view (`page`); `server` holds the session and
//! its security (token, Host, Origin, size limits).

pub mod apply;
pub mod help;
pub mod page;
pub mod server;
pub mod session;
pub mod state;
pub mod value;
