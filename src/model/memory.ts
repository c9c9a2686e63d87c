// How much memory a model will take on a backend, checked before a single weight is allocated: running out on wasm
// is not a clean OOM but "memory access out of bounds" deep inside a kernel, and on cpu it is the host swapping to
// death. The estimate is deliberately simple (docs/weights.md states the rule).
import { freemem } from 'node:os';
import type { ModelConfig } from './config.js';
import { countParams, paramShapes } from './params.js';

export class MemoryError extends Error {}

/** wasm32 addresses at most 4 GiB, and tfjs-backend-wasm's heap cannot grow past it. */
export const WASM_HEAP_BYTES = 4 * 2 ** 30;
// Activations, logits chunks, kernel scratch: a floor plus a share of the weights. Rough, not a bound.
const ACTIVATION_FLOOR_BYTES = 256 * 2 ** 20;
const ACTIVATION_SHARE = 0.1;

export interface MemoryEstimate {
  params: number;
  /** Weights as float32 on the device (tfjs has no bf16 tensors; bf16/f16 files are widened on load). */
  weightBytes: number;
  /** Gradients + Adam first and second moments: 3 more f32 copies of the weights when training. */
  trainingStateBytes: number;
  activationBytes: number;
  totalBytes: number;
  /** One line: total and its parts, for messages. */
  summary: string;
}

export interface MemoryOptions {
  training: boolean;
  /** The tfjs backend name ('wasm', 'cpu', 'tensorflow', 'webgpu', ...). */
  backend: string;
  /** Dtype of the checkpoint on disk. Informational: the device always holds f32. */
  dtype?: 'f32' | 'bf16' | 'f16';
}

export const gb = (bytes: number): string => `${(bytes / 1e9).toFixed(1)} GB`;
const billions = (n: number): string => (n >= 1e9 ? `${(n / 1e9).toFixed(1)} B` : `${(n / 1e6).toFixed(1)} M`);

export function estimateMemory(config: ModelConfig, opts: MemoryOptions): MemoryEstimate {
  const params = countParams(paramShapes(config));
  const weightBytes = params * 4;
  const trainingStateBytes = opts.training ? 3 * weightBytes : 0;
  const activationBytes = ACTIVATION_FLOOR_BYTES + ACTIVATION_SHARE * weightBytes;
  const totalBytes = weightBytes + trainingStateBytes + activationBytes;
  const parts = [`${billions(params)} params × 4 B f32 = ${gb(weightBytes)}`];
  if (opts.training) parts.push(`gradients + Adam moments ${gb(trainingStateBytes)}`);
  parts.push(`activations ~${gb(activationBytes)}`);
  return { params, weightBytes, trainingStateBytes, activationBytes, totalBytes, summary: `${gb(totalBytes)} (${parts.join(' + ')})` };
}

export interface MemoryCheck {
  ok: boolean;
  /** Set when the backend's capacity is unknown and nothing could be checked. */
  warning?: string;
  /** Bytes the backend can hold, when known. */
  capacityBytes?: number;
}

/**
 * Compares an estimate with what the backend can hold. wasm: the 4 GiB heap; cpu: the host's free memory now;
 * anything else (tensorflow on a GPU, webgpu): unknown, so only a warning. Throws MemoryError when it cannot fit.
 */
export function checkMemory(est: MemoryEstimate, opts: MemoryOptions & { freeBytes?: number }): MemoryCheck {
  const what = opts.training ? 'training' : 'inference';
  let capacity: number | undefined;
  let limit = '';
  if (opts.backend === 'wasm') {
    capacity = WASM_HEAP_BYTES;
    limit = `the wasm backend's heap is capped at ${gb(WASM_HEAP_BYTES)} (4 GiB, wasm32)`;
  } else if (opts.backend === 'cpu') {
    capacity = opts.freeBytes ?? freemem();
    limit = `the cpu backend has only ${gb(capacity)} of free host memory`;
  }
  if (capacity === undefined) {
    return { ok: true, warning: `${what} needs about ${est.summary}; the ${opts.backend} backend's memory is not checked, make sure the device has that much` };
  }
  if (est.totalBytes > capacity) {
    throw new MemoryError(`model needs ${est.summary} for ${what} but ${limit}. ` + 'Hint: use --backend tensorflow on a CUDA machine, or a smaller model');
  }
  return { ok: true, capacityBytes: capacity };
}

// ---- One forward call ----
// A whole-batch forward on wasm is a single malloc-heavy sweep: at 60 level-3 maze prompts (603 tokens each) the tiny
// model's prefill needed ~2.3 GB of heap and the untidied version ~4.2 GB, past the 4 GiB wasm32 ceiling, where
// emscripten aborts. Calls are therefore sized against a budget before they run (policy.ts chunks by rows, then by
// tokens). The per-layer figure counts the attention tensors that coexist (scores, scaled, biased, softmax, and a
// fifth the bias once needed when it was tiled: kept as headroom) and the hidden/MLP activations; checked against the
// measured heap in tests/model/prefill.test.ts.

/** Default bytes one forward call may use: wasm/cpu share the host's heap; GPU backends get more room. */
export function defaultCallBudgetBytes(backend: string): number {
  return backend === 'wasm' || backend === 'cpu' ? 2 ** 30 : 4 * 2 ** 30;
}

/**
 * Peak bytes of one inference forward over `rows` rows of `time` new tokens attending to `keys` slots (past +
 * new). One layer's intermediates live at a time (text.ts scopes each layer), plus the KV cache of every layer.
 */
export function forwardCallBytes(config: ModelConfig, rows: number, time: number, keys: number): number {
  const t = config.text;
  const rep = t.numHeads / t.numKvHeads;
  const slots = time * keys;
  // Score-sized tensors: the product, its scaling, the biased sum, the softmax, and allocator slack (measured ~4.5);
  // then the [T, S] bias and its tiling over the query heads of a KV group.
  const attention = 5 * t.numHeads * slots + (rep + 1) * slots;
  const activations = time * (20 * t.hiddenSize + 4 * t.intermediateSize);
  const cache = 2 * t.numLayers * t.numKvHeads * keys * t.headDim;
  return 4 * rows * (attention + activations + cache + t.vocabSize);
}

/** Bytes a single call can never exceed on this backend (wasm: the heap left after weights and training state). */
export function hardCallLimitBytes(config: ModelConfig, backend: string): number | undefined {
  if (backend !== 'wasm') return undefined;
  const est = estimateMemory(config, { training: true, backend });
  return WASM_HEAP_BYTES - est.weightBytes - est.trainingStateBytes;
}

/**
 * Peak bytes of a training forward + backward over `rows` sequences of `time` tokens: under the gradient tape every
 * layer's activations are kept for the backward, which needs about as much again (measured on wasm: 170 MiB per
 * 600-token row of the tiny model, 4.0× its inference figure with 2 layers).
 */
export function trainCallBytes(config: ModelConfig, rows: number, time: number): number {
  return 2 * config.text.numLayers * forwardCallBytes(config, rows, time, time);
}
