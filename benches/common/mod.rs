//! What the benchmarks share: the number of runs and the minimum and median of timings.

use std::time::Duration;

/// How many runs: `GXGK_BENCH_RUNS`, else `default` (at least 1).
pub fn runs(default: usize) -> usize {
    std::env::var("GXGK_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
        .max(1)
}

/// The minimum and the median, in milliseconds.
pub fn stats(mut v: Vec<Duration>) -> (f64, f64) {
    v.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    (ms(v[0]), ms(v[v.len() / 2]))
}
