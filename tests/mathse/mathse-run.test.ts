// One MathSE round end to end on the committed 1.1 M-parameter base (models/tiny-vl-base, which answers 3×3 and 4×4
// mazes with walks): the data grows only by verified answers, never by a wrong one or an unverified correction; the
// reflection prompts carry the failing step; and a run killed with SIGKILL mid-sampling and again mid-SFT resumes to
// exactly the uninterrupted run's data, answers and weights. The expert traces here are bare \boxed{answer}s, so a
// correct walk the model writes is a new path (the base's own style).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadProblems } from '../../src/data/problems.js';
import { readCompletions } from '../../src/eval/model-eval.js';
import { loadMathseConfig } from '../../src/mathse/config.js';
import { writeData, writeImages, type PathSet } from '../../src/mathse/data.js';
import { failingStep } from '../../src/mathse/feedback.js';
import type { ReflectionItem } from '../../src/mathse/reflection.js';
import { mathse } from '../../src/mathse/run.js';
import type { RoundSummary } from '../../src/mathse/state.js';
import { readSafetensors } from '../../src/model/safetensors.js';
import { initBackend } from '../../src/runtime/backend.js';
import { answerText } from '../../src/dataset/generate.js';

const BIN = join(__dirname, '..', '..', 'bin', 'ahpo.js');
const BASE = join(__dirname, '..', '..', 'models', 'tiny-vl-base');
const root = mkdtempSync(join(tmpdir(), 'ahpo-mathse-'));
const data = join(root, 'answers');

/** 6 prompts, 2 answers each, batches of 4 (2 batches per pass), 2 SFT steps with a checkpoint after each. */
const ARGS: Record<string, unknown> = {
  'run.outDir': root,
  'run.seed': 1,
  'model.source': BASE,
  'model.backend': 'wasm',
  'data.train': data,
  'data.eval': 'gen:tasks=maze,levels=1,n=3,seed=2001,style=short',
  'data.variant': 'both',
  'rollout.maxNewTokens': 100,
  'train.promptsPerStep': 2,
  'train.lr': 1e-5,
  'eval.every': 0,
  'eval.maxNewTokens': 100,
  'eval.batchSize': 4,
  'log.completionsEvery': 0,
  'checkpoint.every': 1,
  'checkpoint.keepLast': 1,
  'mathse.rounds': 1,
  'mathse.sftSteps': 2,
  'mathse.samples': 2,
  'mathse.keepPerPrompt': 1,
  'mathse.reflections': 1,
  'mathse.reflectionSamples': 1,
};
const flags = (name: string) => [`--run.name=${name}`, ...Object.entries(ARGS).map(([k, v]) => `--${k}=${v}`)];
const jsonl = <T>(path: string): T[] =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as T);

function ahpo(args: string[], crashAt?: string): ReturnType<typeof spawnSync> {
  const env = { ...process.env };
  delete env.AHPO_CRASH_AT;
  if (crashAt) env.AHPO_CRASH_AT = crashAt;
  return spawnSync(process.execPath, [BIN, 'mathse', ...args], { encoding: 'utf8', env });
}

beforeAll(async () => {
  await initBackend('wasm');
  const problems = loadProblems('gen:tasks=maze,levels=1-2,n=3,seed=7,style=short');
  await writeImages(join(root, 'images'), problems, 112);
  const set: PathSet = new Map(problems.map((p) => [p.key, [{ trace: `\\boxed{${answerText(p.instance.answer)}}`, source: 'expert' as const, round: 0 }]]));
  writeData(data, problems, set, join(root, 'images'));
});

