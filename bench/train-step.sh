#!/usr/bin/env bash
# Side-by-side training-step benchmark: ahpo (tfjs wasm) and the PyTorch reference in one session, so the ratio is
# meaningful on a shared, noisy machine. Installs Debian's python3-torch when it is missing (the benchmark's job,
# never CI's). Usage: bash bench/train-step.sh [extra args for both, e.g. --steps 8]
set -euo pipefail
cd "$(dirname "$0")/.."
bash bench/ensure-torch.sh
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), node $(node --version)"
for round in 1 2; do
  # ahpo on one thread and on every core (AHPO_THREADS; src/runtime/wasm-threads.ts), like PyTorch below.
  AHPO_THREADS=1 npx tsx bench/train-step.ts --backends wasm "$@"
  AHPO_THREADS=2 npx tsx bench/train-step.ts --backends wasm "$@"
  # One OMP thread and passive waiting: spinning OpenMP threads collapse throughput on 2 shared cores.
  OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 bench/reference/train_step.py "$@"
  OMP_NUM_THREADS=2 OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 bench/reference/train_step.py "$@"
done
