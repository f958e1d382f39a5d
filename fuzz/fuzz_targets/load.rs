//! Any bytes: loading never panics, and every load error renders with its location.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(gxgk::load::LoadError::Invalid { file, diagnostics }) =
        gxgk::load::load_bytes("fuzz.toml", data)
    {
        for d in &diagnostics {
            let _ = d.render_text(&file);
        }
    }
});
