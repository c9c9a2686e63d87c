// The Qwen2.5-VL vision tower (qwen25vl.md §2): patch embedding as a matmul, window permutation, pre-norm blocks
// with 2-D RoPE attention that stays inside windows (or, in the full-attention blocks, inside each image frame),
// the 2×2 patch merger, and the inverse permutation. Pure function over named parameters; all index math is
// done on the host by vision-index.ts.
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig, VisionConfig } from './config.js';
import { linear, rmsNorm, applyRotary, silu } from './layers.js';
import type { Params } from './params.js';
import {
  cuSeqlens,
  expandToPatches,
  invertPermutation,
  patchCount,
  planSegments,
  visionRopeTables,
  windowIndex,
  type GridThw,
  type SegmentPlan,
} from './vision-index.js';

/** Hard-coded in the reference vision tower (norm1/norm2/ln_q), independent of the text rms_norm_eps. */
const VISION_RMS_EPS = 1e-6;

/** Everything the forward pass needs that depends only on the grids. Host arrays; build once per batch. */
export interface VisionPlan {
  grids: GridThw[];
  patches: number;
  /** Patch rows in window order (gathered from pixel_values before the patch embedding). */
  patchOrder: Int32Array;
  /** argsort(window_index): merged rows back to raster order after the merger. */
  restore: Int32Array;
  windowSegments: SegmentPlan;
  fullSegments: SegmentPlan;
  /** [N, headDim] cos/sin of the 2-D RoPE, already in window order. */
  cos: Float32Array;
  sin: Float32Array;
}

export function planVision(v: VisionConfig, grids: readonly GridThw[]): VisionPlan {
  if (grids.length === 0) throw new Error('planVision: no images (gridThw is empty)');
  const unit = v.spatialMergeSize * v.spatialMergeSize;
  const win = windowIndex(grids, v);
  const patchOrder = expandToPatches(win.windowIndex, unit);
  const headDim = v.hiddenSize / v.numHeads;
  const { cos, sin } = visionRopeTables(grids, v.spatialMergeSize, headDim, patchOrder);
  return {
    grids: grids.map((g) => [g[0], g[1], g[2]] as GridThw),
    patches: grids.reduce((a, g) => a + patchCount(g), 0),
    patchOrder,
    restore: invertPermutation(win.windowIndex),
    windowSegments: planSegments(win.cuWindowSeqlens),
    // The permutation never leaves a frame, so per-frame segments are the same row ranges before and after it.
    fullSegments: planSegments(cuSeqlens(grids)),
    cos,
    sin,
  };
}

/**
 * Non-causal attention inside each segment. q, k, v: [N, H, Dh]. Equal-length segments are stacked into one
 * batched matmul ([count, H, len, len] scores), so a 448×448 image costs one product per block rather than one
 * tiny kernel per window; only the rows of a plan whose grouping reorders them are gathered (and restored).
 */
function segmentAttention(q: tf.Tensor3D, k: tf.Tensor3D, v: tf.Tensor3D, plan: SegmentPlan): tf.Tensor2D {
  const [n, heads, dh] = q.shape;
  const order = plan.order ? tf.tensor1d(plan.order, 'int32') : undefined;
  const [qo, ko, vo] = [q, k, v].map((t) => (order ? tf.gather(t, order) : t));
  const outs: tf.Tensor[] = [];
  for (const g of plan.groups) {
    const rows = g.count * g.length;
    const split = (t: tf.Tensor) => tf.transpose(tf.reshape(tf.slice(t, [g.start, 0, 0], [rows, heads, dh]), [g.count, g.length, heads, dh]), [0, 2, 1, 3]); // [C, H, L, Dh]
    const scores = tf.mul(tf.matMul(split(qo), split(ko), false, true), 1 / Math.sqrt(dh)); // [C, H, L, L]
    const ctx = tf.matMul(tf.softmax(scores), split(vo)); // [C, H, L, Dh]
    outs.push(tf.reshape(tf.transpose(ctx, [0, 2, 1, 3]), [rows, heads * dh]));
  }
  const grouped = outs.length === 1 ? outs[0] : tf.concat(outs, 0);
  if (grouped.shape[0] !== n) throw new Error(`segmentAttention: segments cover ${grouped.shape[0]} rows, expected ${n}`);
  return (plan.restore ? tf.gather(grouped, tf.tensor1d(plan.restore, 'int32')) : grouped) as tf.Tensor2D;
}

