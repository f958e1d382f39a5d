#!/usr/bin/env bash
# Font discovery on a machine with many fonts (a Windows font folder holds hundreds of files):
# a folder of N font files (links to the system's font files, taken in turn) searched by
# `gxgk fonts --font-dir`, with the per-user cache off and warm, and `gxgk fonts` alone (the
# system folders only) with the cache warm. Medians of hyperfine runs, release build.
# Usage: bench/fonts.sh [N]   (N font files, default 400)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-400}
command -v hyperfine >/dev/null || { echo "bench/fonts.sh needs hyperfine (apt install hyperfine)" >&2; exit 1; }
cargo build --release --quiet --bin gxgk
gxgk=$PWD/${CARGO_TARGET_DIR:-target}/release/gxgk
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/fonts"
mapfile -t system < <(fc-list --format '%{file}\n' | sort -u)
[ ${#system[@]} -gt 0 ] || { echo "no fonts installed (fc-list lists none)" >&2; exit 1; }
for i in $(seq 1 "$n"); do
  f=${system[$(( (i - 1) % ${#system[@]} ))]}
  ln -s "$f" "$work/fonts/f$i.${f##*.}"
done
GXGK_CACHE_DIR=$work/cache "$gxgk" fonts --font-dir "$work/fonts" >/dev/null
hyperfine -N -w 3 -r 30 --export-json "$work/t.json" \
  -n off "env GXGK_CACHE_DIR= $gxgk fonts --font-dir $work/fonts" \
  -n warm "env GXGK_CACHE_DIR=$work/cache $gxgk fonts --font-dir $work/fonts" \
  -n system "env GXGK_CACHE_DIR=$work/cache $gxgk fonts" >/dev/null 2>&1
echo "== $n font files in a --font-dir folder (+ the system's), $(nproc) cores, $(git rev-parse --short HEAD)"
python3 -c 'import json,sys,statistics
names={"off":"gxgk fonts --font-dir, cache off","warm":"gxgk fonts --font-dir, cache warm","system":"gxgk fonts (system folders only), cache warm"}
for r in json.load(open(sys.argv[1]))["results"]:
    print("%-46s %5.1f ms" % (names[r["command"]], statistics.median(r["times"])*1000))' "$work/t.json"
