#!/usr/bin/env bash
# Runs one notebook headlessly with parameters, papermill's convention:
#   scripts/run-notebook.sh NOTEBOOK [-p NAME=VALUE]... [-o OUT.ipynb]
# inserts a cell tagged injected-parameters right after the cell tagged
# parameters, executes the notebook with the plmlab (GoNB) kernel, and writes
# the executed notebook to OUT.ipynb (default out/run/NAME.ipynb) and its HTML
# beside it. NAME is a variable of the parameters cell (Seed=3) or a field
# of a config there (Basins.N=1000, Sizes.Alphas=0.1,0.5,1). An unknown name
# or a value of the wrong type fails before anything runs. Explorer cells
# draw their first figure (PLMLAB_WIDGETS=off).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] && [ "$1" != -h ] && [ "$1" != --help ] || { sed -n '2,9p' "$0"; exit 2; }
nb=$1; shift
[ -f "$nb" ] || { echo "run-notebook: no notebook $nb" >&2; exit 2; }
name=$(basename "$nb" .ipynb)
out="out/run/$name.ipynb"
inject=()
while [ $# -gt 0 ]; do
  case "$1" in
    -p) [ $# -ge 2 ] || { echo "run-notebook: -p needs NAME=VALUE" >&2; exit 2; }; inject+=(-p "$2"); shift 2 ;;
    -o) [ $# -ge 2 ] || { echo "run-notebook: -o needs a path" >&2; exit 2; }; out=$2; shift 2 ;;
    *) echo "run-notebook: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
done
case "$out" in *.ipynb) ;; *) echo "run-notebook: -o must end in .ipynb" >&2; exit 2 ;; esac
# The copy runs beside the original, so that it finds the repository's data.
tmp="$(dirname "$nb")/.run-$name-$$.ipynb"
trap 'rm -f "$tmp"' EXIT
go run ./scripts/notebook inject "$nb" -o "$tmp" "${inject[@]}" || exit 2
scripts/setup.sh >/dev/null
. scripts/lib.sh
mkdir -p "$(dirname "$out")"
outdir=$(cd "$(dirname "$out")" && pwd)
base=$(basename "$out" .ipynb)
echo "run-notebook: executing $nb${inject:+ with ${inject[*]}}"
PLMLAB_WIDGETS=off jupyter nbconvert --to notebook --execute --ExecutePreprocessor.timeout=3600 --ExecutePreprocessor.kernel_name=plmlab \
  --output-dir "$outdir" --output "$base" "$tmp" >"$outdir/$base.log" 2>&1 || {
  echo "run-notebook: $nb failed; the failing cell:" >&2
  grep -v -e '^[IW][0-9]\{4\} ' "$outdir/$base.log" | grep -A25 'CellExecutionError' | head -40 >&2 || tail -20 "$outdir/$base.log" >&2
  exit 1
}
jupyter nbconvert --to html --output-dir "$outdir" --output "$base" "$outdir/$base.ipynb" >>"$outdir/$base.log" 2>&1
echo "run-notebook: wrote $out and ${out%.ipynb}.html"
