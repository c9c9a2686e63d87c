// The trainer end to end at tiny scale: every mode (and the KL term, whose reference survives a resume) moves the
// weights, micro-batching does not change the update, and an interrupted run (SIGTERM, or kill -9) resumed to the end
// matches the uninterrupted run exactly.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/model/load.js';
import { readSafetensors } from '../../src/model/safetensors.js';
import { initBackend } from '../../src/runtime/backend.js';
import { loadConfig } from '../../src/train/config.js';
import { train } from '../../src/train/loop.js';
import type { TrainRow } from '../../src/train/metrics.js';
import { waitForChild } from '../child-poll.js';

const BIN = join(__dirname, '..', '..', 'bin', 'ahpo.js');
const PLUGIN = join(__dirname, '..', 'fixtures', 'rewards', 'varied.ts');

/** A tiny, fast run: text prompts, short completions, a varied plug-in reward so advantages are non-zero. */
function overrides(dir: string, name: string, extra: Record<string, unknown> = {}): [string, unknown][] {
  return Object.entries({
    'run.outDir': dir,
    'run.name': name,
    'run.seed': 3,
    'model.backend': 'wasm',
    'data.train': 'gen:tasks=24_points,maze,levels=1,n=3,seed=1',
    'data.eval': 'gen:tasks=maze,levels=1,n=2,seed=77',
    'data.variant': 'text',
    'ahpo.groupSize': 2,
    'ahpo.threshold': 1,
    'rollout.maxNewTokens': 6,
    'train.steps': 1,
    'train.promptsPerStep': 2,
    'train.microBatch': 4,
    'train.lr': 0.01,
    'eval.every': 0,
    'eval.maxNewTokens': 4,
    'log.completionsEvery': 1,
    'checkpoint.every': 0,
    'rewards.plugins': [{ module: PLUGIN, weight: 1 }],
    ...extra,
  });
}

async function weights(stepDir: string): Promise<Record<string, Float32Array>> {
  const t = await readSafetensors(join(stepDir, 'model.safetensors'));
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v.data]));
}

function maxRelDiff(a: Record<string, Float32Array>, b: Record<string, Float32Array>): number {
  let worst = 0;
  for (const k of Object.keys(a)) {
    let num = 0;
    let den = 0;
    a[k].forEach((x, i) => {
      num = Math.max(num, Math.abs(x - b[k][i]));
      den = Math.max(den, Math.abs(b[k][i]));
    });
    worst = Math.max(worst, den ? num / den : num);
  }
  return worst;
}

