// Plots from synthetic metrics: files exist, PNGs decode at the stated size with ink on them, partial lines and
// bad input are handled with messages that name the file; train curves are smoothed, and the time axis is drawn
// when asked or when the run was limited by train.maxSeconds.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { EvalRow, TrainRow } from '../../src/train/metrics.js';
import { formatTick, lineChart, niceTicks, plotRun, plotText, readMetrics, runCharts, runConfigInfo } from '../../src/train/plot.js';

function trainRow(step: number, over: Partial<TrainRow> = {}): TrainRow {
  return {
    kind: 'train',
    step,
    time: step * 2,
    lr: 1e-4,
    rewardMean: 0.1 + step / 100,
    rewardStd: 0.2,
    accuracy: step / 100,
    xiShare: 1 - step / 100,
    zeroVarShare: 0.3,
    clipFrac: 0,
    ratioMean: 1,
    entropy: 1.1,
    loss: 2 - step / 50,
    lossOn: 0.05,
    lossOff: 1.9 - step / 50,
    kl: 0,
    gradNorm: 1,
    rolloutTokensPerSec: 100,
    trainTokensPerSec: 300,
    truncationRate: 0,
    completionTokens: 30,
    skipped: false,
    ...over,
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
    expect(log.train.map((r) => [r.step, r.loss])).toEqual([
      [1, trainRow(1).loss],
      [2, 7],
    ]);
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

describe('plotRun: smoothing and axes', () => {
  const svg = (dir: string, name: string) => readFileSync(join(dir, 'plots', `${name}.svg`), 'utf8');
  const layerClasses = (body: string) => [...body.matchAll(/<g class="(\w+)" data-series="([^"]*)">/g)].map((m) => `${m[1]}:${m[2]}`);

  it('smooths train curves (raw faint behind) and leaves eval curves raw', async () => {
    const dir = runWith(rows(30));
    await plotRun(dir, { formats: ['svg'] });
    expect(layerClasses(svg(dir, 'reward'))).toEqual(['raw:reward mean', 'smoothed:reward mean']);
    expect(layerClasses(svg(dir, 'losses'))).toEqual([
      'raw:loss',
      'raw:loss on-policy',
      'raw:loss off-policy (NLL)',
      'smoothed:loss',
      'smoothed:loss on-policy',
      'smoothed:loss off-policy (NLL)',
    ]);
    expect(layerClasses(svg(dir, 'eval'))).toEqual(['line:overall', 'line:24_points', 'line:maze']);
    // Smoothing 0: the raw values as the line itself, no faint layer.
    await plotRun(dir, { formats: ['svg'], smoothing: 0 });
    expect(layerClasses(svg(dir, 'reward'))).toEqual(['line:reward mean']);
  });

  it('writes the training-time axis as *-time files when asked', async () => {
    const dir = runWith(rows(20));
    const files = await plotRun(dir, { formats: ['svg'], axes: ['time'] });
    const names = files.map((f) => f.path.slice(join(dir, 'plots').length + 1)).sort();
    expect(names).toEqual(['accuracy-time', 'eval-time', 'losses-time', 'overview-time', 'reward-time', 'xi-share-time'].map((n) => `${n}.svg`));
    // Rows carry time = 2·step: the time charts span 0–40 s where the step charts would span 0–20.
    const run = runCharts(readMetrics(join(dir, 'metrics.jsonl')), { xAxis: 'time' });
    expect(lineChart(run.reward).axes).toMatchObject({ xUnit: 's', x: [0, 40] });
    expect(lineChart(runCharts(readMetrics(join(dir, 'metrics.jsonl'))).reward).axes).toMatchObject({ xUnit: 'step', x: [0, 20] });
  });

  it('adds the time axis by default for a run limited by train.maxSeconds (its config.yaml)', async () => {
    const dir = runWith(rows(10));
    writeFileSync(join(dir, 'config.yaml'), 'ahpo:\n  mode: grpo\ntrain:\n  steps: 1000\n  maxSeconds: 300\n');
    expect(runConfigInfo(dir)).toEqual({ maxSeconds: 300, mode: 'grpo' });
    await plotRun(dir, { formats: ['svg'] });
    expect(existsSync(join(dir, 'plots', 'reward.svg'))).toBe(true);
    expect(existsSync(join(dir, 'plots', 'reward-time.svg'))).toBe(true);
    const plain = runWith(rows(10));
    writeFileSync(join(plain, 'config.yaml'), 'train:\n  maxSeconds: 0\n');
    await plotRun(plain, { formats: ['svg'] });
    expect(existsSync(join(plain, 'plots', 'reward-time.svg'))).toBe(false);
  });

  it('leaves rows without rollouts (sft) out of reward and accuracy instead of drawing 0', () => {
    const lines = [1, 2, 3, 4].map((s) =>
      JSON.stringify(trainRow(s, { rewardMean: s <= 2 ? 0 : 0.5, accuracy: s <= 2 ? 0 : 0.5, stage: s <= 2 ? 'sft' : 'grpo' } as Partial<TrainRow>)),
    );
    const log = readMetrics(join(runWith(lines), 'metrics.jsonl'));
    const charts = runCharts(log, { mode: 'sft-grpo' });
    expect(charts.reward.series[0].points).toEqual([
      [1, null],
      [2, null],
      [3, 0.5],
      [4, 0.5],
    ]);
    expect(charts.accuracy.series[0].points.filter((p) => p[1] !== null)).toHaveLength(2);
    // Rows from before `stage` was logged: the run's mode decides.
    const old = readMetrics(join(runWith([JSON.stringify(trainRow(1, { rewardMean: 0 }))]), 'metrics.jsonl'));
    expect(runCharts(old, { mode: 'sft' }).reward.series[0].points).toEqual([[1, null]]);
    expect(runCharts(old, { mode: 'ahpo' }).reward.series[0].points).toEqual([[1, 0]]);
  });
});
