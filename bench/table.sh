#!/usr/bin/env bash
# Issue #13's targets side by side in one run (release build, this machine's cores):
#   - `gxgk render --pdf` of the 2025 example as a whole process (median of 21 runs)
#   - that PDF's size
#   - 1000x narrative, `render --pdf` (bench/narrative.sh 1000)
#   - N township reports, all three formats, one `gxgk render` call, and `gxgk check` (bench/batch.sh)
# Usage: bench/table.sh [N]   (N reports for the batch rows, default 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
cargo build --release --quiet --bin gxgk
gxgk=$PWD/${CARGO_TARGET_DIR:-target}/release/gxgk
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ms=$(for _ in $(seq 21); do
  t0=$(date +%s%N)
  "$gxgk" render examples/2025-township.toml --pdf -o "$work" --force >/dev/null 2>&1
  t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000 ))
done | median)
size=$(stat -c %s "$work/2025-township.pdf")
narr=$(bench/narrative.sh 1000 | tail -1)
batch=$(bench/batch.sh "$n")
render=$(echo "$batch" | awk -F: '/render, one process/ {gsub(/[ s]/, "", $2); print $2}')
check=$(echo "$batch" | awk -F: '/check, one process/ {gsub(/[ s]/, "", $2); print $2}')
echo "== $(nproc) cores, $(git rev-parse --short HEAD)"
echo "| measure | measured | target |"
echo "|---|---|---|"
printf '| render --pdf of the 2025 example, whole process (median of 21) | %.1f ms | <= 12 ms |\n' "$(echo "$ms / 1000" | bc -l)"
printf '| PDF size of that example | %s B | <= 110 KB |\n' "$size"
echo "$narr" | awk '{printf "| 1000x narrative (%s pages), render --pdf | %s s wall, %s s CPU, %s MB peak | <= 0.8 s, <= 60 MB |\n", $2, $3, $4, $5}'
printf '| %s reports, all three formats, one render call | %s s | <= 6 s |\n' "$n" "$render"
printf '| %s reports, check in one call | %s s | <= 1 s |\n' "$n" "$check"
