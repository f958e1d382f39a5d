#!/usr/bin/env bash
# The pictures and measurements a reviewer looks at, written into the folder given as argument:
#   <name>-screen-375.png, <name>-screen-1280.png   the HTML page in headless Chromium (a phone, a desktop)
#   <name>-print.pdf, <name>-print-N.png             the HTML page printed by Chromium (print-to-PDF)
#   <name>-pdf-N.png                                 the native PDF (gxgk render --pdf)
#   <name>-lo.pdf, <name>-lo-N.png                   the DOCX laid out by LibreOffice
#   measurements.txt                                 page counts and sizes, text rows per page, DOCX validation
# for both examples and for a `gxgk new` scaffold rendered with --draft (name new-draft).
# Needs: chromium, poppler-utils, libreoffice-writer, and openxml-audit (PyPI) on PATH or in
# $GXGK_OPENXML_AUDIT. The screenshots and print-to-PDF come from the Chromium tests in
# tests/it/html.rs (CDP over --remote-debugging-pipe), which keep them when GXGK_LOOK is set.
set -euo pipefail
out=${1:?"usage: bench/look.sh <folder>"}
mkdir -p "$out"
out=$(cd "$out" && pwd)
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
cargo build --quiet
gxgk=$target/debug/gxgk
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The three reports, all formats.
cp examples/2025-township.toml examples/2020-street.toml "$work/"
"$gxgk" new --agency 磐石镇 --level 乡镇 --year 2025 -o "$work/new-draft.toml" >/dev/null
for name in 2025-township 2020-street new-draft; do
  draft=()
  [ "$name" = new-draft ] && draft=(--draft)
  "$gxgk" render "$work/$name.toml" "${draft[@]}" -o "$work/$name" --force >/dev/null
done

# Chromium: screenshots at 375 and 1280 px, and print-to-PDF (the tests measure them too).
GXGK_LOOK="$out" cargo test --quiet --test it html::chromium >/dev/null
# The editor (gxgk edit) at 1280 px with a 表三 finding shown, and the 2019 example at 1920 px.
GXGK_LOOK="$out" cargo test --quiet --test it -- edit::a_clerk_fixes edit::a_single_cell >/dev/null

rows_per_page() { # text rows (distinct baselines) per page, and the lowest text row, in mm
  pdftotext -bbox "$1" - | awk '
    /<page /{ if (p) print "  page " p ": " n " rows, last text ends at " sprintf("%.1f", last/72*25.4) " mm"; p++; n=0; last=0; delete seen }
    /<word /{ match($0, /yMax="[0-9.]+"/); y=substr($0, RSTART+6, RLENGTH-7)+0; k=int(y/4);
              if (!(k in seen) && y < 760) { seen[k]=1; n++ } if (y < 760 && y > last) last=y }
    END{ print "  page " p ": " n " rows, last text ends at " sprintf("%.1f", last/72*25.4) " mm" }'
}

{
  echo "# bench/look.sh $(date -u +%Y-%m-%dT%H:%MZ), $(chromium --version 2>/dev/null), $(soffice --version 2>/dev/null | head -1)"
  for name in 2025-township 2020-street new-draft; do
    cp "$work/$name/$name.pdf" "$out/$name-pdf.pdf"
    pdftoppm -png -r 50 "$out/$name-pdf.pdf" "$out/$name-pdf"
    pdftoppm -png -r 50 "$out/$name-print.pdf" "$out/$name-print"
    soffice -env:UserInstallation="file://$work/lo-profile" --headless --convert-to pdf \
      --outdir "$work/lo" "$work/$name/$name.docx" >/dev/null 2>&1
    cp "$work/lo/$name.pdf" "$out/$name-lo.pdf"
    pdftoppm -png -r 50 "$out/$name-lo.pdf" "$out/$name-lo"
    for kind in pdf print lo; do
      f="$out/$name-$kind.pdf"
      echo "== $name $kind: $(pdfinfo "$f" | awk '/^Pages:/{p=$2} /^Page size:/{s=$3"x"$5" pt"} END{print p" pages, "s}')"
      rows_per_page "$f"
    done
  done
  echo "== openxml-audit (DOCX schema validation)"
  audit=${GXGK_OPENXML_AUDIT:-openxml-audit}
  for name in 2025-township 2020-street new-draft; do
    printf '%s: ' "$name"
    "$audit" -m 0 --policy strict -f microsoft365 "$work/$name/$name.docx" | tail -1
  done
} | tee "$out/measurements.txt"
