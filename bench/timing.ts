// Timing helpers shared by the benchmarks: warm-up runs first (JIT, shader compilation, XNNPACK packing), then the
// median of the measured runs, which is robust to the odd slow run on a shared machine.

export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of no measurements');
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

/** Seconds of each of `steps` measured runs of fn, after `warmup` unmeasured ones. */
export async function timeRuns(fn: () => Promise<void>, warmup: number, steps: number): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    await fn();
    times.push((performance.now() - t0) / 1000);
  }
  return times;
}
