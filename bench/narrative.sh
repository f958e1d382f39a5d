#!/usr/bin/env bash
# Narrative-scale benchmark (one of the performance targets): the 2025 example with every narrative text repeated
# K times (K = 1, 10, 100, 1000; 1000× is about 1,800 pages), `gxgk render --pdf`, release
# build. Prints, per K, the page count, the median wall and CPU time of three runs, the peak
# memory and the PDF size. Targets at 1000×: <= 0.8 s, <= 60 MB peak.
# Usage: bench/narrative.sh [K ...]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin gxgk
gxgk=$PWD/${CARGO_TARGET_DIR:-target}/release/gxgk
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1 10 100 1000)
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "== $(nproc) cores, $(git rev-parse --short HEAD)"
printf '%6s %7s %9s %9s %9s %11s\n' K pages wall_s cpu_s peak_MB pdf_bytes
for k in "${sizes[@]}"; do
  python3 - "$k" examples/2025-township.toml > "$work/r$k.toml" <<'PY'
import re, sys
k = int(sys.argv[1])
src = open(sys.argv[2], encoding="utf-8").read()
def grow(m):
    paras = [p for p in m.group(1).strip().split("\n\n") if p.strip()]
    return 'text = """\n' + "\n\n".join(paras * k) + '\n"""'
print(re.sub(r'text = """\n(.*?)\n"""', grow, src, flags=re.S), end="")
PY
  runs=()
  for _ in 1 2 3; do
    rm -f "$work/r$k.pdf"
    runs+=("$(/usr/bin/time -f '%e %U %S %M' "$gxgk" render "$work/r$k.toml" --pdf -o "$work" 2>&1 >/dev/null | tail -1)")
  done
  wall=$(printf '%s\n' "${runs[@]}" | awk '{print $1}' | median)
  cpu=$(printf '%s\n' "${runs[@]}" | awk '{print $2 + $3}' | median)
  peak=$(printf '%s\n' "${runs[@]}" | awk '{print $4 / 1024}' | median)
  pages=$(pdfinfo "$work/r$k.pdf" | awk '/^Pages:/ {print $2}')
  printf '%6s %7s %9s %9s %9.1f %11s\n' "$k" "$pages" "$wall" "$cpu" "$peak" "$(stat -c %s "$work/r$k.pdf")"
done
