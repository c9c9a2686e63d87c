// The webgpu backend (Dawn through the `webgpu` package) must agree with the pure-JS cpu backend on a tiny model:
// forward logits, cached decode, and every parameter gradient of the token-logprob NLL — with no synchronous reads
// (`dataSync` and friends fail on webgpu under Node), so every read here is `await data()`.
//
// Set-up, skipping and the sync-read counter: ./harness.ts.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KVCache } from '../../src/model/kv-cache.js';
import { tokenLogprobs } from '../../src/model/logprobs.js';
import { disposeParams, gradsByName, initParams, paramShapes } from '../../src/model/params.js';
import { presetConfig } from '../../src/model/presets.js';
import { forward } from '../../src/model/text.js';
import { buildVlmBatch, disposeVlmBatch, expandImagePrompt, vlmForward } from '../../src/model/vlm.js';
import { disposeBatch, relDiff, textBatch, tinyConfig } from '../helpers.js';
import { normals, randomWeights } from '../model/vision-reference.js';
import { cpuThenWebgpu, setupWebgpu, type WebgpuHarness } from './harness.js';

const TOL = 1e-4;
const ROWS = [
  [5, 6, 7, 8, 9, 10, 11],
  [12, 13, 14],
  [20, 21, 22, 23, 24],
];

let h: WebgpuHarness = { adapterDetail: '', syncReads: [] };

beforeAll(async () => {
  h = await setupWebgpu();
});

afterAll(async () => {
  if (!h.skipReason) console.info(`webgpu parity ran on: ${h.adapterDetail}`);
  await tf.setBackend('cpu');
});

