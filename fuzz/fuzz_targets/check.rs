//! Any text that loads: every rule runs without a panic and every finding renders.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(loaded) = gxgk::load::load_bytes("fuzz.toml", data) else {
        return;
    };
    let diags = gxgk::check::check(&gxgk::check::Ctx {
        report: &loaded.report,
        previous: None,
        previous_source: None,
        deadline: None,
    });
    for d in &diags {
        let _ = d.render_text(&loaded.source);
        let _ = d.to_json(&loaded.source);
    }
});
