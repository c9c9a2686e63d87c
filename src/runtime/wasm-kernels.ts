// Kernel fills for the tfjs wasm backend (4.22), registered through tfjs's public kernel registry:
//  - UnsortedSegmentSum: missing on wasm, and it is the gradient of gather (embedding lookup, gathered NLL).
//  - GatherV2: the stock kernel computes a strided index for every element (~40 M floats/s); gathering whole rows —
//    the KV cache's row selection after each finished rollout, embedding lookups — is a block copy per index.
//  - BatchMatMul: the stock kernel only reaches XNNPACK when neither side is transposed and both batches are 1;
//    every other case (all backward matmuls, x·Wᵀ linears, attention) runs a naive loop at ~2 GFLOP/s. We
//    materialise transposes with the wasm Transpose kernel, fold a broadcast right-hand side into the row count,
//    and feed batched products to the fast path one batch at a time.
// XNNPACK caches its packed weights keyed by the right-hand tensor's id (and drops them when that tensor is
// disposed), so every right-hand operand handed to the fast path is either a fresh copy disposed right after the
// call or a cached transposed copy of a weight (below), which lives exactly as long as its immutable source — never
// a buffer whose contents change under the same id.
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';

interface WasmTensorData {
  id: number;
  memoryOffset: number;
}
export interface WasmBackendLike {
  wasm: { HEAPU8: Uint8Array; cwrap: (name: string, ret: null, args: string[]) => (...a: unknown[]) => void };
  dataIdMap: { get(dataId: object): WasmTensorData; has(dataId: object): boolean };
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  disposeData(dataId: object): boolean;
}
type KernelArgs = { inputs: NamedTensorInfoMap; backend: WasmBackendLike; attrs: NamedAttrMap };

let fastMatMul: ((...a: unknown[]) => void) | null = null;
let stockBatchMatMul: KernelFunc | null = null;
let stockTranspose: KernelFunc | null = null;
let stockGather: KernelFunc | null = null;

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

export function f32(backend: WasmBackendLike, info: TensorInfo): Float32Array {
  const { memoryOffset } = backend.dataIdMap.get(info.dataId);
  // Re-derive the view on every use: a malloc can grow wasm memory and detach older views.
  return new Float32Array(backend.wasm.HEAPU8.buffer, memoryOffset, size(info.shape));
}

function i32(backend: WasmBackendLike, info: TensorInfo): Int32Array {
  const { memoryOffset } = backend.dataIdMap.get(info.dataId);
  return new Int32Array(backend.wasm.HEAPU8.buffer, memoryOffset, size(info.shape));
}

function shapeBytes(shape: number[]): Uint8Array {
  return new Uint8Array(new Int32Array(shape).buffer);
}

/** out[1, M, N] = a[1, M, K] · b[1, K, N] on XNNPACK. `b` must be a tensor no earlier call has seen. */
function xnnMatMul(backend: WasmBackendLike, a: TensorInfo, b: TensorInfo, out: TensorInfo): void {
  const id = (t: TensorInfo) => backend.dataIdMap.get(t.dataId).id;
  fastMatMul!(id(a), shapeBytes(a.shape), 3, id(b), shapeBytes(b.shape), 3, false, false, id(out));
}

/** A contiguous [batch, rows, cols] copy of x viewed as [batch, cols, rows] and transposed. */
function transposed(backend: WasmBackendLike, x: TensorInfo, batch: number, rows: number, cols: number): TensorInfo {
  const view: TensorInfo = { dataId: x.dataId, shape: [batch, cols, rows], dtype: x.dtype };
  return stockTranspose!({ inputs: { x: view }, backend: backend as never, attrs: { perm: [0, 2, 1] } }) as TensorInfo;
}

// Transposed copies of right-hand operands (x·Wᵀ: every linear layer's weight), kept while their source lives.
// tfjs tensors are immutable and their data ids are never reused, so a copy stays valid until the source's data is
// freed; reusing the same copy also lets XNNPACK reuse its packed weights instead of repacking on every call — a
// decode step multiplies by every weight once, so repacking used to dominate it. Copies of freed sources are
// released in a sweep every SWEEP_EVERY calls.
const transposedCache = new Map<object, Map<string, TensorInfo>>();
const SWEEP_EVERY = 64;
/** Row count up to which batched products stay on the stock strided kernel (see batchMatMul). */
const SMALL_M = 8;
let callsSinceSweep = 0;

function sweepTransposed(backend: WasmBackendLike): void {
  for (const [source, copies] of transposedCache) {
    if (backend.dataIdMap.has(source)) continue;
    for (const t of copies.values()) backend.disposeData(t.dataId);
    transposedCache.delete(source);
  }
}

