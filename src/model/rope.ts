// Multimodal rotary position embedding (M-RoPE) for the language model, and text position ids.
// Each token has three positions (temporal, height, width). The half head dim is split into mrope_section
// chunks (T, H, W) — e.g. [16, 24, 24] of 64 — and each chunk rotates with its own axis' position; the same split
// repeats over the second half (emb = concat(f, f)). Text tokens carry the same position on all three axes, which
// makes M-RoPE identical to ordinary RoPE.
import * as tf from '@tensorflow/tfjs-core';
import type { TextConfig } from './config.js';

/** inv_freq[j] = theta^(-2j/d) for j < d/2. */
export function inverseFrequencies(headDim: number, theta: number): Float32Array {
  const inv = new Float32Array(headDim / 2);
  for (let j = 0; j < headDim / 2; j++) inv[j] = 1 / Math.pow(theta, (2 * j) / headDim);
  return inv;
}

/**
 * inv_freq and the factor cos/sin are multiplied by, as transformers' rope_init_fn returns them for the config's
 * rope_scaling: plain (1), linear (inv_freq / factor, 1), or YaRN (arXiv 2309.00071; transformers'
 * _compute_yarn_parameters): frequencies that turn fewer than beta_slow times over the original context are
 * interpolated (/ factor), those that turn more than beta_fast times are kept, with a linear ramp between.
 */
export function ropeFrequencies(cfg: TextConfig): { invFreq: Float32Array; attentionScaling: number } {
  const plain = inverseFrequencies(cfg.headDim, cfg.ropeTheta);
  const s = cfg.ropeScaling;
  if (!s) return { invFreq: plain, attentionScaling: 1 };
  if (s.type === 'linear') return { invFreq: plain.map((f) => f / s.factor), attentionScaling: 1 };
  const dim = cfg.headDim;
  const original = s.originalMaxPositionEmbeddings ?? cfg.maxPositionEmbeddings;
  // The slot whose frequency turns `rotations` times over the original context.
  const slotOf = (rotations: number): number => (dim * Math.log(original / (rotations * 2 * Math.PI))) / (2 * Math.log(cfg.ropeTheta));
  let low = slotOf(s.betaFast);
  let high = slotOf(s.betaSlow);
  if (s.truncate) [low, high] = [Math.floor(low), Math.ceil(high)];
  [low, high] = [Math.max(low, 0), Math.min(high, dim - 1)];
  if (low === high) high += 0.001; // transformers' guard against a zero-width ramp
  const invFreq = plain.map((f, j) => {
    const ramp = Math.min(Math.max((j - low) / (high - low), 0), 1); // 0: keep (extrapolate), 1: interpolate
    return (f / s.factor) * ramp + f * (1 - ramp);
  });
  return { invFreq, attentionScaling: s.attentionFactor };
}

/** For each of the d/2 frequency slots, which position axis (0 = T, 1 = H, 2 = W) drives it. */
export function mropeAxisOfSlot(section: readonly [number, number, number]): Int32Array {
  const half = section[0] + section[1] + section[2];
  const axis = new Int32Array(half);
  for (let j = 0; j < half; j++) axis[j] = j < section[0] ? 0 : j < section[0] + section[1] ? 1 : 2;
  return axis;
}

/**
 * cos and sin tables [B, T, headDim] for position ids [3, B, T] (int32), with rope_scaling applied. In fp32 as
 * transformers computes them (position · inv_freq), with no host read, so this also runs on backends that cannot read synchronously.
 */
export function mropeCosSin(positionIds: tf.Tensor3D, cfg: TextConfig): { cos: tf.Tensor3D; sin: tf.Tensor3D } {
  return tf.tidy(() => {
    const half = cfg.headDim / 2;
    const { invFreq, attentionScaling } = ropeFrequencies(cfg);
    const inv = tf.tensor1d(invFreq);
    const axisOf = mropeAxisOfSlot(cfg.mropeSection);
    const select = new Float32Array(3 * half);
    axisOf.forEach((a, j) => (select[a * half + j] = 1));
    const [, batch, time] = positionIds.shape;
    const freqs = tf.mul(tf.expandDims(tf.cast(positionIds, 'float32'), -1), inv); // [3, B, T, half]
    const chosen = tf.sum(tf.mul(freqs, tf.reshape(tf.tensor1d(select), [3, 1, 1, half])), 0); // [B, T, half]
    const emb = tf.concat([chosen, chosen], -1);
    // transformers scales cos and sin themselves (attention_scaling), so q·k grows by its square.
    const scaled = (x: tf.Tensor): tf.Tensor => (attentionScaling === 1 ? x : tf.mul(x, attentionScaling));
    return { cos: tf.reshape(scaled(tf.cos(emb)), [batch, time, cfg.headDim]), sin: tf.reshape(scaled(tf.sin(emb)), [batch, time, cfg.headDim]) };
  });
}

/**
 * Text-only position ids for a left-padded batch: [3, B, T] flattened (axis-major), counting only unmasked tokens,
 * starting at `offsets[b]` (the cache length + rope delta during decoding). Padded slots get 1, as transformers does.
 */
export function textPositionIds(mask: number[][], offsets?: number[]): Int32Array {
  const batch = mask.length;
  const time = batch ? mask[0].length : 0;
  const out = new Int32Array(3 * batch * time);
  for (let b = 0; b < batch; b++) {
    let p = offsets?.[b] ?? 0;
    for (let t = 0; t < time; t++) {
      const v = mask[b][t] ? p++ : 1;
      for (let a = 0; a < 3; a++) out[a * batch * time + b * time + t] = v;
    }
  }
  return out;
}
