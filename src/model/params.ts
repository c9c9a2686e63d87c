// Parameters are plain named tensors keyed by their Hugging Face legacy-layout names
// (`model.layers.0.self_attn.q_proj.weight`, `visual.blocks.0.attn.qkv.weight`). One name space everywhere —
// checkpoints, freeze globs, optimizer state — so nothing needs a translation table except the loader, which
// maps the newer `model.language_model.*` layout onto these names.
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from './config.js';

export type Params = Record<string, tf.Tensor>;
export type ParamShapes = Record<string, number[]>;

export function textParamShapes(c: ModelConfig): ParamShapes {
  const t = c.text;
  const d = t.hiddenSize;
  const q = t.numHeads * t.headDim;
  const kv = t.numKvHeads * t.headDim;
  const s: ParamShapes = { 'model.embed_tokens.weight': [t.vocabSize, d], 'model.norm.weight': [d] };
  for (let i = 0; i < t.numLayers; i++) {
    const p = `model.layers.${i}.`;
    Object.assign(s, {
      [`${p}input_layernorm.weight`]: [d],
      [`${p}self_attn.q_proj.weight`]: [q, d],
      [`${p}self_attn.q_proj.bias`]: [q],
      [`${p}self_attn.k_proj.weight`]: [kv, d],
      [`${p}self_attn.k_proj.bias`]: [kv],
      [`${p}self_attn.v_proj.weight`]: [kv, d],
      [`${p}self_attn.v_proj.bias`]: [kv],
      [`${p}self_attn.o_proj.weight`]: [d, q],
      [`${p}post_attention_layernorm.weight`]: [d],
      [`${p}mlp.gate_proj.weight`]: [t.intermediateSize, d],
      [`${p}mlp.up_proj.weight`]: [t.intermediateSize, d],
      [`${p}mlp.down_proj.weight`]: [d, t.intermediateSize],
    });
  }
  if (!t.tieWordEmbeddings) s['lm_head.weight'] = [t.vocabSize, d];
  return s;
}

export function visionParamShapes(c: ModelConfig): ParamShapes {
  const v = c.vision;
  if (!v) return {};
  const h = v.hiddenSize;
  const merged = h * v.spatialMergeSize * v.spatialMergeSize;
  const s: ParamShapes = {
    'visual.patch_embed.proj.weight': [h, v.inChannels, v.temporalPatchSize, v.patchSize, v.patchSize],
    'visual.merger.ln_q.weight': [h],
    'visual.merger.mlp.0.weight': [merged, merged],
    'visual.merger.mlp.0.bias': [merged],
    'visual.merger.mlp.2.weight': [v.outHiddenSize, merged],
    'visual.merger.mlp.2.bias': [v.outHiddenSize],
  };
  for (let i = 0; i < v.depth; i++) {
    const p = `visual.blocks.${i}.`;
    Object.assign(s, {
      [`${p}norm1.weight`]: [h],
      [`${p}norm2.weight`]: [h],
      [`${p}attn.qkv.weight`]: [3 * h, h],
      [`${p}attn.qkv.bias`]: [3 * h],
      [`${p}attn.proj.weight`]: [h, h],
      [`${p}attn.proj.bias`]: [h],
      [`${p}mlp.gate_proj.weight`]: [v.intermediateSize, h],
      [`${p}mlp.gate_proj.bias`]: [v.intermediateSize],
      [`${p}mlp.up_proj.weight`]: [v.intermediateSize, h],
      [`${p}mlp.up_proj.bias`]: [v.intermediateSize],
      [`${p}mlp.down_proj.weight`]: [h, v.intermediateSize],
      [`${p}mlp.down_proj.bias`]: [h],
    });
  }
  return s;
}

/** Every parameter the model expects, with its shape, in a stable order (text first, then vision). */
export function paramShapes(c: ModelConfig): ParamShapes {
  return { ...textParamShapes(c), ...visionParamShapes(c) };
}

export function countParams(shapes: ParamShapes): number {
  return Object.values(shapes).reduce((n, s) => n + s.reduce((a, b) => a * b, 1), 0);
}

/**
 * Random initialisation as transformers does it for Qwen2: normal(0, 0.02) for matrices, ones for norms, zeros for
 * biases. Deterministic for a seed. Returns variables (trainable) so the optimizer can update them in place.
 */
export function initParams(c: ModelConfig, seed = 0, std = 0.02): Record<string, tf.Variable> {
  const out: Record<string, tf.Variable> = {};
  let k = 0;
  for (const [name, shape] of Object.entries(paramShapes(c))) {
    k++;
    const init = tf.tidy(() => {
      if (name.endsWith('norm.weight') || /norm\d?\.weight$/.test(name) || name.endsWith('ln_q.weight')) return tf.ones(shape);
      if (name.endsWith('.bias')) return tf.zeros(shape);
      return tf.randomNormal(shape, 0, std, 'float32', seed * 100003 + k);
    });
    // Unnamed: tfjs variable names are global, and a second model (a frozen reference for KL) would clash.
    out[name] = tf.variable(init, true);
    init.dispose();
  }
  return out;
}

/**
 * Whether a forward pass reaches parameter `name`: every decoder parameter always, the vision tower's only when the
 * batch holds an image. (The update needs this to give a skipped sequence's parameters the zero gradient it would
 * have had.)
 */
export function reachedBy(name: string, hasImages: boolean): boolean {
  return hasImages || !name.startsWith('visual.');
}

export function disposeParams(params: Params): void {
  for (const t of Object.values(params)) t.dispose();
}

/**
 * Loss value and gradients keyed by parameter name (tf.variableGrads keys by the variables' internal names). Only
 * `names` (default: all trainable parameters) are differentiated — frozen parameters are simply left out.
 */
export function gradsByName(
  params: Record<string, tf.Variable>,
  loss: () => tf.Scalar,
  names: string[] = Object.keys(params).filter((n) => params[n].trainable),
): { value: tf.Scalar; grads: Record<string, tf.Tensor> } {
  const vars = names.map((n) => params[n]);
  const { value, grads } = tf.variableGrads(loss, vars);
  const out: Record<string, tf.Tensor> = {};
  names.forEach((n, i) => (out[n] = grads[vars[i].name]));
  return { value, grads: out };
}
