#!/usr/bin/env bash
# Side-by-side decode benchmark: ahpo's rollout engine (tfjs wasm) and the PyTorch KV-cache loop in one session.
# Usage: bash bench/decode.sh [args for both, e.g. --new 32]
set -euo pipefail
cd "$(dirname "$0")/.."
bash bench/ensure-torch.sh
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), node $(node --version)"
for threads in 1 2; do
  AHPO_THREADS=$threads npx tsx bench/decode.ts "$@"
  (cd bench/reference && OMP_NUM_THREADS=$threads OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 decode.py "$@")
done
