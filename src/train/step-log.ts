// What a step leaves in the run folder: its row in metrics.jsonl (metrics.ts defines the rows) and, every
// log.completionsEvery steps, a few prompts' rollouts in completions.jsonl.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PromptResult, Rollouts } from './collect.js';
import { verifierFaults } from './collect.js';
import type { EvalRow, TrainRow } from './metrics.js';
import type { ProblemFiles } from './problem-files.js';
import type { Run } from './setup.js';
import type { UpdateResult } from './update.js';
import { namingSync } from './write-errors.js';

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/** Appends one row to RUN/metrics.jsonl. */
export function appendMetricsRow(runDir: string, row: TrainRow | EvalRow): void {
  const path = join(runDir, 'metrics.jsonl');
  namingSync(path, 'appending to', () => appendFileSync(path, `${JSON.stringify(row)}\n`));
}

/** A step's identity in its row: its number (1-based, after the update), training time, lr and loss mode. */
export interface StepStamp {
  step: number;
  time: number;
  lr: number;
  stage: string;
}

export function trainRow(at: StepStamp, prompts: readonly PromptResult[], rollouts: Rollouts, u: UpdateResult): TrainRow {
  const all = prompts.flatMap((p) => p.rollouts);
  const rewards = all.map((r) => r.reward);
  const m = mean(rewards);
  const groups = prompts.filter((p) => p.rollouts.length > 0);
  const sampledTokens = rollouts.completions.reduce((n, c) => n + c.tokens.length, 0);
  return {
    kind: 'train',
    step: at.step,
    time: at.time,
    stage: at.stage,
    lr: at.lr,
    rewardMean: m,
    rewardStd: Math.sqrt(mean(rewards.map((r) => (r - m) ** 2))),
    accuracy: mean(all.map((r) => (r.correct ? 1 : 0))),
    xiShare: mean(prompts.map((p) => p.xi)),
    zeroVarShare: mean(groups.map((p) => (p.rollouts.every((r) => r.reward === p.rollouts[0].reward) ? 1 : 0))),
    clipFrac: u.clipFrac,
    ratioMean: u.ratioMean,
    entropy: u.entropy,
    loss: u.loss,
    lossOn: u.lossOn,
    lossOff: u.lossOff,
    kl: u.kl,
    nll: u.nll,
    expertProb: u.expertProb,
    expertTokens: u.expertTokens,
    shapedWeight: u.shapedWeight,
    expertEntropy: u.expertEntropy,
    gradNorm: u.gradNorm,
    rolloutTokensPerSec: rollouts.seconds > 0 ? sampledTokens / rollouts.seconds : 0,
    trainTokensPerSec: u.seconds > 0 ? u.trainedTokens / u.seconds : 0,
    truncationRate: mean(all.map((r) => (r.completion.truncated ? 1 : 0))),
    completionTokens: mean(all.map((r) => r.completion.tokens.length)),
    skippedRollouts: u.skippedRollouts,
    verifierFaults: verifierFaults(prompts),
    skipped: u.skipped,
  };
}

/** The first log.completionsPerStep prompts of the step and what the model wrote for them, in completions.jsonl. */
export function logCompletions(run: Run, step: number, prompts: readonly PromptResult[], files: ProblemFiles): void {
  const logged = prompts.slice(0, run.trainConfig.log.completionsPerStep);
  // The problem files first: a line in completions.jsonl can always find its problem's prompt and images.
  files.write(logged.map((p) => p.problem));
  const lines = logged.map((p) =>
    JSON.stringify({
      step,
      key: p.problem.key,
      task: p.problem.spec.key,
      level: p.problem.instance.difficulty,
      xi: p.xi,
      question: run.trainConfig.data.variant === 'image' ? p.problem.instance.question : p.problem.instance.questionLanguage,
      rollouts: p.rollouts.map((r) => ({
        response: r.response,
        reward: r.reward,
        correct: r.correct,
        reason: r.reason,
        tokens: r.completion.tokens.length,
        truncated: r.completion.truncated,
      })),
    }),
  );
  const path = join(run.dir, 'completions.jsonl');
  namingSync(path, 'appending to', () => appendFileSync(path, lines.map((l) => `${l}\n`).join('')));
}