function trainRows(runDir: string): Omit<TrainRow, 'time' | 'rolloutTokensPerSec' | 'trainTokensPerSec'>[] {
  return readFileSync(join(runDir, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
    .filter((r) => r.kind === 'train')
    .map(({ time: _t, rolloutTokensPerSec: _r, trainTokensPerSec: _s, ...rest }) => rest);
}

const quiet = { log: () => undefined };

beforeAll(async () => {
  await initBackend('wasm');
});

describe('trainer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ahpo-train-'));
  // Runs that several tests read are trained on first use, by whichever test needs one first: each test stands
  // alone (run by itself with -t, or in any order) without training the same run twice.
  const shared = new Map<string, Promise<string>>();
  const trainedOnce = (name: string, extra: Record<string, unknown>): Promise<string> => {
    let run = shared.get(name);
    if (!run) shared.set(name, (run = train(loadConfig(undefined, overrides(dir, name, extra)), quiet).then(() => join(dir, name))));
    return run;
  };
  const initWeights = async () => weights(join(await trainedOnce('init', { 'train.lr': 1e-12 }), 'step-1'));
  // Adam's first step is ≈ lr·sign(g), which turns rounding-level differences of near-zero gradients into full
  // steps; with a large ε the update is ≈ lr·g, so comparing updates compares the accumulated gradients.
  const linear = { 'train.adamEps': 1, 'train.lr': 1 };
  const fullBatchRun = () => trainedOnce('mb-full', { ...linear, 'train.microBatch': 4 });

  it('changes the parameters after one step in every mode', async () => {
    const init = await initWeights();
    // `ahpo-kl`: mode ahpo with the k3 KL to the frozen initial weights (ahpo.klCoef > 0).
    const extra: Record<string, Record<string, unknown>> = { 'ahpo-kl': { 'ahpo.mode': 'ahpo', 'ahpo.klCoef': 0.05 } };
    for (const mode of ['ahpo', 'static', 'grpo', 'sft', 'luffy', 'hpt', 'ahpo-kl']) {
      const tensors = tf.memory().numTensors;
      const s = await train(loadConfig(undefined, overrides(dir, `mode-${mode}`, extra[mode] ?? { 'ahpo.mode': mode })), quiet);
      expect(s.status).toBe('done');
      // A whole run (setup, rollouts, every loss term, saving) leaves no tensor behind.
      expect(tf.memory().numTensors, mode).toBe(tensors);
      const w = await weights(join(dir, `mode-${mode}`, 'step-1'));
      const moved = Object.keys(w).filter((k) => !k.startsWith('visual.') && w[k].some((x, i) => x !== init[k][i]));
      // Text prompts never reach the vision tower; every language-model tensor must move.
      expect(moved.length, mode).toBe(Object.keys(w).filter((k) => !k.startsWith('visual.')).length);
    }
    // Each row names its mode; luffy trained its traces with the shaped weight f(p) ∈ (0, 1), which no other mode logs.
    const row = (mode: string) => trainRows(join(dir, `mode-${mode}`))[0];
    expect(['ahpo', 'static', 'grpo', 'sft', 'luffy', 'hpt'].map((m) => row(m).stage)).toEqual(['ahpo', 'static', 'grpo', 'sft', 'luffy', 'hpt']);
    expect([row('luffy').xiShare, row('luffy').expertTokens! > 0, row('luffy').shapedWeight! > 0 && row('luffy').shapedWeight! < 1]).toEqual([1, true, true]);
    for (const m of ['ahpo', 'static', 'grpo', 'sft', 'hpt']) expect(row(m).shapedWeight, m).toBe(0);
    // sft has no rollouts: its entropy is the policy's at the expert tokens, also logged as expertEntropy.
    expect(row('sft').entropy).toBeGreaterThan(0);
    expect(row('sft').expertEntropy).toBe(row('sft').entropy);
    // On the first step the policy is the reference: k3 = 0 on every token. The reference is the initial weights.
    expect(Math.abs(row('ahpo-kl').kl)).toBeLessThan(1e-6);
    expect(existsSync(join(dir, 'mode-ahpo', 'reference'))).toBe(false);
    const ref = await weights(join(dir, 'mode-ahpo-kl', 'reference'));
    const start = await loadModel('preset:tiny-vl', { seed: 3, trainable: false });
    for (const [k, v] of Object.entries(start.params)) expect(ref[k], k).toEqual(v.dataSync());
    tf.dispose(Object.values(start.params));
  });

  it('KL: the reference is taken once, from the initial weights, and reloaded on resume (the resumed run matches)', async () => {
    const kl = { 'ahpo.klCoef': 0.05, 'train.steps': 3, 'checkpoint.every': 1 };
    await train(loadConfig(undefined, overrides(dir, 'kl-whole', kl)), quiet);
    const whole = trainRows(join(dir, 'kl-whole'));
    // From step 2 on the policy has moved away from the reference.
    expect(whole.map((r) => r.kl > 1e-9)).toEqual([false, true, true]);
    await train(loadConfig(undefined, overrides(dir, 'kl-resumed', { ...kl, 'train.steps': 1 })), quiet);
    const lines: string[] = [];
    await train(loadConfig(undefined, overrides(dir, 'kl-resumed', kl)), { log: (m: string) => lines.push(m), resume: join(dir, 'kl-resumed') });
    expect(lines.join('\n')).toMatch(/resume: KL reference \(the weights of step 0\) loaded from .*kl-resumed\/reference/);
    // train.steps 1 → 3 moves the lr of step 2 (the cosine's horizon), and the log says so.
    expect(lines.join('\n')).toMatch(/resume: the lr of step 2 changes from 1\.000e-2 .* to 5\.500e-3 \(this configuration: train\.steps 1 → 3\)/);
    // A copy of the resumed weights as the reference would give kl = 0 at step 2.
    expect(trainRows(join(dir, 'kl-resumed'))).toEqual(whole);
    expect(maxRelDiff(await weights(join(dir, 'kl-resumed', 'step-3')), await weights(join(dir, 'kl-whole', 'step-3')))).toBeLessThanOrEqual(1e-6);
    // sft-grpo: the GRPO stage's reference is the SFT weights at the switch, where that stage starts.
    const staged = { 'ahpo.mode': 'sft-grpo', 'ahpo.switchAtStep': 1, 'ahpo.klCoef': 0.05, 'train.steps': 2, 'checkpoint.every': 1 };
    await train(loadConfig(undefined, overrides(dir, 'kl-staged', staged)), quiet);
    expect(JSON.parse(readFileSync(join(dir, 'kl-staged', 'reference', 'reference.json'), 'utf8')).step).toBe(1);
    expect(await weights(join(dir, 'kl-staged', 'reference'))).toEqual(await weights(join(dir, 'kl-staged', 'step-1')));
    // Resuming a run that kept no reference with the KL on is refused: its initial weights are gone.
    await train(loadConfig(undefined, overrides(dir, 'kl-none')), quiet);
    await expect(
      train(loadConfig(undefined, overrides(dir, 'kl-none', { ...kl, 'train.steps': 2 })), { ...quiet, resume: join(dir, 'kl-none') }),
    ).rejects.toThrow(/reference: missing, but ahpo\.klCoef = 0\.05 needs the run's frozen reference .*started with ahpo\.klCoef = 0/s);
  });

  it('gives the same update for micro-batch 1 and the full batch', async () => {
    await fullBatchRun();
    await train(loadConfig(undefined, overrides(dir, 'mb-one', { ...linear, 'train.microBatch': 1 })), quiet);
    const init = await initWeights();
    const delta = (w: Record<string, Float32Array>) => Object.fromEntries(Object.entries(w).map(([k, v]) => [k, v.map((x, i) => x - init[k][i])]));
    const full = delta(await weights(join(dir, 'mb-full', 'step-1')));
    const one = delta(await weights(join(dir, 'mb-one', 'step-1')));
    const text = (d: Record<string, Float32Array>) => Object.fromEntries(Object.entries(d).filter(([k]) => !k.startsWith('visual.')));
    expect(maxRelDiff(text(one), text(full))).toBeLessThan(1e-4);
    expect(trainRows(join(dir, 'mb-one'))[0].loss).toBeCloseTo(trainRows(join(dir, 'mb-full'))[0].loss, 5);
  });

  it('logs a first-update ratio of exactly 1 and no clipping', async () => {
    const row = trainRows(await fullBatchRun())[0];
    expect(row.ratioMean).toBeCloseTo(1, 6);
    expect(row.clipFrac).toBe(0);
  });

  it('refuses an existing run folder without --resume (exit 2) and rejects unknown keys', () => {
    mkdirSync(join(dir, 'exists')); // a folder is all the refusal needs: it comes before any setup
    const args = [
      'train',
      ...overrides(dir, 'exists')
        .filter(([k]) => k !== 'rewards.plugins')
        .map(([k, v]) => `--${k}=${v}`),
    ];
    const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/already exists.*--resume/s);
    const bad = spawnSync(process.execPath, [BIN, 'train', '--ahpo.thresold=2'], { encoding: 'utf8' });
    expect(bad.status).toBe(2); // an invalid config is bad input
    expect(bad.stderr).toMatch(/ahpo: unknown key\(s\) 'thresold'/);
  });

  it('skips an update that would make weights non-finite, never saves such weights, and aborts after train.maxBadSteps', async () => {
    // lr 1e39 is beyond float32, so the first AdamW step would turn every weight into ±Inf. The schema refuses
    // lr > 1, so the value is set after validation, as a bug elsewhere could.
    const cfg = loadConfig(undefined, overrides(dir, 'nan', { 'train.steps': 6, 'train.maxBadSteps': 2, 'checkpoint.every': 1 }));
    cfg.train.lr = 1e39;
    await expect(train(cfg, quiet)).rejects.toThrow(
      /2 consecutive steps skipped, the last because the update would make weights non-finite.*the last good one is .*step-1/s,
    );
    expect(trainRows(join(dir, 'nan')).map((r) => r.skipped)).toEqual([true, true]);
    // The step-1 checkpoint holds the initial weights (finite) and moments that no update touched.
    const w1 = await weights(join(dir, 'nan', 'step-1'));
    expect(Object.values(w1).every((a) => a.every(Number.isFinite))).toBe(true);
    const state = JSON.parse(readFileSync(join(dir, 'nan', 'step-1', 'trainer', 'state.json'), 'utf8'));
    expect(state.optimizer.step).toBe(0);
    expect(() => loadConfig(undefined, [['train.lr', 1e39]])).toThrow(/train\.lr.*lr above 1 only destroys the model/s);
  });

  it('evaluates by training time (eval.everySeconds) and stops at train.maxSeconds', async () => {
    const evalSteps = (name: string) =>
      readFileSync(join(dir, name, 'metrics.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
        .filter((r) => r.kind === 'eval')
        .map((r) => r.step);
    // Every step takes well over a millisecond, so a 1 ms period makes every step due, and the final step is
    // evaluated once, not twice.
    const timed = await train(loadConfig(undefined, overrides(dir, 'timed-eval', { 'train.steps': 3, 'eval.everySeconds': 0.001 })), quiet);
    expect(timed.step).toBe(3);
    expect(evalSteps('timed-eval')).toEqual([0, 1, 2, 3]);
    // A 1 ms budget is spent by the first step: the run ends there, evaluated and marked done.
    const lines: string[] = [];
    const capped = await train(loadConfig(undefined, overrides(dir, 'capped', { 'train.steps': 5, 'train.maxSeconds': 0.001 })), {
      log: (m: string) => lines.push(m),
    });
    expect([capped.status, capped.step]).toEqual(['done', 1]);
    expect(evalSteps('capped')).toEqual([1]);
    expect(lines.join('\n')).toMatch(/train\.maxSeconds \(0\.001 s\) reached at step 1/);
  });

  it('keeps saving after a resume once keepLast has pruned the checkpoint it resumed from', async () => {
    const every = { 'checkpoint.every': 1, 'checkpoint.keepLast': 1 };
    await train(loadConfig(undefined, overrides(dir, 'prune', every)), quiet);
    // Steps 2 and 3 after resuming at step 1: saving step 2 prunes step-1, saving step 3 must not need it.
    await train(loadConfig(undefined, overrides(dir, 'prune', { ...every, 'train.steps': 3 })), { ...quiet, resume: join(dir, 'prune') });
    expect(readFileSync(join(dir, 'prune', 'latest'), 'utf8').trim()).toBe('step-3');
    expect(existsSync(join(dir, 'prune', 'step-1'))).toBe(false);
    expect(existsSync(join(dir, 'prune', 'step-3', 'tokenizer.json'))).toBe(true);
  });

  it('refuses to resume with a different architecture, naming the fields', async () => {
    await train(loadConfig(undefined, overrides(dir, 'arch')), quiet);
    const cfg = loadConfig(undefined, [...overrides(dir, 'arch'), ['model.source', 'preset:reference']]);
    await expect(train(cfg, { ...quiet, resume: join(dir, 'arch') })).rejects.toThrow(/text\.hiddenSize: checkpoint 128, expected 256/);
  });

  it('stops on SIGTERM at the next step even when no step does I/O (SFT, nothing saved until the end)', async () => {
    // Signals are delivered by the event loop; a loop that only awaits settled promises would never hand it a turn.
    const name = 'sigterm-sft';
    const extra = { 'ahpo.mode': 'sft', 'train.steps': 1_000_000, 'log.completionsEvery': 0 };
    const args = [
      'train',
      ...overrides(dir, name, extra)
        .filter(([k]) => k !== 'rewards.plugins')
        .map(([k, v]) => `--${k}=${v}`),
    ];
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const exited = new Promise((r) => child.on('exit', r));
    const metrics = join(dir, name, 'metrics.jsonl');
    const rows = () => (existsSync(metrics) ? readFileSync(metrics, 'utf8').split('\n').filter(Boolean).length : 0);
    let code: unknown;
    try {
      await waitForChild(
        child,
        () => rows() >= 3,
        'three metrics rows',
        () => stderr,
      );
      child.kill('SIGTERM');
      code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('still running 30 s after SIGTERM'), 30_000))]);
    } finally {
      child.kill('SIGKILL'); // never leave a training process behind when the test fails
    }
    expect(code, stderr).toBe(0);
    const stopped = Number(/stopped at step (\d+)/.exec(stderr)?.[1]);
    expect(stopped).toBeGreaterThanOrEqual(3);
    expect(readFileSync(join(dir, name, 'latest'), 'utf8').trim()).toBe(`step-${stopped}`);
  }, 60_000);

  it('resumes exactly after SIGTERM and after kill -9', async () => {
    const steps = { 'train.steps': 4, 'checkpoint.every': 1, 'checkpoint.keepLast': 2 };
    await train(loadConfig(undefined, overrides(dir, 'whole', steps)), quiet);
    const ref = await weights(join(dir, 'whole', 'step-4'));
    for (const [name, signal] of [
      ['sigterm', 'SIGTERM'],
      ['kill9', 'SIGKILL'],
    ] as const) {
      const args = [
        'train',
        ...overrides(dir, name, steps).map(([k, v]) => (k === 'rewards.plugins' ? `--rewards.plugins=[{module: "${PLUGIN}", weight: 1}]` : `--${k}=${v}`)),
      ];
      const child = spawn(process.execPath, [BIN, ...args], { stdio: 'ignore' });
      // Interrupt once step 2 is safely on disk.
      const state = join(dir, name, 'step-2', 'trainer', 'state.json');
      await waitForChild(child, () => existsSync(state), `${name}: step 2 saved`);
      child.kill(signal);
      await new Promise((r) => child.on('exit', r));
      const resumed = spawnSync(process.execPath, [BIN, 'train', '--resume', join(dir, name)], { encoding: 'utf8' });
      expect(resumed.status, resumed.stderr).toBe(0);
      // The checkpoint's weights are created on the configured backend, not before one is chosen.
      expect(resumed.stderr).not.toMatch(/undefined backend/);
      expect(maxRelDiff(await weights(join(dir, name, 'step-4')), ref), name).toBeLessThanOrEqual(1e-6);
      expect(trainRows(join(dir, name)), name).toEqual(trainRows(join(dir, 'whole')));
    }
  }, 300_000);
});

void tf;
