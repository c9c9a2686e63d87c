// One optimizer update over on-policy and expert micro-batches: no tensors left behind, and the expert-only loss is
// the weighted NLL the weights define.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { tokenLogprobs, tokenLogprobsAndEntropy } from '../../src/model/logprobs.js';
import { trainCallBytes } from '../../src/model/memory.js';
import { disposeParams, initParams } from '../../src/model/params.js';
import { initBackend } from '../../src/runtime/backend.js';
import { resolveConfig } from '../../src/train/config.js';
import { createAdamW, disposeAdamW } from '../../src/train/optimizer.js';
import type { TrainSequence } from '../../src/train/sequences.js';
import { overIterations, update, type UpdateResult } from '../../src/train/update.js';
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
    await expectNoLeak(() => update({ trainConfig: runCfg, modelConfig: cfg, params, optimizer: opt, suppressIds: [] }, seqs, 1e-3));
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
    const r = await update(
      { trainConfig: runCfg, modelConfig: cfg, params, optimizer: opt, suppressIds: [] },
      [{ kind: 'off', promptIds: prompt, completion, weights: w(3, 0.25) }],
      1e-3,
    );
    expect(r.loss).toBeCloseTo(expected, 5);
    expect(r.lossOff).toBeCloseTo(expected, 5);
    expect(r.skipped).toBe(false);
    tf.dispose(targets);
    disposeBatch(b);
    disposeAdamW(opt);
    disposeParams(params);
  });
});

describe('update: what it logs', () => {
  it("sft: the entropy is the policy's at the expert tokens; tokens read exclude the padding of shorter rows", async () => {
    const params = initParams(cfg, 2, 0.1);
    const opt = createAdamW(params, { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 });
    // Two traces of different lengths in one micro-batch: the shorter row is left-padded by 3 tokens.
    const seqs: TrainSequence[] = [
      { kind: 'off', promptIds: [5, 6, 7, 8], completion: [9, 10, 11, 3], weights: w(4, 0.125) },
      { kind: 'off', promptIds: [5, 6], completion: [12, 3], weights: w(2, 0.125) },
    ];
    // Expected entropies, row by row (no padding involved), at T = 1 over the counted completion tokens.
    const entropies: number[] = [];
    for (const s of seqs) {
      const ids = [...s.promptIds, ...s.completion];
      const b = textBatch([ids.slice(0, -1)]);
      const targets = tf.tensor2d([ids.slice(1)], undefined, 'int32');
      const r = tokenLogprobsAndEntropy(params, cfg, b, targets);
      entropies.push(...Array.from(await r.entropy.data()).slice(s.promptIds.length - 1));
      tf.dispose([r.logp, r.entropy, targets]);
      disposeBatch(b);
    }
    const mean = entropies.reduce((a, x) => a + x, 0) / entropies.length;
    const r = await update({ trainConfig: resolveConfig({ ahpo: { mode: 'sft' } }), modelConfig: cfg, params, optimizer: opt, suppressIds: [] }, seqs, 0);
    expect(r.microBatches).toBe(1);
    expect(r.entropy).toBeGreaterThan(0);
    expect(Math.abs(r.entropy - mean)).toBeLessThan(1e-5);
    expect(r.expertEntropy).toBe(r.entropy);
    // 7 + 3 tokens read (prompt + completion − 1), not 2 rows × 7 of the padded micro-batch.
    expect(r.trainedTokens).toBe(10);
    // The same traces in mode ahpo: logged as expertEntropy; `entropy` stays the rollouts' (none here).
    const mixed = await update({ trainConfig: resolveConfig({ ahpo: { mode: 'ahpo' } }), modelConfig: cfg, params, optimizer: opt, suppressIds: [] }, seqs, 0);
    expect([Math.abs(mixed.expertEntropy - mean) < 1e-5, mixed.entropy]).toEqual([true, 0]);
    disposeAdamW(opt);
    disposeParams(params);
  });

  it('train.updatesPerBatch > 1: means over the iterations, the largest clip fraction, tokens and time summed', () => {
    const base: UpdateResult = {
      loss: 1,
      lossOn: 0.5,
      lossOff: 0.5,
      clipFrac: 0,
      ratioMean: 1,
      kl: 0.01,
      entropy: 2,
      nll: 3,
      expertProb: 0.1,
      expertTokens: 40,
      shapedWeight: 0,
      expertEntropy: 2.5,
      gradNorm: 4,
      skipped: false,
      trainedTokens: 100,
      microBatches: 2,
      skippedRollouts: 0,
      seconds: 1,
    };
    const second = { ...base, loss: 0.5, lossOn: 0.2, lossOff: 0.3, clipFrac: 0.25, ratioMean: 1.1, kl: 0.03, entropy: 1.8, nll: 2.6, gradNorm: 2, seconds: 3 };
    const third = { ...base, loss: 0, lossOn: -0.1, lossOff: 0.1, clipFrac: 0.125, ratioMean: 0.9, kl: 0.05, entropy: 1.6, nll: 2.2, gradNorm: 3, seconds: 2 };
    const m = overIterations([base, second, third]);
    expect(m.loss).toBeCloseTo(0.5, 12);
    expect(m.lossOn).toBeCloseTo(0.2, 12);
    expect(m.lossOff).toBeCloseTo(0.3, 12);
    expect(m.ratioMean).toBeCloseTo(1, 12);
    expect(m.kl).toBeCloseTo(0.03, 12);
    expect(m.entropy).toBeCloseTo(1.8, 12);
    expect(m.nll).toBeCloseTo(2.6, 12);
    expect(m.gradNorm).toBeCloseTo(3, 12);
    expect([m.clipFrac, m.expertTokens, m.trainedTokens, m.microBatches, m.seconds, m.skipped]).toEqual([0.25, 40, 300, 6, 6, false]);
    // A step is skipped when any iteration was, with that iteration's reason; one iteration is logged as it is.
    const bad = overIterations([base, { ...second, skipped: true, skipReason: 'weights' }, third]);
    expect([bad.skipped, bad.skipReason]).toEqual([true, 'weights']);
    expect(overIterations([second])).toBe(second);
  });
});

