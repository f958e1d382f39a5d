//! PDF rendering benchmark (`cargo bench --bench pdf`, or `bench/pdf.sh`): the 2025 example
//! with the system's CJK fonts. Prints, per step, the minimum and median wall time over N
//! runs (`GXGK_BENCH_RUNS`, default 20) and the PDF size; then, for every deflate level, the
//! write time and size, which is how `backend::LEVEL` was chosen. Peak memory: `bench/pdf.sh`.

use std::path::Path;
use std::time::{Duration, Instant};

mod common;
use common::stats;

fn main() {
    let runs = common::runs(20);
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/2025-township.toml");
    let mut steps: [(&str, Vec<Duration>); 5] = [
        ("load+fonts+render", Vec::new()),
        ("load+view", Vec::new()),
        ("fonts::resolve", Vec::new()),
        ("layout", Vec::new()),
        ("write", Vec::new()),
    ];
    let mut size = 0;
    let mut last = None;
    for _ in 0..runs {
        let t0 = Instant::now();
        let loaded = gxgk::load::load_file(&example).expect("example loads");
        let view = gxgk::view::View::new(&loaded.report, None);
        let t1 = Instant::now();
        let fonts = gxgk::sys::fonts::resolve(&gxgk::sys::fonts::FontOptions::default())
            .unwrap_or_else(|e| panic!("{e}"));
        let t2 = Instant::now();
        let metrics = fonts.metrics();
        let doc = gxgk::render::pdf::layout::layout(&view, &metrics);
        let t3 = Instant::now();
        let pdf =
            gxgk::render::pdf::backend::write(&doc, &metrics, &gxgk::render::pdf::meta(&view))
                .expect("renders");
        let t4 = Instant::now();
        size = pdf.len();
        for (n, d) in [t4 - t0, t1 - t0, t2 - t1, t3 - t2, t4 - t3]
            .into_iter()
            .enumerate()
        {
            steps[n].1.push(d);
        }
        drop(metrics);
        last = Some((view, fonts));
    }
    for (name, v) in steps {
        let (min, med) = stats(v);
        println!("{name:<18} min {min:8.1} ms   median {med:8.1} ms   ({runs} runs)");
    }
    println!(
        "pdf size           {size} bytes ({:.1} KB)",
        size as f64 / 1024.0
    );
    if std::env::var_os("GXGK_BENCH_LEVELS").is_none() {
        return;
    }
    let Some((view, fonts)) = last else { return };
    let metrics = fonts.metrics();
    let doc = gxgk::render::pdf::layout::layout(&view, &metrics);
    let meta = gxgk::render::pdf::meta(&view);
    for level in 1..=12u8 {
        let mut times = Vec::new();
        let mut size = 0;
        for _ in 0..runs {
            let t = Instant::now();
            size = gxgk::render::pdf::backend::write_with(
                &doc,
                &metrics,
                &meta,
                gxgk::render::pdf::backend::Options {
                    level,
                    ..Default::default()
                },
            )
            .expect("renders")
            .len();
            times.push(t.elapsed());
        }
        let (min, med) = stats(times);
        println!(
            "deflate level {level:<2}   write min {min:6.1} ms   median {med:6.1} ms   size {size} bytes"
        );
    }
}
