// What a chart draws, read back from its SVG: a faint raw layer and a smoothed line per smoothed series, the y axis
// fitted to the data within the metric's bounds, missing values skipped (never drawn as 0), and the time axis.
import { describe, expect, it } from 'vitest';
import { lineChart, RAW_OPACITY, type Series } from '../../src/train/chart.js';

/** The `<g class=… data-series=…>` layers of a chart body, in paint order. */
function layers(body: string): { cls: string; series: string; inner: string }[] {
  return [...body.matchAll(/<g class="(\w+)" data-series="([^"]*)">(.*?)<\/g>/g)].map((m) => ({ cls: m[1], series: m[2], inner: m[3] }));
}

/** The pixel coordinates of every polyline in an SVG fragment. */
function polylines(inner: string): [number, number][][] {
  return [...inner.matchAll(/<polyline points="([^"]*)"/g)].map((m) => m[1].split(' ').map((p) => p.split(',').map(Number) as [number, number]));
}

const noisy = (n: number, phase = 0): Series['points'] => Array.from({ length: n }, (_, i) => [i + 1, 0.4 + 0.2 * Math.sin(i * 2.1 + phase)]);

describe('lineChart', () => {
  it('draws each smoothed series as a faint raw layer under a solid smoothed line', () => {
    const c = lineChart({
      title: 'Losses',
      yLabel: 'loss',
      series: [
        { name: 'loss', points: noisy(50), smoothing: 0.8 },
        { name: 'loss off-policy', points: noisy(50, 1), smoothing: 0.8 },
      ],
    });
    const ls = layers(c.body);
    // Both raw layers are painted before either smoothed line, so noise never covers a trend.
    expect(ls.map((l) => `${l.cls}:${l.series}`)).toEqual(['raw:loss', 'raw:loss off-policy', 'smoothed:loss', 'smoothed:loss off-policy']);
    for (const raw of ls.filter((l) => l.cls === 'raw')) {
      expect(raw.inner).toContain(`opacity="${RAW_OPACITY}"`);
      expect(polylines(raw.inner)[0]).toHaveLength(50);
    }
    for (const sm of ls.filter((l) => l.cls === 'smoothed')) {
      expect(sm.inner).not.toContain('opacity=');
      expect(polylines(sm.inner)[0]).toHaveLength(50);
    }
    // The smoothed line moves less than the raw one: the sum of its vertical steps is much smaller.
    const wiggle = (pts: [number, number][]) => pts.slice(1).reduce((a, p, i) => a + Math.abs(p[1] - pts[i][1]), 0);
    expect(wiggle(polylines(ls[2].inner)[0])).toBeLessThan(wiggle(polylines(ls[0].inner)[0]) / 3);
  });

  it('draws an unsmoothed series as one plain line with markers when sparse', () => {
    const ls = layers(
      lineChart({
        title: 'Eval',
        yLabel: 'acc',
        series: [
          {
            name: 'overall',
            points: [
              [0, 0.2],
              [10, 0.3],
              [20, 0.35],
            ],
          },
        ],
      }).body,
    );
    expect(ls.map((l) => l.cls)).toEqual(['line']);
    expect((ls[0].inner.match(/<circle/g) ?? []).length).toBe(3);
  });

  it('fits the y axis to the data instead of [0, 1], within the bounds', () => {
    const c = lineChart({
      title: 'Eval',
      yLabel: 'acc',
      yBounds: [0, 1],
      series: [
        {
          name: 'overall',
          points: [
            [0, 0.27],
            [50, 0.31],
            [100, 0.33],
          ],
        },
      ],
    });
    const [lo, hi] = c.axes!.y;
    expect(lo).toBeGreaterThan(0.2);
    expect(lo).toBeLessThanOrEqual(0.27);
    expect(hi).toBeLessThan(0.4);
    expect(hi).toBeGreaterThanOrEqual(0.33);
    // Data touching the bound: the padded range would pass 1, the axis stops there.
    expect(
      lineChart({
        title: 'T',
        yLabel: 'y',
        yBounds: [0, 1],
        series: [
          {
            name: 'a',
            points: [
              [1, 0.9],
              [2, 1],
            ],
          },
        ],
      }).axes!.y[1],
    ).toBe(1);
    // No bounds (losses may go negative): the range follows the data.
    expect(
      lineChart({
        title: 'T',
        yLabel: 'y',
        series: [
          {
            name: 'a',
            points: [
              [1, -0.13],
              [2, 0.05],
            ],
          },
        ],
      }).axes!.y[0],
    ).toBeLessThanOrEqual(-0.13);
  });

  it('skips missing and non-finite values rather than drawing them as 0', () => {
    const c = lineChart({
      title: 'T',
      yLabel: 'y',
      yBounds: [0, 1],
      series: [
        {
          name: 'a',
          points: [
            [1, 0.5],
            [2, null],
            [3, NaN],
            [4, 0.6],
            [5, 0.62],
          ],
          smoothing: 0.5,
        },
      ],
    });
    // A 0 would have pulled the fitted axis down to it.
    expect(c.axes!.y[0]).toBeGreaterThan(0.3);
    const [raw, smooth] = layers(c.body);
    // Raw: the gap breaks the line (a lone dot before it, a segment after); smoothed: one line over the finite points.
    expect(polylines(raw.inner).map((p) => p.length)).toEqual([2]);
    expect((raw.inner.match(/<circle/g) ?? []).length).toBe(1);
    expect(polylines(smooth.inner).map((p) => p.length)).toEqual([3]);
  });

  it('puts training time on the x axis when asked, in seconds or, past 15 minutes, minutes', () => {
    const secs: Series['points'] = [
      [12, 0.2],
      [300, 0.3],
    ];
    const s = lineChart({ title: 'T', yLabel: 'y', xAxis: 'time', series: [{ name: 'a', points: secs }] });
    expect(s.axes).toMatchObject({ xUnit: 's', x: [0, 300] });
    const m = lineChart({
      title: 'T',
      yLabel: 'y',
      xAxis: 'time',
      series: [
        {
          name: 'a',
          points: [
            [30, 0.2],
            [1800, 0.3],
          ],
        },
      ],
    });
    expect(m.axes).toMatchObject({ xUnit: 'min', x: [0, 30] });
    expect(lineChart({ title: 'T', yLabel: 'y', series: [{ name: 'a', points: secs }] }).axes!.xUnit).toBe('step');
  });

  it('keeps seeds out of the legend and lists notes under it', () => {
    // Same points everywhere, so both charts get the same axes and ticks: only legend and notes can differ.
    const pts = noisy(5);
    const withSeeds = lineChart({
      title: 'T',
      yLabel: 'y',
      notes: ['thin: one run per seed'],
      series: [
        { name: 'seed 1', points: pts, legend: false },
        { name: 'seed 2', points: pts, legend: false },
        { name: 'mean', points: pts, width: 3 },
      ],
    });
    const alone = lineChart({ title: 'T', yLabel: 'y', series: [{ name: 'mean', points: pts, width: 3 }] });
    // Text is one <path> per string: the note adds one, the two seeds none.
    const paths = (b: string) => (b.match(/<path/g) ?? []).length;
    expect(paths(withSeeds.body)).toBe(paths(alone.body) + 1);
  });
});
