//! CLI transcript tests: the exact output and exit code of `gxgk` on the examples, each
//! invalid example (text and JSON) and unreadable input. Regenerate after an intended
//! change with `TRYCMD=overwrite cargo test --test cli` and review the diff.

#[test]
fn transcripts() {
    trycmd::TestCases::new().case("tests/cmd/*.trycmd");
}
