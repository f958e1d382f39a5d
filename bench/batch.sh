#!/usr/bin/env bash
# Batch benchmark (the performance targets set when the PDF writer was rewritten): 1,000 generated township reports (agency names and narrative
# figures varied from examples/2025-township.toml), release build, on this machine's cores.
# Prints the median of three runs of
#   - `gxgk render DIR -o OUT` (HTML + DOCX + PDF of all 1,000, one process)   target <= 6 s
#   - `gxgk check DIR` (one process)                                             target <= 1 s
# and, once, the same render as 1,000 separate processes, with peak memory (/usr/bin/time -v).
# Usage: bench/batch.sh [N]   (N reports, default 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
cargo build --release --quiet
gxgk=$PWD/${CARGO_TARGET_DIR:-target}/release/gxgk
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in"
for i in $(seq 1 "$n"); do
  sed -e "s/磐石镇/测试${i}镇/g" -e "s/主动公开政府信息326条/主动公开政府信息$((300 + i % 97))条/" \
    examples/2025-township.toml > "$work/in/r$i.toml"
done
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timed() { # seconds of wall time for the command
  local t0 t1
  t0=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc
}
echo "== $n reports, $(nproc) cores, $(git rev-parse --short HEAD)"
render=$(for _ in 1 2 3; do rm -rf "$work/out"; timed "$gxgk" render "$work/in" -o "$work/out"; done | median)
echo "render, one process (median of 3):    ${render} s"
echo "outputs: $(ls "$work/out" | wc -l) files, $(du -sh "$work/out" | cut -f1)"
check=$(for _ in 1 2 3; do timed "$gxgk" check "$work/in"; done | median)
echo "check, one process (median of 3):     ${check} s"
rm -rf "$work/out"
peak=$(/usr/bin/time -v "$gxgk" render "$work/in" -o "$work/out" 2>&1 >/dev/null | awk -F: '/Maximum resident/ {print $2}')
echo "render, peak memory:                 ${peak} KB"
rm -rf "$work/out2"; mkdir -p "$work/out2"
t0=$(date +%s.%N)
for f in "$work"/in/*.toml; do "$gxgk" render "$f" -o "$work/out2" >/dev/null 2>&1; done
t1=$(date +%s.%N)
echo "render, $n separate processes:      $(echo "$t1 - $t0" | bc) s"