describe('update, mode luffy', () => {
  it('trains a trace with the shaped −A·f(p) of its group advantage, and logs f(p), p and the NLL', async () => {
    const params = initParams(cfg, 2, 0.1);
    const opt = createAdamW(params, { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 });
    const runCfg = resolveConfig({ ahpo: { mode: 'luffy', luffyGamma: 0.3 } });
    const prompt = [5, 6, 7];
    const completion = [8, 9, 10];
    const b = textBatch([[...prompt, ...completion].slice(0, -1)]);
    const targets = tf.tensor2d([[...prompt, ...completion].slice(1)], undefined, 'int32');
    const lp = Array.from(await tokenLogprobs(params, cfg, b, targets).data()).slice(2, 5); // the 3 completion tokens
    const p = lp.map(Math.exp);
    const f = p.map((x) => x / (x + 0.3));
    const A = -0.75;
    const expected = -f.reduce((acc, x) => acc + 0.25 * A * x, 0);
    const seq = { kind: 'off' as const, promptIds: prompt, completion, weights: w(3, 0.25), advantage: A };
    // lr 0: the weights stay as they are, so the NLL below sees the same log-probs.
    const r = await update({ trainConfig: runCfg, modelConfig: cfg, params, optimizer: opt, suppressIds: [] }, [seq], 0);
    expect(r.loss).toBeCloseTo(expected, 6);
    expect(r.lossOff).toBeCloseTo(expected, 6);
    expect(r.shapedWeight).toBeCloseTo(f.reduce((a, x) => a + x, 0) / 3, 6);
    expect(r.expertProb).toBeCloseTo(p.reduce((a, x) => a + x, 0) / 3, 6);
    expect(r.nll).toBeCloseTo(-lp.reduce((a, x) => a + x, 0) / 3, 5);
    expect(r.expertTokens).toBe(3);
    // The same trace in mode sft is the NLL (its advantage ignored), with no shaped weight.
    const nll = await update({ trainConfig: resolveConfig({ ahpo: { mode: 'sft' } }), modelConfig: cfg, params, optimizer: opt, suppressIds: [] }, [seq], 0);
    expect([nll.shapedWeight, nll.expertTokens]).toEqual([0, 3]);
    expect(nll.lossOff).toBeCloseTo(-0.25 * lp.reduce((a, x) => a + x, 0), 5);
    await expectNoLeak(() => update({ trainConfig: runCfg, modelConfig: cfg, params, optimizer: opt, suppressIds: [] }, [seq], 0));
    tf.dispose(targets);
    disposeBatch(b);
    disposeAdamW(opt);
    disposeParams(params);
  });
});

