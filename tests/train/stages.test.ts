// SFT→GRPO as one run (ahpo.mode=sft-grpo): the plan of each step, the reset of Adam at the switch, the config's
// refusals, and an end-to-end run killed around the boundary that resumes to exactly the uninterrupted run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSafetensors } from '../../src/model/safetensors.js';
import { initBackend } from '../../src/runtime/backend.js';
import { resolveConfig } from '../../src/train/config.js';
import { applyAdamW, createAdamW, disposeAdamW } from '../../src/train/optimizer.js';
import { lrAt } from '../../src/train/schedule.js';
import { resetMoments, stepPlan } from '../../src/train/stages.js';
import { expectNoLeak } from '../helpers.js';

const BIN = join(__dirname, '..', '..', 'bin', 'ahpo.js');
const PLUGIN = join(__dirname, '..', 'fixtures', 'rewards', 'varied.ts');

beforeAll(async () => {
  await initBackend('wasm');
});

describe('stepPlan', () => {
  it('sft-grpo: K SFT steps, then GRPO with its own schedule at ahpo.rlLr', () => {
    // S = 8, K = 3, W = 1, floor 0.1. SFT stage (3 steps, lr 1e-4): warm-up 1e-4·1/2, peak 1e-4, then the floor 1e-5.
    // GRPO stage (5 steps, lr 1e-5): 1e-5·1/2, peak 1e-5, cosine p = 1/3 → 1e-6 + 9e-6·½(1 + cos π/3) = 7.75e-6,
    // p = 2/3 → 1e-6 + 9e-6·½(1 + cos 2π/3) = 3.25e-6, p = 1 → the floor 1e-6.
    const cfg = resolveConfig({ ahpo: { mode: 'sft-grpo', switchAtStep: 3, rlLr: 1e-5 }, train: { steps: 8, lr: 1e-4, warmupSteps: 1, minLrRatio: 0.1 } });
    const plans = Array.from({ length: 8 }, (_, s) => stepPlan(cfg, s));
    expect(plans.map((p) => p.mode)).toEqual(['sft', 'sft', 'sft', 'grpo', 'grpo', 'grpo', 'grpo', 'grpo']);
    expect(plans.map((p) => p.startsStage)).toEqual([false, false, false, true, false, false, false, false]);
    [5e-5, 1e-4, 1e-5, 5e-6, 1e-5, 7.75e-6, 3.25e-6, 1e-6].forEach((lr, s) => expect(plans[s].lr, `step ${s}`).toBeCloseTo(lr, 12));
    // The stage's config differs from the run's in ahpo.mode only, and the run's config is left as it was.
    expect(plans.map((p) => p.cfg.ahpo.mode)).toEqual(plans.map((p) => p.mode));
    expect({ ...plans[4].cfg, ahpo: { ...plans[4].cfg.ahpo, mode: 'sft-grpo' } }).toEqual(cfg);
    expect(cfg.ahpo.mode).toBe('sft-grpo');
    // rlLr 0: the GRPO stage peaks at train.lr.
    const same = resolveConfig({ ahpo: { mode: 'sft-grpo', switchAtStep: 3 }, train: { steps: 8, lr: 1e-4, warmupSteps: 1 } });
    expect(stepPlan(same, 4).lr).toBeCloseTo(1e-4, 12);
  });

  it('every other mode: one stage, the schedule over train.steps, as before', () => {
    for (const mode of ['ahpo', 'static', 'grpo', 'sft', 'luffy', 'hpt'] as const) {
      const cfg = resolveConfig({ ahpo: { mode }, train: { steps: 6, lr: 1e-3, warmupSteps: 2 } });
      for (let s = 0; s < 7; s++) {
        const p = stepPlan(cfg, s);
        expect([p.mode, p.startsStage, p.lr, p.cfg]).toEqual([mode, false, lrAt(s, { lr: 1e-3, warmupSteps: 2, steps: 6, minLrRatio: 0.1 }), cfg]);
      }
    }
  });

  it('refuses a switch step changed after validation', () => {
    const cfg = resolveConfig({ ahpo: { mode: 'sft-grpo', switchAtStep: 2 }, train: { steps: 4 } });
    cfg.ahpo.switchAtStep = 4;
    expect(() => stepPlan(cfg, 0)).toThrow(/ahpo\.switchAtStep = 4: ahpo\.mode=sft-grpo needs an integer with 1 ≤ K < train\.steps = 4/);
  });
});

