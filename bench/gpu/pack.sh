#!/usr/bin/env bash
# Builds the payload bench/gpu/run.sh needs on a GPU machine that has no internet and no Node: .gpu/ (git-ignored),
# carried to the device machine with `carry: [".gpu"]`. Run here, after `npm ci`:
#   bash bench/gpu/pack.sh
# Contents (≈ 30 MB; the device tool's limit is 64 MiB for the working tree plus carried paths):
#   node.xz                        this machine's Node binary (same major as CI), xz-compressed
#   app/bench.mjs + chunks         bench/gpu/bench.ts bundled by esbuild with tfjs-core, tfjs-backend-cpu,
#                                  tfjs-backend-webgpu and tfjs's gradient registrations (instead of node_modules);
#                                  decode.mjs (bench/decode.ts) and parity.mjs (bench/gpu/real-size-parity.ts) beside it
#   app/node_modules/webgpu/       the `webgpu` package pruned to index.js + package.json + dist/linux-x64/dawn.node.xz
#   debs/libvulkan1_*.deb          the Vulkan loader (Debian bookworm); the NVIDIA driver supplies the ICD
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=.gpu
rm -rf "$OUT"
mkdir -p "$OUT/debs"

[[ -f node_modules/webgpu/dist/linux-x64/dawn.node ]] || { echo "pack: node_modules/webgpu missing: run npm ci first" >&2; exit 1; }

# 1. The benches, bundled into .gpu/app with code splitting: bench.mjs (bench/gpu/bench.ts), decode.mjs
#    (bench/decode.ts), parity.mjs (bench/gpu/real-size-parity.ts) and tfjs-backend-webgpu.mjs share one tfjs-core
#    chunk. src/runtime/backend.ts imports the webgpu backend by a computed name at run time, so a two-line package
#    under app/node_modules re-exports the bundled entry; `webgpu` (the native Dawn addon) stays a real package beside it. mainFields module-first keeps one copy of tfjs-core.
APP="$OUT/app"
node --input-type=module -e "
import * as esbuild from 'esbuild';
await esbuild.build({
  entryPoints: { bench: 'bench/gpu/bundle-entry.ts', decode: 'bench/gpu/decode-entry.ts', parity: 'bench/gpu/parity-entry.ts', 'tfjs-backend-webgpu': '@tensorflow/tfjs-backend-webgpu' },
  bundle: true, splitting: true, platform: 'node', format: 'esm', target: 'node20', mainFields: ['module', 'main'],
  outExtension: { '.js': '.mjs' }, chunkNames: 'chunk-[hash]',
  external: ['webgpu', 'sharp', 'esbuild', 'node-fetch', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-backend-wasm'],
  banner: { js: \"import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);\" },
  outdir: '$APP', logLevel: 'warning',
});
"
SHIM="$APP/node_modules/@tensorflow/tfjs-backend-webgpu"
mkdir -p "$SHIM"
echo '{ "name": "@tensorflow/tfjs-backend-webgpu", "type": "module", "main": "index.js" }' >"$SHIM/package.json"
echo "export * from '../../../tfjs-backend-webgpu.mjs';" >"$SHIM/index.js"

# sharp (libvips, ~20 MB) is imported by the image code the rollout engine links but the benchmarks never call: a stub.
mkdir -p "$APP/node_modules/sharp"
echo '{ "name": "sharp", "type": "module", "main": "index.js" }' >"$APP/node_modules/sharp/package.json"
echo "export default function sharp() { throw new Error('sharp is not carried to the GPU machine (the benchmarks decode no images)'); }" >"$APP/node_modules/sharp/index.js"

# 2. Dawn for Node, linux-x64 only.
WG="$APP/node_modules/webgpu"
mkdir -p "$WG/dist/linux-x64"
cp node_modules/webgpu/package.json node_modules/webgpu/index.js "$WG/"
xz -T2 -6 -c node_modules/webgpu/dist/linux-x64/dawn.node >"$WG/dist/linux-x64/dawn.node.xz"

# 3. Node itself.
xz -T2 -6 -c "$(readlink -f "$(command -v node)")" >"$OUT/node.xz"

# 4. The Vulkan loader .deb, from the machine's own apt sources.
(cd "$OUT/debs" && apt-get -o APT::Sandbox::User="$(id -un)" download -qq libvulkan1) || { echo "pack: apt-get download libvulkan1 failed (run apt-get update first)" >&2; exit 1; }

{
  echo "node $(node --version)"
  echo "webgpu $(node -p "require('./node_modules/webgpu/package.json').version")"
  echo "tfjs-backend-webgpu $(node -p "require('./node_modules/@tensorflow/tfjs-backend-webgpu/package.json').version")"
  echo "tfjs-core $(node -p "require('./node_modules/@tensorflow/tfjs-core/package.json').version")"
  echo "libvulkan1 $(ls "$OUT"/debs)"
  echo "git $(git rev-parse --short HEAD)"
} >"$OUT/MANIFEST"
du -ab "$OUT" | sort -n | tail -8 | awk '{ printf "%8.1f MB  %s\n", $1 / 1048576, $2 }'
