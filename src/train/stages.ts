// Which loss mode and learning rate each optimizer step uses. Every mode is one stage from step 0 to train.steps,
// except `sft-grpo` (the paper's SFT→GRPO baseline as one run): steps 0 … K−1 train as mode `sft`, steps K … S−1 as
// mode `grpo`, K = ahpo.switchAtStep, S = train.steps. At step K the Adam moments and step count start from zero and
// the lr schedule starts over (warm-up, then cosine over the S − K remaining steps, peaking at ahpo.rlLr): the GRPO
// stage is a GRPO run started from the SFT weights, as if from a saved checkpoint.
//
// Everything here is a function of the step (and, with train.schedule=time, of the training time, which every
// checkpoint holds), so a resumed run needs no extra state: a run resumed at step K
// (killed right at the boundary) resets its moments just as the uninterrupted run did, and one resumed past K loads
// the GRPO stage's moments from its checkpoint.
import * as tf from '@tensorflow/tfjs-core';
import type { Mode } from '../ahpo/weights.js';
import { resolveConfig, type Config } from './config.js';
import type { AdamWState } from './optimizer.js';
import { lrAt, lrAtTime } from './schedule.js';

/** A config whose ahpo.mode is a loss mode (never the two-stage `sft-grpo`): what collect and update run with. */
export type StageConfig = Config & { ahpo: { mode: Mode } };

export interface StepPlan {
  /** The loss mode of this step (logged as the metrics row's `stage`). */
  mode: Mode;
  /** The learning rate of this step. */
  lr: number;
  /** The first step of a later stage: reset the optimizer's moments before it (resetMoments). */
  startsStage: boolean;
  /** The run's config with ahpo.mode set to this step's mode. */
  cfg: StageConfig;
}

/**
 * The plan of optimizer step `step` (0-based: the step that will be logged as step + 1), `seconds` of training time
 * into the run (read only by train.schedule=time).
 */
export function stepPlan(cfg: Config, step: number, seconds = 0): StepPlan {
  const { lr, warmupSteps, steps, minLrRatio, maxSeconds } = cfg.train;
  if (cfg.ahpo.mode !== 'sft-grpo') {
    const at =
      cfg.train.schedule === 'time' ? lrAtTime(step, seconds, { lr, warmupSteps, maxSeconds, minLrRatio }) : lrAt(step, { lr, warmupSteps, steps, minLrRatio });
    return { mode: cfg.ahpo.mode, lr: at, startsStage: false, cfg: cfg as StageConfig };
  }
  // The config schema refuses train.schedule=time here; a config changed after validation must not be half-honoured.
  if (cfg.train.schedule !== 'steps') throw new Error(`train.schedule = ${cfg.train.schedule}: ahpo.mode=sft-grpo needs train.schedule=steps`);
  const k = cfg.ahpo.switchAtStep;
  // The config schema refuses these; a config changed after validation must not train a stage of length ≤ 0.
  if (!(Number.isInteger(k) && k >= 1 && k < steps))
    throw new Error(`ahpo.switchAtStep = ${k}: ahpo.mode=sft-grpo needs an integer with 1 ≤ K < train.steps = ${steps}`);
  const stage = (mode: Mode): StageConfig => ({ ...cfg, ahpo: { ...cfg.ahpo, mode } });
  if (step < k) return { mode: 'sft', lr: lrAt(step, { lr, warmupSteps, steps: k, minLrRatio }), startsStage: false, cfg: stage('sft') };
  const rlLr = cfg.ahpo.rlLr > 0 ? cfg.ahpo.rlLr : lr;
  return { mode: 'grpo', lr: lrAt(step - k, { lr: rlLr, warmupSteps, steps: steps - k, minLrRatio }), startsStage: step === k, cfg: stage('grpo') };
}

/** Zero first and second moments and step count 0: the optimizer of a fresh run, over the same parameters. */
export function resetMoments(state: AdamWState): void {
  for (const v of [...Object.values(state.m), ...Object.values(state.v)]) tf.tidy(() => v.assign(tf.zerosLike(v)));
  state.step = 0;
}

/**
 * On resume: what changes about the lr of the next step, or undefined when nothing does. The schedule is a function of
 * the config (train.steps sets the cosine's horizon), so a resume with another train.steps, warm-up, floor, lr or
 * schedule would silently move the lr; this says by how much and why. `saved` is the checkpoint's runConfig.
 */
export function lrChangeOnResume(cfg: Config, saved: unknown, step: number, seconds: number): string | undefined {
  let before: Config;
  if (saved === null || typeof saved !== 'object')
    return `cannot compare the lr schedule with the checkpoint's: it records no runConfig (got ${JSON.stringify(saved)})`;
  try {
    before = resolveConfig(saved, "the checkpoint's runConfig");
  } catch (e) {
    return `cannot compare the lr schedule with the checkpoint's (its runConfig does not validate: ${(e as Error).message.split('\n')[0]})`;
  }
  const [was, now] = [stepPlan(before, step, seconds).lr, stepPlan(cfg, step, seconds).lr];
  if (was === now) return undefined;
  const keys = ['steps', 'warmupSteps', 'minLrRatio', 'lr', 'schedule', 'maxSeconds'] as const;
  const changed = keys.filter((k) => before.train[k] !== cfg.train[k]).map((k) => `train.${k} ${before.train[k]} → ${cfg.train[k]}`);
  if (before.ahpo.rlLr !== cfg.ahpo.rlLr) changed.push(`ahpo.rlLr ${before.ahpo.rlLr} → ${cfg.ahpo.rlLr}`);
  if (before.ahpo.switchAtStep !== cfg.ahpo.switchAtStep) changed.push(`ahpo.switchAtStep ${before.ahpo.switchAtStep} → ${cfg.ahpo.switchAtStep}`);
  return (
    `the lr of step ${step + 1} changes from ${was.toExponential(3)} (the run's schedule so far) to ${now.toExponential(3)} (this configuration: ${changed.join(', ') || 'schedule settings'}). ` +
    `Hint: to keep the run's schedule, resume with its own train settings${before.train.steps !== cfg.train.steps ? ` (--train.steps=${before.train.steps})` : ''}`
  );
}
