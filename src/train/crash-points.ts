// Crash points for resume tests. `AHPO_CRASH_AT=<point>:<step>` makes the trainer kill itself with SIGKILL when it
// reaches that point at that step: a real kill -9, but at a chosen moment (a timer-driven kill lands wherever the
// process happens to be, so a test could not say which case it covered). Unset in normal use, where a call costs
// one environment look-up. Points: rollouts (after sampling, before the update), update (after the optimizer
// step, before anything of the step is written), eval (answers written, the metrics row not yet), save (the new
// step folder complete, not yet renamed), save-aside (re-saving a step: the old folder moved aside, the new one not
// yet in place). `ahpo mathse` adds mathse-batch (a sampling batch written; the step counts batches in this
// process) and mathse-<phase> (a round's phase done, not yet recorded in state.json; the step is the round).
export type CrashPoint = 'rollouts' | 'update' | 'eval' | 'save' | 'save-aside' | 'mathse-batch' | `mathse-${'data' | 'sample' | 'reflect' | 'sft'}`;

export function crashPoint(point: CrashPoint, step: number): void {
  const want = process.env.AHPO_CRASH_AT;
  if (want && want === `${point}:${step}`) process.kill(process.pid, 'SIGKILL');
}
