// Fused kernels for the wasm backend: RMSNorm and the rotary embedding, each one kernel instead of 6–8. A decode step of a small model moves a few thousand floats per op, so it is bound by tfjs's
// per-op cost (~20 µs of dispatch, scoping and allocation) rather than arithmetic: measured on [20, 128], RMSNorm
// takes 10 µs fused against 100 µs as six stock ops. Written by hand because no package offers fused kernels for
// tfjs's wasm backend. (SwiGLU was tried too and dropped: with one exp per element a JS loop is no faster than the
// three stock SIMD kernels even on a decode step's [20, 384].)
// They run outside gradient tapes only — rollouts, evaluation, prefill — and the update keeps the stock ops: a plain
// JS loop is ~3× slower than the stock SIMD kernels on an update's large tensors, and the choice must not depend on
// a tensor's size, or a prefill cut into chunks would no longer give exactly the logits of the whole batch. Each
// kernel still has a gradient (composite ops), so it is correct wherever it runs.
import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, KernelConfig, KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import { f32, type WasmBackendLike } from './wasm-kernels.js';

export const RMS_NORM = 'AhpoRmsNorm';
export const ROTARY = 'AhpoRotary';

type KernelArgs = { inputs: NamedTensorInfoMap; backend: WasmBackendLike; attrs: NamedAttrMap };
const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** y = x · rsqrt(mean(x², last axis) + eps) · weight, in float32 like the composite. */
function rmsNormKernel({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const x = inputs.x as TensorInfo;
  const d = x.shape[x.shape.length - 1];
  const n = size(x.shape) / d;
  const eps = Number(attrs.eps);
  const out = backend.makeOutput(x.shape, 'float32');
  // Views after makeOutput: its malloc may grow (and detach) the heap.
  const [xs, ws, ys] = [f32(backend, x), f32(backend, inputs.weight as TensorInfo), f32(backend, out)];
  for (let r = 0; r < n; r++) {
    const o = r * d;
    let s = 0;
    for (let j = 0; j < d; j++) s += xs[o + j] * xs[o + j];
    const inv = Math.fround(1 / Math.sqrt(Math.fround(Math.fround(s / d) + eps)));
    for (let j = 0; j < d; j++) ys[o + j] = xs[o + j] * inv * ws[j];
  }
  return out;
}

/** x·cos + rotate_half(x)·sin for x [B, H, T, Dh] and cos/sin [B, 1, T, Dh] (broadcast over heads). */
function rotaryKernel({ inputs, backend }: KernelArgs): TensorInfo {
  const x = inputs.x as TensorInfo;
  const [B, H, T, D] = x.shape;
  const half = D / 2;
  const out = backend.makeOutput(x.shape, 'float32');
  const [xs, cs, ss, ys] = [f32(backend, x), f32(backend, inputs.cos as TensorInfo), f32(backend, inputs.sin as TensorInfo), f32(backend, out)];
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      for (let t = 0; t < T; t++) {
        const o = ((b * H + h) * T + t) * D;
        const c = (b * T + t) * D;
        for (let j = 0; j < half; j++) {
          const [x1, x2] = [xs[o + j], xs[o + half + j]];
          ys[o + j] = x1 * cs[c + j] - x2 * ss[c + j];
          ys[o + half + j] = x2 * cs[c + half + j] + x1 * ss[c + half + j];
        }
      }
    }
  }
  return out;
}

// Gradients, as composite ops: for a caller that runs a fused kernel under its own tape (fusable() never chooses to).
const rmsNormGrad: GradConfig = {
  kernelName: RMS_NORM,
  inputsToSave: ['x', 'weight'],
  gradFunc: (dy, saved, attrs) => {
    const [x, w] = saved;
    const eps = Number(attrs.eps);
    const parts = () => {
      const r = tf.rsqrt(tf.add(tf.mean(tf.square(x), -1, true), eps));
      return { r, xHat: tf.mul(x, r) };
    };
    return {
      // With g = dy·w: dx = r·(g − x̂·mean(g·x̂)).
      x: () => {
        const { r, xHat } = parts();
        const g = tf.mul(dy as tf.Tensor, w);
        return tf.mul(r, tf.sub(g, tf.mul(xHat, tf.mean(tf.mul(g, xHat), -1, true))));
      },
      weight: () => tf.reshape(tf.sum(tf.reshape(tf.mul(dy as tf.Tensor, parts().xHat), [-1, w.shape[0]]), 0), w.shape),
    };
  },
};

const rotaryGrad: GradConfig = {
  kernelName: ROTARY,
  inputsToSave: ['x', 'cos', 'sin'],
  gradFunc: (dy, saved) => {
    const [x, cos, sin] = saved;
    const g = dy as tf.Tensor;
    const halves = (z: tf.Tensor) => tf.split(z, [z.shape[z.rank - 1] / 2, z.shape[z.rank - 1] / 2], -1);
    return {
      // The rotation is linear: dx = dy·cos + rotate_halfᵀ(dy·sin), rotate_halfᵀ(z) = concat(z₂, −z₁).
      x: () => {
        const [z1, z2] = halves(tf.mul(g, sin));
        return tf.add(tf.mul(g, cos), tf.concat([z2, tf.neg(z1)], -1));
      },
      // cos and sin were broadcast over the heads (axis 1): their gradients sum over it.
      cos: () => tf.sum(tf.mul(g, x), 1, true),
      sin: () => {
        const [x1, x2] = halves(x);
        return tf.sum(tf.mul(g, tf.concat([tf.neg(x2), x1], -1)), 1, true);
      },
    };
  },
};

let installed = false;

/** Registers the fused kernels (wasm) and their gradients. Idempotent. */
export function installFusedKernels(): void {
  if (installed) return;
  const kernels: [string, (a: KernelArgs) => TensorInfo][] = [
    [RMS_NORM, rmsNormKernel],
    [ROTARY, rotaryKernel],
  ];
  for (const [kernelName, fn] of kernels) {
    if (!tf.getKernel(kernelName, 'wasm'))
      tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: fn as unknown as KernelFunc } satisfies KernelConfig);
  }
  for (const g of [rmsNormGrad, rotaryGrad]) if (!tf.getGradient(g.kernelName)) tf.registerGradient(g);
  installed = true;
}

/** Whether `kernelName` may take these tensors now: float32, no gradient tape recording, a backend that has it. */
export function fusable(kernelName: string, ...ts: tf.Tensor[]): boolean {
  return !tf.engine().isTapeOn() && ts.every((t) => t.dtype === 'float32') && tf.getKernel(kernelName, tf.getBackend()) !== undefined;
}
