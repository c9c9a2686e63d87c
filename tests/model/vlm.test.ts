import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/runtime/backend.js';
import { KVCache } from '../../src/model/kv-cache.js';
import { paramShapes, gradsByName, type Params } from '../../src/model/params.js';
import { presetConfig } from '../../src/model/presets.js';
import { forward } from '../../src/model/text.js';
import {
  buildVlmBatch,
  decodePositionIds,
  disposeVlmBatch,
  expandImagePrompt,
  getRopeIndex,
  vlmForward,
  type ImageInput,
  type VlmBatch,
} from '../../src/model/vlm.js';
import type { GridThw } from '../../src/model/vision-index.js';
import { expectNoLeak, relDiff } from '../helpers.js';
import { normals, randomWeights } from './vision-reference.js';

// Token ids of a small vocab: image 60, vision start/end 61/62.
const TOKENS = { eosTokenIds: [1], padTokenId: 0, imageTokenId: 60, visionStartTokenId: 61, visionEndTokenId: 62 };
const config = presetConfig('tiny-vl', TOKENS, 64);
const [IMG, VS, VE] = [60, 61, 62];

function image(grid: GridThw, seed: number): ImageInput {
  return { gridThw: grid, pixelValues: normals(grid[0] * grid[1] * grid[2] * 1176, seed) };
}

describe('get_rope_index (qwen25vl.md §3, §8)', () => {
  it('spec example: [a,b,c,<vs>,6×<img>,<ve>,x,y], grid [1,4,6] → rope_delta −3', () => {
    const ids = [5, 6, 7, VS, ...new Array(6).fill(IMG), VE, 8, 9];
    const { positionIds, ropeDeltas } = getRopeIndex([ids], [[1, 4, 6]], undefined, config);
    const axis = (a: number) => Array.from(positionIds.slice(a * 13, (a + 1) * 13));
    expect(axis(0)).toEqual([0, 1, 2, 3, 4, 4, 4, 4, 4, 4, 7, 8, 9]);
    expect(axis(1)).toEqual([0, 1, 2, 3, 4, 4, 4, 5, 5, 5, 7, 8, 9]);
    expect(axis(2)).toEqual([0, 1, 2, 3, 4, 5, 6, 4, 5, 6, 7, 8, 9]);
    expect(ropeDeltas).toEqual([-3]);
  });

  it('left padding: positions over real tokens only, padded slots 1, delta against the padded length', () => {
    const a = [5, VS, ...new Array(6).fill(IMG), VE, 8];
    const b = [7, 8, 9];
    const rows = [a, [0, 0, 0, 0, 0, 0, 0, ...b]];
    const mask = [a.map(() => 1), [0, 0, 0, 0, 0, 0, 0, 1, 1, 1]];
    const { positionIds, ropeDeltas } = getRopeIndex(rows, [[1, 4, 6]], mask, config);
    const T = 10;
    expect(Array.from(positionIds.slice(T, 2 * T))).toEqual([1, 1, 1, 1, 1, 1, 1, 0, 1, 2]);
    expect(Array.from(positionIds.slice(T, 2 * T))).toEqual(Array.from(positionIds.slice(3 * T, 4 * T)));
    // Row 0: text 0,1; image from 2 (H 2..3, W 2..4); <ve> 5, 8 → 6. Max 6 → delta 7 − 10.
    expect(Array.from(positionIds.slice(4 * T, 5 * T))).toEqual([0, 1, 2, 3, 4, 2, 3, 4, 5, 6]);
    expect(ropeDeltas).toEqual([-3, -7]);
  });

  // transformers' text-only branch: position_ids = cumsum(mask) − 1, padded slots filled with 1, and the delta's max
  // taken over the whole padded row; so one real token (position 0) beside padding gives max 1, delta 1 + 1 − T.
  it('text-only left-padded batch: a one-token row gets delta 2 − T, as transformers (padded slots count in the max)', () => {
    const rows = [
      [0, 0, 0, 0, 7],
      [0, 0, 0, 7, 8],
      [5, 6, 7, 8, 9],
    ];
    const mask = [
      [0, 0, 0, 0, 1],
      [0, 0, 0, 1, 1],
      [1, 1, 1, 1, 1],
    ];
    const { positionIds, ropeDeltas } = getRopeIndex(rows, [], mask, config);
    expect(Array.from(positionIds.slice(0, 15))).toEqual([1, 1, 1, 1, 0, 1, 1, 1, 0, 1, 0, 1, 2, 3, 4]);
    expect(ropeDeltas).toEqual([-3, -3, 0]);
    // No mask: arange on every row, delta 0.
    expect(getRopeIndex([[5], [6]], [], undefined, config).ropeDeltas).toEqual([0, 0]);
  });

  it('a batch with images takes the max over real tokens only: the same one-token row gets 1 − T', () => {
    const a = [5, VS, ...new Array(6).fill(IMG), VE, 8];
    const rows = [a, [0, 0, 0, 0, 0, 0, 0, 0, 0, 7]];
    const mask = [a.map(() => 1), [0, 0, 0, 0, 0, 0, 0, 0, 0, 1]];
    expect(getRopeIndex(rows, [[1, 4, 6]], mask, config).ropeDeltas).toEqual([-3, -9]);
    // A row chunk of that batch (prefillChunked) keeps the whole batch's branch.
    expect(getRopeIndex([rows[1]], [], [mask[1]], config, true).ropeDeltas).toEqual([-9]);
    expect(getRopeIndex([rows[1]], [], [mask[1]], config).ropeDeltas).toEqual([-8]);
  });

  it('decode positions are cache length + rope delta on all axes', () => {
    expect(Array.from(decodePositionIds(10, [-3, -7], 2))).toEqual([7, 8, 3, 4, 7, 8, 3, 4, 7, 8, 3, 4]);
  });

  it('rejects image-token runs that do not match the grids, and surplus or missing grids', () => {
    const ids = [5, VS, ...new Array(5).fill(IMG), VE];
    expect(() => getRopeIndex([ids], [[1, 4, 6]], undefined, config)).toThrow(
      /image 0 \(grid \[1,4,6\]\) has 5 <\|image_pad\|> tokens in a row, expected t·\(h\/2\)·\(w\/2\) = 6/,
    );
    expect(() => getRopeIndex([[5, 6]], [[1, 4, 6]], undefined, config)).toThrow(/0 image\(s\) of <\|image_pad\|> tokens but 1 grid\(s\)/);
    expect(() => getRopeIndex([[VS, IMG, IMG, IMG, IMG, VE]], [], undefined, config)).toThrow(/more image-token runs than the 0 grid/);
  });
});

