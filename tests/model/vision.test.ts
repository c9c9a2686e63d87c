import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/runtime/backend.js';
import type { ModelConfig } from '../../src/model/config.js';
import { paramShapes, visionParamShapes, type Params } from '../../src/model/params.js';
import { presetConfig } from '../../src/model/presets.js';
import { planVision, visionForward } from '../../src/model/vision.js';
import { cuSeqlens, invertPermutation, patchPositions, planSegments, visionRopeTables, windowIndex, type GridThw } from '../../src/model/vision-index.js';
import { expectNoLeak } from '../helpers.js';
import { erf64, normals, randomWeights, toFloat64, visionReference } from './vision-reference.js';

// Real Qwen2.5-VL geometry for the index math: 14 px patches, 2×2 merge, 112 px windows (4×4 merged tokens).
const GEO = { patchSize: 14, spatialMergeSize: 2, windowSize: 112 };
const TOKENS = { eosTokenIds: [1], padTokenId: 0, imageTokenId: 60, visionStartTokenId: 61, visionEndTokenId: 62 };
const config: ModelConfig = presetConfig('tiny-vl', TOKENS, 64);

describe('vision index math (qwen25vl.md §8)', () => {
  it('grid [1,12,10]: window index and cu_window_seqlens', () => {
    const { windowIndex: idx, cuWindowSeqlens } = windowIndex([[1, 12, 10]], GEO);
    expect(Array.from(idx)).toEqual([0, 1, 2, 3, 5, 6, 7, 8, 10, 11, 12, 13, 15, 16, 17, 18, 4, 9, 14, 19, 20, 21, 22, 23, 25, 26, 27, 28, 24, 29]);
    expect(cuWindowSeqlens).toEqual([0, 64, 80, 112, 120]);
  });

  it('grid [1,16,16]: empty padding windows are de-duplicated', () => {
    // Raw cumsum [0,64,128,128,192,256,256,256,256,256]: 16/2 = 8 merged rows pad by 4 to 12 → empty windows.
    const { windowIndex: idx, cuWindowSeqlens } = windowIndex([[1, 16, 16]], GEO);
    expect(cuWindowSeqlens).toEqual([0, 64, 128, 192, 256]);
    expect(idx.length).toBe(64);
    expect(Array.from(idx.slice(0, 8))).toEqual([0, 1, 2, 3, 8, 9, 10, 11]);
  });

  it('several images: indices are offset per image and windows never mix images or frames', () => {
    const grids: GridThw[] = [
      [1, 4, 4],
      [2, 4, 4],
    ];
    const { windowIndex: idx, cuWindowSeqlens } = windowIndex(grids, GEO);
    expect(Array.from(idx)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(cuWindowSeqlens).toEqual([0, 16, 32, 48]);
    expect(cuSeqlens(grids)).toEqual([0, 16, 32, 48]);
    expect(
      cuSeqlens([
        [1, 12, 10],
        [1, 4, 6],
      ]),
    ).toEqual([0, 120, 144]);
  });

  it('rejects grids that are not multiples of the merge size', () => {
    expect(() => windowIndex([[1, 5, 4]], GEO)).toThrow(/gridThw\[0\] is \[1,5,4\]: h and w must be multiples of spatial_merge_size 2/);
    expect(() => windowIndex([[0, 4, 4]], GEO)).toThrow(/three positive integers/);
  });

  it('patch positions follow the 2×2 block order; RoPE tables put h then w frequencies, twice', () => {
    const pos = patchPositions([[1, 4, 4]], 2);
    expect(Array.from(pos.h.slice(0, 8))).toEqual([0, 0, 1, 1, 0, 0, 1, 1]);
    expect(Array.from(pos.w.slice(0, 8))).toEqual([0, 1, 0, 1, 2, 3, 2, 3]);
    const { cos, sin } = visionRopeTables([[1, 4, 4]], 2, 8);
    // Patch 7: hpos 1, wpos 3; head_dim 8 → dim 4, inv = [1, 0.01].
    const row = (t: Float32Array) => Array.from(t.slice(7 * 8, 8 * 8));
    const want = [1, 0.01, 3, 0.03, 1, 0.01, 3, 0.03];
    row(cos).forEach((c, i) => expect(c).toBeCloseTo(Math.cos(want[i]), 6));
    row(sin).forEach((s, i) => expect(s).toBeCloseTo(Math.sin(want[i]), 6));
  });

  it('segment plans group equal lengths and restore the order', () => {
    expect(planSegments([0, 64, 128, 192])).toEqual({ groups: [{ length: 64, count: 3, start: 0 }] });
    const plan = planSegments([0, 64, 80, 144]);
    expect(plan.groups).toEqual([
      { length: 64, count: 2, start: 0 },
      { length: 16, count: 1, start: 128 },
    ]);
    expect(Array.from(plan.order!.slice(63, 66))).toEqual([63, 80, 81]);
    expect(Array.from(invertPermutation(plan.order!)).every((v, i) => plan.order![v] === i)).toBe(true);
  });
});

describe('vision tower vs a float64 reference', () => {
  let params: Params;
  let ref64: ReturnType<typeof toFloat64>;
  beforeAll(async () => {
    await initBackend('wasm');
    const w = randomWeights(visionParamShapes(config), 3);
    ref64 = toFloat64(w);
    params = Object.fromEntries(Object.entries(w).map(([k, v]) => [k, tf.tensor(v.data, v.shape)]));
  });
  afterAll(() => tf.dispose(Object.values(params)));

  // [1,8,10]: merged 4×5 → padding makes an empty window row (dedupe path) and windows of 16 and 4 tokens.
  // [1,6,4]: one 3×2 window. [2,4,4]: two frames (separate full-attention segments).
  const grids: GridThw[] = [
    [1, 8, 10],
    [1, 6, 4],
    [2, 4, 4],
  ];

  it('matches the reference for three images of different grids (max|Δ|/max|ref| ≤ 1e-5)', async () => {
    expect(windowIndex([[1, 8, 10]], GEO).cuWindowSeqlens).toEqual([0, 64, 80]);
    const n = grids.reduce((a, g) => a + g[0] * g[1] * g[2], 0);
    const pixels = normals(n * 1176, 11);
    const pv = tf.tensor2d(pixels, [n, 1176]);
    const out = visionForward(params, config, pv, grids);
    expect(out.shape).toEqual([n / 4, 128]);
    const want = visionReference(ref64, config.vision!, Float64Array.from(pixels), grids);
    const got = await out.data();
    let num = 0;
    let den = 0;
    want.forEach((r, i) => {
      num = Math.max(num, Math.abs(got[i] - r));
      den = Math.max(den, Math.abs(r));
    });
    expect(den).toBeGreaterThan(0.1);
    expect(num / den).toBeLessThan(1e-5);
    // Each image alone gives the same rows: attention never crosses an image boundary.
    let row = 0;
    for (const g of grids) {
      const rows = (g[0] * g[1] * g[2]) / 4;
      const alone = visionForward(params, config, tf.slice(pv, [row * 4, 0], [rows * 4, -1]) as tf.Tensor2D, [g]);
      const part = Array.from(got.slice(row * 128, (row + rows) * 128));
      const a = await alone.data();
      expect(Math.max(...part.map((x, i) => Math.abs(x - a[i])))).toBeLessThan(1e-5 * den);
      alone.dispose();
      row += rows;
    }
    tf.dispose([pv, out]);
  });

  it('erf reference is accurate', () => {
    expect(erf64(0.5)).toBeCloseTo(0.5204998778130465, 14);
    expect(erf64(3)).toBeCloseTo(0.9999779095030014, 14);
    expect(erf64(-1.2)).toBeCloseTo(-0.9103139782296353, 14);
  });

  it('rejects pixel values of the wrong shape with the expected one', () => {
    const pv = tf.zeros([10, 1176]) as tf.Tensor2D;
    expect(() => visionForward(params, config, pv, [[1, 4, 4]])).toThrow(/pixelValues has shape \[10,1176\], expected \[16, 1176\]/);
    pv.dispose();
  });

  it('does not leak (with and without a prebuilt plan)', async () => {
    const pv = tf.tensor2d(normals(80 * 1176, 5), [80, 1176]);
    const plan = planVision(config.vision!, [[1, 8, 10]]);
    await expectNoLeak(() => {
      visionForward(params, config, pv, [[1, 8, 10]]).dispose();
      visionForward(params, config, pv, [[1, 8, 10]], plan).dispose();
    });
    pv.dispose();
  });

  it('the full parameter set has every vision tensor the forward reads', () => {
    expect(Object.keys(visionParamShapes(config)).every((k) => k in paramShapes(config))).toBe(true);
  });
});
