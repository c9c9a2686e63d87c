// Graceful stop for the training loop. The first SIGINT (Ctrl-C) or SIGTERM only raises a flag: the loop checks
// it at its next safe point (after an optimizer step, never in the middle of one), saves a checkpoint and returns
// normally. A second signal means "now" — the process exits at once with 128 + the signal number (130 for SIGINT,
// 143 for SIGTERM) — but only when it comes well after the first. Supervisors signal twice in the same instant:
// GNU timeout sends SIGTERM to the process and then to its process group, Slurm and Kubernetes signal every process
// of the job or container, and `npm run` forwards what it received. Those echoes arrive within milliseconds and are
// ignored, so the save still happens; a person pressing Ctrl-C again a moment later still quits at once (safe for
// the run because checkpoints are written atomically — at worst the save in progress is lost).

const EXIT_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143 };

/** A repeat within this many milliseconds of the first signal is taken as the same stop request. */
export const REPEAT_GRACE_MS = 1500;

export interface StopSignal {
  /** True once a stop was requested. */
  readonly requested: boolean;
  /** The signal that requested it. */
  readonly signal: NodeJS.Signals | undefined;
  /** Removes the handlers (call when the loop ends, so a later Ctrl-C behaves normally again). */
  dispose(): void;
}

export interface StopSignalOptions {
  /** Injectable for tests; defaults to process.exit. */
  exit?: (code: number) => void;
  /** Injectable clock (ms); defaults to performance.now. */
  now?: () => number;
  /** Told when a repeat is ignored as an echo of the first signal. */
  onEcho?: (signal: NodeJS.Signals) => void;
}

/**
 * Installs SIGINT/SIGTERM handlers. `cb` runs once, on the first signal (print "saving at the next step; press
 * Ctrl-C again to quit now").
 */
export function onStopSignal(cb?: (signal: NodeJS.Signals) => void, o: StopSignalOptions = {}): StopSignal {
  const exit = o.exit ?? ((c: number) => process.exit(c));
  const now = o.now ?? (() => performance.now());
  let signal: NodeJS.Signals | undefined;
  let firstAt = 0;
  const handler = (sig: NodeJS.Signals): void => {
    if (signal !== undefined) {
      if (now() - firstAt < REPEAT_GRACE_MS) {
        o.onEcho?.(sig);
        return;
      }
      exit(EXIT_CODES[sig] ?? 1);
      return;
    }
    signal = sig;
    firstAt = now();
    cb?.(sig);
  };
  // Bound per signal rather than trusting the listener argument: process.emit('SIGTERM') passes none.
  const bound = (['SIGINT', 'SIGTERM'] as const).map((s) => [s, () => handler(s)] as const);
  for (const [s, f] of bound) process.on(s, f);
  return {
    get requested() {
      return signal !== undefined;
    },
    get signal() {
      return signal;
    },
    dispose() {
      for (const [s, f] of bound) process.off(s, f);
    },
  };
}