describe('prompt expansion and context limit', () => {
  it('expands each <|image_pad|> to t·h·w/4 tokens', () => {
    expect(
      expandImagePrompt(
        [5, VS, IMG, VE, VS, IMG, VE],
        [
          [1, 4, 6],
          [1, 2, 2],
        ],
        config,
      ),
    ).toEqual([5, VS, ...new Array(6).fill(IMG), VE, VS, IMG, VE]);
  });

  it('rejects a prompt whose image tokens would not fit the context, before expanding it', () => {
    expect(() => expandImagePrompt([5, VS, IMG, VE], [[1, 100, 100]], config, 2000)).toThrow(
      /prompt is 2503 tokens after expanding 1 image\(s\) to 2500 image tokens .*over the context limit of 2000.*never truncated/,
    );
    const b = () => buildVlmBatch(config, [[1, 2, 3, 4, 5]], [], { maxLength: 4 });
    expect(b).toThrow(/row 0 has 5 tokens, over the context limit of 4/);
  });
});

describe('vision-language forward', () => {
  let params: Params;
  // Window segments of the batch are 64, 16 (image 0) and 64 (image 1) patches long: grouping equal lengths
  // reorders rows, so the gather/restore path of segment attention is in the gradient check too.
  const grids: GridThw[] = [
    [1, 8, 10],
    [1, 8, 8],
  ];
  const images = [image(grids[0], 21), image(grids[1], 22)];
  // Row 0: one 8×10 image (20 tokens); row 1: one 8×8 image (16 tokens), shorter, so it is left-padded.
  const prompts = [expandImagePrompt([3, 4, VS, IMG, VE, 5, 6, 7], [grids[0]], config), expandImagePrompt([8, VS, IMG, VE, 9], [grids[1]], config)];
  beforeAll(async () => {
    await initBackend('cpu');
    await initBackend('wasm');
    params = Object.fromEntries(Object.entries(randomWeights(paramShapes(config), 9)).map(([k, v]) => [k, tf.tensor(v.data, v.shape)]));
  });
  afterAll(() => tf.dispose(Object.values(params)));

  it('each row of an image batch equals that prompt run alone', async () => {
    const batch = buildVlmBatch(config, prompts, images);
    expect(batch.imageTokenCount).toBe(36);
    const all = vlmForward(params, config, batch).logits!;
    for (let r = 0; r < 2; r++) {
      const alone = buildVlmBatch(config, [prompts[r]], [images[r]]);
      const one = vlmForward(params, config, alone).logits!;
      const pad = batch.ids[0].length - prompts[r].length;
      const slice = tf.slice(all, [r, pad, 0], [1, prompts[r].length, -1]);
      expect(await relDiff(slice, one)).toBeLessThan(1e-5);
      tf.dispose([one, slice]);
      disposeVlmBatch(alone);
    }
    all.dispose();
    disposeVlmBatch(batch);
  });

  it('cached decode after an image prompt gives the logits of a full forward (positions via rope_delta)', async () => {
    const extra = [
      [40, 41, 42],
      [43, 44, 45],
    ];
    const full = buildVlmBatch(
      config,
      prompts.map((p, r) => [...p, ...extra[r]]),
      images,
    );
    const ref = vlmForward(params, config, full).logits!; // [B, T+3, V]
    const prompt = buildVlmBatch(config, prompts, images);
    const cache = new KVCache(config.text.numLayers);
    const parts = [vlmForward(params, config, prompt, cache, 'last').logits!];
    for (let s = 0; s < 3; s++) {
      const step = {
        inputIds: tf.tensor2d(
          extra.map((e) => [e[s]]),
          [2, 1],
          'int32',
        ),
        attentionMask: tf.ones([2, 1], 'int32') as tf.Tensor2D,
        positionIds: tf.tensor3d(decodePositionIds(cache.length, prompt.ropeDeltas), [3, 2, 1], 'int32'),
      };
      parts.push(vlmForward(params, config, step, cache, 'last').logits!);
      disposeVlmBatch(step);
    }
    const T = prompt.ids[0].length;
    for (let s = 0; s <= 3; s++) {
      const want = tf.reshape(tf.slice(ref, [0, T - 1 + s, 0], [-1, 1, -1]), [2, -1]);
      expect(await relDiff(parts[s], want), `step ${s}`).toBeLessThan(1e-5);
      want.dispose();
    }
    tf.dispose([...parts, ref]);
    cache.dispose();
    disposeVlmBatch(full);
    disposeVlmBatch(prompt);
  });

  it('a mismatch between image tokens and vision rows is an error, never a truncation', () => {
    const batch = buildVlmBatch(config, [prompts[0]], [images[0]]);
    const wrong: VlmBatch = { ...batch, imageTokenCount: undefined, images: { ...batch.images!, gridThw: [[1, 8, 8]], plan: undefined } };
    expect(() => vlmForward(params, config, wrong)).toThrow(
      /inputIds hold 20 <\|image_pad\|> token\(s\) but the 1 image\(s\) \[\[1,8,8\]\] give 16 vision rows/,
    );
    expect(() => vlmForward(params, config, { ...batch, images: undefined })).toThrow(/hold 20 <\|image_pad\|> token\(s\) but no images were given/);
    expect(() => buildVlmBatch(config, [prompts[0]], [image([1, 8, 6], 1)])).toThrow(
      /image 0 \(grid \[1,8,6\]\) has 20 <\|image_pad\|> tokens in a row, expected .* = 12/,
    );
    disposeVlmBatch(batch);
  });

  it('does not leak across forward, cached decode and backward', async () => {
    const batch = buildVlmBatch(config, prompts, images);
    const vars = Object.fromEntries(Object.entries(params).map(([k, t]) => [k, tf.variable(t.clone(), true)]));
    await expectNoLeak(() => {
      const cache = new KVCache(config.text.numLayers);
      vlmForward(vars, config, batch, cache, 'last').logits!.dispose();
      cache.dispose();
      const g = gradsByName(vars, () => tf.sum(vlmForward(vars, config, batch).logits!) as tf.Scalar);
      tf.dispose([g.value, ...Object.values(g.grads)]);
    });
    tf.dispose(Object.values(vars));
    disposeVlmBatch(batch);
  });

  it('backward through the whole VLM on wasm matches cpu per tensor (max|Δ|/max|ref| ≤ 1e-5)', async () => {
    const names = Object.keys(params);
    const grads = async (backend: 'wasm' | 'cpu') => {
      await tf.setBackend(backend);
      const vars = Object.fromEntries(names.map((n) => [n, tf.variable(params[n].clone(), true)]));
      const batch = buildVlmBatch(config, prompts, images);
      // A log-likelihood-like loss so every logit matters with a different weight.
      const w = tf.tensor(normals(batch.ids.length * batch.ids[0].length * config.text.vocabSize, 4), [
        batch.ids.length,
        batch.ids[0].length,
        config.text.vocabSize,
      ]);
      const { value, grads: g } = gradsByName(vars, () => tf.sum(tf.mul(tf.logSoftmax(vlmForward(vars, config, batch).logits!), w)) as tf.Scalar);
      const out: Record<string, Float32Array> = { loss: (await value.data()) as Float32Array };
      for (const n of names) out[n] = (await g[n].data()) as Float32Array;
      tf.dispose([value, w, ...Object.values(g), ...Object.values(vars)]);
      disposeVlmBatch(batch);
      return out;
    };
    const wasm = await grads('wasm');
    const cpu = await grads('cpu');
    await tf.setBackend('wasm');
    expect(await relDiff(wasm.loss, cpu.loss)).toBeLessThan(1e-5);
    const worst = names.map((n) => [n, 0] as [string, number]);
    for (const [i, n] of names.entries()) {
      worst[i][1] = await relDiff(wasm[n], cpu[n]);
      expect(Math.max(...cpu[n].map(Math.abs)), `${n} gradient is zero`).toBeGreaterThan(0);
    }
    for (const [n, d] of worst) expect(d, n).toBeLessThan(1e-5);
    // The vision tower is reached: its gradients are there and nonzero (checked above for every parameter).
    expect(names.filter((n) => n.startsWith('visual.')).length).toBeGreaterThan(20);
  });

  it('text-only batches through vlmForward equal text forward', async () => {
    const batch = buildVlmBatch(config, [
      [3, 4, 5],
      [6, 7],
    ]);
    const a = vlmForward(params, config, batch).logits!;
    const b = forward(params, config, batch).logits!;
    expect(await relDiff(a, b)).toBe(0);
    tf.dispose([a, b]);
    disposeVlmBatch(batch);
  });
});
