// Host-side index math of the Qwen2.5-VL vision tower (qwen25vl.md §2.2–2.5): grid checks, the window permutation
// and its segment boundaries, full-attention segments, and the 2-D rotary table. Plain arrays only: these are
// computed once per call from the image grids, and keeping them off the device means no gather gradients and no
// host reads inside the forward pass.

/** Image grid in patch units: [frames / temporal_patch, height / patch, width / patch]. */
export type GridThw = readonly [number, number, number];

export interface VisionGeometry {
  patchSize: number;
  spatialMergeSize: number;
  windowSize: number;
}

export class VisionIndexError extends Error {}

/** Checks one grid: positive integers, height and width multiples of the merge size. */
export function checkGrid(grid: GridThw, mergeSize: number, where = 'gridThw'): void {
  const ok = grid.length === 3 && grid.every((x) => Number.isInteger(x) && x > 0);
  if (!ok) throw new VisionIndexError(`${where} is ${JSON.stringify(grid)}, expected three positive integers [t, h, w] in patch units`);
  if (grid[1] % mergeSize !== 0 || grid[2] % mergeSize !== 0) {
    throw new VisionIndexError(
      `${where} is ${JSON.stringify(grid)}: h and w must be multiples of spatial_merge_size ${mergeSize} (images are resized to multiples of 28 px)`,
    );
  }
}

/** Patches (rows of pixel_values) of one image: t·h·w. */
export const patchCount = (g: GridThw): number => g[0] * g[1] * g[2];

/** Language-model tokens of one image: t·h·w / merge². */
export const imageTokenCount = (g: GridThw, mergeSize: number): number => patchCount(g) / (mergeSize * mergeSize);

/**
 * Window permutation of merged tokens and the (de-duplicated) cumulative window lengths in patch units.
 * Each image's merged grid is padded by `ws − l % ws` per axis (1..ws, never 0 — as the reference does, so an
 * empty window row/column can appear), tiled into ws×ws windows per frame, and the padding dropped.
 */
export function windowIndex(grids: readonly GridThw[], geo: VisionGeometry): { windowIndex: Int32Array; cuWindowSeqlens: number[] } {
  const m = geo.spatialMergeSize;
  const unit = m * m;
  const ws = Math.floor(geo.windowSize / m / geo.patchSize);
  if (ws < 1) throw new VisionIndexError(`window_size ${geo.windowSize} is smaller than one merged token (${m}·${geo.patchSize} px)`);
  const index: number[] = [];
  const cu: number[] = [0];
  let offset = 0;
  grids.forEach((g, i) => {
    checkGrid(g, m, `gridThw[${i}]`);
    const [t, lh, lw] = [g[0], g[1] / m, g[2] / m];
    const nwh = (lh + ws - (lh % ws)) / ws;
    const nww = (lw + ws - (lw % ws)) / ws;
    for (let f = 0; f < t; f++) {
      for (let wy = 0; wy < nwh; wy++) {
        for (let wx = 0; wx < nww; wx++) {
          let count = 0;
          for (let y = wy * ws; y < Math.min((wy + 1) * ws, lh); y++) {
            for (let x = wx * ws; x < Math.min((wx + 1) * ws, lw); x++) {
              index.push(offset + (f * lh + y) * lw + x);
              count++;
            }
          }
          cu.push(cu[cu.length - 1] + count * unit);
        }
      }
    }
    offset += t * lh * lw;
  });
  // torch.unique_consecutive: empty windows repeat the previous boundary.
  const deduped = cu.filter((v, k) => k === 0 || v !== cu[k - 1]);
  return { windowIndex: Int32Array.from(index), cuWindowSeqlens: deduped };
}

/** Full-attention segment boundaries: one segment of h·w patches per frame of every image. */
export function cuSeqlens(grids: readonly GridThw[]): number[] {
  const cu = [0];
  for (const [t, h, w] of grids) for (let f = 0; f < t; f++) cu.push(cu[cu.length - 1] + h * w);
  return cu;
}

/** argsort of a permutation: inv[perm[i]] = i. */
export function invertPermutation(perm: ArrayLike<number>): Int32Array {
  const inv = new Int32Array(perm.length).fill(-1);
  for (let i = 0; i < perm.length; i++) {
    const p = perm[i];
    if (!(p >= 0 && p < perm.length) || inv[p] !== -1) throw new VisionIndexError(`not a permutation: value ${p} at ${i} (length ${perm.length})`);
    inv[p] = i;
  }
  return inv;
}

