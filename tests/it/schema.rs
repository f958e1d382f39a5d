//! `schemas/report.schema.json` is exactly what `gxgk schema` prints, so editors that read
//! it (via the `#:schema` line) see the same fields and Chinese descriptions as the loader.

#[test]
fn committed_schema_is_current() {
    let committed = std::fs::read_to_string("schemas/report.schema.json")
        .expect("schemas/report.schema.json is missing");
    let current = gxgk::load::schema::json();
    assert!(
        committed == current,
        "schemas/report.schema.json is stale; regenerate it with:\n    cargo run -- schema > schemas/report.schema.json"
    );
}

#[test]
fn schema_describes_both_editions_in_chinese() {
    let v: serde_json::Value = serde_json::from_str(&gxgk::load::schema::json()).unwrap();
    let text = v.to_string();
    for needle in [
        "本年制发件数",
        "本年新制作数量",
        "自然人",
        "结果维持",
        "信息处理费",
    ] {
        assert!(text.contains(needle), "schema lacks {needle}");
    }
}
