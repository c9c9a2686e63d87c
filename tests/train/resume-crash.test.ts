// kill -9 at every kind of moment, with the demo's own data layout (training and held-out mazes numbered alike,
// images and questions in the prompt, evaluations and checkpoints every few steps): each resumed run must end with
// the weights, metrics, evaluation answers and completions of the uninterrupted run, bit for bit. Crashes land at
// chosen points (src/train/crash-points.ts): during rollouts, after the update, in an evaluation, inside a save;
// every restart takes over the dead process's lock, and the resumed process fills its prompt cache in another
// order (training draws before the next evaluation) than the uninterrupted one (held-out prompts first).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSafetensors } from '../../src/model/safetensors.js';

const BIN = join(__dirname, '..', '..', 'bin', 'ahpo.js');

const ARGS = {
  'run.seed': 0,
  'model.source': 'models/tiny-vl-base',
  'model.backend': 'wasm',
  'data.train': 'gen:tasks=maze,levels=1-2,n=3:6,seed=7,style=short',
  'data.eval': 'gen:tasks=maze,levels=2,n=4,seed=2001,style=short',
  'data.variant': 'both',
  'data.imageSize': 112,
  'ahpo.groupSize': 3,
  'rollout.maxNewTokens': 24,
  'train.steps': 6,
  'train.promptsPerStep': 2,
  'train.microBatch': 6,
  'train.lr': 0.0003,
  'train.warmupSteps': 0,
  'eval.every': 2,
  'eval.maxNewTokens': 16,
  'eval.batchSize': 4,
  'log.completionsEvery': 1,
  'log.completionsPerStep': 2,
  'checkpoint.every': 2,
  'checkpoint.keepLast': 2,
};

function ahpo(args: string[], crashAt?: string): ReturnType<typeof spawnSync> {
  const env = { ...process.env };
  delete env.AHPO_CRASH_AT;
  if (crashAt) env.AHPO_CRASH_AT = crashAt;
  return spawnSync(process.execPath, [BIN, 'train', ...args], { encoding: 'utf8', env, cwd: join(__dirname, '..', '..') });
}

/** metrics.jsonl without wall-clock figures. */
function metrics(dir: string): unknown[] {
  const clockFree = ({ time: _t, rolloutTokensPerSec: _r, trainTokensPerSec: _s, ...rest }: Record<string, unknown>) => rest;
  return readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => clockFree(JSON.parse(l)));
}

/** Per tensor, how many elements differ between two checkpoints (a summary: a diff of 1 M floats would not print). */
async function differingWeights(a: string, b: string): Promise<Record<string, number>> {
  const [x, y] = await Promise.all([a, b].map((d) => readSafetensors(join(d, 'model.safetensors'))));
  expect(Object.keys(x).sort()).toEqual(Object.keys(y).sort());
  const out: Record<string, number> = {};
  for (const k of Object.keys(x)) {
    const n = x[k].data.reduce((c, v, i) => c + (Object.is(v, y[k].data[i]) ? 0 : 1), 0);
    if (n) out[k] = n;
  }
  return out;
}

describe('kill -9 and resume, demo layout', () => {
  it('ends identical to the uninterrupted run whatever the crash point, and a rerun of the finished run changes nothing', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ahpo-crash-'));
    const flags = (name: string) => [`--run.outDir=${root}`, `--run.name=${name}`, ...Object.entries(ARGS).map(([k, v]) => `--${k}=${v}`)];
    const whole = ahpo(flags('whole'));
    expect(whole.status, String(whole.stderr)).toBe(0);
    const ref = join(root, 'whole');

    const dir = join(root, 'crashed');
    // One crash per process; each restart resumes from the newest complete checkpoint the last one left.
    const crashes = ['rollouts:3', 'eval:4', 'save:4', 'update:5', 'save:6'];
    const first = ahpo(flags('crashed'), crashes[0]);
    expect([first.status, first.signal], String(first.stderr)).toEqual([null, 'SIGKILL']);
    for (const at of crashes.slice(1)) {
      const r = ahpo(['--resume', dir], at);
      expect([r.status, r.signal], `${at}: ${String(r.stderr)}`).toEqual([null, 'SIGKILL']);
      expect(String(r.stderr), at).toMatch(/taking over the lock .*process \d+ is no longer running/);
    }
    const last = ahpo(['--resume', dir]);
    expect(last.status, String(last.stderr)).toBe(0);
    // The save killed at step 4 left a complete step-4.tmp-PID; the step-6 one too: both were cleaned up.
    expect(readdirSync(dir).filter((f) => /\.tmp-|\.old-/.test(f))).toEqual([]);

    expect(await differingWeights(join(dir, 'step-6'), join(ref, 'step-6'))).toEqual({});
    expect(metrics(dir)).toEqual(metrics(ref));
    for (const f of ['completions.jsonl', 'eval/step-0.jsonl', 'eval/step-2.jsonl', 'eval/step-4.jsonl', 'eval/step-6.jsonl']) {
      expect(readFileSync(join(dir, f), 'utf8'), f).toBe(readFileSync(join(ref, f), 'utf8'));
    }
    // The problem files beside them (prompt, image, trace of each logged or evaluated problem): the same, no leftovers.
    const problems = (d: string) =>
      readdirSync(join(d, 'problems'))
        .sort()
        .map((f) => [f, readFileSync(join(d, 'problems', f), 'utf8')]);
    expect(problems(dir)).toEqual(problems(ref));
    const done = (d: string) => {
      const { wallSeconds: _w, first: f, final: l, best: b, ...rest } = JSON.parse(readFileSync(join(d, 'done.json'), 'utf8'));
      const noTime = (r: Record<string, unknown> | null) => (r ? { ...r, time: undefined } : r);
      return { ...rest, first: noTime(f), final: noTime(l), best: noTime(b) };
    };
    expect(done(dir)).toEqual(done(ref));
    expect(done(dir).first.step).toBe(0);

    // `npm run train` again on a finished run: no duplicate evaluation row, no new checkpoint, same summary.
    const before = readFileSync(join(dir, 'metrics.jsonl'), 'utf8');
    const savedAt = readFileSync(join(dir, 'step-6', 'trainer', 'state.json'), 'utf8');
    const again = ahpo(['--resume', dir]);
    expect(again.status, String(again.stderr)).toBe(0);
    expect(readFileSync(join(dir, 'metrics.jsonl'), 'utf8')).toBe(before);
    expect(readFileSync(join(dir, 'step-6', 'trainer', 'state.json'), 'utf8')).toBe(savedAt);
    // The summary pairs the first (step 0) and last (step 6) evaluations problem by problem.
    expect(String(again.stdout)).toMatch(
      /held-out greedy accuracy, step 0 → 6: \d+\.\d% → \d+\.\d% \(95% CI [\d.]+–[\d.]+\) on \d+ problems; \d+ gained, \d+ lost, exact McNemar p = [\d.]+/,
    );
    expect(existsSync(join(dir, 'train.lock'))).toBe(false);
  }, 600_000);
});