describe('mathse, one round', () => {
  const whole = join(root, 'whole');

  it('grows the data only by verified answers; wrong answers and unverified corrections never join', async () => {
    const cfg = loadMathseConfig(undefined, Object.entries({ ...ARGS, 'run.name': 'whole' }));
    const lines: string[] = [];
    const tensors = tf.memory().numTensors;
    const s = await mathse(cfg, { log: (l) => lines.push(l) });
    // Two SFT phases, two sampling models, every pass: nothing left behind.
    expect(tf.memory().numTensors).toBe(tensors);
    expect([s.rounds.length, s.stop, s.finalModel]).toEqual([2, 'rounds', join(whole, 'round-1', 'sft', 'step-2')]);
    const r1: RoundSummary = s.rounds[1];
    const before = loadProblems(join(whole, 'round-0', 'data'));
    const after = loadProblems(join(whole, 'round-1', 'data'));
    // Every trace in the data verifies on its problem (the records are read back as any data.train would be).
    for (const p of after) expect(p.spec.verify(p.instance, p.trace!).correct, p.name).toBe(true);
    const added = after.filter((p) => !before.some((b) => b.trace === p.trace && b.hash === p.hash));
    expect(added.length).toBe(r1.newSamplePaths + r1.newReflectionPaths);
    expect(added.length).toBeGreaterThan(0);
    expect(r1.dataSize).toBe(before.length + added.length);
    // What was sampled and corrected: verified + finished answers are the only source of the new paths.
    const answers = [0, 1].flatMap((j) => [...readCompletions(join(whole, 'round-1', 'samples', `sample-${j}.jsonl`)).values()]);
    const corrections = [...readCompletions(join(whole, 'round-1', 'reflections', 'reflection-0.jsonl')).values()];
    expect(answers.length).toBe(12);
    const good = new Set([...answers, ...corrections].filter((r) => r.correct && !r.truncated).map((r) => r.response.trim()));
    for (const p of added) expect(good.has(p.trace!), p.trace).toBe(true);
    const wrong = [...answers, ...corrections].filter((r) => !r.correct || r.truncated);
    expect(wrong.length).toBeGreaterThan(0);
    for (const r of wrong)
      expect(
        after.some((p) => p.trace === r.response.trim()),
        r.response,
      ).toBe(false);
    expect(r1.reflectionsTried).toBe(corrections.length);
    expect(r1.reflectionsVerified).toBe(corrections.filter((r) => r.correct && !r.truncated).length);
    // At most mathse.keepPerPrompt = 1 new path per prompt.
    const perPrompt = new Map<string, number>();
    for (const p of added) perPrompt.set(p.hash, (perPrompt.get(p.hash) ?? 0) + 1);
    expect(Math.max(...perPrompt.values())).toBe(1);
    // Each reflection prompt was built from a wrong answer and its feedback; a move-level failure names its move.
    const items = jsonl<ReflectionItem>(join(whole, 'round-1', 'feedback.jsonl'));
    expect(items.length).toBe(r1.reflectionPrompts);
    expect(items.length).toBeGreaterThan(0);
    for (const it of items) {
      expect(answers.find((a) => a.key === it.sourceKey && a.response === it.answer)?.correct).toBe(false);
      expect(it.feedback.step).toBe(failingStep(it.reason));
      if (it.feedback.step !== undefined) expect(it.feedback.text).toMatch(new RegExp(`^The first error: (move|step) ${it.feedback.step} `));
    }
    // The round was trained on and evaluated; the summary line says so.
    expect(r1.sft?.eval?.heldOutN).toBe(3);
    expect(lines.find((l) => l.startsWith('round 1: '))).toMatch(
      /^round 1: sampled 6 of 6 unsolved prompts \(12 answers, .*\+\d+ paths; .*SFT 2 steps → held-out \d+\.\d% \(3\);/,
    );
  }, 240_000);

  it('killed (SIGKILL) mid-sampling and mid-SFT, resumed: the same data, answers, round summary and weights', async () => {
    const dir = join(root, 'crashed');
    // Batch 3 is the first batch of the second sample pass; update:2 is round 1's second SFT step (round 0's SFT
    // finished before the first kill), after the step-1 checkpoint.
    const first = ahpo(flags('crashed'), 'mathse-batch:3');
    expect([first.status, first.signal], String(first.stderr)).toEqual([null, 'SIGKILL']);
    expect(existsSync(join(dir, 'round-1', 'samples', 'sample-1.jsonl'))).toBe(true);
    const second = ahpo(['--resume', dir], 'update:2');
    expect([second.status, second.signal], String(second.stderr)).toEqual([null, 'SIGKILL']);
    const last = ahpo(['--resume', dir]);
    expect(last.status, String(last.stderr)).toBe(0);
    expect(String(last.stderr)).toMatch(/mathse: resuming .*crashed after phase r1:data/);
    expect(String(last.stdout)).toMatch(/^mathse finished after round 1 \(all rounds done\)/);
    const whole = join(root, 'whole');
    for (const f of [
      'round-1/data/maze/records.jsonl',
      'round-1/samples/sample-0.jsonl',
      'round-1/samples/sample-1.jsonl',
      'round-1/reflections/reflection-0.jsonl',
      'round-1/feedback.jsonl',
      'round-1/round.json',
      'round-1/solved.json',
    ]) {
      expect(readFileSync(join(dir, f), 'utf8'), f).toBe(readFileSync(join(whole, f), 'utf8'));
    }
    const tensors = async (d: string) =>
      Object.fromEntries(
        Object.entries(await readSafetensors(join(d, 'round-1', 'sft', 'step-2', 'model.safetensors'))).map(([k, v]) => [k, Array.from(v.data)]),
      );
    expect(await tensors(dir)).toEqual(await tensors(whole));
    const row = (d: string) => ({ ...(JSON.parse(readFileSync(join(d, 'round-1', 'summary.json'), 'utf8')) as RoundSummary), seconds: null, sft: null });
    expect(row(dir)).toEqual(row(whole));
  }, 300_000);

  it('refuses an existing folder without --resume, and a resume with another configuration (exit 2)', () => {
    const again = ahpo(flags('whole'));
    expect([again.status, String(again.stderr)]).toEqual([
      2,
      expect.stringMatching(/mathse folder .*whole already exists\. To continue it: ahpo mathse --resume/),
    ]);
    const changed = ahpo(['--resume', join(root, 'whole'), '--mathse.samples=3']);
    expect([changed.status, String(changed.stderr)]).toEqual([
      2,
      expect.stringMatching(/the configuration differs from the folder's config\.yaml \(mathse\.samples: 2 → 3\)/),
    ]);
  }, 120_000);
});
