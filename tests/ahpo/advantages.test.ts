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
