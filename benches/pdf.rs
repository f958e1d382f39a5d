//! PDF rendering benchmark (`cargo bench --bench pdf`): the 2021 example with the system's
//! CJK fonts. Prints, per step, the minimum and median wall time over N runs
//! (`GXGK_BENCH_RUNS`, default 20) and the PDF size. Peak memory: `bench/pdf.sh`.

use std::path::Path;
use std::time::{Duration, Instant};

fn stats(mut v: Vec<Duration>) -> (f64, f64) {
    v.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    (ms(v[0]), ms(v[v.len() / 2]))
}

fn main() {
    let runs: usize = std::env::var("GXGK_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20)
        .max(1);
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/2025-township.toml");
    let (mut total, mut resolve, mut render) = (Vec::new(), Vec::new(), Vec::new());
    let mut size = 0;
    for _ in 0..runs {
        let t0 = Instant::now();
        let loaded = gxgk::load::load_file(&example).expect("example loads");
        let view = gxgk::view::View::new(&loaded.report, None);
        let t1 = Instant::now();
        let fonts = gxgk::fonts::resolve(&gxgk::fonts::FontOptions::default())
            .unwrap_or_else(|e| panic!("{e}"));
        let t2 = Instant::now();
        let pdf = gxgk::pdf::render(&view, &fonts).expect("renders");
        let t3 = Instant::now();
        size = pdf.len();
        total.push(t3 - t0);
        resolve.push(t2 - t1);
        render.push(t3 - t2);
    }
    for (name, v) in [
        ("load+fonts+render", total),
        ("fonts::resolve", resolve),
        ("pdf::render", render),
    ] {
        let (min, med) = stats(v);
        println!("{name:<18} min {min:8.1} ms   median {med:8.1} ms   ({runs} runs)");
    }
    println!(
        "pdf size           {size} bytes ({:.1} KB)",
        size as f64 / 1024.0
    );
}