function cachedTransposed(backend: WasmBackendLike, b: TensorInfo, K: number, N: number): TensorInfo {
  const shapeKey = `${K}x${N}`;
  let copies = transposedCache.get(b.dataId);
  const hit = copies?.get(shapeKey);
  if (hit) return hit;
  const t = transposed(backend, b, 1, K, N);
  if (!copies) transposedCache.set(b.dataId, (copies = new Map()));
  copies.set(shapeKey, t);
  return t;
}

/** A fresh tensor holding `count` floats of src starting at element `from`. */
function copySlice(backend: WasmBackendLike, src: TensorInfo, from: number, shape: number[]): TensorInfo {
  const t = backend.makeOutput(shape, 'float32');
  f32(backend, t).set(f32(backend, src).subarray(from, from + size(shape)));
  return t;
}

function batchMatMul(args: KernelArgs): TensorInfo {
  const { inputs, backend, attrs } = args;
  const a = inputs.a as TensorInfo;
  const b = inputs.b as TensorInfo;
  const transposeA = Boolean(attrs.transposeA);
  const transposeB = Boolean(attrs.transposeB);
  const ar = a.shape.length;
  const br = b.shape.length;
  const M = transposeA ? a.shape[ar - 1] : a.shape[ar - 2];
  const K = transposeA ? a.shape[ar - 2] : a.shape[ar - 1];
  const kB = transposeB ? b.shape[br - 1] : b.shape[br - 2];
  const N = transposeB ? b.shape[br - 2] : b.shape[br - 1];
  const batchA = size(a.shape.slice(0, -2));
  const batchB = size(b.shape.slice(0, -2));
  const sameOuter = ar === br && a.shape.slice(0, -2).every((d, i) => d === b.shape[i]);
  // Only plain batching or a broadcast single matrix: anything fancier (mixed broadcasting) keeps the stock path.
  const handled = a.dtype === 'float32' && b.dtype === 'float32' && K === kB && M > 0 && N > 0 && K > 0 && (sameOuter || batchA === 1 || batchB === 1);
  // A few rows against many fresh matrices (decode-time attention: one query row per head against the whole
  // cache) is memory-bound: the stock kernel reads the operands in place with strides, while the fast path would
  // copy, transpose and pack every cached matrix on every step.
  const fewRows = M <= SMALL_M && batchA > 1 && batchB > 1;
  if (!handled || fewRows) return stockBatchMatMul!(args as never) as TensorInfo;
  const outer = batchA >= batchB ? a.shape.slice(0, -2) : b.shape.slice(0, -2);
  const outShape = [...outer, M, N];
  const batch = Math.max(batchA, batchB);

  if (++callsSinceSweep >= SWEEP_EVERY) {
    callsSinceSweep = 0;
    sweepTransposed(backend);
  }
  const temps: TensorInfo[] = [];
  try {
    // Left operand as contiguous [batchA, M, K]; right as contiguous [batchB, K, N] — a fresh copy, or for a single
    // transposed matrix (a weight) the cached transposed copy.
    let a3: TensorInfo = { dataId: a.dataId, shape: [batchA, M, K], dtype: 'float32' };
    if (transposeA) temps.push((a3 = transposed(backend, a, batchA, M, K)));
    let b3: TensorInfo;
    if (transposeB && batchB === 1) b3 = cachedTransposed(backend, b, K, N);
    else temps.push((b3 = transposeB ? transposed(backend, b, batchB, K, N) : copySlice(backend, b, 0, [batchB, K, N])));

    const out = backend.makeOutput([batch, M, N], 'float32');
    if (batchB === 1) {
      // One weight matrix for every batch: fold the batch into the rows, one XNNPACK call.
      xnnMatMul(backend, { ...a3, shape: [1, batchA * M, K] }, { ...b3, shape: [1, K, N] }, { ...out, shape: [1, batchA * M, N] });
    } else {
      const outI = backend.makeOutput([1, M, N], 'float32');
      temps.push(outI);
      for (let i = 0; i < batch; i++) {
        const aI = batchA === 1 ? { ...a3, shape: [1, M, K] } : copySlice(backend, a3, i * M * K, [1, M, K]);
        const bI = copySlice(backend, b3, i * K * N, [1, K, N]);
        xnnMatMul(backend, aI, bI, outI);
        f32(backend, out).set(f32(backend, outI), i * M * N);
        backend.disposeData(bI.dataId);
        if (batchA !== 1) backend.disposeData(aI.dataId);
      }
    }
    return { dataId: out.dataId, shape: outShape, dtype: 'float32' };
  } finally {
    for (const t of temps) backend.disposeData(t.dataId);
  }
}

