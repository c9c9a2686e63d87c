// One full AHPO training step — `update()` of src/train/update.ts: the loss over micro-batches (on-policy surrogate
// with KL and entropy bonus, expert NLL), gradient accumulation, the one packed host read, global-norm clipping and
// AdamW — run on cpu and on webgpu from identical initial weights must give the same loss, the same statistics and
// the same change of every parameter, with no synchronous read on the webgpu path.
//
// Comparability: Adam's first step is ≈ lr·sign(g), which would turn rounding-level differences of near-zero
// gradients into full steps; with a large ε (train.adamEps = 1) the update is lr·g/(|g| + 1) ≈ lr·g, so comparing
// w_after − w_before compares the clipped, accumulated gradients (see tests/train/trainer.test.ts). lr is large
// (100) so that each change is far above the float32 spacing of the weights it is added to.
//
// tfjs-backend-webgpu 4.22's AddN is wrong for 8 or more inputs (globalNorm sums one term per parameter); the
// runtime re-registers it (src/runtime/webgpu-kernels.ts), and the first test checks that fix.
//
// Set-up, skipping and the sync-read counter: ./harness.ts.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenWeights, xiFor } from '../../src/ahpo/weights.js';
import type { ModelConfig } from '../../src/model/config.js';
import { tokenLogprobs } from '../../src/model/logprobs.js';
import { disposeParams, initParams } from '../../src/model/params.js';
import { presetConfig } from '../../src/model/presets.js';
import { expandImagePrompt, imageEmbedsFor, type ImageInput } from '../../src/model/vlm.js';
import { resolveConfig } from '../../src/train/config.js';
import { createAdamW, disposeAdamW } from '../../src/train/optimizer.js';
import { buildMicroBatch, disposeMicroBatch, type TrainSequence } from '../../src/train/sequences.js';
import { update, type UpdateResult } from '../../src/train/update.js';
import { relDiff, tinyConfig } from '../helpers.js';
import { normals } from '../model/vision-reference.js';
import { cpuThenWebgpu, setupWebgpu, type WebgpuHarness } from './harness.js';

const TOL = 1e-4;
const LR = 100;
const cfg = resolveConfig({
  ahpo: { mode: 'ahpo', groupSize: 2, threshold: 2, clipLow: 0.2, clipHigh: 0.28, klCoef: 0.05, entropyCoef: 0.01 },
  rollout: { temperature: 0.9 },
  // microBatch 4 with 6 rollouts and 2 traces: two on-policy micro-batches (4 + 2) and one expert micro-batch.
  // The schema bounds train.lr to ≤ 1; the step below is called with LR directly (with adamEps 1 it moves weights
  // by ~LR·m/(√v + 1), large enough for a difference in the update to show).
  train: { lr: 1, adamEps: 1, microBatch: 4, gradClip: 1, weightDecay: 0 },
});

let h: WebgpuHarness = { adapterDetail: '', syncReads: [] };

beforeAll(async () => {
  h = await setupWebgpu();
});

afterAll(async () => {
  if (!h.skipReason) console.info(`webgpu train step ran on: ${h.adapterDetail}`);
  await tf.setBackend('cpu');
});

/** A deterministic pseudo-random token list (ids in [3, hi)). */
function tokens(n: number, seed: number, hi: number): number[] {
  return Array.from({ length: n }, (_, i) => 3 + ((seed * 7919 + i * 104729) % (hi - 3)));
}

interface PromptSpec {
  promptIds: number[];
  images?: ImageInput[];
  rolloutLengths: number[];
  rewards: number[];
  traceLength: number;
}

/**
 * On-policy and expert sequences for `prompts`, weighted by tokenWeights (ahpo mode, token normalisation). The
 * sampling-time log-probs are the current policy's (computed here, on cpu) shifted by 0 or ±0.5 per token, so the
 * ratios are exactly 1 or e^±0.5: both clip branches are taken, and no ratio sits near a clip boundary where the
 * two backends could pick different branches.
 */
