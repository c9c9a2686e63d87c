// Speed bounds in the suite are taken in this process's CPU time, never in wall-clock time. A test worker's CPU time
// hardly changes when other processes load the machine, while its wall time grows with the load (a fresh-clone CI
// run at load ~5 measured 411 ms for a verifier call that takes ~100 ms alone). These bounds exist to catch runaway
// work — a backtracking search or a quadratic scan on a megabyte of hostile text, which costs seconds or minutes —
// so a busy machine must not trip them; how fast things are is measured in bench/, not here.
// Vitest runs each test file in a forked worker (vitest.config.ts: pool 'forks'), so the process's CPU time is the
// file's own; garbage-collector threads count too, which only makes the figure larger, never hides work.

/** Runs `fn` and returns its value with the CPU time (user + system, ms) the process spent meanwhile. */
export function cpuMs<T>(fn: () => T): { value: T; ms: number } {
  const start = process.cpuUsage();
  const value = fn();
  const used = process.cpuUsage(start);
  return { value, ms: (used.user + used.system) / 1000 };
}