describe('resetMoments', () => {
  it('zeroes both moments and the step count, and leaks nothing', async () => {
    const params = { a: tf.variable(tf.tensor1d([1, 2, 3])), b: tf.variable(tf.tensor2d([[1, -1]])) };
    const opt = createAdamW(params, { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 });
    const grads = { a: tf.tensor1d([0.5, -1, 2]), b: tf.tensor2d([[3, 4]]) };
    applyAdamW(opt, params, grads, 0.1);
    applyAdamW(opt, params, grads, 0.1);
    expect(opt.step).toBe(2);
    expect(Array.from(opt.m.a.dataSync()).every((x) => x !== 0)).toBe(true);
    await expectNoLeak(() => resetMoments(opt));
    expect(opt.step).toBe(0);
    for (const t of [...Object.values(opt.m), ...Object.values(opt.v)]) expect(Array.from(t.dataSync()).every((x) => x === 0)).toBe(true);
    // The next update is a fresh Adam's first step: m = (1 − β1)·g, v = (1 − β2)·g².
    applyAdamW(opt, params, grads, 0.1);
    expect(opt.step).toBe(1);
    Array.from(opt.m.a.dataSync()).forEach((m, i) => expect(m).toBeCloseTo(0.1 * [0.5, -1, 2][i], 7));
    Array.from(opt.v.b.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(0.001 * [9, 16][i], 7));
    tf.dispose([...Object.values(grads), ...Object.values(params)]);
    disposeAdamW(opt);
  });
});

describe('sft-grpo config', () => {
  const base = { train: { steps: 10 } };
  it('requires ahpo.switchAtStep, below train.steps, and warm-up shorter than either stage', () => {
    expect(() => resolveConfig({ ...base, ahpo: { mode: 'sft-grpo' } })).toThrow(
      /ahpo\.switchAtStep: ahpo\.mode=sft-grpo needs ahpo\.switchAtStep: K, the number of SFT steps before GRPO takes over \(an integer with 1 ≤ K < train\.steps = 10\), e\.g\. --ahpo\.switchAtStep=5/,
    );
    expect(() => resolveConfig({ ...base, ahpo: { mode: 'sft-grpo', switchAtStep: 10 } })).toThrow(
      /ahpo\.switchAtStep = 10 must be below train\.steps = 10, or the GRPO stage never runs \(for SFT alone use ahpo\.mode=sft\)/,
    );
    expect(() => resolveConfig({ ...base, ahpo: { mode: 'sft-grpo', switchAtStep: 2.5 } })).toThrow(/ahpo\.switchAtStep: .*got 2\.5/);
    expect(() => resolveConfig({ ...base, ahpo: { mode: 'sft-grpo', switchAtStep: -1 } })).toThrow(/ahpo\.switchAtStep: .*got -1/);
    expect(() => resolveConfig({ train: { steps: 10, warmupSteps: 3 }, ahpo: { mode: 'sft-grpo', switchAtStep: 3 } })).toThrow(
      /train\.warmupSteps: train\.warmupSteps = 3 must be below each stage's length with ahpo\.mode=sft-grpo \(each stage warms up anew\): SFT 3 steps, GRPO 7 steps/,
    );
    expect(() => resolveConfig({ ...base, ahpo: { mode: 'sft-grpo', switchAtStep: 3, rlLr: 2 } })).toThrow(/ahpo\.rlLr: .*got 2/);
    const ok = resolveConfig({ ...base, ahpo: { mode: 'sft-grpo', switchAtStep: 3, rlLr: 1e-5 } });
    expect([ok.ahpo.switchAtStep, ok.ahpo.rlLr]).toEqual([3, 1e-5]);
  });

  it('refuses the stage keys in every other mode, so nothing is silently ignored', () => {
    expect(() => resolveConfig({ ahpo: { mode: 'grpo', switchAtStep: 3 } })).toThrow(
      /ahpo\.switchAtStep: ahpo\.switchAtStep = 3 applies only to ahpo\.mode=sft-grpo, but the mode is grpo; remove it \(or set ahpo\.mode=sft-grpo\)/,
    );
    expect(() => resolveConfig({ ahpo: { rlLr: 1e-6 } })).toThrow(/ahpo\.rlLr = 0\.000001 applies only to ahpo\.mode=sft-grpo, but the mode is ahpo/);
    expect(() => resolveConfig({ ahpo: { mode: 'luffy', hptK: 1 } })).toThrow(/ahpo\.hptK = 1 applies only to ahpo\.mode=hpt, but the mode is luffy/);
    expect(() => resolveConfig({ ahpo: { mode: 'hpt', hptK: 5 } })).toThrow(/ahpo\.hptK: ahpo\.hptK = 5 must be below ahpo\.groupSize = 5/);
    expect(() => resolveConfig({ ahpo: { luffyGamma: 0 } })).toThrow(/ahpo\.luffyGamma: .*got 0/);
    expect(resolveConfig({ ahpo: { mode: 'hpt', hptK: 4 } }).ahpo.hptK).toBe(4);
  });
});

