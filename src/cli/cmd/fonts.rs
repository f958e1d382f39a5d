//! `gxgk fonts`: which fonts the PDF would use, and how to install the missing ones.

use gxgk::out;

use super::{FontArgs, Outcome};

/// Prints the fonts found for each role.
pub fn run(fonts: &FontArgs) -> Outcome {
    match fonts.resolve(&[]) {
        Ok(f) => {
            out!("{}", gxgk::sys::fonts::describe(&f));
            Outcome::Clean
        }
        Err(o) => o,
    }
}
