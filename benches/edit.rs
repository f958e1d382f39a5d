//! The editor's work per change (`cargo bench --bench edit`): what `gxgk edit` does when the page
//! sends one changed cell of the 2025 example — apply it to the TOML text, load, check with every
//! rule, read back the values and totals, build the answer — and, separately, the preview page.
//! Prints the minimum and median over N changes (`GXGK_BENCH_RUNS`, default 200). The target
//! is at most 20 ms of server time per change.

use std::time::Instant;

use gxgk::edit::apply::Edit;
use gxgk::edit::session::Session;

mod common;
use common::stats;

fn main() {
    let runs = common::runs(200);
    let dir = std::env::temp_dir().join(format!("gxgk-bench-edit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("report.toml");
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/2025-township.toml"),
        &file,
    )
    .unwrap();
    let mut session = Session::open(&file).unwrap();
    let mut change = Vec::with_capacity(runs);
    for i in 0..runs {
        // A clerk typing into 表三: alternately right and wrong, so findings come and go.
        let edit = Edit::Cell {
            key: "t3.granted".into(),
            col: 0,
            value: if i % 2 == 0 { "7" } else { "5" }.into(),
        };
        let t = Instant::now();
        let answer = session.edit(std::slice::from_ref(&edit));
        let bytes = serde_json::to_vec(&answer).unwrap();
        change.push(t.elapsed());
        std::hint::black_box(bytes);
    }
    let loaded = gxgk::load::load_file(&file).unwrap();
    let mut preview = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        let view = gxgk::view::View::new(&loaded.report, None);
        let html = gxgk::render::html::render(&view, &Default::default()).unwrap();
        preview.push(t.elapsed());
        std::hint::black_box(html);
    }
    let (min, median) = stats(change);
    println!(
        "one change (apply, load, check, values, answer): min {min:.2} ms, median {median:.2} ms over {runs} (target ≤ 20 ms)"
    );
    let (min, median) = stats(preview);
    println!(
        "preview page (view + HTML):                       min {min:.2} ms, median {median:.2} ms"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
