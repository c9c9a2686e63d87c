#!/usr/bin/env bash
# Makes the PyTorch reference runnable: Debian's python3-torch, and OpenBLAS behind it (with only the reference BLAS
# its matmul runs at ~6 GFLOP/s instead of ~90, which would flatter every ratio). The benchmarks' job, never CI's.
set -euo pipefail
if ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch >/dev/null
fi
if [ ! -e /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libopenblas0-pthread >/dev/null
fi
