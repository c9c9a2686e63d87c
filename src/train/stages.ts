// Which loss mode and learning rate each optimizer step uses. Every mode is one stage from step 0 to train.steps,
// except `sft-grpo` (the paper's SFT→GRPO baseline as one run): steps 0 … K−1 train as mode `sft`, steps K … S−1 as
// mode `grpo`, K = ahpo.switchAtStep, S = train.steps. At step K the Adam moments and step count start from zero and
// the lr schedule starts over (warm-up, then cosine over the S − K remaining steps, peaking at ahpo.rlLr): the GRPO
// stage is a GRPO run started from the SFT weights, as if from a saved checkpoint.
//
// Everything here is a function of the step alone, so a resumed run needs no extra state: a run resumed at step K
// (killed right at the boundary) resets its moments just as the uninterrupted run did, and one resumed past K loads
// the GRPO stage's moments from its checkpoint.
import * as tf from '@tensorflow/tfjs-core';
import type { Mode } from '../ahpo/weights.js';
import type { Config } from './config.js';
import type { AdamWState } from './optimizer.js';
import { lrAt } from './schedule.js';

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

/** The plan of optimizer step `step` (0-based: the step that will be logged as step + 1). */
export function stepPlan(cfg: Config, step: number): StepPlan {
  const { lr, warmupSteps, steps, minLrRatio } = cfg.train;
  if (cfg.ahpo.mode !== 'sft-grpo') {
    return { mode: cfg.ahpo.mode, lr: lrAt(step, { lr, warmupSteps, steps, minLrRatio }), startsStage: false, cfg: cfg as StageConfig };
  }
  const k = cfg.ahpo.switchAtStep;
  // The config schema refuses these; a config changed after validation must not train a stage of length ≤ 0.
  if (!(Number.isInteger(k) && k >= 1 && k < steps)) throw new Error(`ahpo.switchAtStep = ${k}: ahpo.mode=sft-grpo needs an integer with 1 ≤ K < train.steps = ${steps}`);
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
