import { describe, expect, it } from 'vitest';
import { lrAt } from '../../src/train/schedule.js';

describe('lrAt: linear warm-up then cosine to minLrRatio·lr', () => {
  const o = { lr: 1e-3, warmupSteps: 4, steps: 25, minLrRatio: 0.1 };

  it('warms up linearly from the first step', () => {
    expect(lrAt(0, o)).toBeCloseTo(1e-3 / 5, 15);
    expect(lrAt(3, o)).toBeCloseTo((4 * 1e-3) / 5, 15);
  });

  it('peaks at the end of warm-up, is halfway at mid-cosine, and hits the floor on the last step', () => {
    expect(lrAt(4, o)).toBe(1e-3);
    // p = (14 − 4) / (24 − 4) = 0.5: cos(π/2) = 0, so lrMin + (lr − lrMin)/2.
    expect(lrAt(14, o)).toBeCloseTo(1e-4 + 0.5 * 9e-4, 15);
    // p = 0.25: ½(1 + cos(π/4)).
    expect(lrAt(9, o)).toBeCloseTo(1e-4 + 9e-4 * 0.5 * (1 + Math.SQRT1_2), 15);
    expect(lrAt(24, o)).toBeCloseTo(1e-4, 18);
    expect(lrAt(40, o)).toBeCloseTo(1e-4, 18);
  });

  it('is monotone after warm-up and handles no warm-up and a single step', () => {
    const z = { ...o, warmupSteps: 0 };
    expect(lrAt(0, z)).toBe(1e-3);
    for (let s = 1; s < 25; s++) expect(lrAt(s, z)).toBeLessThan(lrAt(s - 1, z));
    expect(lrAt(0, { ...o, warmupSteps: 0, steps: 1 })).toBe(1e-3);
    expect(() => lrAt(-1, o)).toThrow(RangeError);
    expect(() => lrAt(1.5, o)).toThrow(RangeError);
  });
});
