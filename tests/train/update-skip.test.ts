// Leaving zero-advantage rollouts out of the update (train.skipZeroAdvantage) must not change it: the parameters after
// two steps agree within 1e-6 with and without the skip, in every mode, with and without the KL and entropy terms,
// and the logged statistics agree too (their entropy then comes from sampling time, their ratio is exactly 1).
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { tokenLogprobsAndEntropy } from '../../src/model/logprobs.js';
import { disposeParams, initParams, type Params } from '../../src/model/params.js';
import { presetConfig } from '../../src/model/presets.js';
import { expandImagePrompt, imageEmbedsFor } from '../../src/model/vlm.js';
import { initBackend } from '../../src/runtime/backend.js';
import { resolveConfig, type Config } from '../../src/train/config.js';
import { createAdamW, disposeAdamW } from '../../src/train/optimizer.js';
import { buildMicroBatch, disposeMicroBatch, type TrainSequence } from '../../src/train/sequences.js';
import { update, type UpdateResult } from '../../src/train/update.js';
import { noiseImage } from '../helpers.js';

const TOKENS = { eosTokenIds: [1], padTokenId: 0, imageTokenId: 60, visionStartTokenId: 61, visionEndTokenId: 62 };
const config = presetConfig('tiny-vl', TOKENS, 64);
const image = noiseImage(3, 56, 56);
const imagePromptIds = expandImagePrompt([5, 61, 60, 62, 7, 8], [image.gridThw], config);
const SUPPRESS = [63];
const w = (n: number, x: number) => new Float32Array(n).fill(x);

beforeAll(async () => {
  await initBackend('wasm');
});

/** Sampling-time log-probs and entropies of `s` under `params`: what the rollout engine would have recorded. */
async function sampled(params: Params, s: TrainSequence, temperature: number): Promise<TrainSequence> {
  const mb = buildMicroBatch(config, [s]);
  try {
    const [logp, entropy] = await Promise.all(
      tf
        .tidy(() => {
          const inputs = { ...mb.inputs, imageEmbeds: imageEmbedsFor(params, config, mb.inputs) };
          const r = tokenLogprobsAndEntropy(params, config, inputs, mb.targets, { temperature, suppressIds: SUPPRESS });
          // Every completion token, counted or not (positions skips weight-0 ones).
          const T = mb.inputs.ids[0].length;
          const idx = tf.tensor1d(
            s.completion.map((_, k) => T - s.completion.length + k),
            'int32',
          );
          return [tf.gather(tf.reshape(r.logp, [-1]), idx), tf.gather(tf.reshape(r.entropy, [-1]), idx)];
        })
        .map(async (t) => {
          const v = Array.from(await t.data());
          t.dispose();
          return v;
        }),
    );
    return { ...s, oldLogp: logp, entropy };
  } finally {
    disposeMicroBatch(mb);
  }
}

/** One step's sequences: groups with and without signal, an image prompt, and an expert trace. */
function stepSequences(step: number): TrainSequence[] {
  const on = (promptIds: number[], completion: number[], advantage: number, images = false): TrainSequence => ({
    kind: 'on',
    promptIds,
    ...(images ? { images: [image] } : {}),
    completion,
    weights: w(completion.length, 0.05),
    advantage,
  });
  const seqs = [
    on([5, 6, 7], [8, 9, 3], 0),
    on(imagePromptIds, [10, 11, 12, 3], 0, true),
    on([5, 6, 9], [13, 14], 0),
    ...(step === 1 ? [on([5, 6, 7], [15, 9, 3], 0.8), on([5, 6, 7], [16, 3], -0.8)] : []),
  ];
  // A truncated-and-masked rollout (all weights 0) is not counted at all, skip or not.
  seqs.push({ ...on([4, 4], [17, 18], 0), weights: w(2, 0) });
  if (step === 1) seqs.push({ kind: 'off', promptIds: [5, 6], completion: [19, 20, 3], weights: w(3, 0.05), advantage: 0.5 });
  return seqs;
}

async function twoSteps(cfg: Config, skip: boolean, withRef: boolean): Promise<{ values: Record<string, Float32Array>; results: UpdateResult[] }> {
  const c = { ...cfg, train: { ...cfg.train, skipZeroAdvantage: skip } };
  const params = initParams(config, 5, 0.1);
  const refParams = withRef ? initParams(config, 6, 0.1) : undefined;
  // Adam's early steps move a weight by about lr·sign(g). Where g is 0 in theory (k_proj.bias: softmax ignores a shift
  // shared by all keys) or within rounding of 0, a different batching of the same sequences flips that sign and
  // turns rounding noise into lr-sized differences. ε = 1e-3 keeps each step a smooth function of g for such weights,
  // so the comparison below measures the gradients rather than the sign of their rounding noise.
  const optimizer = createAdamW(params, { beta1: 0.9, beta2: 0.999, eps: 1e-3, weightDecay: 0.01 });
  const results: UpdateResult[] = [];
  for (const step of [1, 2]) {
    // Step 2 has only zero-advantage rollouts: the no-skip update still steps AdamW on zero gradients (momentum).
    const seqs = await Promise.all(stepSequences(step).map((s) => (s.kind === 'on' ? sampled(params, s, c.rollout.temperature) : s)));
    results.push(await update({ trainConfig: c, modelConfig: config, params, refParams, optimizer, suppressIds: SUPPRESS }, seqs, 1e-3));
  }
  const values = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v.dataSync().slice() as Float32Array]));
  disposeAdamW(optimizer);
  disposeParams(params);
  if (refParams) disposeParams(refParams);
  return { values, results };
}

