#!/usr/bin/env bash
# Writes every paper panel as JSON + SVG + PNG into out/ (or $OUT).
#   scripts/reproduce.sh           quick sizes (about a minute per panel)
#   scripts/reproduce.sh -paper    the paper's sizes
set -euo pipefail
cd "$(dirname "$0")/.."
command -v go >/dev/null || { echo "reproduce: Go is not installed (https://go.dev/dl, Go ≥ 1.24)" >&2; exit 1; }
out=${OUT:-out}
tags=()
if ldconfig -p 2>/dev/null | grep -q 'libopenblas\.so'; then tags=(-tags openblas); fi
mkdir -p "$out"
go build "${tags[@]}" -o "$out/.reproduce" ./scripts/reproduce
for panel in $("$out/.reproduce" 2>&1 | awk '/^panels:/{p=1;next} p&&/^  [a-z]/{print $1}'); do
  "$out/.reproduce" "$panel" -out "$out" "$@"
done
rm -f "$out/.reproduce"
