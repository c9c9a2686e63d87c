// Graceful stop for the training loop. The first SIGINT (Ctrl-C) or SIGTERM only raises a flag: the loop checks
// it at its next safe point (after an optimizer step, never in the middle of one), saves a checkpoint and returns
// normally. A second signal means "now": the process exits at once with 128 + the signal number (130 for SIGINT,
// 143 for SIGTERM), which is safe for the run because checkpoints are written atomically — at worst the save in
// progress is lost and resume starts from the previous one.

const EXIT_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143 };

export interface StopSignal {
  /** True once a stop was requested. */
  readonly requested: boolean;
  /** The signal that requested it. */
  readonly signal: NodeJS.Signals | undefined;
  /** Removes the handlers (call when the loop ends, so a later Ctrl-C behaves normally again). */
  dispose(): void;
}

/**
 * Installs SIGINT/SIGTERM handlers. `cb` runs once, on the first signal (print "saving at the next step; press
 * Ctrl-C again to quit now"). `exit` is injectable for tests; it defaults to process.exit.
 */
export function onStopSignal(cb?: (signal: NodeJS.Signals) => void, exit: (code: number) => void = (c) => process.exit(c)): StopSignal {
  let signal: NodeJS.Signals | undefined;
  const handler = (sig: NodeJS.Signals): void => {
    if (signal !== undefined) {
      exit(EXIT_CODES[sig] ?? 1);
      return;
    }
    signal = sig;
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
