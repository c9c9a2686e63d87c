// The rows a run writes to metrics.jsonl: one `train` row per optimizer step, and an `eval` row whenever the
// held-out split is evaluated. Plots, sweeps and resume all read this file, so its shape is defined once, here.

export interface TrainRow {
  kind: 'train';
  step: number;
  /** Seconds since the run started (wall clock of this run, summed across resumes). */
  time: number;
  lr: number;
  /** Mean and std of rollout rewards in the step. */
  rewardMean: number;
  rewardStd: number;
  /** Share of rollouts with reward ≥ success. */
  accuracy: number;
  /** Share of prompts whose expert NLL was on (ξ = 1). */
  xiShare: number;
  /** Share of groups whose rewards were all equal (advantage 0). */
  zeroVarShare: number;
  /** Share of counted rollout tokens where the clipped branch of the surrogate was active. */
  clipFrac: number;
  ratioMean: number;
  entropy: number;
  loss: number;
  lossOn: number;
  lossOff: number;
  kl: number;
  gradNorm: number;
  /** Sampled tokens per second during rollouts, and trained tokens per second during the update. */
  rolloutTokensPerSec: number;
  trainTokensPerSec: number;
  /** Share of rollouts cut off at maxNewTokens. */
  truncationRate: number;
  /** Mean completion length in tokens. */
  completionTokens: number;
  /** True when the update was skipped (non-finite loss or gradient). */
  skipped: boolean;
}

export interface EvalRow {
  kind: 'eval';
  step: number;
  time: number;
  /** Mean of per-task accuracies (the benchmark's overall score). */
  overall: number;
  /** Accuracy per task, and per task × level (`maze/L2`). */
  tasks: Record<string, number>;
  cells: Record<string, number>;
  n: number;
}

export type MetricsRow = TrainRow | EvalRow;
