// The rows a run writes to metrics.jsonl: one `train` row per optimizer step, and an `eval` row whenever the
// held-out split is evaluated. Plots, sweeps and resume all read this file, so its shape is defined once, here.

export interface TrainRow {
  kind: 'train';
  step: number;
  /** Seconds since the run started (wall clock of this run, summed across resumes). */
  time: number;
  /**
   * The step's loss mode: ahpo.mode, except in sft-grpo, whose rows say `sft` or `grpo`. Absent in rows written
   * before it was logged.
   */
  stage?: string;
  lr: number;
  /** Mean and std of rollout rewards in the step (the N on-policy rollouts; luffy's in-group trace is not one). */
  rewardMean: number;
  rewardStd: number;
  /** Share of rollouts with reward ≥ success. */
  accuracy: number;
  /**
   * Share of prompts with ξ = 1: whose expert NLL was on (ahpo, static, sft), whose trace joined the group (luffy),
   * or whose trace replaced the rollouts (hpt).
   */
  xiShare: number;
  /**
   * Share of groups whose N rollout rewards were all equal (advantage 0, except in luffy, where the trace's reward
   * in the group can still give them advantages).
   */
  zeroVarShare: number;
  /** Share of counted rollout tokens where the clipped branch of the surrogate was active. */
  clipFrac: number;
  ratioMean: number;
  entropy: number;
  loss: number;
  lossOn: number;
  lossOff: number;
  kl: number;
  /** Over the counted expert tokens of the step (either expert term): mean −log π, mean π, and their number. */
  nll?: number;
  expertProb?: number;
  expertTokens?: number;
  /** luffy: mean shaped weight f(π) = π/(π + γ) over the trace tokens; 0 in other modes. */
  shapedWeight?: number;
  gradNorm: number;
  /** Sampled tokens per second during rollouts, and trained tokens per second during the update. */
  rolloutTokensPerSec: number;
  trainTokensPerSec: number;
  /** Share of rollouts cut off at maxNewTokens. */
  truncationRate: number;
  /** Mean completion length in tokens. */
  completionTokens: number;
  /**
   * Rollouts the update left out of its forward and backward pass because their advantage was 0 and nothing else
   * needed them (train.skipZeroAdvantage); they still count in every statistic above. Absent in older rows.
   */
  skippedRollouts?: number;
  /** True when the update was skipped (non-finite loss or gradient). */
  skipped: boolean;
}

/** Accuracy of one evaluated problem set. */
export interface EvalScores {
  /** Mean of per-task accuracies (the benchmark's overall score). */
  overall: number;
  /** Accuracy per task, and per task × level (`maze/L2`). */
  tasks: Record<string, number>;
  cells: Record<string, number>;
  n: number;
}

export interface EvalRow extends EvalScores {
  kind: 'eval';
  step: number;
  time: number;
  /** The retention set's scores (data.retention), when one is configured. */
  retention?: EvalScores;
}

export type MetricsRow = TrainRow | EvalRow;
