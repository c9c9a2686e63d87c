#!/usr/bin/env bash
# A one-node Slurm on this machine, for `ahpo sweep --launcher slurm` and its tests (docs/sweeps.md).
#
# Debian's own packages (slurmctld, slurmd, slurm-client, munge) run the real scheduler; only the configuration is
# ours. This script:
#   1. installs the four packages with apt-get when a binary is missing (root, or passwordless sudo),
#   2. writes /etc/slurm/slurm.conf (where every Slurm command looks) for one node, this machine, with the CPU count
#      and memory `slurmd -C` measures; no cgroups (proctrack/linuxproc, task/none) and no accounting database, so it
#      runs in containers and small VMs. Its state, spool, pid and log files live in .vendor/slurm/,
#   3. starts munged, slurmctld and slurmd, and waits until `sinfo` shows the node idle.
# Idempotent: when the three daemons run and the node answers, it only prints the node's state. A slurm.conf that
# this script did not write (a real cluster's) is never touched: the script then only checks that Slurm answers.
#
#   bash scripts/setup-slurm.sh            # then: sinfo; ahpo sweep … --launcher slurm
#   bash scripts/setup-slurm.sh --restart  # stop the daemons started here, rewrite slurm.conf, start again
set -euo pipefail
cd "$(dirname "$0")/.."
VENDOR="$PWD/.vendor/slurm"
CONF=/etc/slurm/slurm.conf
MARKER="# Written by ahpo scripts/setup-slurm.sh"
PACKAGES=(slurmctld slurmd slurm-client munge)

die() { echo "setup-slurm: $*" >&2; exit 1; }
say() { echo "setup-slurm: $*"; }

# Everything below changes the system (packages, /etc, daemons run as root): root, or sudo without a password.
if [[ "$(id -u)" == 0 ]]; then
  AS_ROOT=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  AS_ROOT=(sudo -n)
else
  die "needs root or passwordless sudo (it installs packages and starts munged, slurmctld and slurmd as root)"
fi
root() { "${AS_ROOT[@]}" "$@"; }

running() { pgrep -x "$1" >/dev/null; }
ours() { [[ -f "$CONF" ]] && head -1 "$CONF" | grep -qF "$MARKER"; }
# The node's state as sinfo prints it (idle, mixed, allocated, down*, …), empty when slurmctld does not answer.
node_state() { timeout 10 sinfo --noheader --format=%T 2>/dev/null | head -1 || true; }

