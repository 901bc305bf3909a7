#!/usr/bin/env bash
# A throw-away single-node Slurm cluster on this machine, for testing
# scripts/slurm.sh (Debian's slurm-wlm and munge; root, or sudo).
#   scripts/slurm-local.sh start DIR   writes DIR/slurm.conf, starts munged
#                                      (if not running), slurmctld and slurmd;
#                                      prints the line to eval: export SLURM_CONF=…
#   scripts/slurm-local.sh stop DIR    stops the daemons it started
#   scripts/slurm-local.sh install     installs slurm-wlm and munge (apt)
# The cluster has one node, this host (hostname -s) with its nproc CPUs,
# and one partition; state, logs and spool live in DIR. Ports 16817-16818,
# so that a real Slurm on the machine is left alone.
set -euo pipefail

die() { printf 'slurm-local: %s\n' "$*" >&2; exit 1; }
SUDO=()
[ "$(id -u)" -eq 0 ] || { command -v sudo >/dev/null && SUDO=(sudo); } || die "needs root or sudo"

case "${1:-}" in
install)
  command -v apt-get >/dev/null || die "no apt-get: install Slurm (slurmctld, slurmd) and munge with your package manager"
  inst() { "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null; }
  # A fresh machine may have no package lists yet.
  inst || { "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq && inst; }
  ;;
start)
  dir=$(mkdir -p "${2:?usage: slurm-local.sh start DIR}" && cd "$2" && pwd)
  for c in slurmctld slurmd munged sbatch; do
    command -v "$c" >/dev/null || [ -x "/usr/sbin/$c" ] || die "$c not found (scripts/slurm-local.sh install)"
  done
  mkdir -p "$dir/state" "$dir/spool" "$dir/log"
  node=$(hostname -s)
  cat >"$dir/slurm.conf" <<EOF
ClusterName=plmlab-test
SlurmctldHost=$node
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
MinJobAge=600
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
NodeName=$node CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
  if ! munge -n </dev/null >/dev/null 2>&1; then # no munged answering
    mkdir -p /run/munge 2>/dev/null || "${SUDO[@]}" mkdir -p /run/munge
    "${SUDO[@]}" chown munge:munge /run/munge 2>/dev/null || true
    "${SUDO[@]}" runuser -u munge -- /usr/sbin/munged 2>/dev/null || "${SUDO[@]}" /usr/sbin/munged --force
    touch "$dir/started-munged"
  fi
  export SLURM_CONF=$dir/slurm.conf
  "${SUDO[@]}" env SLURM_CONF="$SLURM_CONF" /usr/sbin/slurmctld -i
  "${SUDO[@]}" env SLURM_CONF="$SLURM_CONF" /usr/sbin/slurmd
  for _ in $(seq 60); do
    if sinfo -h -o %T 2>/dev/null | grep -x idle >/dev/null; then
      echo "export SLURM_CONF=$SLURM_CONF"
      exit 0
    fi
    sleep 0.5
  done
  sinfo >&2 || true
  tail -5 "$dir/log/slurmctld.log" "$dir/log/slurmd.log" >&2 || true
  die "the node did not come up within 30 s (logs above)"
  ;;
stop)
  dir=$(cd "${2:?usage: slurm-local.sh stop DIR}" && pwd)
  for pidfile in "$dir/slurmd.pid" "$dir/slurmctld.pid"; do
    [ -f "$pidfile" ] && "${SUDO[@]}" kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  if [ -f "$dir/started-munged" ]; then
    [ -f /run/munge/munged.pid ] && "${SUDO[@]}" kill "$(cat /run/munge/munged.pid)" 2>/dev/null || true
    rm -f "$dir/started-munged"
  fi
  ;;
*)
  sed -n '2,11p' "$0"; exit 2 ;;
esac
