#!/usr/bin/env bash
# One command on an NVIDIA machine with no internet and no Node (see bench/gpu/README.md): unpacks the payload built by
# bench/gpu/pack.sh (.gpu/, carried), then for the reference config and a larger one runs
#   - ahpo's training-step, forward and KV-cache decode benchmark on the webgpu backend (Dawn → Vulkan → NVIDIA),
#   - bench/decode.ts (the rollout engine's decode) on webgpu, reference config,
#   - bench/reference/train_step.py and bench/gpu/decode_cuda.py on CUDA (fp32, PyTorch), in the same run,
# and writes everything to $OUT (or bench/out/gpu when $OUT is unset): results.txt, results.jsonl, env.txt.
#   bash bench/gpu/run.sh reference  # batch 4 × seq 256, 4.46 M params            (one device call each: every
#   bash bench/gpu/run.sh large      # hidden 1024, 12 layers, batch 4 × seq 1024    step has a timeout, ≤ 570 s)
#   bash bench/gpu/run.sh all        # both (may exceed one 600 s device call)
#   bash bench/gpu/run.sh --smoke    # tiny sizes: checks the plumbing in ~30 s (also on lavapipe)
#   bash bench/gpu/run.sh parity     # real-size parity: scripts/reference/real_size_parity.py (random-init Qwen2.5-VL,
#                                    # 3B dimensions, fp32, PyTorch/CUDA) writes /tmp/ahpo-parity-3b, then app/parity.mjs
#                                    # (bench/gpu/real-size-parity.ts) loads it on webgpu and compares logits (≤ 1e-3)
#   bash bench/gpu/run.sh parity-tiny  # the same load → forward → compare path with a tiny ahpo-made model (no Python)
set -uo pipefail
cd "$(dirname "$0")/../.."
REPO="$PWD"
PAY="$REPO/.gpu"
RES="${OUT:-$REPO/bench/out/gpu}"
WORK=/tmp/ahpo-gpu
mkdir -p "$RES"
log() { echo "$*" | tee -a "$RES/results.txt"; }
# preset batch seq steps warmup prompt new-tokens
REF="reference 4 256 5 2 128 64"
LARGE="large 4 1024 5 2 512 64"
MODE=bench
case "${1:-all}" in
  parity) MODE=parity; CONFIGS=() ;;
  parity-tiny) MODE=parity-tiny; CONFIGS=() ;;
  --smoke) CONFIGS=("reference 1 32 1 1 16 4") ;;
  reference) CONFIGS=("$REF") ;;
  large) CONFIGS=("$LARGE") ;;
  all) CONFIGS=("$REF" "$LARGE") ;;
  *) echo "usage: bash bench/gpu/run.sh [reference|large|all|--smoke|parity|parity-tiny]" >&2; exit 2 ;;
esac
[[ -f "$PAY/node.xz" && -f "$PAY/app/bench.mjs" ]] || { echo "run.sh: payload .gpu/ missing: run 'bash bench/gpu/pack.sh' here and carry .gpu" >&2; exit 1; }

unxz_to() { # file.xz dest: xz when present, else Python's lzma (always in python3)
  if command -v xz >/dev/null; then xz -dc "$1" >"$2"; else python3 -c 'import lzma,shutil,sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$1" "$2"; fi
}

