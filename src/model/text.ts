// The Qwen2 decoder of Qwen2.5-VL: pre-norm blocks of GQA attention (q/k/v bias, no o bias) with M-RoPE and a
// SwiGLU MLP, a final RMSNorm and a tied or untied lm_head. Pure functions over named parameters; the only state
// is the optional KV cache the caller passes in.
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig, TextConfig } from './config.js';
import type { KVCache } from './kv-cache.js';
import { applyRotary, linear, rmsNorm, swiGlu } from './layers.js';
import type { Params } from './params.js';
import { mropeCosSin } from './rope.js';

/** Additive mask value: finite, so a fully masked (left-pad) query row gives a harmless uniform softmax, not NaN. */
const MASKED = -1e9;

export interface TextInputs {
  /** [B, T] int32 token ids, left-padded. */
  inputIds: tf.Tensor2D;
  /** [B, T] 1 for real tokens, 0 for padding (int32 or float32). */
  attentionMask: tf.Tensor2D;
  /** [3, B, T] int32 M-RoPE positions (temporal, height, width). */
  positionIds: tf.Tensor3D;
  /** [N_img, D] vision-tower output rows; they replace the `<|image_pad|>` embeddings in order. */
  imageEmbeds?: tf.Tensor2D;
}

export type LogitsMode = 'all' | 'last' | 'none';

export interface ForwardOutput {
  /** [B, T, V] for 'all', [B, V] for 'last', absent for 'none'. */
  logits?: tf.Tensor;
  /** Final-norm hidden states [B·T, D] (only with logits 'none', for chunked log-probs). */
  hidden?: tf.Tensor2D;
  cache?: KVCache;
}

export function lmHeadWeight(params: Params, cfg: TextConfig): tf.Tensor2D {
  const w = cfg.tieWordEmbeddings ? params['model.embed_tokens.weight'] : params['lm_head.weight'];
  if (!w) throw new Error(`missing parameter ${cfg.tieWordEmbeddings ? 'model.embed_tokens.weight' : 'lm_head.weight'}`);
  return w as tf.Tensor2D;
}

/** Token embeddings [B·T, D], with `<|image_pad|>` rows replaced by the image embeddings in order. */
function embed(params: Params, c: ModelConfig, inputs: TextInputs): tf.Tensor2D {
  const ids = tf.reshape(inputs.inputIds, [-1]) as tf.Tensor1D;
  const table = params['model.embed_tokens.weight'];
  if (!inputs.imageEmbeds) return tf.gather(table, ids) as tf.Tensor2D;
  // Text ids of image slots point at row 0 (their embedding is discarded); image slots index the image rows.
  const isImage = tf.cast(tf.equal(ids, c.tokens.imageTokenId), 'int32');
  const one = tf.scalar(1, 'int32');
  const imageIndex = tf.maximum(tf.sub(tf.cumsum(isImage), one), tf.scalar(0, 'int32'));
  const text = tf.gather(table, tf.mul(ids, tf.sub(one, isImage)));
  const image = tf.gather(inputs.imageEmbeds, imageIndex);
  return tf.where(tf.cast(tf.expandDims(isImage, 1), 'bool'), image, text) as tf.Tensor2D;
}

/** [B, 1, T, S] additive bias: causal over absolute cache slots, plus padding of every key slot. */
function attentionBias(keyMask: tf.Tensor2D, time: number): tf.Tensor4D {
  const [batch, total] = keyMask.shape;
  const past = total - time;
  const causal = new Float32Array(time * total);
  for (let t = 0; t < time; t++) for (let s = past + t + 1; s < total; s++) causal[t * total + s] = MASKED;
  const pad = tf.reshape(tf.mul(tf.sub(1, keyMask), MASKED), [batch, 1, 1, total]);
  return tf.add(pad, tf.tensor4d(causal, [1, 1, time, total]));
}

