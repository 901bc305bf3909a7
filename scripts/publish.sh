#!/usr/bin/env bash
# Renders every notebook (executed top to bottom) into a self-contained
# static site: index.html plus one page per notebook, with ECharts, MathJax
# and require.js copied alongside, so it opens offline or on any static host.
#   scripts/publish.sh [OUTDIR]        (default: site/)
set -euo pipefail
cd "$(dirname "$0")/.."
site=${1:-site}
scripts/setup.sh
. scripts/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
execute_notebooks "$tmp" notebooks/*.ipynb
[ "$nb_failed" = 0 ] || { echo "publish: $nb_failed notebook(s) failed; nothing published" >&2; exit 1; }
rm -rf "$site"
go run ./scripts/pages site -out "$site" -docs docs "$tmp"/*.html
if command -v chromium >/dev/null || command -v chromium-browser >/dev/null; then
  go run ./scripts/pages check "$site"/*.html
fi
echo "publish: open $site/index.html"
