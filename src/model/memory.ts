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
    throw new MemoryError(
      `model needs ${est.summary} for ${what} but ${limit}. ` +
        'Hint: use --backend tensorflow on a CUDA machine, or a smaller model',
    );
  }
  return { ok: true, capacityBytes: capacity };
}