async function makeSequences(config: ModelConfig, params: Record<string, tf.Variable>, prompts: PromptSpec[], vocab: number): Promise<TrainSequence[]> {
  const w = tokenWeights(
    prompts.map((p) => ({
      rolloutLengths: p.rolloutLengths,
      traceLength: p.traceLength,
      xi: xiFor('ahpo', p.rewards, p.traceLength > 0, cfg.ahpo.threshold, cfg.ahpo.success),
    })),
    { mode: 'ahpo', normalize: 'token', maskTruncated: false },
  );
  const seqs: TrainSequence[] = [];
  prompts.forEach((p, i) => {
    const mean = p.rewards.reduce((a, b) => a + b, 0) / p.rewards.length;
    p.rolloutLengths.forEach((len, j) => {
      const completion = [...tokens(len - 1, 10 * i + j + 1, vocab - 4), 1];
      seqs.push({ kind: 'on', promptIds: p.promptIds, images: p.images, completion, weights: w.rollouts[i][j], advantage: p.rewards[j] - mean });
    });
    if (p.traceLength > 0 && w.expertCounted[i]) {
      seqs.push({
        kind: 'off',
        promptIds: p.promptIds,
        images: p.images,
        completion: [...tokens(p.traceLength - 1, 100 + i, vocab - 4), 1],
        weights: w.expert[i],
      });
    }
  });
  // Sampling-time log-probs: one sequence at a time, as the rollout engine records them.
  const shifts = [0, 0.5, -0.5];
  for (const s of seqs.filter((q) => q.kind === 'on')) {
    const mb = buildMicroBatch(config, [s]);
    const logp = tf.tidy(() => {
      const imageEmbeds = imageEmbedsFor(params, config, mb.inputs);
      const all = tokenLogprobs(params, config, { ...mb.inputs, imageEmbeds }, mb.targets, {
        temperature: cfg.rollout.temperature,
        suppressIds: [config.tokens.imageTokenId],
      });
      return tf.gather(tf.reshape(all, [-1]), tf.tensor1d(mb.positions, 'int32'));
    });
    const values = await logp.data();
    logp.dispose();
    disposeMicroBatch(mb);
    s.oldLogp = Array.from(values, (v, k) => v + shifts[k % 3]);
  }
  return seqs;
}

interface StepOutcome {
  result: UpdateResult;
  /** The initial weights, per parameter name. */
  before: Record<string, Float32Array>;
  /** w_after − w_before per parameter name. */
  deltas: Record<string, Float32Array>;
}

/** initParams(seed) on the current backend, one update(), and the change of every parameter. */
async function oneStep(config: ModelConfig, seed: number, sequences: TrainSequence[]): Promise<StepOutcome> {
  const params = initParams(config, seed, 0.1);
  const refParams = initParams(config, seed + 1, 0.1);
  const optimizer = createAdamW(params, { beta1: cfg.train.beta1, beta2: cfg.train.beta2, eps: cfg.train.adamEps, weightDecay: cfg.train.weightDecay });
  try {
    const names = Object.keys(params);
    const before = await Promise.all(names.map(async (n) => (await params[n].data()) as Float32Array));
    const result = await update(
      { trainConfig: cfg, modelConfig: config, params, refParams, optimizer, suppressIds: [config.tokens.imageTokenId] },
      sequences,
      LR,
    );
    const deltas: Record<string, Float32Array> = {};
    for (let i = 0; i < names.length; i++) {
      const after = (await params[names[i]].data()) as Float32Array;
      deltas[names[i]] = after.map((x, k) => x - before[i][k]);
    }
    return { result, deltas, before: Object.fromEntries(names.map((n, i) => [n, before[i]])) };
  } finally {
    disposeAdamW(optimizer);
    disposeParams(params);
    disposeParams(refParams);
  }
}