function attention(
  params: Params,
  cfg: TextConfig,
  layer: number,
  x: tf.Tensor2D,
  rope: { cos: tf.Tensor; sin: tf.Tensor },
  bias: tf.Tensor4D,
  batch: number,
  time: number,
  cache?: KVCache,
): tf.Tensor2D {
  const p = `model.layers.${layer}.self_attn.`;
  const { numHeads: H, numKvHeads: KV, headDim: Dh } = cfg;
  const rep = H / KV;
  const heads = (y: tf.Tensor2D, n: number) => tf.transpose(tf.reshape(y, [batch, time, n, Dh]), [0, 2, 1, 3]); // [B, n, T, Dh]
  const q = applyRotary(heads(linear(x, params[`${p}q_proj.weight`], params[`${p}q_proj.bias`]), H), rope.cos, rope.sin);
  let k = applyRotary(heads(linear(x, params[`${p}k_proj.weight`], params[`${p}k_proj.bias`]), KV), rope.cos, rope.sin) as tf.Tensor4D;
  let v = heads(linear(x, params[`${p}v_proj.weight`], params[`${p}v_proj.bias`]), KV) as tf.Tensor4D;
  if (cache) {
    const past = cache.layer(layer);
    if (past.k && past.v) {
      k = tf.concat([past.k, k], 2);
      v = tf.concat([past.v, v], 2);
    }
    cache.setLayer(layer, k, v);
  }
  // GQA without repeating K/V: the `rep` query heads that share a KV head are stacked along the row axis.
  const qGrouped = tf.reshape(q, [batch, KV, rep * time, Dh]);
  const scores = tf.mul(tf.matMul(qGrouped, k, false, true), 1 / Math.sqrt(Dh)); // [B, KV, rep·T, S]
  // The bias is broadcast over the `rep` stacked heads through a 5-D view rather than tiled: wasm's Tile kernel is a
  // generic strided copy, ~15× slower than the broadcasting add (bench: 50 ms vs 3 ms for a 10-row update batch).
  const S = k.shape[2];
  const biased =
    rep === 1 ? tf.add(scores, bias) : tf.reshape(tf.add(tf.reshape(scores, [batch, KV, rep, time, S]), tf.expandDims(bias, 2)), [batch, KV, rep * time, S]);
  const probs = tf.softmax(biased);
  const ctx = tf.reshape(tf.matMul(probs, v), [batch, H, time, Dh]);
  const merged = tf.reshape(tf.transpose(ctx, [0, 2, 1, 3]), [batch * time, H * Dh]) as tf.Tensor2D;
  return linear(merged, params[`${p}o_proj.weight`]);
}

function mlp(params: Params, layer: number, x: tf.Tensor2D): tf.Tensor2D {
  const p = `model.layers.${layer}.mlp.`;
  const act = swiGlu(linear(x, params[`${p}gate_proj.weight`]), linear(x, params[`${p}up_proj.weight`]));
  return linear(act as tf.Tensor2D, params[`${p}down_proj.weight`]);
}

/**
 * Runs the decoder over a left-padded batch. With a cache, the new tokens attend to everything cached and their
 * keys/values (and mask) are appended to it; the cache is updated in place and returned.
 */
export function forward(params: Params, c: ModelConfig, inputs: TextInputs, cache?: KVCache, logits: LogitsMode = 'all'): ForwardOutput {
  const cfg = c.text;
  const [batch, time] = inputs.inputIds.shape;
  if (inputs.positionIds.shape[0] !== 3 || inputs.positionIds.shape[1] !== batch || inputs.positionIds.shape[2] !== time) {
    throw new Error(`forward: positionIds must be [3, ${batch}, ${time}], got [${inputs.positionIds.shape}]`);
  }
  if (cache && cache.batch !== 0 && cache.batch !== batch) throw new Error(`forward: cache holds ${cache.batch} rows but the batch has ${batch}`);
  const out = tf.tidy(() => {
    const rope = mropeCosSin(inputs.positionIds, cfg);
    const cosSin = { cos: tf.expandDims(rope.cos, 1), sin: tf.expandDims(rope.sin, 1) }; // [B, 1, T, Dh]
    const newMask = tf.cast(inputs.attentionMask, 'float32') as tf.Tensor2D;
    const keyMask = cache?.keyMask ? tf.concat([cache.keyMask, newMask], 1) : newMask;
    const bias = attentionBias(keyMask as tf.Tensor2D, time);
    let h = embed(params, c, inputs);
    for (let l = 0; l < cfg.numLayers; l++) {
      // One scope per layer: without a gradient tape its scores and MLP activations are freed before the next layer
      // starts, so a prefill's peak is one layer's work, not the sum over layers (under a tape they are kept anyway).
      const x = h;
      h = tf.tidy(() => {
        const n1 = rmsNorm(x, params[`model.layers.${l}.input_layernorm.weight`], cfg.rmsNormEps) as tf.Tensor2D;
        const mid = tf.add(x, attention(params, cfg, l, n1, cosSin, bias, batch, time, cache));
        const n2 = rmsNorm(mid, params[`model.layers.${l}.post_attention_layernorm.weight`], cfg.rmsNormEps) as tf.Tensor2D;
        return tf.add(mid, mlp(params, l, n2)) as tf.Tensor2D;
      });
    }
    const hidden = rmsNorm(h, params['model.norm.weight'], cfg.rmsNormEps) as tf.Tensor2D; // [B·T, D]
    if (logits === 'none') return { hidden };
    const w = lmHeadWeight(params, cfg);
    if (logits === 'last') {
      const last = tf.reshape(tf.slice(tf.reshape(hidden, [batch, time, -1]), [0, time - 1, 0], [batch, 1, -1]), [batch, -1]) as tf.Tensor2D;
      return { logits: linear(last, w) };
    }
    return { logits: tf.reshape(linear(hidden, w), [batch, time, cfg.vocabSize]) };
  });
  cache?.appendMask(inputs.attentionMask);
  return { ...out, cache };
}
