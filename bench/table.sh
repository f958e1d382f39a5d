#!/usr/bin/env bash
# Issue #13's targets side by side in one run (release build, this machine's cores):
#   - `gxgk render --pdf` of the 2025 example as a whole process (median of 21 runs, each
#     timed with bash's clock, no `date` process): with the per-user cache off (a first run)
#     and warm (every later run: font folders and inlined glyphs read from the cache)
#   - that PDF's size
#   - 1000x narrative, `render --pdf` (bench/narrative.sh 1000)
#   - N township reports, all three formats, one `gxgk render` call, and `gxgk check` (bench/batch.sh)
# With BASE=<revision>, that revision is built too (in target/bench-base) and its whole-process
# time measured in the same loop, interleaved run by run: e.g. BASE=28c0e27, the last revision
# before issue #13's PDF work (printpdf).
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
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
us() { # microseconds of wall time for the command
  local t0=$EPOCHREALTIME
  "$@" >/dev/null 2>&1
  local t1=$EPOCHREALTIME
  echo $(( (${t1/./} - ${t0/./}) ))
}
example=(render examples/2025-township.toml --pdf -o "$work" --force)
export GXGK_CACHE_DIR=$work/cache
"$gxgk" "${example[@]}" >/dev/null # the warm runs' cache
for _ in $(seq 21); do
  [ -z "$base" ] || echo "base $(us "$base" "${example[@]}")"
  echo "cold $(GXGK_CACHE_DIR='' us "$gxgk" "${example[@]}")"
  echo "warm $(us "$gxgk" "${example[@]}")"
done > "$work/times"
ms() { grep "^$1 " "$work/times" | cut -d' ' -f2 | median | awk '{printf "%.1f", $1 / 1000}'; }
size=$(stat -c %s "$work/2025-township.pdf")
narr=$(bench/narrative.sh 1000 | tail -1)
batch=$(bench/batch.sh "$n")
render=$(echo "$batch" | awk -F: '/render, one process/ {gsub(/[ s]/, "", $2); print $2}')
check=$(echo "$batch" | awk -F: '/check, one process/ {gsub(/[ s]/, "", $2); print $2}')
echo "== $(nproc) cores, $(git rev-parse --short HEAD)"
echo "| measure | measured | target |"
echo "|---|---|---|"
[ -z "$base" ] || printf '| the same at %s (BASE), interleaved with the two rows below | %s ms | |\n' "$BASE" "$(ms base)"
printf '| render --pdf of the 2025 example, whole process, cache off (median of 21) | %s ms | <= 12 ms |\n' "$(ms cold)"
printf '| the same, cache warm (median of 21) | %s ms | <= 12 ms |\n' "$(ms warm)"
printf '| PDF size of that example | %s B | <= 110 KB |\n' "$size"
echo "$narr" | awk '{printf "| 1000x narrative (%s pages), render --pdf | %s s wall, %s s CPU, %s MB peak | <= 0.8 s, <= 60 MB |\n", $2, $3, $4, $5}'
printf '| %s reports, all three formats, one render call | %s s | <= 6 s |\n' "$n" "$render"
printf '| %s reports, check in one call | %s s | <= 1 s |\n' "$n" "$check"
