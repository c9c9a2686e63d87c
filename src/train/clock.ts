// The training clock and the evaluation schedule that reads it. Training time (TrainRow.time) is the wall time of
// the steps without evaluations and without setup; a resumed run continues from its checkpoint's value, so steps
// redone after a crash count once. train.maxSeconds, train.schedule=time and eval.everySeconds all read this clock.

export class TrainingClock {
  /** Training seconds at the end of the last step (or the checkpoint's value, before the first). */
  elapsed: number;
  /** Training seconds of earlier sessions of this run: the ETA reads this session's pace only. */
  readonly before: number;
  private started = 0;
  private excluded = 0;

  constructor(elapsedSec: number) {
    this.elapsed = elapsedSec;
    this.before = elapsedSec;
  }

  /** Starts counting, from `elapsed`. Called after the step-0 evaluation, which is not training. */
  start(): void {
    this.started = performance.now() - this.elapsed * 1000;
    this.excluded = 0;
  }

  /** Runs `fn` with the clock's time kept out of training time (evaluations). */
  async excluding<T>(fn: () => Promise<T>): Promise<T> {
    const t = performance.now();
    try {
      return await fn();
    } finally {
      this.excluded += (performance.now() - t) / 1000;
    }
  }

  /** Reads the clock at the end of a step into `elapsed`. */
  lap(): number {
    this.elapsed = (performance.now() - this.started) / 1000 - this.excluded;
    return this.elapsed;
  }
}

/**
 * When a held-out evaluation falls due: every eval.every steps, and at multiples of eval.everySeconds on the training
 * clock (so a resumed run keeps its grid); a step that crosses several multiples evaluates once.
 */
export class EvalSchedule {
  private timedDue: number;

  constructor(
    private readonly every: number,
    private readonly everySeconds: number,
    elapsed: number,
  ) {
    this.timedDue = everySeconds > 0 ? this.nextAfter(elapsed) : Infinity;
  }

  /** Whether the run evaluates along the way at all (then also at step 0), not only at its end. */
  get periodic(): boolean {
    return this.every > 0 || this.everySeconds > 0;
  }

  /** Whether step `step`, which ended at `elapsed`, is due; moves the timed grid past `elapsed` when it was. */
  due(step: number, elapsed: number): boolean {
    const stepDue = this.every > 0 && step % this.every === 0;
    const timeDue = elapsed >= this.timedDue;
    if (timeDue) this.timedDue = this.nextAfter(elapsed);
    return stepDue || timeDue;
  }

  private nextAfter(elapsed: number): number {
    return (Math.floor(elapsed / this.everySeconds) + 1) * this.everySeconds;
  }
}
