//! The integration tests, as modules of one test crate (as ripgrep does): one binary links the
//! library once, which on 2 cores rebuilds 2.5× faster after a library change than a crate per
//! file did (docs/dev/benchmarks.md). Run one file's tests with `cargo test --test it NAME::`.

mod cdp;
mod common;

mod architecture;
mod bad_inputs;
mod bad_inputs_hostile;
mod batch;
mod cache;
mod cli;
mod docx;
mod edit;
mod examples;
mod fuzz;
mod html;
mod import;
mod import_blank;
mod import_embedded;
mod import_published;
mod import_runin;
mod new;
mod pdf;
mod pdf_ua;
mod readme;
mod render_cli;
mod rollup;
mod schema;
mod seeds;
mod stats;
mod windows_fonts;
