// Qwen2.5-VL fusion: a left-padded multimodal batch (token ids with expanded <|image_pad|> runs, M-RoPE positions,
// the images' patches) and the forward pass that runs the vision tower and hands its rows to the text decoder,
// which substitutes them for the <|image_pad|> embeddings in order. Decoding after an image prompt needs only the
// rope deltas kept here (decodePositionIds in vlm-positions.ts): cached steps are text-only.
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from './config.js';
import type { KVCache } from './kv-cache.js';
import type { Params } from './params.js';
import { forward, type ForwardOutput, type LogitsMode, type TextInputs } from './text.js';
import { planVision, visionForward, type VisionPlan } from './vision.js';
import { imageTokenCount, type GridThw } from './vision-index.js';
import { getRopeIndex, VlmInputError } from './vlm-positions.js';

export { decodePositionIds, expandImagePrompt, getRopeIndex, imageTokenCounts, VlmInputError } from './vlm-positions.js';

export interface VlmImages {
  /** [Σ t·h·w, C·T·p·p] patches of all images of the batch, in prompt order (row 0's images first). */
  pixelValues: tf.Tensor2D;
  gridThw: GridThw[];
  /** Host index math for these grids (built on demand; pass one to reuse it across steps). */
  plan?: VisionPlan;
}

export interface VlmInputs extends Omit<TextInputs, 'imageEmbeds'> {
  images?: VlmImages;
  /**
   * <|image_pad|> tokens in inputIds, counted on the host when the batch was built. When absent, vlmForward counts
   * them with a synchronous read of inputIds (not available on webgpu).
   */
  imageTokenCount?: number;
}

export interface VlmBatch extends VlmInputs {
  /** Per row: max(position) + 1 − T; decode positions are cache length + delta. */
  ropeDeltas: number[];
  /** Host copies of the padded ids and mask. */
  ids: number[][];
  mask: number[][];
}

/** One preprocessed image, as src/data/image.ts produces it. */
export interface ImageInput {
  pixelValues: Float32Array;
  gridThw: GridThw;
}

/**
 * A left-padded batch from expanded prompt rows (see expandImagePrompt) and their images in order. Checks on the
 * host, before any tensor exists, that every image-token run matches its grid and that rows fit `maxLength`
 * (default max_position_embeddings); `padTo` widens the batch to a given length; `batchHasImages` (default: images
 * given) tells a row chunk whether the whole batch has images, which picks get_rope_index's branch. The caller owns
 * the tensors: disposeVlmBatch.
 */
export function buildVlmBatch(
  c: ModelConfig,
  rows: readonly (readonly number[])[],
  images: readonly ImageInput[] = [],
  opts: { padId?: number; maxLength?: number; padTo?: number; batchHasImages?: boolean } = {},
): VlmBatch {
  if (rows.length === 0) throw new VlmInputError('buildVlmBatch: no rows');
  const maxLength = opts.maxLength ?? c.text.maxPositionEmbeddings;
  rows.forEach((r, b) => {
    if (r.length === 0) throw new VlmInputError(`buildVlmBatch: row ${b} is empty`);
    if (r.length > maxLength)
      throw new VlmInputError(
        `buildVlmBatch: row ${b} has ${r.length} tokens, over the context limit of ${maxLength}; prompts (and their image tokens) are never truncated`,
      );
  });
  const pad = opts.padId ?? c.tokens.padTokenId;
  // padTo: chunks of one batch share its width, so their caches line up (extra left padding changes no real row).
  const longest = Math.max(...rows.map((r) => r.length));
  if (opts.padTo !== undefined && opts.padTo < longest)
    throw new VlmInputError(`buildVlmBatch: padTo ${opts.padTo} is shorter than the longest row (${longest} tokens)`);
  const time = opts.padTo ?? longest;
  const ids = rows.map((r) => [...new Array<number>(time - r.length).fill(pad), ...r]);
  const mask = rows.map((r) => [...new Array<number>(time - r.length).fill(0), ...new Array<number>(r.length).fill(1)]);
  const grids = images.map((im) => im.gridThw);
  const { positionIds, ropeDeltas } = getRopeIndex(ids, grids, mask, c, opts.batchHasImages ?? grids.length > 0);
  const count = rows.reduce((a, r) => a + r.filter((id) => id === c.tokens.imageTokenId).length, 0);
  const batch: VlmBatch = {
    inputIds: tf.tensor2d(ids, [rows.length, time], 'int32'),
    attentionMask: tf.tensor2d(mask, [rows.length, time], 'int32'),
    positionIds: tf.tensor3d(positionIds, [3, rows.length, time], 'int32'),
    imageTokenCount: count,
    ropeDeltas,
    ids,
    mask,
  };
  if (images.length) {
    const total = images.reduce((a, im) => a + im.pixelValues.length, 0);
    const patchDim = total / images.reduce((a, im) => a + im.gridThw[0] * im.gridThw[1] * im.gridThw[2], 0);
    const all = new Float32Array(total);
    let at = 0;
    images.forEach((im, i) => {
      const want = im.gridThw[0] * im.gridThw[1] * im.gridThw[2] * patchDim;
      if (im.pixelValues.length !== want)
        throw new VlmInputError(
          `buildVlmBatch: image ${i} has ${im.pixelValues.length} pixel values, expected t·h·w·${patchDim} = ${want} for grid ${JSON.stringify(im.gridThw)}`,
        );
      all.set(im.pixelValues, at);
      at += im.pixelValues.length;
    });
    batch.images = {
      pixelValues: tf.tensor2d(all, [total / patchDim, patchDim]),
      gridThw: grids.map((g) => [g[0], g[1], g[2]] as GridThw),
      plan: c.vision ? planVision(c.vision, grids) : undefined,
    };
  }
  return batch;
}

