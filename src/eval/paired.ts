// Is a change in held-out accuracy real? Two evaluations of the same problems are compared problem by problem: the
// exact McNemar test (a two-sided binomial test on the discordant pairs: solved only before vs only after) is what
// a paired design calls for, and far more sensitive than comparing two proportions. The interval on one accuracy is
// Wilson's score interval, which stays inside [0, 1] and behaves near 0 and 1, where the sparse regime lives.
// Written out here (a few lines each) because no maintained npm package offers an exact McNemar test.

export interface ScoredProblem {
  key: string;
  correct: boolean;
}

export interface PairedComparison {
  /** Problems scored in both evaluations. */
  n: number;
  before: number;
  after: number;
  /** Solved after but not before, and the reverse. */
  gained: number;
  lost: number;
  /** Exact two-sided McNemar p-value (1 when nothing changed). */
  p: number;
  /** Wilson 95% interval of the accuracy after. */
  afterCi95: [number, number];
}

/** log C(n, k), exact enough for n in the thousands (sum of logs, no overflow). */
function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
  return s;
}

/** Two-sided exact binomial test of k successes in n trials at p = 1/2: P(|X − n/2| ≥ |k − n/2|). */
export function exactMcNemar(gained: number, lost: number): number {
  const n = gained + lost;
  if (n === 0) return 1;
  const k = Math.min(gained, lost);
  let tail = 0;
  for (let i = 0; i <= k; i++) tail += Math.exp(logChoose(n, i) - n * Math.LN2);
  return Math.min(1, 2 * tail);
}

/** Wilson score interval for `successes` of `n` at 95% (z = 1.959964). */
export function wilson95(successes: number, n: number): [number, number] {
  if (n === 0) return [0, 1];
  const z = 1.959963984540054;
  const p = successes / n;
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  // At 0 or n successes the bound is exactly 0 or 1; float rounding would leave ~1e-17.
  return [successes === 0 ? 0 : Math.max(0, centre - half), successes === n ? 1 : Math.min(1, centre + half)];
}

/** Pairs two evaluations by problem key; problems present in only one of them are left out (and counted). */
export function pairedComparison(before: readonly ScoredProblem[], after: readonly ScoredProblem[]): PairedComparison & { unpaired: number } {
  const was = new Map(before.map((r) => [r.key, r.correct]));
  let n = 0;
  let b = 0;
  let a = 0;
  let gained = 0;
  let lost = 0;
  for (const r of after) {
    const prev = was.get(r.key);
    if (prev === undefined) continue;
    n++;
    if (prev) b++;
    if (r.correct) a++;
    if (r.correct && !prev) gained++;
    if (prev && !r.correct) lost++;
  }
  const unpaired = before.length + after.length - 2 * n;
  return { n, before: n ? b / n : 0, after: n ? a / n : 0, gained, lost, p: exactMcNemar(gained, lost), afterCi95: wilson95(a, n), unpaired };
}

/** One line for a person: "27.0% → 32.8% [26.1, 40.3] on 137 problems; 13 gained, 5 lost, exact McNemar p = 0.096". */
export function describePaired(c: PairedComparison): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const [lo, hi] = c.afterCi95;
  const p = c.p < 0.001 ? c.p.toExponential(1) : c.p.toFixed(3);
  return `${pct(c.before)} → ${pct(c.after)} (95% CI ${(lo * 100).toFixed(1)}–${(hi * 100).toFixed(1)}) on ${c.n} problems; ${c.gained} gained, ${c.lost} lost, exact McNemar p = ${p}`;
}