const variants = [
  { name: 'plain', ahpo: {}, ref: false, skips: true },
  { name: 'KL', ahpo: { klCoef: 0.05 }, ref: true, skips: false },
  { name: 'entropy bonus', ahpo: { entropyCoef: 0.01 }, ref: false, skips: false },
];

// The update's only dependence on the mode is the expert term (NLL, or luffy's shaped one); the mode's normalisation
// and gate live in the weights, which collect.ts computes and which are given here. sft-grpo runs as sft or grpo.
const MODES = ['ahpo', 'static', 'grpo', 'sft', 'luffy', 'hpt'] as const;

describe('update: leaving out zero-advantage rollouts', () => {
  for (const mode of MODES) {
    for (const v of variants) {
      // The config refuses the KL and entropy terms in mode sft (no rollout tokens to apply them to).
      if (mode === 'sft' && v.name !== 'plain') continue;
      it(`${mode}, ${v.name}: the same parameters (1e-6) and statistics`, async () => {
        const cfg = resolveConfig({ ahpo: { mode, ...v.ahpo }, rollout: { temperature: 0.9 }, train: { microBatch: 2 } });
        const tensors = tf.memory().numTensors;
        const a = await twoSteps(cfg, true, v.ref);
        const b = await twoSteps(cfg, false, v.ref);
        expect(tf.memory().numTensors).toBe(tensors);
        const leftOut = a.results.map((r) => r.skippedRollouts);
        const expected = v.skips ? [3, 3] : [0, 0];
        expect(leftOut).toEqual(expected);
        expect(b.results.map((r) => r.skippedRollouts)).toEqual([0, 0]);
        for (const [k, x] of Object.entries(b.values)) {
          const diff = Math.max(...x.map((y, i) => Math.abs(y - a.values[k][i])));
          expect(diff, k).toBeLessThan(1e-6);
        }
        for (let i = 0; i < 2; i++) {
          const [ra, rb] = [a.results[i], b.results[i]];
          expect(ra.skipped || rb.skipped).toBe(false);
          for (const key of ['loss', 'lossOn', 'lossOff', 'kl', 'nll', 'expertProb', 'shapedWeight'] as const) expect(ra[key], key).toBeCloseTo(rb[key], 6);
          expect(ra.clipFrac).toBe(rb.clipFrac);
          expect(ra.expertTokens).toBe(rb.expertTokens);
          expect(Math.abs(ra.ratioMean - rb.ratioMean), 'ratioMean').toBeLessThan(1e-5);
          expect(Math.abs(ra.entropy - rb.entropy), `entropy ${ra.entropy} vs ${rb.entropy}`).toBeLessThan(1e-5);
          expect(ra.gradNorm).toBeCloseTo(rb.gradNorm, 5);
          if (expected[i] > 0) expect(ra.trainedTokens).toBeLessThan(rb.trainedTokens);
        }
      });
    }
  }
});

describe('update: micro-batches with and without images', () => {
  it('keeps the vision gradients of an image micro-batch through a later text-only one', async () => {
    // One sequence per call puts the image prompt and the text prompt in separate micro-batches; the vision tower's
    // gradient exists only in the first (a text-only graph gives it none) and must reach the optimizer all the same.
    const cfg = resolveConfig({ ahpo: { mode: 'sft' } });
    const seqs: TrainSequence[] = [
      { kind: 'off', promptIds: imagePromptIds, images: [image], completion: [10, 11, 3], weights: w(3, 0.1) },
      { kind: 'off', promptIds: [5, 6, 7], completion: [12, 3], weights: w(2, 0.1) },
    ];
    const run = async (microBatch: number) => {
      const params = initParams(config, 7, 0.1);
      const optimizer = createAdamW(params, { beta1: 0.9, beta2: 0.999, eps: 1e-3, weightDecay: 0 });
      const before = params['visual.merger.mlp.2.weight'].dataSync().slice();
      const r = await update(
        { trainConfig: { ...cfg, train: { ...cfg.train, microBatch } }, modelConfig: config, params, optimizer, suppressIds: SUPPRESS },
        seqs,
        1e-3,
      );
      const values = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v.dataSync().slice() as Float32Array]));
      disposeAdamW(optimizer);
      disposeParams(params);
      return { r, values, before };
    };
    const tensors = tf.memory().numTensors;
    const [split, whole] = [await run(1), await run(8)];
    expect(tf.memory().numTensors).toBe(tensors);
    expect([split.r.microBatches, whole.r.microBatches]).toEqual([2, 1]);
    const moved = Math.max(...split.values['visual.merger.mlp.2.weight'].map((x, i) => Math.abs(x - split.before[i])));
    expect(moved).toBeGreaterThan(1e-5);
    for (const [k, x] of Object.entries(whole.values)) {
      const diff = Math.max(...x.map((y, i) => Math.abs(y - split.values[k][i])));
      expect(diff, k).toBeLessThan(1e-6);
    }
  });
});
