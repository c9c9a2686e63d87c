// Teacher-forced token log-probabilities without materialising [B, T, V] logits: rows are processed in chunks, and
// a custom gradient recomputes each chunk's softmax in the backward pass instead of keeping every chunk's logits
// alive. For a real Qwen vocabulary (152k) a 1k-token sequence would otherwise hold ~620 MB of logits per row.
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from './config.js';
import type { Params } from './params.js';
import { forward, lmHeadWeight, type TextInputs } from './text.js';

/** Logit floats one chunk may hold (≈16 MB in f32). */
export const DEFAULT_CHUNK_FLOATS = 4_000_000;

function chunkRows(vocab: number, rows: number, chunkFloats: number): number {
  return Math.max(1, Math.min(rows, Math.floor(chunkFloats / vocab)));
}

export interface LogprobOptions {
  /** Softmax temperature T (> 0): log-probs of logits / T, as the sampler used. Default 1. */
  temperature?: number;
  /**
   * Token ids excluded from the distribution (their logits become −∞), e.g. `<|image_pad|>` and the padding rows
   * of a 152k embedding: the sampler suppresses the same ids, so sampling-time and training-time log-probs agree.
   */
  suppressIds?: readonly number[];
  /** Logit floats one chunk may hold. */
  chunkFloats?: number;
}

/** Additive [V] bias: 0, or −∞ at suppressed ids. Null when nothing is suppressed. */
export function suppressionBias(vocab: number, suppressIds: readonly number[] = []): tf.Tensor1D | null {
  const ids = suppressIds.filter((i) => i >= 0 && i < vocab);
  if (ids.length === 0) return null;
  const bias = new Float32Array(vocab);
  for (const i of ids) bias[i] = -Infinity;
  return tf.tensor1d(bias);
}

/** log softmax(h·Wᵀ / T + bias)[target] per row. hidden [N, D], weight [V, D], targets [N] int32 → [N]. */
export function targetLogprobs(hidden: tf.Tensor2D, weight: tf.Tensor2D, targets: tf.Tensor1D, opts: LogprobOptions = {}): tf.Tensor1D {
  const temperature = opts.temperature ?? 1;
  const chunkFloats = opts.chunkFloats ?? DEFAULT_CHUNK_FLOATS;
  if (!(temperature > 0)) throw new Error(`targetLogprobs: temperature must be > 0, got ${temperature}`);
  const [n] = hidden.shape;
  const vocab = weight.shape[0];
  const step = chunkRows(vocab, n, chunkFloats);
  const chunks: [number, number][] = [];
  for (let s = 0; s < n; s += step) chunks.push([s, Math.min(step, n - s)]);
  const bias = suppressionBias(vocab, opts.suppressIds);
  const scaledLogits = (h: tf.Tensor2D, w: tf.Tensor2D, zBias: tf.Tensor | undefined) => {
    const z = tf.div(tf.matMul(h, w, false, true), temperature) as tf.Tensor2D;
    return zBias ? (tf.add(z, zBias) as tf.Tensor2D) : z;
  };

  // Everything the backward pass reads goes through save(): the engine keeps saved tensors alive until the
  // gradient has run, while closure-captured tensors could already be disposed by the caller's tidy.
  const fn = tf.customGrad(((h: tf.Tensor, w: tf.Tensor, y: tf.Tensor, save: tf.GradSaveFunc) => {
    save(bias ? [h, w, y, bias] : [h, w, y]);
    const parts = chunks.map(([s, len]) =>
      tf.tidy(() => {
        const z = scaledLogits(tf.slice(h as tf.Tensor2D, [s, 0], [len, -1]), w as tf.Tensor2D, bias ?? undefined);
        const flat = tf.add(tf.mul(tf.range(0, len, 1, 'int32'), tf.scalar(vocab, 'int32')), tf.slice(y, [s], [len]));
        return tf.sub(tf.gather(tf.reshape(z, [-1]), flat), tf.squeeze(tf.logSumExp(z, -1, true), [1]));
      }),
    );
    const value = parts.length === 1 ? parts[0] : tf.concat(parts);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [hs, ws, ys, zBias] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.Tensor | undefined];
        let dw: tf.Tensor2D = tf.zerosLike(ws);
        const dhs: tf.Tensor[] = [];
        for (const [s, len] of chunks) {
          const [dhChunk, dwNext] = tf.tidy(() => {
            const hc = tf.slice(hs, [s, 0], [len, -1]);
            const probs = tf.softmax(scaledLogits(hc, ws, zBias));
            const dyc = tf.reshape(tf.slice(dy, [s], [len]), [len, 1]);
            // d logp[y] / d z = onehot(y) − softmax(z); chain through the 1/T scaling.
            const g = tf.div(tf.mul(tf.sub(tf.oneHot(tf.slice(ys, [s], [len]), vocab), probs), dyc), temperature) as tf.Tensor2D;
            return [tf.matMul(g, ws), tf.add(dw, tf.matMul(g, hc, true, false))];
          });
          dw.dispose();
          dw = dwNext as tf.Tensor2D;
          dhs.push(dhChunk);
        }
        const dh = dhs.length === 1 ? dhs[0] : tf.concat(dhs);
        if (dhs.length > 1) dhs.forEach((t) => t.dispose());
        // Targets are integer data: their "gradient" is zero.
        return [dh, dw, tf.zerosLike(ys)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  try {
    return fn(hidden, weight, tf.cast(targets, 'int32')) as tf.Tensor1D;
  } finally {
    // Saved by the engine for the backward pass; our own handle can go.
    bias?.dispose();
  }
}

/**
 * log p(targets[b, t] | tokens ≤ t) under softmax(logits / temperature): [B, T]. The caller aligns targets (usually
 * the input shifted left by one) and masks what it does not count. Differentiable w.r.t. the parameters.
 */
export function tokenLogprobs(params: Params, c: ModelConfig, batch: TextInputs, targets: tf.Tensor2D, opts: LogprobOptions = {}): tf.Tensor2D {
  const [b, t] = batch.inputIds.shape;
  if (targets.shape[0] !== b || targets.shape[1] !== t) throw new Error(`tokenLogprobs: targets must be [${b}, ${t}], got [${targets.shape}]`);
  return tf.tidy(() => {
    const { hidden } = forward(params, c, batch, undefined, 'none');
    const lp = targetLogprobs(hidden!, lmHeadWeight(params, c.text), tf.reshape(targets, [-1]) as tf.Tensor1D, opts);
    return tf.reshape(lp, [b, t]) as tf.Tensor2D;
  });
}