if [[ "${1:-}" == "--restart" ]]; then
  ours || die "--restart only restarts the Slurm this script set up; $CONF is not ours"
  for d in slurmd slurmctld; do
    pid_file="$VENDOR/run/$d.pid"
    if [[ -f "$pid_file" ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then root kill "$(cat "$pid_file")"; fi
  done
  for _ in $(seq 50); do running slurmd || running slurmctld || break; sleep 0.2; done
fi

# --- 0. already up? ------------------------------------------------------------------------------------------------
if running munged && running slurmctld && running slurmd; then
  state="$(node_state)"
  case "$state" in
    idle* | mixed* | allocated* | completing*)
      say "running (node $(hostname -s): $state; $(ours && echo "config $CONF, files in $VENDOR" || echo "this machine's own $CONF"))"
      exit 0
      ;;
  esac
  say "daemons run but the node is '${state:-not answering}'; trying to bring it back"
fi

# --- 1. packages ---------------------------------------------------------------------------------------------------
missing=()
for b in munged slurmctld slurmd sbatch; do command -v "$b" >/dev/null || missing+=("$b"); done
if ((${#missing[@]})); then
  command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get; install ${PACKAGES[*]} with this machine's package manager"
  say "installing ${PACKAGES[*]} (missing: ${missing[*]})"
  root env DEBIAN_FRONTEND=noninteractive apt-get -qq update || die "apt-get update failed (network or mirror?)"
  # Debian starts the services from their maintainer scripts where systemd runs; without our config they fail, which
  # apt reports but tolerates. We start the daemons ourselves below.
  root env DEBIAN_FRONTEND=noninteractive apt-get -qq install -y --no-install-recommends "${PACKAGES[@]}" >/dev/null ||
    die "apt-get install ${PACKAGES[*]} failed"
fi

# --- 2. slurm.conf -------------------------------------------------------------------------------------------------
if [[ -f "$CONF" ]] && ! ours; then
  state="$(node_state)"
  [[ -n "$state" ]] || die "$CONF exists and was not written by this script, and sinfo gets no answer; start this machine's Slurm (or move $CONF away and rerun)"
  say "using this machine's own Slurm ($CONF): node state $state"
  exit 0
fi
HOST="$(hostname -s)"
# `slurmd -C` prints the node line Slurm itself would accept: NodeName=… CPUs=… Boards=… … RealMemory=…
NODE_LINE="$(slurmd -C | head -1)"
[[ "$NODE_LINE" == NodeName=* ]] || die "slurmd -C printed '$NODE_LINE'; expected a NodeName=… line"
NODE_LINE="NodeName=$HOST NodeAddr=127.0.0.1 ${NODE_LINE#NodeName=* } State=UNKNOWN"
root mkdir -p "$VENDOR"/{state,spool,log,run} /etc/slurm
conf_text="$MARKER: a one-node Slurm on this machine (docs/sweeps.md).
ClusterName=ahpo
SlurmctldHost=$HOST(127.0.0.1)
AuthType=auth/munge
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$VENDOR/state
SlurmdSpoolDir=$VENDOR/spool
SlurmctldPidFile=$VENDOR/run/slurmctld.pid
SlurmdPidFile=$VENDOR/run/slurmd.pid
SlurmctldLogFile=$VENDOR/log/slurmctld.log
SlurmdLogFile=$VENDOR/log/slurmd.log
# No cgroups: processes are tracked by parent pid, tasks are not pinned. Works in containers and small VMs.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
# No accounting database, so sacct has nothing to report; ahpo sweep status reads each task's exit file instead.
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/backfill
# Cores are the consumable resource (not memory), so two one-CPU tasks share a two-core machine.
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
# A node that was down comes back by itself once slurmd registers.
ReturnToService=2
$NODE_LINE
PartitionName=debug Nodes=$HOST Default=YES MaxTime=INFINITE State=UP"
printf '%s\n' "$conf_text" | root tee "$CONF.tmp" >/dev/null
root mv "$CONF.tmp" "$CONF"
say "wrote $CONF ($NODE_LINE)"

# --- 3. daemons ----------------------------------------------------------------------------------------------------
if ! running munged; then
  [[ -s /etc/munge/munge.key ]] || root runuser -u munge -- mungekey --create || die "cannot create /etc/munge/munge.key"
  root install -d -o munge -g munge -m 0755 /run/munge
  root runuser -u munge -- /usr/sbin/munged || die "munged did not start (see /var/log/munge/munged.log)"
fi
munge -n | unmunge >/dev/null || die "munge round trip failed (munge -n | unmunge); see /var/log/munge/munged.log"
running slurmctld || root slurmctld || die "slurmctld did not start; see $VENDOR/log/slurmctld.log"
running slurmd || root slurmd || die "slurmd did not start; see $VENDOR/log/slurmd.log"

for _ in $(seq 60); do
  state="$(node_state)"
  case "$state" in
    idle*) break ;;
    down* | drain*) root scontrol update NodeName="$HOST" State=RESUME 2>/dev/null || true ;;
  esac
  sleep 1
done
[[ "$state" == idle* ]] || die "node $HOST is '${state:-not answering}' after 60 s; see $VENDOR/log/slurmctld.log and slurmd.log"
sinfo
say "running (node $HOST: $state; config $CONF, files in $VENDOR)"
