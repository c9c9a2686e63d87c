// Host-side prompt math of the Qwen2.5-VL fusion (qwen25vl.md §3 get_rope_index, §5 pad expansion): expanding each
// <|image_pad|> to its token count, checking that the image-token runs match the grids, building the 3-axis
// M-RoPE positions of a left-padded batch and each row's rope delta for decoding. Plain arrays, no tfjs.
import { expandImagePadIds } from '../data/chat-template.js';
import type { ModelConfig } from './config.js';
import { checkGrid, imageTokenCount, type GridThw } from './vision-index.js';

export class VlmInputError extends Error {}

/** Image tokens per image (t·h·w / merge²), in order. */
export function imageTokenCounts(grids: readonly GridThw[], c: ModelConfig): number[] {
  const m = visionOf(c).spatialMergeSize;
  return grids.map((g, i) => {
    checkGrid(g, m, `gridThw[${i}]`);
    return imageTokenCount(g, m);
  });
}

function visionOf(c: ModelConfig) {
  if (!c.vision) throw new VlmInputError('the model config has no vision tower (vision_config missing); it cannot take images');
  return c.vision;
}

/**
 * Expands each single <|image_pad|> of a prompt to its image's token count. Rejects the prompt before building
 * anything if the expanded length would exceed `maxLength` (default max_position_embeddings): image tokens are
 * never truncated, and a truncated image would silently desynchronise tokens and vision rows.
 */
export function expandImagePrompt(ids: readonly number[], grids: readonly GridThw[], c: ModelConfig, maxLength = c.text.maxPositionEmbeddings): number[] {
  const counts = imageTokenCounts(grids, c);
  const imageTokens = counts.reduce((a, b) => a + b, 0);
  const length = ids.length - counts.length + imageTokens;
  if (length > maxLength) {
    throw new VlmInputError(
      `prompt is ${length} tokens after expanding ${counts.length} image(s) to ${imageTokens} image tokens (${counts.join(' + ')}), ` +
        `over the context limit of ${maxLength}. HINT: lower max_pixels (fewer tokens per image) or shorten the text; images are never truncated.`,
    );
  }
  return expandImagePadIds(ids, c.tokens.imageTokenId, counts);
}

/** Maximal runs of image tokens in a row: [start, length]. */
function imageRuns(ids: readonly number[], imageTokenId: number): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (let i = 0; i < ids.length; i++) {
    if (ids[i] !== imageTokenId) continue;
    if (i > 0 && ids[i - 1] === imageTokenId) runs[runs.length - 1][1]++;
    else runs.push([i, 1]);
  }
  return runs;
}

export interface RopeIndex {
  /** [3, B, T] axis-major (T, H, W), flattened. */
  positionIds: Int32Array;
  /** Per row: max(position) + 1 − T (padded length); a decode step at cache length c uses c + delta on all axes. */
  ropeDeltas: number[];
}

/**
 * get_rope_index for a left-padded batch of already expanded rows. Images are consumed in order across rows
 * (row 0's images first), as the vision tower's output rows are. Positions are computed over unmasked tokens
 * only; padded slots get 1. Each image must be one run of exactly t·(h/m)·(w/m) image tokens.
 *
 * `batchHasImages` (default: grids given) picks transformers' branch. Its text-only branch (no image_grid_thw for
 * the whole batch) takes the rope delta's max over the padded row, padded slots' 1 included, so a row with one real
 * token (position 0) gets max 1 and delta 2 − T; its image branch takes the max over real tokens only (1 − T).
 * A caller that splits one batch into row chunks passes the whole batch's answer so every chunk matches it.
 */
export function getRopeIndex(
  rows: readonly (readonly number[])[],
  grids: readonly GridThw[],
  mask: readonly (readonly number[])[] | undefined,
  c: ModelConfig,
  batchHasImages = grids.length > 0,
): RopeIndex {
  const batch = rows.length;
  const time = batch ? rows[0].length : 0;
  const m = grids.length ? visionOf(c).spatialMergeSize : 1;
  const positionIds = new Int32Array(3 * batch * time).fill(1);
  const ropeDeltas: number[] = [];
  let image = 0;
  rows.forEach((row, b) => {
    if (row.length !== time) throw new VlmInputError(`getRopeIndex: row ${b} has ${row.length} tokens, expected ${time} (rows must be padded to one length)`);
    const slots = row.map((_, t) => t).filter((t) => !mask || mask[b][t]);
    const ids = slots.map((t) => row[t]);
    const pos: [number[], number[], number[]] = [[], [], []];
    const push = (tp: number, hp: number, wp: number) => {
      pos[0].push(tp);
      pos[1].push(hp);
      pos[2].push(wp);
    };
    let st = 0;
    let next = 0; // running start position s
    for (const [start, len] of imageRuns(ids, c.tokens.imageTokenId)) {
      const g = grids[image];
      if (!g) throw new VlmInputError(`getRopeIndex: row ${b} has more image-token runs than the ${grids.length} grid(s) given`);
      checkGrid(g, m, `gridThw[${image}]`);
      const [gt, gh, gw] = [g[0], g[1] / m, g[2] / m];
      if (len !== gt * gh * gw) {
        throw new VlmInputError(
          `getRopeIndex: row ${b}, image ${image} (grid ${JSON.stringify(g)}) has ${len} <|image_pad|> tokens in a row, expected t·(h/${m})·(w/${m}) = ${gt * gh * gw}. HINT: expand prompts with expandImagePrompt; adjacent images need a separator`,
        );
      }
      for (let t = st; t < start; t++) push(next + t - st, next + t - st, next + t - st);
      const s = next + start - st;
      for (let f = 0; f < gt; f++) for (let y = 0; y < gh; y++) for (let x = 0; x < gw; x++) push(s, s + y, s + x); // images: temporal factor 0
      next = s + Math.max(gh, gw); // one past the image's largest position (its H or W extent)
      st = start + len;
      image++;
    }
    for (let t = st; t < ids.length; t++) push(next + t - st, next + t - st, next + t - st);
    // Text-only branch: padded slots hold 1 and count in the max (see the doc comment).
    let max = !batchHasImages && slots.length < time ? 1 : -1;
    slots.forEach((slot, k) => {
      for (let a = 0; a < 3; a++) {
        positionIds[a * batch * time + b * time + slot] = pos[a][k];
        max = Math.max(max, pos[a][k]);
      }
    });
    ropeDeltas.push(max + 1 - time);
  });
  if (image !== grids.length)
    throw new VlmInputError(`getRopeIndex: the batch has ${image} image(s) of <|image_pad|> tokens but ${grids.length} grid(s) were given`);
  return { positionIds, ropeDeltas };
}

/** Decode-step positions [3, B, steps] flattened: slot c + i of row b gets c + i + ropeDeltas[b] on every axis. */
export function decodePositionIds(cacheLength: number, ropeDeltas: readonly number[], steps = 1): Int32Array {
  const batch = ropeDeltas.length;
  const out = new Int32Array(3 * batch * steps);
  for (let a = 0; a < 3; a++)
    for (let b = 0; b < batch; b++) for (let i = 0; i < steps; i++) out[(a * batch + b) * steps + i] = cacheLength + i + ropeDeltas[b];
  return out;
}