describe('update under a memory budget', () => {
  it('lowers the micro-batch to fit and changes nothing else: same loss, parameters within 1e-6', async () => {
    const runCfg = resolveConfig({ ahpo: { entropyCoef: 0.01 }, train: { microBatch: 8 } });
    const seqs: TrainSequence[] = [0, 1, 2, 3, 4, 5].map((i) => ({
      kind: 'on',
      promptIds: [5, 6 + i, 7],
      completion: [8, 9 + i, 3],
      weights: w(3),
      oldLogp: [-2, -3, -2.5],
      advantage: i % 2 ? 0.7 : -0.7,
    }));
    seqs.push({ kind: 'off', promptIds: [5, 6], completion: [10, 11], weights: w(2) });
    const run = async (callBudgetBytes?: number) => {
      const params = initParams(cfg, 4, 0.1);
      const opt = createAdamW(params, { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 });
      // lr 1e-4: Adam's first step moves each weight by ~lr·sign(g), and k_proj.bias has a gradient of exactly zero in
      // theory (softmax ignores a shift shared by all keys), so its rounding noise alone moves it by up to lr.
      const r = await update({ trainConfig: runCfg, modelConfig: cfg, params, optimizer: opt, suppressIds: [], callBudgetBytes }, seqs, 1e-4);
      const values = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v.dataSync().slice()]));
      disposeAdamW(opt);
      disposeParams(params);
      return { r, values };
    };
    const whole = await run();
    const perRow = trainCallBytes(cfg, 1, 5);
    const split = await run(2 * perRow);
    expect([whole.r.microBatches, split.r.microBatches]).toEqual([2, 4]); // 6 on-policy + 1 expert; 2 rows per call
    expect(split.r.loss).toBeCloseTo(whole.r.loss, 6);
    for (const [k, v] of Object.entries(whole.values)) {
      const diff = Math.max(...v.map((x, i) => Math.abs(x - split.values[k][i])));
      expect(diff, k).toBeLessThan(1e-6);
    }
  });

  it('refuses a sequence no micro-batch can fit, naming its length and the limit', async () => {
    const params = initParams(cfg, 4, 0.1);
    const opt = createAdamW(params, { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 });
    const long = Array.from({ length: 30000 }, (_, i) => 5 + (i % 20));
    const ctx = { trainConfig: resolveConfig({ ahpo: { mode: 'sft' } }), modelConfig: cfg, params, optimizer: opt, suppressIds: [] };
    await expect(update(ctx, [{ kind: 'off', promptIds: long, completion: [8, 9], weights: w(2) }], 1e-3)).rejects.toThrow(
      /the update needs about [\d.]+ GB for one 30001-token sequence, over the [\d.]+ GB the wasm backend can hold .*Hint: lower rollout\.maxNewTokens/,
    );
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
    const ctx = { trainConfig: runCfg, modelConfig: cfg, params, optimizer: opt, suppressIds: [] };
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
