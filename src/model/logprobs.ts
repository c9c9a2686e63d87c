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

/** log softmax(h·Wᵀ / T)[target] per row. hidden [N, D], weight [V, D], targets [N] int32 → [N]. */
export function targetLogprobs(hidden: tf.Tensor2D, weight: tf.Tensor2D, targets: tf.Tensor1D, temperature: number, chunkFloats = DEFAULT_CHUNK_FLOATS): tf.Tensor1D {
  if (!(temperature > 0)) throw new Error(`targetLogprobs: temperature must be > 0, got ${temperature}`);
  const [n] = hidden.shape;
  const vocab = weight.shape[0];
  const step = chunkRows(vocab, n, chunkFloats);
  const chunks: [number, number][] = [];
  for (let s = 0; s < n; s += step) chunks.push([s, Math.min(step, n - s)]);
  const scaledLogits = (h: tf.Tensor2D, w: tf.Tensor2D) => tf.div(tf.matMul(h, w, false, true), temperature) as tf.Tensor2D;

  const fn = tf.customGrad(((h: tf.Tensor, w: tf.Tensor, save: tf.GradSaveFunc) => {
    save([h, w]);
    const parts = chunks.map(([s, len]) =>
      tf.tidy(() => {
        const z = scaledLogits(tf.slice(h as tf.Tensor2D, [s, 0], [len, -1]), w as tf.Tensor2D);
        const y = tf.slice(targets, [s], [len]);
        const flat = tf.add(tf.mul(tf.range(0, len, 1, 'int32'), tf.scalar(vocab, 'int32')), tf.cast(y, 'int32'));
        return tf.sub(tf.gather(tf.reshape(z, [-1]), flat), tf.squeeze(tf.logSumExp(z, -1, true), [1]));
      }),
    );
    const value = parts.length === 1 ? parts[0] : tf.concat(parts);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [hs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
        let dw: tf.Tensor2D = tf.zerosLike(ws);
        const dhs: tf.Tensor[] = [];
        for (const [s, len] of chunks) {
          const [dhChunk, dwNext] = tf.tidy(() => {
            const hc = tf.slice(hs, [s, 0], [len, -1]);
            const probs = tf.softmax(scaledLogits(hc, ws));
            const dyc = tf.reshape(tf.slice(dy, [s], [len]), [len, 1]);
            // d logp[y] / d z = onehot(y) − softmax(z); chain through the 1/T scaling.
            const g = tf.div(tf.mul(tf.sub(tf.oneHot(tf.slice(targets, [s], [len]), vocab), probs), dyc), temperature) as tf.Tensor2D;
            return [tf.matMul(g, ws), tf.add(dw, tf.matMul(g, hc, true, false))];
          });
          dw.dispose();
          dw = dwNext as tf.Tensor2D;
          dhs.push(dhChunk);
        }
        const dh = dhs.length === 1 ? dhs[0] : tf.concat(dhs);
        if (dhs.length > 1) dhs.forEach((t) => t.dispose());
        return [dh, dw];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return fn(hidden, weight) as tf.Tensor1D;
}

/**
 * log p(targets[b, t] | tokens ≤ t) under softmax(logits / temperature): [B, T]. The caller aligns targets (usually
 * the input shifted left by one) and masks what it does not count. Differentiable w.r.t. the parameters.
 */
export function tokenLogprobs(params: Params, c: ModelConfig, batch: TextInputs, targets: tf.Tensor2D, temperature = 1, chunkFloats = DEFAULT_CHUNK_FLOATS): tf.Tensor2D {
  const [b, t] = batch.inputIds.shape;
  if (targets.shape[0] !== b || targets.shape[1] !== t) throw new Error(`tokenLogprobs: targets must be [${b}, ${t}], got [${targets.shape}]`);
  return tf.tidy(() => {
    const { hidden } = forward(params, c, batch, undefined, 'none');
    const lp = targetLogprobs(hidden!, lmHeadWeight(params, c.text), tf.reshape(targets, [-1]) as tf.Tensor1D, temperature, chunkFloats);
    return tf.reshape(lp, [b, t]) as tf.Tensor2D;
  });
}
