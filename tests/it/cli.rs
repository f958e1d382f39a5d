//! CLI transcript tests: the exact output and exit code of `gxgk` on the examples, each
//! invalid example (text and JSON), unreadable input, and the bad-input catalogue in
//! `tests/bad_inputs/` (data files made by `make_inputs.py`, one mistake each). Regenerate after an intended
//! change with `TRYCMD=overwrite cargo test --test it cli::` and review the diff.

#[test]
fn transcripts() {
    trycmd::TestCases::new()
        .case("tests/cmd/*.trycmd")
        .case("tests/bad_inputs/*.trycmd");
}
