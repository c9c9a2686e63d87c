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

/**
 * log softmax(h·Wᵀ / T + bias)[target] and the entropy of softmax(h·Wᵀ / T + bias), per row.
 * hidden [N, D], weight [V, D], targets [N] int32 → logp [N], entropy [N]. Both are differentiable: the backward
 * pass recomputes each chunk's softmax p and uses d logp[y]/dz = onehot(y) − p and dH/dz = −p ⊙ (log p + H).
 */
export function targetLogprobsAndEntropy(
  hidden: tf.Tensor2D,
  weight: tf.Tensor2D,
  targets: tf.Tensor1D,
  opts: LogprobOptions = {},
): { logp: tf.Tensor1D; entropy: tf.Tensor1D } {
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
  /** log-softmax of a chunk with suppressed entries at −∞ kept finite for the p·log p products (p = 0 there). */
  const logSoftmaxChunk = (z: tf.Tensor2D) => {
    const lsm = tf.logSoftmax(z);
    return { lsm, p: tf.exp(lsm), safe: tf.where(tf.isFinite(lsm), lsm, tf.zerosLike(lsm)) };
  };

  // Everything the backward pass reads goes through save(): the engine keeps saved tensors alive until the
  // gradient has run, while closure-captured tensors could already be disposed by the caller's tidy.
  // The value is [logp; entropy] concatenated ([2N]) because a custom gradient has a single output.
  const fn = tf.customGrad(((h: tf.Tensor, w: tf.Tensor, y: tf.Tensor, save: tf.GradSaveFunc) => {
    save(bias ? [h, w, y, bias] : [h, w, y]);
    const lps: tf.Tensor[] = [];
    const ents: tf.Tensor[] = [];
    for (const [s, len] of chunks) {
      const [lp, ent] = tf.tidy(() => {
        const { lsm, p, safe } = logSoftmaxChunk(scaledLogits(tf.slice(h as tf.Tensor2D, [s, 0], [len, -1]), w as tf.Tensor2D, bias ?? undefined));
        const flat = tf.add(tf.mul(tf.range(0, len, 1, 'int32'), tf.scalar(vocab, 'int32')), tf.slice(y, [s], [len]));
        return [tf.gather(tf.reshape(lsm, [-1]), flat), tf.neg(tf.sum(tf.mul(p, safe), -1))];
      });
      lps.push(lp);
      ents.push(ent);
    }
    const value = tf.concat([...lps, ...ents]);
    tf.dispose([...lps, ...ents]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [hs, ws, ys, zBias] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.Tensor | undefined];
        let dw: tf.Tensor2D = tf.zerosLike(ws);
        const dhs: tf.Tensor[] = [];
        for (const [s, len] of chunks) {
          const [dhChunk, dwNext] = tf.tidy(() => {
            const hc = tf.slice(hs, [s, 0], [len, -1]);
            const { p, safe } = logSoftmaxChunk(scaledLogits(hc, ws, zBias));
            const dLogp = tf.reshape(tf.slice(dy, [s], [len]), [len, 1]);
            const dEnt = tf.reshape(tf.slice(dy, [n + s], [len]), [len, 1]);
            const ent = tf.neg(tf.sum(tf.mul(p, safe), -1, true));
            // d logp[y]/dz = onehot(y) − p;  dH/dz = −p ⊙ (log p + H);  chain through the 1/T scaling.
            const gLogp = tf.mul(tf.sub(tf.oneHot(tf.slice(ys, [s], [len]), vocab), p), dLogp);
            const gEnt = tf.mul(tf.neg(tf.mul(p, tf.add(safe, ent))), dEnt);
            const g = tf.div(tf.add(gLogp, gEnt), temperature) as tf.Tensor2D;
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
    const both = tf.tidy(() => fn(hidden, weight, tf.cast(targets, 'int32')) as tf.Tensor1D);
    const [logp, entropy] = tf.split(both, 2) as [tf.Tensor1D, tf.Tensor1D];
    both.dispose();
    return { logp, entropy };
  } finally {
    // Saved by the engine for the backward pass; our own handle can go.
    bias?.dispose();
  }
}

/** log softmax(h·Wᵀ / T + bias)[target] per row. hidden [N, D], weight [V, D], targets [N] int32 → [N]. */
export function targetLogprobs(hidden: tf.Tensor2D, weight: tf.Tensor2D, targets: tf.Tensor1D, opts: LogprobOptions = {}): tf.Tensor1D {
  const { logp, entropy } = targetLogprobsAndEntropy(hidden, weight, targets, opts);
  entropy.dispose();
  return logp;
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

/** tokenLogprobs plus the policy's entropy at every position ([B, T] each; both differentiable). */
export function tokenLogprobsAndEntropy(
  params: Params,
  c: ModelConfig,
  batch: TextInputs,
  targets: tf.Tensor2D,
  opts: LogprobOptions = {},
): { logp: tf.Tensor2D; entropy: tf.Tensor2D } {
  const [b, t] = batch.inputIds.shape;
  if (targets.shape[0] !== b || targets.shape[1] !== t) throw new Error(`tokenLogprobsAndEntropy: targets must be [${b}, ${t}], got [${targets.shape}]`);
  return tf.tidy(() => {
    const { hidden } = forward(params, c, batch, undefined, 'none');
    const r = targetLogprobsAndEntropy(hidden!, lmHeadWeight(params, c.text), tf.reshape(targets, [-1]) as tf.Tensor1D, opts);
    return { logp: tf.reshape(r.logp, [b, t]) as tf.Tensor2D, entropy: tf.reshape(r.entropy, [b, t]) as tf.Tensor2D };
  });
}

/**
 * tokenLogprobs (and optionally the entropies) at the flat positions `positions` of [B·T] only: the hidden states are
 * gathered before the output projection, so prompt positions, which no loss counts, cost no logits, softmax or
 * backward through them. Returns [N] tensors in the order of `positions`.
 */
export function logprobsAt(
  params: Params,
  c: ModelConfig,
  batch: TextInputs,
  targets: tf.Tensor2D,
  positions: tf.Tensor1D,
  opts: LogprobOptions & { entropy?: boolean } = {},
): { logp: tf.Tensor1D; entropy?: tf.Tensor1D } {
  const [b, t] = batch.inputIds.shape;
  if (targets.shape[0] !== b || targets.shape[1] !== t) throw new Error(`logprobsAt: targets must be [${b}, ${t}], got [${targets.shape}]`);
  return tf.tidy(() => {
    const { hidden } = forward(params, c, batch, undefined, 'none');
    const h = tf.gather(hidden!, positions) as tf.Tensor2D;
    const y = tf.gather(tf.reshape(targets, [-1]), positions) as tf.Tensor1D;
    const w = lmHeadWeight(params, c.text);
    if (!opts.entropy) return { logp: targetLogprobs(h, w, y, opts) };
    return targetLogprobsAndEntropy(h, w, y, opts);
  });
}
