// The rows a run writes to metrics.jsonl: one `train` row per optimizer step, and an `eval` row whenever the
// held-out split is evaluated. Plots, sweeps and resume all read this file, so its shape is defined once, here.
// Loss statistics are over the step's counted tokens (loss weight > 0). With train.updatesPerBatch > 1 the update
// runs several times on one batch; a row then holds the mean over those iterations of every loss, statistic and
// gradNorm, and the largest clipFrac (update.ts overIterations).

export interface TrainRow {
  kind: 'train';
  step: number;
  /**
   * Training time in seconds at the end of this step: the wall clock from the start of the first step, without
   * evaluations (held-out and retention) and without setup (model loading, data). A resumed run restarts this clock
   * from its checkpoint's value, so steps redone after a crash count once and the time spent on the lost ones not
   * at all. The clock train.maxSeconds and eval.everySeconds read. Checkpoint saves count.
   */
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
  /**
   * Share of the step's rollouts that the task verifier judged correct (its `correct`; reward plug-ins and
   * ahpo.success change neither). 0 as a placeholder in steps without rollouts (sft).
   */
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
  /** Mean ratio π_θ/π_old over the counted rollout tokens (1 on the first update of a batch). */
  ratioMean: number;
  /**
   * Mean policy entropy (nats) over the counted rollout tokens, of the distribution each was sampled from (at
   * rollout.temperature). In sft steps, which have no rollouts: over the counted expert tokens, as expertEntropy.
   */
  entropy: number;
  /** The summed loss Σ w·ℓ over every term (the weights carry 1/D and ξ, docs/loss.md). */
  loss: number;
  /** The surrogate's part of the loss, without KL. */
  lossOn: number;
  /**
   * The expert term's part of the loss: Σ w·NLL (ξ and the normaliser inside the weights, so it moves with the ξ
   * share and the rollout lengths in D; `nll` is the per-token figure), or luffy's shaped term.
   */
  lossOff: number;
  /** Mean k3 estimate of KL(π_θ‖π_ref) over the counted rollout tokens, clipped as in the loss; 0 without a reference. */
  kl: number;
  /**
   * Over the counted expert tokens of the step (either expert term): mean −log π (the expert NLL per token, the
   * figure to compare across steps and modes), mean π, and their number. Absent in older rows.
   */
  nll?: number;
  expertProb?: number;
  expertTokens?: number;
  /** luffy: mean shaped weight f(π) = π/(π + γ) over the trace tokens; 0 in other modes. */
  shapedWeight?: number;
  /** Mean policy entropy (nats, T = 1, teacher-forced) at the counted expert tokens; 0 without any. Absent in older rows. */
  expertEntropy?: number;
  gradNorm: number;
  /**
   * Sampled tokens per second of rollout time; and tokens the update's forward and backward passes read (prompt +
   * completion of each trained sequence, padding excluded) per second of update time, over all its iterations.
   */
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
  /**
   * Responses of the step (rollouts and luffy's in-group traces) that the task verifier could not judge — it threw,
   * or the problem's initial_state did not parse — each scored 0 instead of aborting the run (docs/verifiers.md,
   * "Failure policy"). Nonzero means a verifier bug or bad data; the first message per task is in the run's log.
   * Absent in older rows.
   */
  verifierFaults?: number;
  /**
   * True when the update was skipped (non-finite loss, gradient or resulting weights); with train.updatesPerBatch > 1,
   * when any of its iterations was.
   */
  skipped: boolean;
}

/** Accuracy of one evaluated problem set: greedy answers, each judged by its task's verifier (`correct`). */
export interface EvalScores {
  /** Mean of per-task accuracies (the benchmark's overall score), each task weighing the same whatever its size. */
  overall: number;
  /** Share of problems answered correctly per task, and per task × level (`maze/L2`). */
  tasks: Record<string, number>;
  cells: Record<string, number>;
  n: number;
}

export interface EvalRow extends EvalScores {
  kind: 'eval';
  /** Optimizer steps done when evaluated (0 = the starting model). */
  step: number;
  /** Training time (as TrainRow.time) when evaluated; the evaluation's own time is not in it. */
  time: number;
  /** The retention set's scores (data.retention), when one is configured. */
  retention?: EvalScores;
}

export type MetricsRow = TrainRow | EvalRow;
