#!/usr/bin/env bash
# Writes every panel of the paper's figures as JSON + SVG + PNG into out/
# (or $OUT); extra arguments go to every panel.
#   scripts/reproduce.sh           quick sizes (about a minute per panel)
#   scripts/reproduce.sh -paper    the paper's sizes
#   scripts/reproduce.sh -fresh    recompute instead of reading the cache
set -euo pipefail
cd "$(dirname "$0")/.."
command -v go >/dev/null || { echo "reproduce: Go is not installed (https://go.dev/dl, Go ≥ 1.24)" >&2; exit 1; }
out=${OUT:-out}
mkdir -p "$out"
go build -o "$out/.reproduce" ./scripts/reproduce
for panel in $("$out/.reproduce" list -paper); do
  "$out/.reproduce" "$panel" -out "$out" "$@"
done
rm -f "$out/.reproduce"
