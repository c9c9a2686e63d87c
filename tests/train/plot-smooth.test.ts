// The arithmetic behind the plots, against values worked out by hand: TensorBoard's debiased EMA (and how it skips
// missing values), the fitted y range, and the pointwise mean of seeds' curves.
import { describe, expect, it } from 'vitest';
import { emaSmooth, fitRange, meanCurve } from '../../src/train/smooth.js';

const ys = (pts: [number, number][]): number[] => pts.map((p) => p[1]);

describe('emaSmooth', () => {
  it('matches hand-computed debiased values', () => {
    // w = 0.5, x = 1, 0, 1:
    //   m1 = 0.5  → s1 = 0.5 / (1 − 0.5)   = 1
    //   m2 = 0.25 → s2 = 0.25 / (1 − 0.25) = 1/3
    //   m3 = 0.625 → s3 = 0.625 / (1 − 0.125) = 5/7
    const out = emaSmooth(
      [
        [1, 1],
        [2, 0],
        [3, 1],
      ],
      0.5,
    );
    expect(out.map((p) => p[0])).toEqual([1, 2, 3]);
    expect(ys(out)[0]).toBeCloseTo(1, 12);
    expect(ys(out)[1]).toBeCloseTo(1 / 3, 12);
    expect(ys(out)[2]).toBeCloseTo(5 / 7, 12);
  });

  it('debiasing: the first value is itself, and a constant series stays constant (no pull towards 0)', () => {
    const out = emaSmooth(
      [
        [1, 0.4],
        [2, 0.4],
        [3, 0.4],
        [4, 0.4],
      ],
      0.8,
    );
    for (const y of ys(out)) expect(y).toBeCloseTo(0.4, 12);
    // Without the division by 1 − w^t the first value would be (1 − 0.8)·0.4 = 0.08.
    expect(ys(emaSmooth([[1, 0.4]], 0.8))[0]).toBeCloseTo(0.4, 12);
  });

  it('skips NaN, null and infinite values: they neither enter the average nor advance t', () => {
    // w = 0.5 over the finite values 2, 4 (at x = 1 and 4): s = 2, then m = 0.5·1 + 0.5·4 = 2.5 → 2.5 / 0.75.
    const out = emaSmooth(
      [
        [1, 2],
        [2, NaN],
        [3, null],
        [4, 4],
        [5, Infinity],
      ],
      0.5,
    );
    expect(out.map((p) => p[0])).toEqual([1, 4]);
    expect(ys(out)[0]).toBeCloseTo(2, 12);
    expect(ys(out)[1]).toBeCloseTo(2.5 / 0.75, 12);
    // Had the NaN been read as 0, the second value would be lower (2.25 / 0.875); had the gaps advanced t, the
    // divisor would be 1 − 0.5³ (2.5 / 0.875). Both differ from 2.5 / 0.75 above.
    expect(ys(out)[1]).not.toBeCloseTo(
      emaSmooth(
        [
          [1, 2],
          [2, 0],
          [4, 4],
        ],
        0.5,
      )[2][1],
      3,
    );
  });

  it('weight 0 returns the finite points unchanged; weights outside [0, 1) are refused', () => {
    expect(
      emaSmooth(
        [
          [1, 0.3],
          [2, null],
          [3, 0.9],
        ],
        0,
      ),
    ).toEqual([
      [1, 0.3],
      [3, 0.9],
    ]);
    expect(() => emaSmooth([[1, 1]], 1)).toThrow('[0, 1)');
    expect(() => emaSmooth([[1, 1]], -0.1)).toThrow('[0, 1)');
  });
});

describe('fitRange', () => {
  it('pads the data by 5% of its span', () => {
    const [lo, hi] = fitRange([0.3, 0.5, 0.4]);
    expect(lo).toBeCloseTo(0.29, 12);
    expect(hi).toBeCloseTo(0.51, 12);
  });

  it('clamps to the natural bounds and ignores non-finite values', () => {
    const [lo, hi] = fitRange([0, 0.98, NaN, Infinity], [0, 1]);
    expect(lo).toBe(0);
    expect(hi).toBe(1); // 0.98 + 0.049 would pass 1
    expect(fitRange([-3, 2], [0, 1])).toEqual([0, 1]);
  });

  it('gives a flat series a band, and an empty one the bounds', () => {
    const [lo, hi] = fitRange([0.5, 0.5], [0, 1]);
    expect(lo).toBeCloseTo(0.45, 12);
    expect(hi).toBeCloseTo(0.55, 12);
    expect(fitRange([2, 2])[0]).toBeLessThan(2);
    expect(fitRange([], [0, 1])).toEqual([0, 1]);
  });
});

describe('meanCurve', () => {
  it('averages curves at every x, interpolating, only where all curves have data', () => {
    // a is y = x/10 on [0, 10]; b runs from (5, 1) to (15, 3). Shared range [5, 10], where the curves have x 5 and 10:
    //   x = 5: a = 0.5, b = 1 → 0.75;  x = 10: a = 1, b = 2 → 1.5. Nothing before 5 or after 10 (no extrapolation).
    const a: [number, number][] = [
      [0, 0],
      [10, 1],
    ];
    const b: [number, number][] = [
      [5, 1],
      [15, 3],
    ];
    expect(meanCurve([a, b])).toEqual([
      [5, 0.75],
      [10, 1.5],
    ]);
  });

  it('drops missing values and curves without any', () => {
    expect(
      meanCurve([
        [
          [1, 2],
          [2, null],
          [3, 4],
        ],
        [
          [1, 0],
          [3, 0],
        ],
        [[1, null]],
      ]),
    ).toEqual([
      [1, 1],
      [3, 2],
    ]);
    expect(meanCurve([])).toEqual([]);
  });
});
