// Plots from synthetic metrics: files exist, PNGs decode at the stated size with ink on them, partial lines and
// bad input are handled with messages that name the file.
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { EvalRow, TrainRow } from '../../src/train/metrics.js';
import { formatTick, lineChart, niceTicks, plotRun, plotText, readMetrics } from '../../src/train/plot.js';

function trainRow(step: number, over: Partial<TrainRow> = {}): TrainRow {
  return {
    kind: 'train', step, time: step * 2, lr: 1e-4, rewardMean: 0.1 + step / 100, rewardStd: 0.2, accuracy: step / 100, xiShare: 1 - step / 100,
    zeroVarShare: 0.3, clipFrac: 0, ratioMean: 1, entropy: 1.1, loss: 2 - step / 50, lossOn: 0.05, lossOff: 1.9 - step / 50, kl: 0, gradNorm: 1,
    rolloutTokensPerSec: 100, trainTokensPerSec: 300, truncationRate: 0, completionTokens: 30, skipped: false, ...over,
  };
}

function evalRow(step: number, overall: number, time = step * 2): EvalRow {
  return { kind: 'eval', step, time, overall, tasks: { maze: overall + 0.1, '24_points': overall - 0.1 }, cells: {}, n: 60 };
}

function runWith(lines: string[], tail = '\n'): string {
  const dir = mkdtempSync(join(tmpdir(), 'ahpo-plot-'));
  writeFileSync(join(dir, 'metrics.jsonl'), lines.join('\n') + tail);
  return dir;
}

function rows(n: number): string[] {
  const out: string[] = [];
  for (let s = 1; s <= n; s++) {
    out.push(JSON.stringify(trainRow(s)));
    if (s % 5 === 0) out.push(JSON.stringify(evalRow(s, s / 40)));
  }
  return out;
}

describe('readMetrics', () => {
  it('leaves out a partial last line and keeps the complete rows', () => {
    const dir = runWith(rows(10), '\n{"kind":"train","st');
    const log = readMetrics(join(dir, 'metrics.jsonl'));
    expect(log.partialLastLine).toBe(true);
    expect(log.train.map((r) => r.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(log.eval.map((r) => r.step)).toEqual([5, 10]);
  });

  it('keeps the later row when a step repeats and sorts by step', () => {
    const dir = runWith([JSON.stringify(trainRow(2)), JSON.stringify(trainRow(1)), JSON.stringify(trainRow(2, { loss: 7 }))]);
    const log = readMetrics(join(dir, 'metrics.jsonl'));
    expect(log.train.map((r) => [r.step, r.loss])).toEqual([[1, trainRow(1).loss], [2, 7]]);
  });

  it('names file and line for a corrupt line that is not the last', () => {
    const dir = runWith([JSON.stringify(trainRow(1)), '{oops', JSON.stringify(trainRow(2))]);
    expect(() => readMetrics(join(dir, 'metrics.jsonl'))).toThrow(`${join(dir, 'metrics.jsonl')}:2: not a JSON line`);
  });

  it('names the file when it is missing or has no rows', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ahpo-plot-'));
    expect(() => readMetrics(join(dir, 'metrics.jsonl'))).toThrow(`${join(dir, 'metrics.jsonl')}: metrics file not found`);
    writeFileSync(join(dir, 'metrics.jsonl'), '');
    expect(() => readMetrics(join(dir, 'metrics.jsonl'))).toThrow(`${join(dir, 'metrics.jsonl')}: no train or eval rows`);
  });
});

describe('chart helpers', () => {
  it('picks 1-2-5 ticks that cover the data', () => {
    expect(niceTicks(0, 1).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(1, 60, 6, true)).toMatchObject({ lo: 0, hi: 60, step: 10 });
    expect(niceTicks(-0.13, 2.04).ticks[0]).toBeLessThanOrEqual(-0.13);
    expect(niceTicks(3, 3).ticks.length).toBeGreaterThan(1); // a flat series still gets an axis
    expect(niceTicks(1, 3, 6, true).step).toBe(1); // steps never get fractional ticks
  });

  it('formats ticks with the decimals the step needs', () => {
    expect(formatTick(0.4, 0.2)).toBe('0.4');
    expect(formatTick(1.25, 0.25)).toBe('1.25');
    expect(formatTick(40, 10)).toBe('40');
    expect(formatTick(2e-5, 1e-5)).toBe('2.0e-5');
  });

  it('replaces characters the stroke font lacks instead of throwing', () => {
    expect(plotText('ξ ± share')).toBe('? ? share');
  });

  it('draws a placeholder for a chart without data', () => {
    const c = lineChart({ title: 'T', xLabel: 'step', yLabel: 'y', series: [{ name: 'a', points: [[1, null]] }] });
    expect(c.body).toContain('<path');
    expect(c.width).toBeGreaterThan(600);
  });
});

async function inkPixels(path: string): Promise<{ width: number; height: number; ink: number }> {
  const { data, info } = await sharp(path).raw().toBuffer({ resolveWithObject: true });
  let ink = 0;
  for (let i = 0; i < data.length; i += info.channels) if (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200) ink++;
  return { width: info.width, height: info.height, ink };
}

describe('plotRun', () => {
  it('writes every chart as SVG and PNG of the stated size, with ink on it', async () => {
    const dir = runWith(rows(30), '\n{"kind":"ev');
    const files = await plotRun(dir);
    const names = files.map((f) => f.path.slice(join(dir, 'plots').length + 1)).sort();
    expect(names).toEqual(['accuracy', 'eval', 'losses', 'overview', 'reward', 'xi-share'].flatMap((n) => [`${n}.png`, `${n}.svg`]));
    for (const f of files.filter((x) => x.format === 'png')) {
      const px = await inkPixels(f.path);
      expect([px.width, px.height], f.path).toEqual([f.width, f.height]);
      // Axes, labels and curves: well over a thousand dark pixels on every chart.
      expect(px.ink, f.path).toBeGreaterThan(1000);
    }
    const overview = files.find((f) => f.path.endsWith('overview.png'))!;
    expect(overview.width).toBeGreaterThan(2000);
  });

  it('writes only the asked formats, and plots a run with no eval rows yet', async () => {
    const dir = runWith([JSON.stringify(trainRow(1)), JSON.stringify(trainRow(2))]);
    mkdirSync(join(dir, 'plots'));
    const files = await plotRun(dir, { formats: ['svg'] });
    expect(files.every((f) => f.format === 'svg')).toBe(true);
    expect(existsSync(join(dir, 'plots', 'eval.svg'))).toBe(true);
    expect(existsSync(join(dir, 'plots', 'reward.png'))).toBe(false);
  });

  it('refuses an empty metrics file, naming it', async () => {
    const dir = runWith([], '');
    await expect(plotRun(dir)).rejects.toThrow(join(dir, 'metrics.jsonl'));
  });
});