// ---- end to end: 4 steps, the switch after step 2, a checkpoint every step ----

const ARGS: Record<string, unknown> = {
  'run.seed': 3,
  'model.backend': 'wasm',
  'data.train': 'gen:tasks=24_points,maze,levels=1,n=3,seed=1',
  'data.eval': 'gen:tasks=maze,levels=1,n=2,seed=77',
  'data.variant': 'text',
  'ahpo.mode': 'sft-grpo',
  'ahpo.switchAtStep': 2,
  'ahpo.rlLr': 0.001,
  'ahpo.groupSize': 2,
  'rollout.maxNewTokens': 6,
  'train.steps': 4,
  'train.promptsPerStep': 2,
  'train.microBatch': 4,
  'train.lr': 0.01,
  'eval.every': 0,
  'eval.maxNewTokens': 4,
  'log.completionsEvery': 1,
  'log.completionsPerStep': 2,
  'checkpoint.every': 1,
  'checkpoint.keepLast': 10,
};

function ahpo(args: string[], crashAt?: string): ReturnType<typeof spawnSync> {
  const env = { ...process.env };
  delete env.AHPO_CRASH_AT;
  if (crashAt) env.AHPO_CRASH_AT = crashAt;
  return spawnSync(process.execPath, [BIN, 'train', ...args], { encoding: 'utf8', env });
}

const jsonl = (path: string): Record<string, unknown>[] =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
/** metrics.jsonl train rows without wall-clock figures. */
const rows = (dir: string) =>
  jsonl(join(dir, 'metrics.jsonl'))
    .filter((r) => r.kind === 'train')
    .map(({ time: _t, rolloutTokensPerSec: _r, trainTokensPerSec: _s, ...rest }) => rest);
const tensors = async (file: string) => Object.fromEntries(Object.entries(await readSafetensors(file)).map(([k, v]) => [k, v.data]));
const state = (dir: string, step: number) => JSON.parse(readFileSync(join(dir, `step-${step}`, 'trainer', 'state.json'), 'utf8'));

/** Per tensor, how many elements differ (Object.is: bit for bit, -0 and NaN included). */
function differing(a: Record<string, ArrayLike<number>>, b: Record<string, ArrayLike<number>>): Record<string, number> {
  expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
  const out: Record<string, number> = {};
  for (const k of Object.keys(a)) {
    let n = 0;
    for (let i = 0; i < a[k].length; i++) if (!Object.is(a[k][i], b[k][i])) n++;
    if (n) out[k] = n;
  }
  return out;
}

