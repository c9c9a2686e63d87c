// The webgpu backend (Dawn through the `webgpu` package) must agree with the pure-JS cpu backend on a tiny model:
// forward logits, cached decode, and every parameter gradient of the token-logprob NLL — with no synchronous reads
// (`dataSync` and friends fail on webgpu under Node), so every read here is `await data()`.
//
// Where no adapter can be had the tests are skipped with initBackend's reason; under CI (CI=true) or with
// AHPO_REQUIRE_WEBGPU=1 a missing adapter is a failure. On a machine without a GPU run
// `bash scripts/setup-lavapipe.sh` once; `npm run test:webgpu` picks up .vendor/vulkan/env.sh.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackendUnavailableError, initBackend } from '../../src/runtime/backend.js';
import { KVCache } from '../../src/model/kv-cache.js';
import { tokenLogprobs } from '../../src/model/logprobs.js';
import { disposeParams, gradsByName, initParams, paramShapes } from '../../src/model/params.js';
import { presetConfig } from '../../src/model/presets.js';
import { forward } from '../../src/model/text.js';
import { buildVlmBatch, disposeVlmBatch, expandImagePrompt, vlmForward } from '../../src/model/vlm.js';
import { disposeBatch, relDiff, textBatch, tinyConfig } from '../helpers.js';
import { normals, randomWeights } from '../model/vision-reference.js';

const REQUIRED = process.env.CI === 'true' || process.env.AHPO_REQUIRE_WEBGPU === '1';
const TOL = 1e-4;
const ROWS = [
  [5, 6, 7, 8, 9, 10, 11],
  [12, 13, 14],
  [20, 21, 22, 23, 24],
];

let skipReason: string | undefined;
let adapterDetail = '';
/** Synchronous reads made on webgpu while the tests ran (must stay empty). */
const syncReads: string[] = [];

beforeAll(async () => {
  await initBackend('cpu');
  const t0 = performance.now();
  try {
    const info = await initBackend('webgpu');
    adapterDetail = `${info.detail} (init ${(performance.now() - t0).toFixed(0)} ms)`;
  } catch (err) {
    if (REQUIRED || !(err instanceof BackendUnavailableError)) throw err;
    skipReason = `webgpu unavailable: ${err.message}`;
    console.warn(`SKIPPED webgpu parity — ${skipReason}`);
    return;
  }
  // Count synchronous reads while webgpu is current: explicit ones (Tensor.dataSync/arraySync/bufferSync — none of our
  // code may call them on this path) and GPU read-backs inside the backend (readSync of data that lives only on the
  // device; that path needs OffscreenCanvas and fails in Node). Small CPU-resident inputs that tfjs's webgpu kernels
  // hand off to CPU implementations (tile, concat below WEBGPU_CPU_HANDOFF_SIZE_THRESHOLD) are fine and not counted.
  for (const m of ['dataSync', 'arraySync', 'bufferSync'] as const) {
    const proto = tf.Tensor.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
    const orig = proto[m];
    proto[m] = function (this: tf.Tensor, ...a: unknown[]) {
      if (tf.getBackend() === 'webgpu') syncReads.push(m);
      return orig.apply(this, a);
    };
  }
  const backend = tf.findBackend('webgpu') as tf.KernelBackend & {
    readSync(dataId: object): unknown;
    tensorMap: { get(dataId: object): { values?: unknown; dtype: string } | undefined };
  };
  const readSync = backend.readSync.bind(backend);
  backend.readSync = (dataId: object) => {
    const d = backend.tensorMap.get(dataId);
    if (d && d.values == null && d.dtype !== 'string') syncReads.push('device readSync');
    return readSync(dataId);
  };
  await tf.setBackend('cpu');
});

afterAll(async () => {
  if (!skipReason) console.info(`webgpu parity ran on: ${adapterDetail}`);
  await tf.setBackend('cpu');
});

/** Runs fn on cpu, then on webgpu (cpu first: tensors created on cpu move to webgpu; the reverse needs a sync read). */
async function cpuThenWebgpu(fn: () => tf.Tensor[]): Promise<{ cpu: Float32Array[]; gpu: Float32Array[]; gpuMs: number }> {
  const run = async () => {
    const out = fn();
    const data = await Promise.all(out.map(async (t) => (await t.data()) as Float32Array));
    tf.dispose(out);
    return data;
  };
  await tf.setBackend('cpu');
  const cpu = await run();
  await tf.setBackend('webgpu');
  const t0 = performance.now();
  const gpu = await run();
  const gpuMs = performance.now() - t0;
  await tf.setBackend('cpu');
  return { cpu, gpu, gpuMs };
}

describe('webgpu vs cpu (tiny model)', () => {
  it('forward logits match to 1e-4 (max|Δ| / max|ref|)', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
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
    if (skipReason) return ctx.skip(skipReason);
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
    if (skipReason) return ctx.skip(skipReason);
    await tf.setBackend('cpu');
    const cfg = tinyConfig(48);
    const params = initParams(cfg, 11, 0.1);
    const names = Object.keys(params);
    const b = textBatch([[3, 4, 5, 6, 7, 8], [9, 10, 11]]);
    const targets = tf.tensor2d([[4, 5, 6, 7, 8, 9], [1, 1, 1, 10, 11, 12]], undefined, 'int32');
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
    if (skipReason) return ctx.skip(skipReason);
    await tf.setBackend('cpu');
    const tokens = { eosTokenIds: [1], padTokenId: 0, imageTokenId: 60, visionStartTokenId: 61, visionEndTokenId: 62 };
    const cfg = presetConfig('tiny-vl', tokens, 64);
    const params = Object.fromEntries(Object.entries(randomWeights(paramShapes(cfg), 9)).map(([k, v]) => [k, tf.tensor(v.data, v.shape)]));
    const grids: [number, number, number][] = [[1, 8, 10], [1, 8, 8]];
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
    if (skipReason) return ctx.skip(skipReason);
    expect(syncReads).toEqual([]);
  });
});
