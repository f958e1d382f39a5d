//! Any text that loads renders to HTML and DOCX without a panic, and the DOCX's XML parts
//! hold no character XML forbids.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(loaded) = gxgk::load::load_bytes("fuzz.toml", data) else {
        return;
    };
    let view = gxgk::view::View::new(&loaded.report, Some(1));
    let _ = gxgk::render::html::render(&view, &gxgk::render::html::Options::default());
    if let Ok(docx) = gxgk::render::docx::render(&view) {
        assert!(!docx.is_empty());
    }
});
