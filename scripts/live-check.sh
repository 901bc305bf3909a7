#!/usr/bin/env bash
# The explorers in a live notebook: starts the main command
# (scripts/start.sh, in the classic Notebook) on a free local port with a
# random token, and drives it with headless Chromium (scripts/live/check.js,
# puppeteer-core from scripts/setup.sh --browser): in each notebook it runs
# the imports, the parameters and the explorer cell, moves every control,
# checks that the chart's data changed and no error output appeared, and
# clicks Done, which must close the controls and free the kernel; then
# runs it again and interrupts the kernel, which must do the same.
# Screenshots go to OUTDIR (default out/live). Stops the server at the end.
#   scripts/live-check.sh [OUTDIR] [NOTEBOOK...]   (default: 03, 04, 09, 10)
# Exit 3 (skipped) when puppeteer-core could not be installed.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-out/live}
shift || true
nbs=("$@")
[ ${#nbs[@]} -gt 0 ] || nbs=(03_replica_stabilities.ipynb 04_basins.ipynb 09_vector_spins.ipynb 10_hopfield_landscape.ipynb)

scripts/setup.sh --browser >/dev/null
pup="$(pwd)/.plmlab/node/node_modules"
if [ "$(cat "$pup/../VERSION" 2>/dev/null)" = "" ] || [ ! -d "$pup/puppeteer-core" ]; then
  echo "live-check: SKIPPED: puppeteer-core is not installed in .plmlab/node (scripts/setup.sh --browser installs it from npm; see its warning above)" >&2
  exit 3
fi
chrome=${CHROME:-$(command -v chromium || command -v chromium-browser || true)}
[ -n "$chrome" ] || { echo "live-check: no Chromium (scripts/setup.sh --browser installs it)" >&2; exit 1; }

mkdir -p "$out"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
token=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
log="$out/jupyter.log"
# The server's own process group, so that stopping it stops its kernels.
set -m
PLMLAB_JUPYTER=notebook scripts/start.sh --no-browser --ip=127.0.0.1 --port="$port" \
  --NotebookApp.token="$token" --NotebookApp.open_browser=False >"$log" 2>&1 &
server=$!
set +m
stop() { kill -- -"$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }
trap stop EXIT

for _ in $(seq 1 120); do
  if python3 -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$port/api/status?token=$token', timeout=2)" 2>/dev/null; then
    break
  fi
  kill -0 "$server" 2>/dev/null || { echo "live-check: the notebook server stopped; its log:" >&2; tail -20 "$log" >&2; exit 1; }
  sleep 1
done
echo "live-check: classic Notebook on 127.0.0.1:$port"

failed=0
for nb in "${nbs[@]}"; do
  name=$(basename "$nb" .ipynb)
  if ! CHROME="$chrome" NODE_PATH="$pup" node scripts/live/check.js "http://127.0.0.1:$port/?token=$token" "$(basename "$nb")" "$out/$name"; then
    failed=$((failed + 1))
    echo "live-check: $name FAILED (screenshots in $out/$name, server log $log)"
  fi
done
[ "$failed" = 0 ] && echo "live-check: ${#nbs[@]} explorers live: every control redrew its chart, Done freed the kernel"
[ "$failed" = 0 ]