describe('sft-grpo end to end', () => {
  const root = mkdtempSync(join(tmpdir(), 'ahpo-stages-'));
  const flags = (name: string) => [
    `--run.outDir=${root}`,
    `--run.name=${name}`,
    ...Object.entries(ARGS).map(([k, v]) => `--${k}=${v}`),
    `--rewards.plugins=[{module: "${PLUGIN}", weight: 1}]`,
  ];
  const whole = join(root, 'whole');
  // The uninterrupted run, which both tests read: trained by whichever runs first, so each also runs alone (-t).
  let wholeRun: ReturnType<typeof ahpo> | undefined;
  const trainWhole = () => (wholeRun ??= ahpo(flags('whole')));

  it('trains K steps of SFT without rollouts, then GRPO (ξ = 0) from fresh Adam moments', async () => {
    const r = trainWhole();
    expect(r.status, String(r.stderr)).toBe(0);
    expect(String(r.stderr)).toMatch(/step 3: grpo stage begins \(ahpo\.switchAtStep 2\): Adam moments reset, lr schedule restarts at peak 1\.00e-3/);
    const train = rows(whole);
    expect(train.map((t) => t.stage)).toEqual(['sft', 'sft', 'grpo', 'grpo']);
    expect(train.map((t) => t.xiShare)).toEqual([1, 1, 0, 0]);
    // lr: SFT over 2 steps (peak 0.01, then the floor 0.001); GRPO over 2 steps (peak rlLr 0.001, then 0.0001).
    [0.01, 0.001, 0.001, 0.0001].forEach((lr, i) => expect(train[i].lr as number).toBeCloseTo(lr, 12));
    const completions = jsonl(join(whole, 'completions.jsonl'));
    expect(completions.map((c) => [c.step, (c.rollouts as unknown[]).length, c.xi])).toEqual([
      [1, 0, 1],
      [1, 0, 1],
      [2, 0, 1],
      [2, 0, 1],
      [3, 2, 0],
      [3, 2, 0],
      [4, 2, 0],
      [4, 2, 0],
    ]);
    // Adam's step count restarts at the switch: K = 2 updates by the end of SFT, 1 after the first GRPO step.
    expect([1, 2, 3, 4].map((s) => state(whole, s).optimizer.step)).toEqual([1, 2, 1, 2]);
    // After one update from zero moments, m = (1 − β1)·g and v = (1 − β2)·g², so m²/v = 0.01/0.001 = 10 for every
    // element with a gradient; moments carried over from SFT (m = β1·m_old + …) would break that.
    const opt = await tensors(join(whole, 'step-3', 'trainer', 'optimizer.safetensors'));
    let checked = 0;
    for (const name of Object.keys(opt).filter((k) => k.startsWith('exp_avg/'))) {
      const m = opt[name];
      const v = opt[name.replace('exp_avg/', 'exp_avg_sq/')];
      for (let i = 0; i < m.length; i++) {
        if (v[i] < 1e-30) continue;
        expect(Math.abs((m[i] * m[i]) / v[i] - 10), name).toBeLessThan(1e-3);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  }, 120_000);

  it('resumes exactly across the boundary: killed in the boundary save, right after the switch, after the first GRPO update', async () => {
    const dir = join(root, 'crashed');
    expect(trainWhole().status).toBe(0);
    // save:2 leaves step-1 as the newest checkpoint; rollouts:3 dies after the reset and the first GRPO rollouts,
    // update:3 after the first GRPO update — both resume from step-2, the SFT stage's last checkpoint.
    const crashes = ['save:2', 'rollouts:3', 'update:3'];
    const first = ahpo(flags('crashed'), crashes[0]);
    expect([first.status, first.signal], String(first.stderr)).toEqual([null, 'SIGKILL']);
    for (const at of crashes.slice(1)) {
      const r = ahpo(['--resume', dir], at);
      expect([r.status, r.signal], `${at}: ${String(r.stderr)}`).toEqual([null, 'SIGKILL']);
    }
    const last = ahpo(['--resume', dir]);
    expect(last.status, String(last.stderr)).toBe(0);
    expect(String(last.stderr)).toMatch(/resume: step 2 from .*step-2/);
    expect(readdirSync(dir).filter((f) => /\.tmp-|\.old-/.test(f))).toEqual([]);
    for (const step of [2, 3, 4]) {
      expect(
        differing(await tensors(join(dir, `step-${step}`, 'model.safetensors')), await tensors(join(whole, `step-${step}`, 'model.safetensors'))),
        `weights, step ${step}`,
      ).toEqual({});
      const optimizer = (d: string) => tensors(join(d, `step-${step}`, 'trainer', 'optimizer.safetensors'));
      expect(differing(await optimizer(dir), await optimizer(whole)), `moments, step ${step}`).toEqual({});
      expect(state(dir, step).optimizer.step).toBe(state(whole, step).optimizer.step);
    }
    expect(rows(dir)).toEqual(rows(whole));
    expect(readFileSync(join(dir, 'completions.jsonl'), 'utf8')).toBe(readFileSync(join(whole, 'completions.jsonl'), 'utf8'));
  }, 300_000);
});
