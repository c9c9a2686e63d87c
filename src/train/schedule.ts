// Learning-rate schedule: linear warm-up, then cosine decay to minLrRatio·lr at the final step (nanoGPT's get_lr,
// indexed by optimizer step s = 0 … S−1, where S = train.steps and W = train.warmupSteps):
//   s < W:          lr · (s + 1) / (W + 1)                  ramps up without a wasted lr = 0 step; reaches lr at s = W
//   W ≤ s ≤ S − 1:  lrMin + (lr − lrMin) · ½ · (1 + cos(π · p)),   p = (s − W) / (S − 1 − W),   lrMin = minLrRatio · lr
// so s = W is the peak lr and s = S − 1 is exactly lrMin. Steps past S − 1 (a run extended on resume) stay at
// lrMin. The degenerate W = S − 1 (a single cosine step) uses p = 0: the peak, not the floor.
// The schedule is a pure function of the step, so resume needs no scheduler state in the checkpoint.

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