function unsortedSegmentSum(args: KernelArgs): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  const ids = inputs.segmentIds as TensorInfo;
  const numSegments = Number(attrs.numSegments);
  if (x.dtype !== 'float32' || ids.dtype !== 'int32') {
    throw new Error(`UnsortedSegmentSum (wasm fill): expected float32 data and int32 ids, got ${x.dtype} and ${ids.dtype}`);
  }
  const n = size(ids.shape);
  const inner = size(x.shape) / Math.max(n, 1);
  const outShape = [numSegments, ...x.shape.slice(ids.shape.length)];
  const out = backend.makeOutput(outShape, 'float32');
  const dst = f32(backend, out);
  dst.fill(0);
  const src = f32(backend, x);
  const seg = i32(backend, ids);
  for (let r = 0; r < n; r++) {
    const s = seg[r];
    // Like TensorFlow, ids outside [0, numSegments) are dropped.
    if (s < 0 || s >= numSegments) continue;
    const o = s * inner;
    const iOff = r * inner;
    for (let j = 0; j < inner; j++) dst[o + j] += src[iOff + j];
  }
  return out;
}

/** GatherV2 with batchDims 0 on 4-byte dtypes as one block copy per (outer index, gathered index); else stock. */
function gatherV2(args: KernelArgs): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  const indices = inputs.indices as TensorInfo;
  const batchDims = Number(attrs.batchDims ?? 0);
  if (batchDims !== 0 || (x.dtype !== 'float32' && x.dtype !== 'int32') || indices.dtype !== 'int32') return stockGather!(args as never) as TensorInfo;
  const rank = x.shape.length;
  const axis = Number(attrs.axis) < 0 ? Number(attrs.axis) + rank : Number(attrs.axis);
  const outer = size(x.shape.slice(0, axis));
  const dim = x.shape[axis];
  const inner = size(x.shape.slice(axis + 1));
  const n = size(indices.shape);
  for (const v of i32(backend, indices)) if (!(v >= 0 && v < dim)) throw new Error(`GatherV2: the index value ${v} is not in [0, ${dim - 1}]`);
  const out = backend.makeOutput([...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)], x.dtype);
  if (size(out.shape) === 0) return out;
  // Int32 views serve both dtypes: a block copy does not care what the 4 bytes mean. (Views are taken after the
  // malloc above, which may have grown and detached the heap.)
  const src = i32(backend, x);
  const dst = i32(backend, out);
  const idx = i32(backend, indices);
  for (let o = 0; o < outer; o++) {
    const from = o * dim * inner;
    const to = o * n * inner;
    for (let j = 0; j < n; j++) {
      const start = from + idx[j] * inner;
      dst.set(src.subarray(start, start + inner), to + j * inner);
    }
  }
  return out;
}

let installed = false;

/** Registers the fills on the 'wasm' backend. Idempotent; call after the backend is initialised. */
export function installWasmKernels(): void {
  if (installed) return;
  const backend = tf.findBackend('wasm') as unknown as WasmBackendLike | null;
  if (!backend) throw new Error('installWasmKernels: the wasm backend is not initialised (await tf.setBackend("wasm") first)');
  const stock = tf.getKernel('BatchMatMul', 'wasm');
  const tr = tf.getKernel('Transpose', 'wasm');
  if (!stock || !tr) throw new Error('installWasmKernels: stock wasm BatchMatMul/Transpose kernels not found (tfjs-backend-wasm version mismatch?)');
  stockBatchMatMul = stock.kernelFunc;
  stockTranspose = tr.kernelFunc;
  const gather = tf.getKernel('GatherV2', 'wasm');
  if (!gather) throw new Error('installWasmKernels: stock wasm GatherV2 kernel not found (tfjs-backend-wasm version mismatch?)');
  stockGather = gather.kernelFunc;
  fastMatMul = backend.wasm.cwrap('BatchMatMul', null, ['number', 'array', 'number', 'number', 'array', 'number', 'number', 'number', 'number']);
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.unregisterKernel('GatherV2', 'wasm');
  const fills: KernelConfig[] = [
    { kernelName: 'BatchMatMul', backendName: 'wasm', kernelFunc: batchMatMul as unknown as KernelFunc },
    { kernelName: 'GatherV2', backendName: 'wasm', kernelFunc: gatherV2 as unknown as KernelFunc },
  ];
  if (!tf.getKernel('UnsortedSegmentSum', 'wasm')) {
    fills.push({ kernelName: 'UnsortedSegmentSum', backendName: 'wasm', kernelFunc: unsortedSegmentSum as unknown as KernelFunc });
  }
  for (const k of fills) tf.registerKernel(k);
  installed = true;
}

/** Live transposed-operand copies (for tests: they must be released once their sources are freed). */
export function cachedTransposeCount(): number {
  let n = 0;
  for (const copies of transposedCache.values()) n += copies.size;
  return n;
}
