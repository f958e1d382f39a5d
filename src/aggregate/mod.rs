//! Many reports at once: `rollup` sums reports into one (县级汇总), `stats` tabulates them in a
//! workbook.

pub mod rollup;
pub mod stats;
