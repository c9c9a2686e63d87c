// Learning-rate schedule: linear warm-up, then cosine decay to minLrRatio·lr at the final step (nanoGPT's get_lr,
// indexed by optimizer step s = 0 … S−1, where S = train.steps and W = train.warmupSteps):
//   s < W:          lr · (s + 1) / (W + 1)                  ramps up without a wasted lr = 0 step; reaches lr at s = W
//   W ≤ s ≤ S − 1:  lrMin + (lr − lrMin) · ½ · (1 + cos(π · p)),   p = (s − W) / (S − 1 − W),   lrMin = minLrRatio · lr
// so s = W is the peak lr and s = S − 1 is exactly lrMin. Steps past S − 1 (a run extended on resume) stay at
// lrMin. The degenerate W = S − 1 (a single cosine step) uses p = 0: the peak, not the floor.
// The schedule is a pure function of the step, so resume needs no scheduler state in the checkpoint.
//
// train.schedule: time (lrAtTime) runs the same cosine over the training-time budget instead, for runs stopped by
// train.maxSeconds, whose step counts differ by mode (an SFT step has no rollouts): with p = t / maxSeconds, t the
// training time at the start of the step (the clock maxSeconds reads: evaluation excluded, summed across resumes),
// every time-matched run ends at lrMin whatever its step rate. Warm-up stays counted in steps and scales the cosine:
//   lr · min(1, (s + 1) / (W + 1)) · (lrMin/lr + (1 − lrMin/lr) · ½ · (1 + cos(π · min(1, t / maxSeconds))))
// A pure function of (step, training time); the training time is in every checkpoint, so resume needs nothing more.
// Wall-clock time is not reproducible, so neither is the lr of a given step under this schedule.

export interface ScheduleOptions {
  /** Peak learning rate. */
  lr: number;
  warmupSteps: number;
  /** Total optimizer steps S. */
  steps: number;
  /** Floor of the cosine as a fraction of lr, in [0, 1]. */
  minLrRatio: number;
}

export function lrAt(step: number, o: ScheduleOptions): number {
  if (!Number.isInteger(step) || step < 0) throw new RangeError(`lrAt: step must be an integer ≥ 0, got ${step}`);
  if (o.warmupSteps < 0 || o.steps < 1 || o.minLrRatio < 0 || o.minLrRatio > 1) {
    throw new RangeError(`lrAt: need warmupSteps ≥ 0, steps ≥ 1, 0 ≤ minLrRatio ≤ 1; got ${JSON.stringify(o)}`);
  }
  const w = o.warmupSteps;
  if (step < w) return (o.lr * (step + 1)) / (w + 1);
  const span = o.steps - 1 - w;
  const p = span > 0 ? Math.min(1, (step - w) / span) : 0;
  const lrMin = o.minLrRatio * o.lr;
  return lrMin + (o.lr - lrMin) * 0.5 * (1 + Math.cos(Math.PI * p));
}

export interface TimeScheduleOptions {
  lr: number;
  warmupSteps: number;
  /** The training-time budget T (train.maxSeconds), > 0. */
  maxSeconds: number;
  minLrRatio: number;
}

export function lrAtTime(step: number, seconds: number, o: TimeScheduleOptions): number {
  if (!Number.isInteger(step) || step < 0) throw new RangeError(`lrAtTime: step must be an integer ≥ 0, got ${step}`);
  if (!(seconds >= 0)) throw new RangeError(`lrAtTime: seconds must be ≥ 0, got ${seconds}`);
  if (o.warmupSteps < 0 || !(o.maxSeconds > 0) || o.minLrRatio < 0 || o.minLrRatio > 1) {
    throw new RangeError(`lrAtTime: need warmupSteps ≥ 0, maxSeconds > 0, 0 ≤ minLrRatio ≤ 1; got ${JSON.stringify(o)}`);
  }
  const warm = Math.min(1, (step + 1) / (o.warmupSteps + 1));
  const p = Math.min(1, seconds / o.maxSeconds);
  const lrMin = o.minLrRatio * o.lr;
  return warm * (lrMin + (o.lr - lrMin) * 0.5 * (1 + Math.cos(Math.PI * p)));
}