# --- unpack: Node, the bundle, Dawn, the Vulkan loader ---------------------------------------------------------------
rm -rf "$WORK"
mkdir -p "$WORK/bin"
unxz_to "$PAY/node.xz" "$WORK/bin/node" && chmod +x "$WORK/bin/node"
cp -r "$PAY/app" "$WORK/app"
DAWN="$WORK/app/node_modules/webgpu/dist/linux-x64/dawn.node"
unxz_to "$DAWN.xz" "$DAWN" && rm "$DAWN.xz"
export PATH="$WORK/bin:$PATH"
have_loader() {
  ldconfig -p 2>/dev/null | grep -q 'libvulkan.so.1' && return 0
  local d
  local p="${LD_LIBRARY_PATH:-}"
  for d in ${p//:/ }; do [[ -e "$d/libvulkan.so.1" ]] && return 0; done
  return 1
}
if ! have_loader; then
  for deb in "$PAY"/debs/*.deb; do dpkg -x "$deb" "$WORK/vk"; done
  export LD_LIBRARY_PATH="$WORK/vk/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
# The NVIDIA driver's ICD: the standard dirs, else the driver mount the device machines use.
if [[ -z "${VK_DRIVER_FILES:-}${VK_ICD_FILENAMES:-}" ]] && ! ls /etc/vulkan/icd.d/*.json /usr/share/vulkan/icd.d/*.json >/dev/null 2>&1; then
  for icd in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/local/nvidia/icd.d/nvidia_icd.json; do
    [[ -f "$icd" ]] && export VK_DRIVER_FILES="$icd" VK_ICD_FILENAMES="$icd" && break
  done
fi
for d in /usr/local/nvidia/lib64 /usr/local/nvidia/lib; do [[ -d "$d" ]] && export LD_LIBRARY_PATH="${LD_LIBRARY_PATH:+$LD_LIBRARY_PATH:}$d"; done

{
  echo "date $(date -u +%FT%TZ)"
  cat "$PAY/MANIFEST"
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 | sed 's/^/gpu /'
  python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, "available", torch.cuda.is_available())' 2>&1
  echo "VK_DRIVER_FILES=${VK_DRIVER_FILES:-} LD_LIBRARY_PATH=${LD_LIBRARY_PATH:-}"
  echo "cpu $(nproc) × $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
} | tee "$RES/env.txt"

HAS_CUDA=$(python3 -c 'import torch; print(int(torch.cuda.is_available()))' 2>/dev/null || echo 0)

# --- real-size parity (issue 7): PyTorch writes the model + fixture, ahpo on webgpu compares ------------------------
if [[ "$MODE" == parity* ]]; then
  [[ -f "$WORK/app/parity.mjs" ]] || { log "parity: app/parity.mjs missing from the payload: rebuild with bash bench/gpu/pack.sh"; exit 1; }
  if [[ "$MODE" == parity-tiny ]]; then
    PDIR="${AHPO_PARITY_DIR:-/tmp/ahpo-parity-tiny}"
    log "== parity --tiny: ahpo-made tiny-vl model, cpu reference vs webgpu, in $PDIR =="
    timeout 300 node "$WORK/app/parity.mjs" "$PDIR" --tiny --backend webgpu >"$RES/parity-webgpu.log" 2>&1
  else
    PDIR="${AHPO_PARITY_DIR:-/tmp/ahpo-parity-3b}"
    # 3.75 B parameters, fp32: 15 GB on disk, ≈ 16 GB on the GPU for PyTorch, then ≈ 16 GB host RAM + 15 GB GPU for
    # ahpo (weights stay on the host until the first forward uploads them). A folder from an earlier call on the same
    # (still warm) machine is reused; PARITY_REBUILD=1 rebuilds it.
    if [[ -f "$PDIR/fixture.json" && -f "$PDIR/reference.safetensors" && -z "${PARITY_REBUILD:-}" ]]; then
      log "== parity: reusing $PDIR (PARITY_REBUILD=1 to rebuild) =="
    else
      log "== parity: PyTorch reference (transformers, fp32, random init seed 0, Qwen2.5-VL-3B dimensions) → $PDIR =="
      timeout 330 python3 "$REPO/scripts/reference/real_size_parity.py" "$PDIR" >"$RES/parity-python.log" 2>&1
      rc=$?
      grep -v -i 'warn' "$RES/parity-python.log" | tail -6 | tee -a "$RES/results.txt"
      [[ $rc -eq 0 ]] || { log "parity: python exit $rc (124 = timeout); see parity-python.log"; exit 1; }
    fi
    log "== parity: ahpo on webgpu =="
    timeout 240 node "$WORK/app/parity.mjs" "$PDIR" --backend webgpu >"$RES/parity-webgpu.log" 2>&1
  fi
  rc=$?
  grep -v '^RESULT ' "$RES/parity-webgpu.log" | grep -v 'artificially reduced' | tail -8 | tee -a "$RES/results.txt"
  grep '^RESULT ' "$RES/parity-webgpu.log" | sed 's/^RESULT //' >>"$RES/results.jsonl"
  [[ $rc -eq 0 ]] || log "parity: ahpo exit $rc (1 = logits differ, 124 = timeout)"
  log "done: $RES"
  exit $rc
fi
for c in "${CONFIGS[@]}"; do
  read -r preset batch seq steps warmup prompt newtok <<<"$c"
  log "== $preset: batch $batch × seq $seq =="
  # Dawn's warnings go to stderr; keep them in the log for the record.
  timeout 300 node "$WORK/app/bench.mjs" --backend webgpu --preset "$preset" --batch "$batch" --seq "$seq" --steps "$steps" \
    --warmup "$warmup" --prompt "$prompt" --new-tokens "$newtok" >"$RES/webgpu-$preset.log" 2>&1
  rc=$?
  grep -v '^RESULT ' "$RES/webgpu-$preset.log" | grep -v 'artificially reduced' | tail -5 | tee -a "$RES/results.txt"
  grep '^RESULT ' "$RES/webgpu-$preset.log" | sed 's/^RESULT //' >>"$RES/results.jsonl"
  [[ $rc -eq 0 ]] || log "webgpu $preset: exit $rc (124 = timeout)"
  if [[ "$preset" == reference ]]; then # the rollout engine's decode (bench/decode.ts knows the built-in presets only)
    timeout 120 node "$WORK/app/decode.mjs" --backend webgpu --batches "1,$batch,32" --prompt 32 --new "$newtok" 2>&1 |
      grep -v 'artificially reduced' | tail -6 | tee -a "$RES/results.txt"
  fi
  if [[ "$HAS_CUDA" == 1 ]]; then
    timeout 90 python3 "$REPO/bench/reference/train_step.py" --device cuda --preset "$preset" --batch "$batch" --seq "$seq" \
      --steps "$steps" --warmup "$warmup" 2>&1 | tail -3 | tee -a "$RES/results.txt"
    timeout 60 python3 "$REPO/bench/gpu/decode_cuda.py" --device cuda --preset "$preset" --batch "$batch" --prompt "$prompt" \
      --new "$newtok" 2>&1 | tail -3 | tee -a "$RES/results.txt"
  else
    log "pytorch cuda: skipped (torch with CUDA not available here)"
  fi
done
log "done: $RES"
