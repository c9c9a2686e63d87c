// Paired comparison of two evaluations: the exact McNemar p-value and Wilson's interval against values computed
// independently (Python's exact integer math.comb for the binomial tails; the Wilson formula in float64).
import { describe, expect, it } from 'vitest';
import { describePaired, exactMcNemar, pairedComparison, wilson95 } from '../../src/eval/paired.js';

describe('exactMcNemar', () => {
  it('is the two-sided binomial tail on the discordant pairs', () => {
    // 13 vs 5: 2·Σ_{i≤5} C(18,i)/2^18 = 2·(1+18+153+816+3060+8568)/262144 = 0.0962…
    expect(exactMcNemar(13, 5)).toBeCloseTo((2 * (1 + 18 + 153 + 816 + 3060 + 8568)) / 262144, 12);
    expect(exactMcNemar(5, 13)).toBeCloseTo(exactMcNemar(13, 5), 12);
    // 10 vs 0: 2/1024
    expect(exactMcNemar(10, 0)).toBeCloseTo(2 / 1024, 12);
    expect(exactMcNemar(0, 0)).toBe(1);
    expect(exactMcNemar(4, 4)).toBe(1); // capped at 1
    // Large n stays finite and exact: 300 vs 250 → 2·Σ_{i≤250} C(550,i)/2^550 = 0.0365787455491 (exact integers)
    expect(exactMcNemar(300, 250)).toBeCloseTo(0.036578745549102704, 9);
  });
});

describe('wilson95', () => {
  it('matches the score interval, stays in [0, 1] at the extremes', () => {
    // p = 45/137: centre (p + z²/2n)/(1 + z²/n) = 0.333146, half-width 0.077706
    const [lo, hi] = wilson95(45, 137);
    expect(lo).toBeCloseTo(0.2554403475, 8);
    expect(hi).toBeCloseTo(0.4108510954, 8);
    const [z0, z1] = wilson95(0, 50);
    expect(z0).toBe(0);
    expect(z1).toBeCloseTo(0.0713475991, 8);
    expect(wilson95(0, 0)).toEqual([0, 1]);
  });
});

describe('pairedComparison', () => {
  it('pairs by key, counts gained and lost, and leaves out problems scored only once', () => {
    const before = [
      { key: 'a', correct: true },
      { key: 'b', correct: false },
      { key: 'c', correct: false },
      { key: 'd', correct: true },
      { key: 'x', correct: true },
    ];
    const after = [
      { key: 'd', correct: false },
      { key: 'c', correct: true },
      { key: 'b', correct: true },
      { key: 'a', correct: true },
      { key: 'y', correct: false },
    ];
    const c = pairedComparison(before, after);
    expect(c).toMatchObject({ n: 4, before: 0.5, after: 0.75, gained: 2, lost: 1, unpaired: 2 });
    expect(c.p).toBeCloseTo(1, 12); // 2 vs 1 is no evidence
    expect(describePaired(c)).toBe(
      `50.0% → 75.0% (95% CI ${(wilson95(3, 4)[0] * 100).toFixed(1)}–${(wilson95(3, 4)[1] * 100).toFixed(1)}) on 4 problems; 2 gained, 1 lost, exact McNemar p = 1.000`,
    );
  });
});
