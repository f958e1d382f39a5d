#!/usr/bin/env bash
# PDF benchmark: release build, the 2025 example with the system's CJK fonts (fonts-noto-cjk).
# Prints min/median wall time per step (load, font discovery, layout, write) and the PDF size,
# the write time and size at every deflate level (benches/pdf.rs), then the wall time and peak
# memory of one complete run under /usr/bin/time -v.
# Targets (set when the PDF writer was rewritten): whole `gxgk render --pdf` process <= 12 ms, <= 110 KB.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --bench pdf --no-run >/dev/null 2>&1 || cargo bench --bench pdf --no-run
bin=$(cargo bench --bench pdf --no-run --message-format=json 2>/dev/null \
  | grep -o '"executable":"[^"]*"' | tail -1 | cut -d'"' -f4)
echo "== $bin"
GXGK_BENCH_LEVELS=1 GXGK_BENCH_RUNS=${GXGK_BENCH_RUNS:-20} "$bin"
echo "== one run under /usr/bin/time -v"
GXGK_BENCH_RUNS=1 /usr/bin/time -v "$bin" 2>&1 \
  | grep -E 'load\+fonts|pdf size|Elapsed \(wall|Maximum resident'