/** Runs the step on cpu, then on webgpu, and checks loss, statistics and every parameter change. */
async function compareStep(name: string, config: ModelConfig, prompts: PromptSpec[], seed: number): Promise<void> {
  await tf.setBackend('cpu');
  const init = initParams(config, seed, 0.1);
  const sequences = await makeSequences(config, init, prompts, config.text.vocabSize);
  disposeParams(init);
  const cpu = await oneStep(config, seed, sequences);
  await tf.setBackend('webgpu');
  const t0 = performance.now();
  const gpu = await oneStep(config, seed, sequences);
  const gpuMs = performance.now() - t0;
  await tf.setBackend('cpu');

  const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
  expect(gpu.result.skipped).toBe(false);
  expect(cpu.result.skipped).toBe(false);
  expect(rel(gpu.result.loss, cpu.result.loss), 'loss').toBeLessThan(TOL);
  expect(rel(gpu.result.gradNorm, cpu.result.gradNorm), 'gradNorm').toBeLessThan(TOL);
  for (const k of ['lossOn', 'lossOff', 'ratioMean', 'kl', 'entropy'] as const)
    expect(Math.abs(gpu.result[k] - cpu.result[k]), k).toBeLessThan(TOL * Math.max(1, Math.abs(cpu.result[k])));
  expect(gpu.result.clipFrac, 'clipFrac').toBe(cpu.result.clipFrac);
  expect(gpu.result.trainedTokens).toBe(cpu.result.trainedTokens);
  // The step really exercised clipping of the ratio and of the gradient norm (the norm is above gradClip = 1).
  expect(cpu.result.clipFrac).toBeGreaterThan(0);
  expect(cpu.result.gradNorm).toBeGreaterThan(cfg.train.gradClip);

  const names = Object.keys(cpu.deltas);
  const worst = { name: '', rel: 0 };
  let moved = 0;
  for (const n of names) {
    expect(gpu.before[n], `initial ${n}`).toEqual(cpu.before[n]); // initParams draws on the host: same seed, same weights
    const r = await relDiff(gpu.deltas[n], cpu.deltas[n]);
    if (r > worst.rel) Object.assign(worst, { name: n, rel: r });
    expect(r, n).toBeLessThan(TOL);
    if (cpu.deltas[n].some((x) => x !== 0)) moved++;
  }
  console.info(
    `${name}: loss ${cpu.result.loss.toFixed(5)} (rel ${rel(gpu.result.loss, cpu.result.loss).toExponential(2)}), grad norm ${cpu.result.gradNorm.toFixed(3)}, ` +
      `clipFrac ${cpu.result.clipFrac.toFixed(3)}, ${moved}/${names.length} parameters moved, worst Δ ${worst.name} rel ${worst.rel.toExponential(2)}, webgpu ${gpuMs.toFixed(0)} ms`,
  );
}

describe('one AHPO update() on webgpu matches cpu', () => {
  it("tf.addN of many tensors is correct on webgpu (src/runtime/webgpu-kernels.ts splits tfjs 4.22's AddN)", async (ctx) => {
    if (h.skipReason) return ctx.skip(h.skipReason);
    const terms = Array.from({ length: 9 }, (_, i) => [i + 1, 10 * (i + 1)]);
    const { cpu, gpu } = await cpuThenWebgpu(() => [tf.addN(terms.map((t) => tf.tensor1d(t)))]);
    expect(Array.from(cpu[0])).toEqual([45, 450]);
    expect(Array.from(gpu[0])).toEqual([45, 450]);
  });

  it('text model (tinyConfig): loss, statistics and every parameter change to 1e-4 relative', async (ctx) => {
    if (h.skipReason) return ctx.skip(h.skipReason);
    const config = tinyConfig(48);
    await compareStep(
      'text update',
      config,
      [
        { promptIds: [5, 6, 7, 8, 9], rolloutLengths: [5, 3], rewards: [0, 0.5], traceLength: 4 },
        { promptIds: [10, 11, 12], rolloutLengths: [4, 6], rewards: [1, 0], traceLength: 0 },
        { promptIds: [13, 14, 15, 16], rolloutLengths: [2, 4], rewards: [0.2, 0], traceLength: 5 },
      ],
      21,
    );
  });

  it('vision-language model (tiny-vl, images in on-policy and expert sequences): the same to 1e-4', async (ctx) => {
    if (h.skipReason) return ctx.skip(h.skipReason);
    const tok = { eosTokenIds: [1], padTokenId: 0, imageTokenId: 60, visionStartTokenId: 61, visionEndTokenId: 62 };
    const config = presetConfig('tiny-vl', tok, 64);
    const image = (grid: [number, number, number], seed: number): ImageInput => ({
      gridThw: grid,
      pixelValues: normals(grid[0] * grid[1] * grid[2] * 1176, seed),
    });
    const a = image([1, 4, 6], 31);
    const b = image([1, 4, 4], 32);
    await compareStep(
      'vl update',
      config,
      [
        { promptIds: expandImagePrompt([3, 61, 60, 62, 4, 5], [a.gridThw], config), images: [a], rolloutLengths: [4, 3], rewards: [0, 0.5], traceLength: 4 },
        { promptIds: [10, 11, 12], rolloutLengths: [4, 5], rewards: [1, 0], traceLength: 0 },
        { promptIds: expandImagePrompt([7, 61, 60, 62, 8], [b.gridThw], config), images: [b], rolloutLengths: [3, 2], rewards: [0.2, 0], traceLength: 3 },
      ],
      22,
    );
  });

  it('made no synchronous reads on webgpu (update reads once, asynchronously)', (ctx) => {
    if (h.skipReason) return ctx.skip(h.skipReason);
    expect(h.syncReads).toEqual([]);
  });
});