function block(params: Params, v: VisionConfig, i: number, x: tf.Tensor2D, rope: { cos: tf.Tensor; sin: tf.Tensor }, segments: SegmentPlan): tf.Tensor2D {
  const p = `visual.blocks.${i}.`;
  const n = x.shape[0];
  const h = v.hiddenSize;
  const heads = v.numHeads;
  const dh = h / heads;
  const n1 = rmsNorm(x, params[`${p}norm1.weight`], VISION_RMS_EPS) as tf.Tensor2D;
  const qkv = linear(n1, params[`${p}attn.qkv.weight`], params[`${p}attn.qkv.bias`]); // [N, 3·hidden], columns q | k | v
  const [q, k, val] = tf.split(qkv, 3, 1).map((t) => tf.reshape(t, [n, heads, dh]) as tf.Tensor3D);
  const qr = applyRotary(q, rope.cos, rope.sin) as tf.Tensor3D;
  const kr = applyRotary(k, rope.cos, rope.sin) as tf.Tensor3D;
  const attn = linear(segmentAttention(qr, kr, val, segments), params[`${p}attn.proj.weight`], params[`${p}attn.proj.bias`]);
  const x1 = tf.add(x, attn) as tf.Tensor2D;
  const n2 = rmsNorm(x1, params[`${p}norm2.weight`], VISION_RMS_EPS) as tf.Tensor2D;
  const gate = silu(linear(n2, params[`${p}mlp.gate_proj.weight`], params[`${p}mlp.gate_proj.bias`]));
  const up = linear(n2, params[`${p}mlp.up_proj.weight`], params[`${p}mlp.up_proj.bias`]);
  return tf.add(x1, linear(tf.mul(gate, up) as tf.Tensor2D, params[`${p}mlp.down_proj.weight`], params[`${p}mlp.down_proj.bias`])) as tf.Tensor2D;
}

/** Exact GELU, 0.5·x·(1 + erf(x/√2)) — the merger uses nn.GELU() (erf), not the tanh approximation. */
export function geluErf(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1)));
}

/**
 * Vision tower: pixel_values [N, C·T·p·p] (processor layout, images concatenated) → merged tokens
 * [N / merge², out_hidden_size] in raster order per image, images concatenated. Pass a prebuilt `plan` to reuse
 * the host index math across calls with the same grids.
 */
export function visionForward(params: Params, c: ModelConfig, pixelValues: tf.Tensor2D, grids: readonly GridThw[], plan?: VisionPlan): tf.Tensor2D {
  const v = c.vision;
  if (!v) throw new Error('visionForward: the model config has no vision tower (vision_config missing)');
  const pl = plan ?? planVision(v, grids);
  const patchDim = v.inChannels * v.temporalPatchSize * v.patchSize * v.patchSize;
  if (pixelValues.rank !== 2 || pixelValues.shape[0] !== pl.patches || pixelValues.shape[1] !== patchDim) {
    throw new Error(
      `visionForward: pixelValues has shape [${pixelValues.shape}], expected [${pl.patches}, ${patchDim}] (Σ t·h·w over gridThw ${JSON.stringify(grids)}, C·T·p·p)`,
    );
  }
  const headDim = v.hiddenSize / v.numHeads;
  return tf.tidy(() => {
    // Gather the input rows (no gradient needed there) rather than the embedded ones: same result, cheaper backward.
    const pixels = tf.gather(pixelValues, tf.tensor1d(pl.patchOrder, 'int32')) as tf.Tensor2D;
    // Conv3d with kernel = stride is a linear map on flattened patches; [hidden, C, T, p, p] → [hidden, C·T·p·p].
    const w = tf.reshape(params['visual.patch_embed.proj.weight'], [v.hiddenSize, patchDim]);
    let x = linear(pixels, w); // [N, hidden], window order
    const rope = { cos: tf.tensor3d(pl.cos, [pl.patches, 1, headDim]), sin: tf.tensor3d(pl.sin, [pl.patches, 1, headDim]) };
    const full = new Set(v.fullattBlockIndexes);
    for (let i = 0; i < v.depth; i++) x = block(params, v, i, x, rope, full.has(i) ? pl.fullSegments : pl.windowSegments);
    const unit = v.spatialMergeSize * v.spatialMergeSize;
    const normed = rmsNorm(x, params['visual.merger.ln_q.weight'], VISION_RMS_EPS);
    const grouped = tf.reshape(normed, [pl.patches / unit, unit * v.hiddenSize]) as tf.Tensor2D; // [N/4, 4·hidden]
    const hidden = geluErf(linear(grouped, params['visual.merger.mlp.0.weight'], params['visual.merger.mlp.0.bias'])) as tf.Tensor2D;
    const out = linear(hidden, params['visual.merger.mlp.2.weight'], params['visual.merger.mlp.2.bias']); // [N/4, out]
    return tf.gather(out, tf.tensor1d(pl.restore, 'int32')) as tf.Tensor2D;
  });
}
