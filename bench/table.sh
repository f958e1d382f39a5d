#!/usr/bin/env bash
# The performance targets (set when the PDF writer was rewritten) side by side in one run (release build, this machine's cores):
#   - `gxgk render --pdf` of the 2025 example as a whole process (median of 33 runs timed by
#     hyperfine): with the per-user cache off (a first run) and warm (every later run: font
#     folders and inlined glyphs read from the cache)
#   - that PDF's size
#   - 1000x narrative, `render --pdf` (bench/narrative.sh 1000)
#   - N township reports, all three formats, one `gxgk render` call, and `gxgk check` (bench/batch.sh)
# With BASE=<revision>, that revision is built too (in target/bench-base) and its whole-process
# time measured in the same rounds: e.g. BASE=28c0e27, the last revision before the PDF writer
# was rewritten for speed (it used printpdf).
# Usage: [BASE=rev] bench/table.sh [N]   (N reports for the batch rows, default 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
cargo build --release --quiet --bin gxgk
gxgk=$PWD/${CARGO_TARGET_DIR:-target}/release/gxgk
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
base=""
if [ -n "${BASE:-}" ]; then
  tree=$PWD/target/bench-base/tree
  rm -rf "$tree"; git worktree prune
  git worktree add --detach --force "$tree" "$BASE" >/dev/null
  (cd "$tree" && CARGO_TARGET_DIR=$PWD/../target cargo build --release --quiet --bin gxgk)
  base=$PWD/target/bench-base/target/release/gxgk
  git worktree remove --force "$tree"
fi
command -v hyperfine >/dev/null || { echo "bench/table.sh needs hyperfine (apt install hyperfine)" >&2; exit 1; }
example="render examples/2025-township.toml --pdf -o $work --force"
export GXGK_CACHE_DIR=$work/cache
"$gxgk" $example >/dev/null # the warm runs' cache
# hyperfine -N: no shell between it and the process; three rounds of 11 runs, so a slow spell
# of the shared machine falls on every command alike; the median of all 33.
runs=()
[ -z "$base" ] || runs+=(-n base "$base $example")
runs+=(-n cold "env GXGK_CACHE_DIR= $gxgk $example" -n warm "$gxgk $example")
for round in 1 2 3; do
  hyperfine -N -w 3 -r 11 --export-json "$work/round$round.json" "${runs[@]}" >/dev/null 2>&1
done
ms() {
  python3 -c 'import json,sys,statistics
t=[x for f in sys.argv[2:] for r in json.load(open(f))["results"] if r["command"]==sys.argv[1] for x in r["times"]]
print("%.1f" % (statistics.median(t)*1000))' "$1" "$work"/round*.json
}
size=$(stat -c %s "$work/2025-township.pdf")
narr=$(bench/narrative.sh 1000 | tail -1)
batch=$(bench/batch.sh "$n")
render=$(echo "$batch" | awk -F: '/render, one process/ {gsub(/[ s]/, "", $2); print $2}')
check=$(echo "$batch" | awk -F: '/check, one process/ {gsub(/[ s]/, "", $2); print $2}')
echo "== $(nproc) cores, $(git rev-parse --short HEAD)"
echo "| measure | measured | target |"
echo "|---|---|---|"
printf '| render --pdf of the 2025 example, whole process, cache off (median of 33) | %s ms | <= 12 ms |\n' "$(ms cold)"
printf '| the same, cache warm (median of 33) | %s ms | <= 12 ms |\n' "$(ms warm)"
[ -z "$base" ] || printf '| the same at %s (BASE), in the same rounds | %s ms | |\n' "$BASE" "$(ms base)"
printf '| PDF size of that example | %s B | <= 110 KB |\n' "$size"
echo "$narr" | awk '{printf "| 1000x narrative (%s pages), render --pdf | %s s wall, %s s CPU, %s MB peak | <= 0.8 s, <= 60 MB |\n", $2, $3, $4, $5}'
printf '| %s reports, all three formats, one render call | %s s | <= 6 s |\n' "$n" "$render"
printf '| %s reports, check in one call | %s s | <= 1 s |\n' "$n" "$check"
