// Run folders for the board's tests, written in the trainer's formats without training (seconds, not minutes): a
// resolved config.yaml, metrics.jsonl, completions.jsonl, eval/step-N.jsonl and problems/ files written by the real
// ProblemFiles from real generated mazes (their SVG images). The numbers are made up but deterministic, and every
// count the tests assert is stated here.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { generateProblems } from '../../src/data/problems.js';
import { scoreResponse } from '../../src/eval/scoring.js';
import { loadConfig } from '../../src/train/config.js';
import type { EvalRow, TrainRow } from '../../src/train/metrics.js';
import { ProblemFiles } from '../../src/train/problem-files.js';

/** Train rows per fixture run. */
export const STEPS = 30;
/** Logged steps, and what each logs: two prompts of three rollouts. ξ per prompt: */
export const LOGGED = [
  { step: 10, xi: [1, 0] },
  { step: 20, xi: [1, 1] },
  { step: 30, xi: [0, 1] },
];
export const ROLLOUTS = 3;
/** Rollout i of a prompt is correct when i < CORRECT_PER_PROMPT[prompt index within its step]. */
export const CORRECT_PER_PROMPT = [1, 0];
export const EVAL_STEPS = [0, 15, 30];

export function trainRow(step: number, mode = 'ahpo'): TrainRow {
  const wave = Math.sin(step * 1.7) * 0.1; // per-step noise the EMA smooths
  return {
    kind: 'train',
    step,
    time: step * 2.5,
    stage: mode,
    lr: 1e-4 * (1 - step / 100),
    rewardMean: 0.2 + step / 100 + wave,
    rewardStd: 0.3,
    accuracy: 0.1 + step / 120 + wave,
    xiShare: Math.max(0, 0.9 - step / 60),
    zeroVarShare: 0.4,
    clipFrac: 0.01,
    ratioMean: 1,
    entropy: 1.2 - step / 100,
    loss: 1.5 - step / 40,
    lossOn: 0.1 + wave,
    lossOff: 1.4 - step / 40,
    kl: 0,
    gradNorm: 2 + wave,
    rolloutTokensPerSec: 300,
    trainTokensPerSec: 900,
    truncationRate: 0.05,
    completionTokens: 40,
    skipped: false,
  };
}

function evalRow(step: number, retention: boolean): EvalRow {
  const cells = { 'maze/L1': 0.5 + step / 100, 'maze/L2': 0.2 + step / 100 };
  const scores = { overall: 0.35 + step / 100, tasks: { maze: 0.35 + step / 100 }, cells, n: 4 };
  return { kind: 'eval', step, time: step * 2.5, ...scores, ...(retention ? { retention: { ...scores, overall: 0.9 - step / 200 } } : {}) };
}

export interface FixtureRun {
  dir: string;
  /** Problem keys logged at each step, in order. */
  keys: string[];
}

/** One run folder `<root>/<name>` as a finished (or, with `live`, running) ahpo run of mode `mode`. */
export function writeRun(root: string, name: string, o: { mode?: string; seed?: number; steps?: number } = {}): FixtureRun {
  const mode = o.mode ?? 'ahpo';
  const dir = join(root, name);
  mkdirSync(join(dir, 'eval'), { recursive: true });
  const cfg = loadConfig(undefined, [
    ['run.outDir', root],
    ['run.name', name],
    ['run.seed', o.seed ?? 0],
    ['ahpo.mode', mode],
    ['train.steps', o.steps ?? STEPS],
    ['data.variant', 'both'],
  ]);
  writeFileSync(join(dir, 'config.yaml'), `# resolved configuration of this run\n${toYaml(cfg)}`);
  const rows: (TrainRow | EvalRow)[] = [];
  for (let step = 0; step <= (o.steps ?? STEPS); step++) {
    if (step > 0) rows.push(trainRow(step, mode));
    if (EVAL_STEPS.includes(step)) rows.push(evalRow(step, true));
  }
  writeFileSync(join(dir, 'metrics.jsonl'), rows.map((r) => `${JSON.stringify(r)}\n`).join(''));

  const files = new ProblemFiles(dir, 'both');
  const train = generateProblems({ tasks: ['maze'], levels: [1, 2], n: 3, seed: 7, style: 'short' });
  const keys: string[] = [];
  for (const [s, { step, xi }] of LOGGED.entries()) {
    const problems = [train[s], train[s + 3]]; // one L1 and one L2 maze per logged step
    files.write(problems);
    const lines = problems.map((p, k) => {
      keys.push(p.key);
      const rollouts = Array.from({ length: ROLLOUTS }, (_, i) => {
        const correct = i < CORRECT_PER_PROMPT[k];
        return {
          response: correct ? `walk… \\boxed{${String(p.instance.answer)}}` : `<b>not html</b> guess ${i}`,
          reward: correct ? 1 : 0,
          correct,
          reason: correct ? 'correct' : 'wrong answer',
          tokens: 20 + i,
          truncated: i === 2,
        };
      });
      return JSON.stringify({ step, key: p.key, task: p.spec.key, level: p.instance.difficulty, xi: xi[k], question: p.instance.questionLanguage, rollouts });
    });
    appendFileSync(join(dir, 'completions.jsonl'), lines.map((l) => `${l}\n`).join(''));
  }

  const heldOut = generateProblems({ tasks: ['maze'], levels: [1, 2], n: 2, seed: 2001, style: 'short' });
  files.write(heldOut);
  for (const step of EVAL_STEPS) {
    const answers = heldOut.map((p, i) => {
      const response = i <= step / 15 ? `\\boxed{${String(p.instance.answer)}}` : 'no idea';
      return { ...scoreResponse(p.spec, p.instance, response), key: p.key, hash: p.hash, response, completionTokens: 12, truncated: false };
    });
    writeFileSync(join(dir, 'eval', `step-${step}.jsonl`), answers.map((a) => `${JSON.stringify(a)}\n`).join(''));
    // The retention set: the same problems, all answered right at first and one fewer at each later evaluation.
    const kept = heldOut.map((p, i) => {
      const response = i < heldOut.length - step / 15 ? `\\boxed{${String(p.instance.answer)}}` : 'forgot';
      return { ...scoreResponse(p.spec, p.instance, response), key: p.key, hash: p.hash, response, completionTokens: 12, truncated: false };
    });
    writeFileSync(join(dir, 'eval', `step-${step}-retention.jsonl`), kept.map((a) => `${JSON.stringify(a)}\n`).join(''));
  }
  writeFileSync(join(dir, 'done.json'), `${JSON.stringify({ finalStep: o.steps ?? STEPS })}\n`);
  return { dir, keys };
}

/** A sweep as `ahpo sweep` lays it out: sweep-<name>/summary.csv and logs/, the point runs beside it. */
export function writeSweep(root: string, name: string, modes: string[], seeds: number[]): string[] {
  const points = modes.flatMap((mode) => seeds.map((seed) => ({ mode, seed, run: `${name}--ahpo.mode_${mode}--seed_${seed}` })));
  for (const p of points) writeRun(root, p.run, { mode: p.mode, seed: p.seed });
  const sweep = join(root, `sweep-${name}`);
  mkdirSync(join(sweep, 'logs'), { recursive: true });
  writeFileSync(join(sweep, 'summary.csv'), ['run,ahpo.mode,seed,status', ...points.map((p) => `${p.run},${p.mode},${p.seed},done`)].join('\n') + '\n');
  for (const p of points) writeFileSync(join(sweep, 'logs', `${p.run}.log`), 'done\n');
  return points.map((p) => p.run);
}
