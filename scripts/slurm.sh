#!/usr/bin/env bash
# Runs a panel's sweep on a Slurm cluster: an array job of N shard tasks
# (task id i computes shard i/N) and a merge job that runs when all of them
# succeeded; waits for the merge and writes DIR/PANEL.json, .svg, .png.
#   scripts/slurm.sh PANEL -shards N [panel flags] [-out DIR]
#   scripts/slurm.sh basin-size -shards 8 -paper -out out/cluster
# The repository and DIR must be on a file system every node sees; so must
# the cache ($PLMLAB_CACHE, default ~/.cache/plmlab), where each finished
# grid point is kept: rerunning the same command after a failure or a time
# limit computes only the points that are missing.
# Extra sbatch options (partition, time, memory, CPUs) come from
# $PLMLAB_SBATCH, e.g. PLMLAB_SBATCH="--partition=short --time=2:00:00
# --mem=4G --cpus-per-task=4"; each task runs its products on the CPUs
# Slurm gave it. Exits non-zero, printing the failing tasks' logs, when a
# task fails; Ctrl-C cancels the jobs. Go is needed on this machine only:
# the command is built once, here, into DIR/.slurm/.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cwd=$(pwd) # tasks run here, so relative paths in the flags mean what they mean here

usage() { sed -n '2,17p' "$0"; }
die() { printf 'slurm: %s\n' "$*" >&2; exit "${2:-1}"; }

[ $# -ge 1 ] || { usage; exit 2; }
case "$1" in -h|--help) usage; exit 0 ;; -*) usage; exit 2 ;; esac
panel=$1; shift
shards="" out="out" flags=()
while [ $# -gt 0 ]; do
  case "$1" in
    -shards|--shards) [ $# -ge 2 ] || die "-shards needs a number" 2; shards=$2; shift 2 ;;
    -shards=*|--shards=*) shards=${1#*=}; shift ;;
    -out|--out) [ $# -ge 2 ] || die "-out needs a directory" 2; out=$2; shift 2 ;;
    -out=*|--out=*) out=${1#*=}; shift ;;
    -shard|-shard=*|-plan|-plan=*) die "$1 is chosen by this script (give -shards N)" 2 ;;
    *) flags+=("$1"); shift ;;
  esac
done
[[ "$shards" =~ ^[1-9][0-9]*$ ]] || die "give the number of shards: -shards N (N ≥ 1), got '${shards}'" 2
for c in sbatch squeue scancel; do command -v $c >/dev/null || die "$c not found: is this a Slurm submit host?"; done
command -v go >/dev/null || die "Go is not installed (https://go.dev/dl): it builds the command once, here"

mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$out/.slurm
mkdir -p "$work/logs"
bin=$work/reproduce
(cd "$repo" && go build -o "$bin.tmp" ./scripts/reproduce) && mv "$bin.tmp" "$bin"

# The split (and every flag) is checked here, before anything is queued.
"$bin" "$panel" -plan "$shards" "${flags[@]}" || die "nothing submitted" 2

files=()
for ((i = 0; i < shards; i++)); do files+=("$out/$panel.shard-$i-of-$shards.json"); done
rm -f "${files[@]}" "$work/$panel.merged"

# The tasks find MNIST in this machine's Go module cache without Go.
export GOMODCACHE=${GOMODCACHE:-$(cd "$repo" && go env GOMODCACHE)}

task=$work/$panel-task.sh
cat >"$task" <<EOF
#!/usr/bin/env bash
# One shard of $panel, written by scripts/slurm.sh: Slurm array task i runs shard i/$shards.
cpus=\${SLURM_CPUS_PER_TASK:-\${SLURM_JOB_CPUS_PER_NODE%%(*}}
export GOMAXPROCS=\${cpus:-1} OPENBLAS_NUM_THREADS=\${cpus:-1}
cd "$cwd"
echo "shard \$SLURM_ARRAY_TASK_ID/$shards of $panel on \$(hostname) with \$GOMAXPROCS CPUs"
exec "$bin" "$panel" -shard "\$SLURM_ARRAY_TASK_ID/$shards" -out "$out" "\$@"
EOF
chmod +x "$task"

# shellcheck disable=SC2206 # PLMLAB_SBATCH is a list of options
extra=(${PLMLAB_SBATCH:-})
array=$(sbatch --parsable "${extra[@]}" --job-name="plmlab-$panel" --array="0-$((shards - 1))" \
  --output="$work/logs/$panel-%A_%a.log" "$task" "${flags[@]}") || die "sbatch refused the array job"
array=${array%%;*}
printf -v quoted '%q ' "$bin" merge -out "$out" "${files[@]}"
merge=$(sbatch --parsable "${extra[@]}" --job-name="plmlab-$panel-merge" --dependency="afterok:$array" --kill-on-invalid-dep=yes \
  --output="$work/logs/$panel-merge-%j.log" --wrap="cd $(printf %q "$cwd") && $quoted && touch $(printf %q "$work/$panel.merged")") \
  || { scancel "$array"; die "sbatch refused the merge job (array $array cancelled)"; }
merge=${merge%%;*}
echo "slurm: $panel: array job $array ($shards tasks), merge job $merge; logs in $work/logs"

trap 'echo; echo "slurm: interrupted: cancelling jobs $array and $merge"; scancel "$array" "$merge"; exit 130' INT TERM

queued() { [ -n "$(squeue -h -j "$1" -o %i 2>/dev/null)" ]; }
done_count() { local n=0 f; for f in "${files[@]}"; do [ -f "$f" ] && n=$((n + 1)); done; echo $n; }
last=-1
start=$(date +%s)
while queued "$merge"; do
  n=$(done_count)
  if [ "$n" != "$last" ]; then
    echo "slurm: $panel: $n/$shards shards done ($(( $(date +%s) - start ))s)"
    last=$n
  fi
  sleep "${PLMLAB_SLURM_POLL:-10}"
done

if [ -f "$work/$panel.merged" ]; then
  cat "$work/logs/$panel-merge-$merge.log"
  echo "slurm: $panel: done in $(( $(date +%s) - start ))s"
  exit 0
fi
echo "slurm: $panel: FAILED; the merge job $merge did not complete" >&2
failed=0
for ((i = 0; i < shards; i++)); do
  if [ ! -f "${files[$i]}" ]; then
    log="$work/logs/$panel-${array}_$i.log"
    failed=$((failed + 1))
    echo "--- task $i (shard $i/$shards) wrote no shard file; its log $log:" >&2
    tail -n 30 "$log" >&2 2>/dev/null || echo "(no log: the task did not start)" >&2
  fi
done
[ $failed -gt 0 ] || tail -n 30 "$work/logs/$panel-merge-$merge.log" >&2 2>/dev/null || true
if queued "$array"; then
  echo "slurm: tasks of array $array still run; their points go to the cache, so rerunning this command computes only the rest (scancel $array stops them)" >&2
fi
exit 1