/** Row permutation of patches from a permutation of merged tokens (each moves its `unit` patches together). */
export function expandToPatches(mergedPerm: ArrayLike<number>, unit: number): Int32Array {
  const out = new Int32Array(mergedPerm.length * unit);
  for (let i = 0; i < mergedPerm.length; i++) for (let j = 0; j < unit; j++) out[i * unit + j] = mergedPerm[i] * unit + j;
  return out;
}

/**
 * (h, w) position of every patch in processor order: per frame, merge blocks in raster order, then the
 * merge×merge patches inside each block in raster order.
 */
export function patchPositions(grids: readonly GridThw[], mergeSize: number): { h: Int32Array; w: Int32Array } {
  const n = grids.reduce((a, g) => a + patchCount(g), 0);
  const hs = new Int32Array(n);
  const wsArr = new Int32Array(n);
  let k = 0;
  for (const [t, h, w] of grids) {
    for (let f = 0; f < t; f++) {
      for (let by = 0; by < h / mergeSize; by++) {
        for (let bx = 0; bx < w / mergeSize; bx++) {
          for (let my = 0; my < mergeSize; my++) {
            for (let mx = 0; mx < mergeSize; mx++) {
              hs[k] = by * mergeSize + my;
              wsArr[k++] = bx * mergeSize + mx;
            }
          }
        }
      }
    }
  }
  return { h: hs, w: wsArr };
}

/**
 * cos and sin tables [N, headDim] of the vision 2-D RoPE for patches in the order `rowOrder` (patch indices):
 * θ = [hpos·inv (headDim/4), wpos·inv (headDim/4)], emb = concat(θ, θ), inv[i] = 10000^(−2i/(headDim/2)).
 * Angles are rounded to fp32 as torch computes them (fp32 inv_freq, fp32 outer product), then cos/sin.
 */
export function visionRopeTables(
  grids: readonly GridThw[],
  mergeSize: number,
  headDim: number,
  rowOrder?: ArrayLike<number>,
  theta = 10000,
): { cos: Float32Array; sin: Float32Array } {
  if (headDim % 4 !== 0) throw new VisionIndexError(`vision head_dim ${headDim} must be a multiple of 4 for the 2-D rotary embedding`);
  const dim = headDim / 2;
  const quarter = dim / 2;
  const inv = new Float32Array(quarter);
  for (let i = 0; i < quarter; i++) inv[i] = 1 / Math.pow(theta, Math.fround((2 * i) / dim));
  const pos = patchPositions(grids, mergeSize);
  const n = pos.h.length;
  const cos = new Float32Array(n * headDim);
  const sin = new Float32Array(n * headDim);
  for (let r = 0; r < n; r++) {
    const p = rowOrder ? rowOrder[r] : r;
    for (let i = 0; i < quarter; i++) {
      const a = [Math.fround(pos.h[p] * inv[i]), Math.fround(pos.w[p] * inv[i])];
      for (let half = 0; half < 2; half++) {
        for (let axis = 0; axis < 2; axis++) {
          const d = r * headDim + half * dim + axis * quarter + i;
          cos[d] = Math.cos(a[axis]);
          sin[d] = Math.sin(a[axis]);
        }
      }
    }
  }
  return { cos, sin };
}

/** Segments of equal length grouped together, so one batched matmul serves each group. */
export interface SegmentGroup {
  length: number;
  count: number;
  /** Start row of the group in the grouped order. */
  start: number;
}

export interface SegmentPlan {
  groups: SegmentGroup[];
  /** Rows in grouped order (gather before attention); absent when the grouping keeps the original order. */
  order?: Int32Array;
  /** Inverse of `order` (gather after attention). */
  restore?: Int32Array;
}

/** Groups the segments [cu[i], cu[i+1]) by length (stable), for segment-local attention over `cu[last]` rows. */
export function planSegments(cu: readonly number[]): SegmentPlan {
  const byLength = new Map<number, number[]>();
  for (let i = 0; i + 1 < cu.length; i++) {
    const len = cu[i + 1] - cu[i];
    if (len < 0) throw new VisionIndexError(`segment boundaries must not decrease: ${cu[i]} then ${cu[i + 1]}`);
    if (len === 0) continue;
    const list = byLength.get(len) ?? [];
    list.push(cu[i]);
    byLength.set(len, list);
  }
  const groups: SegmentGroup[] = [];
  const order: number[] = [];
  for (const [length, starts] of byLength) {
    groups.push({ length, count: starts.length, start: order.length });
    for (const s of starts) for (let j = 0; j < length; j++) order.push(s + j);
  }
  const identity = order.every((v, i) => v === i);
  if (identity) return { groups };
  const ord = Int32Array.from(order);
  return { groups, order: ord, restore: invertPermutation(ord) };
}