export function disposeVlmBatch(b: VlmInputs): void {
  tf.dispose([b.inputIds, b.attentionMask, b.positionIds]);
  b.images?.pixelValues.dispose();
}

function countImageTokens(inputs: VlmInputs, imageTokenId: number): number {
  if (inputs.imageTokenCount !== undefined) return inputs.imageTokenCount;
  // dataSync fails on webgpu under Node ("OffscreenCanvas is not defined"): say what to do instead.
  if (tf.getBackend() === 'webgpu')
    throw new VlmInputError('vlmForward: inputs.imageTokenCount is required on the webgpu backend (no synchronous reads there); buildVlmBatch sets it');
  return tf.tidy(() => tf.sum(tf.mul(tf.cast(tf.equal(inputs.inputIds, imageTokenId), 'int32'), tf.cast(inputs.attentionMask, 'int32'))).dataSync()[0]);
}

/**
 * Vision-tower rows [Σ tokens, D] for the batch's images, after checking that the batch holds exactly that many
 * <|image_pad|> tokens (a mismatch is an error, never a silent truncation). The caller owns the result.
 */
export function imageEmbedsFor(params: Params, c: ModelConfig, inputs: VlmInputs): tf.Tensor2D | undefined {
  const images = inputs.images;
  const tokens = countImageTokens(inputs, c.tokens.imageTokenId);
  if (!images) {
    if (tokens > 0) throw new VlmInputError(`vlmForward: inputIds hold ${tokens} <|image_pad|> token(s) but no images were given`);
    return undefined;
  }
  if (!c.vision) throw new VlmInputError('vlmForward: images given but the model config has no vision tower (vision_config missing)');
  const rows = images.gridThw.reduce((a, g) => a + imageTokenCount(g, c.vision!.spatialMergeSize), 0);
  if (rows !== tokens) {
    throw new VlmInputError(
      `vlmForward: inputIds hold ${tokens} <|image_pad|> token(s) but the ${images.gridThw.length} image(s) ${JSON.stringify(images.gridThw)} give ${rows} vision rows (t·h·w/4 each). HINT: build prompts with expandImagePrompt and the same grids`,
    );
  }
  return visionForward(params, c, images.pixelValues, images.gridThw, images.plan);
}

/** Vision tower + text decoder. Same outputs and cache semantics as text `forward`. */
export function vlmForward(params: Params, c: ModelConfig, inputs: VlmInputs, cache?: KVCache, logits: LogitsMode = 'all'): ForwardOutput {
  const imageEmbeds = imageEmbedsFor(params, c, inputs);
  const text: TextInputs = { inputIds: inputs.inputIds, attentionMask: inputs.attentionMask, positionIds: inputs.positionIds, imageEmbeds };
  try {
    return forward(params, c, text, cache, logits);
  } finally {
    imageEmbeds?.dispose();
  }
}
