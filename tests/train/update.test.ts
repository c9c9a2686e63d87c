// One optimizer update over on-policy and expert micro-batches: no tensors left behind, and the expert-only loss is
// the weighted NLL the weights define.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { tokenLogprobs } from '../../src/model/logprobs.js';
import { disposeParams, initParams } from '../../src/model/params.js';
import { initBackend } from '../../src/runtime/backend.js';
import { resolveConfig } from '../../src/train/config.js';
import { createAdamW, disposeAdamW } from '../../src/train/optimizer.js';
import { update } from '../../src/train/update.js';
import { disposeBatch, expectNoLeak, textBatch, tinyConfig } from '../helpers.js';

const cfg = tinyConfig(40);
const w = (n: number, x = 0.1) => new Float32Array(n).fill(x);

beforeAll(async () => {
  await initBackend('wasm');
});

describe('update', () => {
  it('leaves no tensors behind across steps', async () => {
    const params = initParams(cfg, 1, 0.1);
    const opt = createAdamW(params, { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 });
    const runCfg = resolveConfig({ ahpo: { entropyCoef: 0.01 }, train: { microBatch: 1 } });
    const seqs = [
      { kind: 'on' as const, promptIds: [5, 6, 7], completion: [8, 9], weights: w(2), oldLogp: [-2, -2], advantage: 0.5 },
      { kind: 'off' as const, promptIds: [5, 6], completion: [10, 11], weights: w(2) },
    ];
    await expectNoLeak(() => update({ cfg: runCfg, config: cfg, params, optimizer: opt, suppressIds: [] }, seqs, 1e-3));
    disposeAdamW(opt);
    disposeParams(params);
  });

  it('an expert-only batch reports the weighted NLL of the traces', async () => {
    const params = initParams(cfg, 2, 0.1);
    const opt = createAdamW(params, { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 });
    const runCfg = resolveConfig({ ahpo: { mode: 'sft' } });
    const prompt = [5, 6, 7];
    const completion = [8, 9, 10];
    const b = textBatch([[...prompt, ...completion].slice(0, -1)]);
    const targets = tf.tensor2d([[...prompt, ...completion].slice(1)], undefined, 'int32');
    const lp = await tokenLogprobs(params, cfg, b, targets).data();
    const expected = -[2, 3, 4].reduce((a, i) => a + lp[i], 0) * 0.25;
    const r = await update({ cfg: runCfg, config: cfg, params, optimizer: opt, suppressIds: [] }, [{ kind: 'off', promptIds: prompt, completion, weights: w(3, 0.25) }], 1e-3);
    expect(r.loss).toBeCloseTo(expected, 5);
    expect(r.lossOff).toBeCloseTo(expected, 5);
    expect(r.skipped).toBe(false);
    tf.dispose(targets);
    disposeBatch(b);
    disposeAdamW(opt);
    disposeParams(params);
  });
});

describe('update with weights that would become non-finite', () => {
  it('skips the step (reason: weights), leaving parameters and moments exactly as they were, with no leak', async () => {
    const params = initParams(cfg, 3, 0.1);
    const opt = createAdamW(params, { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 });
    const runCfg = resolveConfig({ ahpo: { mode: 'sft' } });
    const seqs = [{ kind: 'off' as const, promptIds: [5, 6, 7], completion: [8, 9], weights: w(2, 0.5) }];
    const ctx = { cfg: runCfg, config: cfg, params, optimizer: opt, suppressIds: [] };
    await update(ctx, seqs, 1e-3); // a normal step first, so the moments are non-zero
    const before = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v.dataSync().slice()]));
    const mBefore = Object.fromEntries(Object.entries(opt.m).map(([k, v]) => [k, v.dataSync().slice()]));
    let r: Awaited<ReturnType<typeof update>> | undefined;
    // lr × (m̂ / √v̂) ≈ 1e39 is beyond float32: every updated weight would be ±Inf, though loss and gradients are finite.
    await expectNoLeak(async () => {
      r = await update(ctx, seqs, 1e39);
    });
    expect([r!.skipped, r!.skipReason, Number.isFinite(r!.loss), Number.isFinite(r!.gradNorm)]).toEqual([true, 'weights', true, true]);
    expect(opt.step).toBe(1);
    for (const [k, v] of Object.entries(params)) expect(v.dataSync(), k).toEqual(before[k]);
    for (const [k, v] of Object.entries(opt.m)) expect(v.dataSync(), k).toEqual(mBefore[k]);
    const ok = await update(ctx, seqs, 1e-3);
    expect([ok.skipped, ok.skipReason, opt.step]).toEqual([false, undefined, 2]);
    disposeAdamW(opt);
    disposeParams(params);
  });
});
