#!/usr/bin/env bash
# The main job: sets up whatever is missing (scripts/setup.sh --data: also
# the protein data of notebook 08; without network the other notebooks
# still open), then opens
# notebooks/ in JupyterLab, or in the classic notebook where JupyterLab is
# not installed (PLMLAB_JUPYTER=notebook chooses the classic notebook even
# where JupyterLab is). Extra arguments go to Jupyter (e.g. --no-browser
# --port 8890).
set -euo pipefail
cd "$(dirname "$0")/.."
rc=0
scripts/setup.sh --data || rc=$?
[ "$rc" = 0 ] || [ "$rc" = 3 ] || exit "$rc"
. scripts/lib.sh
extra=()
[ "$(id -u)" -eq 0 ] && extra+=(--allow-root)
if [ "${PLMLAB_JUPYTER:-}" != notebook ] && jupyter lab --version >/dev/null 2>&1; then
  echo "start: opening notebooks/ in JupyterLab"
  exec jupyter lab --notebook-dir=notebooks "${extra[@]}" "$@"
fi
echo "start: JupyterLab not found (pip install jupyterlab); opening notebooks/ in the classic notebook"
exec jupyter notebook --notebook-dir=notebooks "${extra[@]}" "$@"
