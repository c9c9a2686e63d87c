import { describe, expect, it } from 'vitest';
import { gate, groupAdvantages } from '../../src/ahpo/advantages.js';

describe('groupAdvantages', () => {
  it('is the z-score with the sample std (ddof = 1)', () => {
    // rewards [1,0,0,0,0]: mean 0.2, sample var = (0.64 + 4·0.04) / 4 = 0.2, std = 0.4472136.
    const a = groupAdvantages([1, 0, 0, 0, 0]);
    expect(a[0]).toBeCloseTo(0.8 / (Math.sqrt(0.2) + 1e-6), 9);
    expect(a[1]).toBeCloseTo(-0.2 / (Math.sqrt(0.2) + 1e-6), 9);
    // The population std would give 0.8 / 0.4 = 2.0; the sample std gives 1.78885.
    expect(a[0]).toBeCloseTo(1.788852, 5);
    expect(a.reduce((x, y) => x + y, 0)).toBeCloseTo(0, 12);
  });
  it('gives zero for zero-variance groups and single rollouts', () => {
    expect(groupAdvantages([0, 0, 0])).toEqual([0, 0, 0]);
    expect(groupAdvantages([1, 1])).toEqual([0, 0]);
    expect(groupAdvantages([0.5])).toEqual([0]);
    expect(groupAdvantages([])).toEqual([]);
  });
  it('rejects non-finite rewards', () => {
    expect(() => groupAdvantages([1, NaN])).toThrow(/finite/);
  });
  it('std: false gives A = R − mean (LUFFY script, Dr. GRPO), still 0 for equal rewards', () => {
    // [1, 0, 0, 0, 0]: mean 0.2 → [0.8, −0.2, −0.2, −0.2, −0.2].
    const a = groupAdvantages([1, 0, 0, 0, 0], { std: false });
    [0.8, -0.2, -0.2, -0.2, -0.2].forEach((e, i) => expect(a[i]).toBeCloseTo(e, 12));
    expect(groupAdvantages([0, 0, 0], { std: false })).toEqual([0, 0, 0]);
    expect(groupAdvantages([0.5], { std: false })).toEqual([0]);
  });
  it('luffy: the group is N rollouts + the trace, so a passing trace lifts the advantage of a group that all failed', () => {
    // 3 failed rollouts + a correct trace: [0, 0, 0, 1], mean 0.25.
    // no std: [−0.25, −0.25, −0.25, 0.75].
    // std: sample var = (3·0.0625 + 0.5625) / 3 = 0.25, std 0.5 → [−0.5, −0.5, −0.5, 1.5] (÷ (0.5 + 1e-6)).
    const plain = groupAdvantages([0, 0, 0, 1], { std: false });
    [-0.25, -0.25, -0.25, 0.75].forEach((e, i) => expect(plain[i]).toBeCloseTo(e, 12));
    const z = groupAdvantages([0, 0, 0, 1]);
    [-0.25, -0.25, -0.25, 0.75].forEach((e, i) => expect(z[i]).toBeCloseTo(e / (0.5 + 1e-6), 12));
    expect(z[3]).toBeCloseTo(1.5, 5);
    // Without the trace the same rollouts carry no signal (GRPO's zero-variance group).
    expect(groupAdvantages([0, 0, 0])).toEqual([0, 0, 0]);
    // Rollouts [1, 0.5] + trace 1: mean 5/6; no std: [1/6, −1/3, 1/6]; sample std = sqrt((1/36 + 1/9 + 1/36)/2) = sqrt(1/12).
    const mixed = groupAdvantages([1, 0.5, 1]);
    [1 / 6, -1 / 3, 1 / 6].forEach((e, i) => expect(mixed[i]).toBeCloseTo(e / (Math.sqrt(1 / 12) + 1e-6), 12));
  });
  it('takes eps as an option (default 1e-6, as TRL and verl)', () => {
    // [1, 0]: mean 0.5, sample std sqrt(0.5).
    expect(groupAdvantages([1, 0], { eps: 0.5 })[0]).toBeCloseTo(0.5 / (Math.SQRT1_2 + 0.5), 12);
  });
});

describe('gate ξ', () => {
  const r = [1, 0, 0, 0, 0];
  it('opens when fewer than R̂ rollouts succeed and a trace exists', () => {
    expect(gate({ rewards: r, hasTrace: true, threshold: 2 })).toBe(1); // 1 success < 2
    expect(gate({ rewards: [1, 1, 0, 0, 0], hasTrace: true, threshold: 2 })).toBe(0); // exactly R̂ successes
    expect(gate({ rewards: [1, 1, 1, 1, 1], hasTrace: true, threshold: 2 })).toBe(0); // all correct
    expect(gate({ rewards: [0, 0, 0, 0, 0], hasTrace: true, threshold: 1 })).toBe(1);
    expect(gate({ rewards: r, hasTrace: true, threshold: 0 })).toBe(0); // R̂ = 0 never gates (pure GRPO)
  });
  it('never opens without a trace', () => {
    expect(gate({ rewards: [0, 0, 0, 0, 0], hasTrace: false, threshold: 5 })).toBe(0);
  });
  it('counts success against the success level', () => {
    expect(gate({ rewards: [0.9, 0.9, 0, 0, 0], hasTrace: true, threshold: 2 })).toBe(1);
    expect(gate({ rewards: [0.9, 0.9, 0, 0, 0], hasTrace: true, threshold: 2, success: 0.8 })).toBe(0);
  });
  it('rejects R̂ above the group size with the fix', () => {
    expect(() => gate({ rewards: r, hasTrace: true, threshold: 6 })).toThrow(/exceeds the group size 5/);
    expect(() => gate({ rewards: r, hasTrace: true, threshold: 1.5 })).toThrow(/non-negative integer/);
  });
});
