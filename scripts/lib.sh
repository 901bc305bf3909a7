# Shared by the scripts: Go tools on PATH, Jupyter quiet, notebook execution.
gobin=$(go env GOBIN); [ -n "$gobin" ] || gobin="$(go env GOPATH)/bin"
export PATH="$gobin:$PATH"
export PYDEVD_DISABLE_FILE_VALIDATION=1

# execute_notebooks OUTDIR NOTEBOOK... : runs each notebook top to bottom with
# the GoNB kernel and writes OUTDIR/NAME.html, and the figure data each one
# shows into OUTDIR/figures/NAME/PANEL.json (for the check of the numbers
# its prose quotes); prints one line per notebook and sets nb_passed /
# nb_failed. Explorer cells draw their first figure and go on
# (PLMLAB_WIDGETS=off: no page answers their controls here).
execute_notebooks() {
  local outdir=$1; shift
  mkdir -p "$outdir"
  nb_passed=0; nb_failed=0
  for nb in "$@"; do
    local name log start
    name=$(basename "$nb" .ipynb)
    log="$outdir/$name.log"
    start=$(date +%s)
    mkdir -p "$outdir/figures/$name"
    if PLMLAB_WIDGETS=off PLMLAB_FIGURES_DIR="$(cd "$outdir/figures/$name" && pwd)" jupyter nbconvert --to html --execute --ExecutePreprocessor.timeout=600 \
         --ExecutePreprocessor.kernel_name=plmlab --output-dir "$outdir" "$nb" >"$log" 2>&1; then
      nb_passed=$((nb_passed + 1))
      printf 'notebook %-32s ok (%ds)\n' "$name" $(( $(date +%s) - start ))
    else
      nb_failed=$((nb_failed + 1))
      printf 'notebook %-32s FAILED (%ds); the failing cell:\n' "$name" $(( $(date +%s) - start ))
      grep -v -e '^[IW][0-9]\{4\} ' -e 'Debugger' -e '^0.00s' "$log" | grep -A25 'CellExecutionError' | head -40 || tail -20 "$log"
    fi
  done
}
