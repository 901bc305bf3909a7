#!/usr/bin/env bash
# The cluster check of the test command: starts a single-node Slurm
# (scripts/slurm-local.sh; installs slurm-wlm and munge when missing), runs
# scripts/slurm.sh on a small panel with 3 shards and with 1, compares both
# merged panels with the unsharded run, checks that a failing task fails the
# command with its log, and stops the daemons it started.
#   scripts/slurm-test.sh [OUTDIR]     (default out/test/slurm)
# Exit status: 0 passed, 1 failed, 3 skipped (Slurm cannot be installed or
# started here; the reason is printed).
set -uo pipefail
cd "$(dirname "$0")/.."
out=${1:-out/test/slurm}
rm -rf "$out"; mkdir -p "$out"
out=$(cd "$out" && pwd)

skip() { echo "slurm-test: SKIPPED: $*"; exit 3; }
fail() { echo "slurm-test: FAILED: $*"; exit 1; }

if ! command -v sbatch >/dev/null || [ ! -x /usr/sbin/slurmctld ] || [ ! -x /usr/sbin/munged ]; then
  scripts/slurm-local.sh install || skip "Slurm (slurm-wlm, munge) is not installed and could not be installed (needs root or sudo, and apt)"
fi
env_line=$(scripts/slurm-local.sh start "$out/cluster") || { scripts/slurm-local.sh stop "$out/cluster"; skip "the single-node cluster did not start (logs in $out/cluster/log)"; }
eval "$env_line"
trap 'scripts/slurm-local.sh stop "$out/cluster"' EXIT
sinfo

panel=basin-size
flags=(-n 100 -alphas 0.1,0.3,0.5,0.7,0.9,1.1 -epochs 200 -trials 2)
export PLMLAB_SLURM_POLL=1
unset PLMLAB_SBATCH

# The reference: the unsharded run, on as many CPUs as a task gets (one):
# OpenBLAS's float32 sums depend on its thread count.
go build -o "$out/reproduce" ./scripts/reproduce || fail "build"
GOMAXPROCS=1 OPENBLAS_NUM_THREADS=1 "$out/reproduce" $panel "${flags[@]}" -no-cache -q -out "$out/whole" || fail "the unsharded run"

for n in 3 1; do
  start=$(date +%s%N)
  PLMLAB_CACHE="$out/cache-$n" scripts/slurm.sh $panel -shards $n "${flags[@]}" -out "$out/shards-$n" || fail "slurm.sh with $n shards"
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  printf 'slurm-test: %d shard(s): %d.%01d s wall time\n' $n $((ms / 1000)) $((ms % 1000 / 100))
  for f in "$out"/whole/$panel*.json; do
    cmp -s "$f" "$out/shards-$n/$(basename "$f")" || fail "$n shards: $(basename "$f") differs from the unsharded run's"
  done
  echo "slurm-test: $n shard(s): every figure file equals the unsharded run's"
done

# A failing task: every shard fails to read the alignment.
if PLMLAB_CACHE="$out/cache-fail" scripts/slurm.sh proteins -shards 3 -alignment "$out/absent.fasta" -out "$out/fail" >"$out/fail.log" 2>&1; then
  fail "slurm.sh succeeded although every task failed"
fi
grep -q "task 0 (shard 0/3) wrote no shard file" "$out/fail.log" && grep -q "absent.fasta" "$out/fail.log" \
  || { cat "$out/fail.log"; fail "a failing task's log was not shown"; }
echo "slurm-test: a failing task fails slurm.sh and shows its log"
echo "slurm-test: passed"
