//! What touches the operating system: output files written together or not at all (`write`),
//! printing that survives a closed pipe (`stdio`), OS errors in Chinese (`oserr`), the per-user
//! cache (`cache`), the installed fonts (`fonts`), panics of libraries caught (`guard`) and the
//! one-line font install per system (`platform`).

pub mod cache;
pub mod fonts;
pub mod guard;
pub mod oserr;
pub mod platform;
pub mod stdio;
pub mod write;