describe('webgpu vs cpu (tiny model)', () => {
  it('forward logits match to 1e-4 (max|Δ| / max|ref|)', async (ctx) => {
    if (h.skipReason) return ctx.skip(h.skipReason);
    await tf.setBackend('cpu');
    const cfg = tinyConfig(40);
    const params = initParams(cfg, 7, 0.2);
    const b = textBatch(ROWS);
    const { cpu, gpu, gpuMs } = await cpuThenWebgpu(() => [forward(params, cfg, b).logits!]);
    const rel = await relDiff(gpu[0], cpu[0]);
    console.info(`forward: rel ${rel.toExponential(2)}, webgpu ${gpuMs.toFixed(0)} ms`);
    expect(rel).toBeLessThan(TOL);
    disposeParams(params);
    disposeBatch(b);
  });

  it('cached step-by-step decode on webgpu matches one full forward on cpu', async (ctx) => {
    if (h.skipReason) return ctx.skip(h.skipReason);
    await tf.setBackend('cpu');
    const cfg = tinyConfig(40);
    const params = initParams(cfg, 8, 0.2);
    const full = textBatch(ROWS);
    const T = full.inputIds.shape[1];
    const prefill = 3;
    const mask = tf.expandDims(tf.cast(full.attentionMask, 'float32'), -1);
    const { cpu, gpu, gpuMs } = await cpuThenWebgpu(() => {
      // On cpu: the full forward. On webgpu: prefill + one token at a time through the cache. Both masked to real
      // (unpadded) positions — padded query rows are arbitrary by design.
      if (tf.getBackend() === 'cpu') return [tf.mul(forward(params, cfg, full).logits!, mask)];
      const cache = new KVCache(cfg.text.numLayers);
      const parts: tf.Tensor[] = [];
      for (let from = 0; from < T; from += from === 0 ? prefill : 1) {
        const len = from === 0 ? prefill : 1;
        const sl = {
          inputIds: tf.slice(full.inputIds, [0, from], [-1, len]) as tf.Tensor2D,
          attentionMask: tf.slice(full.attentionMask, [0, from], [-1, len]) as tf.Tensor2D,
          positionIds: tf.slice(full.positionIds, [0, 0, from], [-1, -1, len]) as tf.Tensor3D,
        };
        parts.push(forward(params, cfg, sl, cache).logits!);
        disposeBatch(sl);
      }
      expect(cache.length).toBe(T);
      cache.dispose();
      const got = tf.tidy(() => tf.mul(tf.concat(parts, 1), mask));
      tf.dispose(parts);
      return [got];
    });
    const rel = await relDiff(gpu[0], cpu[0]);
    console.info(`decode (prefill ${prefill} + ${T - prefill} steps): rel ${rel.toExponential(2)}, webgpu ${gpuMs.toFixed(0)} ms`);
    expect(rel).toBeLessThan(TOL);
    disposeParams(params);
    disposeBatch(full);
    mask.dispose();
  });

  it('NLL and every parameter gradient (gradsByName of tokenLogprobs) match to 1e-4 relative', async (ctx) => {
    if (h.skipReason) return ctx.skip(h.skipReason);
    await tf.setBackend('cpu');
    const cfg = tinyConfig(48);
    const params = initParams(cfg, 11, 0.1);
    const names = Object.keys(params);
    const b = textBatch([
      [3, 4, 5, 6, 7, 8],
      [9, 10, 11],
    ]);
    const targets = tf.tensor2d(
      [
        [4, 5, 6, 7, 8, 9],
        [1, 1, 1, 10, 11, 12],
      ],
      undefined,
      'int32',
    );
    const { cpu, gpu, gpuMs } = await cpuThenWebgpu(() => {
      const { value, grads } = gradsByName(params, () => tf.neg(tf.mean(tokenLogprobs(params, cfg, b, targets))) as tf.Scalar);
      return [value, ...names.map((n) => grads[n])];
    });
    const worst = { name: '', rel: 0 };
    expect(await relDiff(gpu[0], cpu[0]), 'loss').toBeLessThan(TOL);
    for (let i = 0; i < names.length; i++) {
      const rel = await relDiff(gpu[i + 1], cpu[i + 1]);
      if (rel > worst.rel) Object.assign(worst, { name: names[i], rel });
      expect(rel, names[i]).toBeLessThan(TOL);
    }
    console.info(`backward: ${names.length} gradients, worst ${worst.name} rel ${worst.rel.toExponential(2)}, webgpu ${gpuMs.toFixed(0)} ms`);
    disposeParams(params);
    targets.dispose();
    disposeBatch(b);
  });

  it('image + text (vision tower, fusion) logits match to 1e-4', async (ctx) => {
    if (h.skipReason) return ctx.skip(h.skipReason);
    await tf.setBackend('cpu');
    const tokens = { eosTokenIds: [1], padTokenId: 0, imageTokenId: 60, visionStartTokenId: 61, visionEndTokenId: 62 };
    const cfg = presetConfig('tiny-vl', tokens, 64);
    const params = Object.fromEntries(Object.entries(randomWeights(paramShapes(cfg), 9)).map(([k, v]) => [k, tf.tensor(v.data, v.shape)]));
    const grids: [number, number, number][] = [
      [1, 8, 10],
      [1, 8, 8],
    ];
    const images = grids.map((g, i) => ({ gridThw: g, pixelValues: normals(g[0] * g[1] * g[2] * 1176, 21 + i) }));
    const prompts = [expandImagePrompt([3, 4, 61, 60, 62, 5, 6, 7], [grids[0]], cfg), expandImagePrompt([8, 61, 60, 62, 9], [grids[1]], cfg)];
    const batch = buildVlmBatch(cfg, prompts, images);
    const { cpu, gpu, gpuMs } = await cpuThenWebgpu(() => [vlmForward(params, cfg, batch).logits!]);
    const rel = await relDiff(gpu[0], cpu[0]);
    console.info(`vlm forward (2 images, ${batch.imageTokenCount} image tokens): rel ${rel.toExponential(2)}, webgpu ${gpuMs.toFixed(0)} ms`);
    expect(rel).toBeLessThan(TOL);
    tf.dispose(Object.values(params));
    disposeVlmBatch(batch);
  });

  it('served no synchronous reads (no dataSync/arraySync/bufferSync on this path)', (ctx) => {
    if (h.skipReason) return ctx.skip(h.skipReason);
    expect(h.syncReads).toEqual([]);
  });
});
