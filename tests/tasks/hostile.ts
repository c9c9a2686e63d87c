// Hostile responses (megabyte texts, deep nesting, huge numbers) against a set of instances: every verdict is a
// clean 0 or 1 with correct ⇔ reward 1, and the whole batch stays within a CPU-time bound (tests/cpu-time.ts), which
// catches runaway parsing without depending on how busy the machine is.
import { expect } from 'vitest';
import { cpuMs } from '../cpu-time.js';

export function expectBoundedVerdicts<C>(
  cases: readonly C[],
  texts: readonly string[],
  check: (c: C, text: string) => { reward: number; correct: boolean },
  boundMs: number,
): void {
  const { ms } = cpuMs(() => {
    for (const c of cases) {
      for (const text of texts) {
        const r = check(c, text);
        expect(r.reward === 0 || r.reward === 1).toBe(true);
        expect(r.correct).toBe(r.reward === 1);
      }
    }
  });
  expect(ms, `CPU ms for ${cases.length} cases × ${texts.length} hostile texts`).toBeLessThan(boundMs);
}
