// The sweep's comparison plots: a fixed colour per mode whatever else the sweep holds, thin seed lines under one
// thick mean per grid point (the mean worked out by hand), and training time as the axis when every run was
// stopped by train.maxSeconds.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EvalRow, TrainRow } from '../../src/train/metrics.js';
import { comparisonSeries, groupStyles, matchedByTime, MODE_COLORS } from '../../src/train/sweep-plots.js';
import { summarizeSweep, writeSweepSummary, type PointSummary, type SweepSummary } from '../../src/train/sweep-summary.js';
import { planSweep } from '../../src/train/sweep.js';

const evalAt = (step: number, time: number, overall: number): EvalRow => ({ kind: 'eval', step, time, overall, tasks: {}, cells: {}, n: 10 });

/** A summary with just what the plots read: grid values, seeds, eval rows. */
function summary(runs: { values: Record<string, string>; seed: number; evals: EvalRow[]; maxSeconds?: number }[]): SweepSummary {
  const points = runs.map((r) => ({
    point: { name: JSON.stringify(r.values) + r.seed, dir: '', values: r.values, seed: r.seed },
    evals: r.evals,
    train: [] as TrainRow[],
    maxSeconds: r.maxSeconds ?? 0,
  })) as PointSummary[];
  const groups = [...new Map(runs.map((r) => [JSON.stringify(r.values), r.values])).values()].map((values) => ({ values })) as SweepSummary['groups'];
  return { points, groups };
}

const modes = (...ms: string[]) => ms.map((m) => ({ values: { 'ahpo.mode': m }, seed: 1, evals: [evalAt(0, 0, 0.2), evalAt(10, 100, 0.3)] }));

describe('comparison plots', () => {
  it('gives each mode the same colour in every sweep, whichever modes it compares', () => {
    const four = groupStyles(summary(modes('ahpo', 'static', 'grpo', 'sft')));
    const two = groupStyles(summary(modes('sft', 'grpo')));
    for (const m of ['sft', 'grpo']) expect(two.get(JSON.stringify({ 'ahpo.mode': m }))!.color).toBe(four.get(JSON.stringify({ 'ahpo.mode': m }))!.color);
    expect(new Set([...four.values()].map((s) => s.color)).size).toBe(4);
    expect(four.get(JSON.stringify({ 'ahpo.mode': 'grpo' }))!.color).toBe(MODE_COLORS.grpo);
    // Other grid keys next to the mode keep the mode's colour and change the dash instead.
    const mixed = groupStyles(
      summary([
        { values: { 'ahpo.mode': 'ahpo', 'train.lr': '1e-4' }, seed: 1, evals: [] },
        { values: { 'ahpo.mode': 'ahpo', 'train.lr': '3e-5' }, seed: 1, evals: [] },
      ]),
    );
    const [a, b] = [...mixed.values()];
    expect([a.color, b.color]).toEqual([MODE_COLORS.ahpo, MODE_COLORS.ahpo]);
    expect(a.dash).not.toEqual(b.dash);
  });

  it('draws each seed thin, outside the legend, and the mean over seeds thick', () => {
    const s = summary([
      { values: { 'ahpo.mode': 'grpo' }, seed: 1, evals: [evalAt(0, 0, 0.2), evalAt(10, 100, 0.3)] },
      { values: { 'ahpo.mode': 'grpo' }, seed: 2, evals: [evalAt(0, 0, 0.2), evalAt(12, 120, 0.5)] },
      { values: { 'ahpo.mode': 'sft' }, seed: 1, evals: [evalAt(0, 0, 0.2), evalAt(60, 100, 0.4)] },
    ]);
    const series = comparisonSeries(s, (p) => p.evals.map((r) => [r.time, r.overall]));
    expect(series.map((x) => [x.name, x.width, x.legend ?? true])).toEqual([
      ['ahpo.mode=grpo seed=1', 1, false],
      ['ahpo.mode=grpo seed=2', 1, false],
      ['ahpo.mode=grpo (mean of 2 seeds)', 3, true],
      ['ahpo.mode=sft (seed 1)', 3, true], // a single run is its own thick line, not drawn twice
    ]);
    expect(series.every((x) => x.color === MODE_COLORS[x.name.includes('grpo') ? 'grpo' : 'sft'])).toBe(true);
    // Mean where both seeds have data (0–100 s): at 100 s seed 2 is interpolated, 0.2 + 0.3·100/120 = 0.45.
    const mean = series[2].points;
    expect(mean.map((p) => p[0])).toEqual([0, 100]);
    expect(mean[0][1]).toBeCloseTo(0.2, 12);
    expect(mean[1][1]).toBeCloseTo((0.3 + 0.45) / 2, 12);
  });

  it('takes training time as the axis only when every run with data was stopped by train.maxSeconds', () => {
    const timed = modes('ahpo', 'grpo').map((r) => ({ ...r, maxSeconds: 300 }));
    expect(matchedByTime(summary(timed))).toBe(true);
    expect(matchedByTime(summary([...timed, ...modes('sft')]))).toBe(false);
    expect(matchedByTime(summary(modes('ahpo')))).toBe(false);
  });
});

describe('writeSweepSummary plots', () => {
  function sweepOnDisk(maxSeconds: number) {
    const root = mkdtempSync(join(tmpdir(), 'ahpo-sweep-plots-'));
    const config = join(root, 'base.yaml');
    writeFileSync(config, `run:\n  name: base\n  outDir: ${join(root, 'runs')}\n`);
    const plan = planSweep({ configPath: config, grid: ['ahpo.mode=grpo,sft'], seeds: [1, 2] });
    for (const p of plan.points) {
      mkdirSync(p.dir, { recursive: true });
      const sft = p.values['ahpo.mode'] === 'sft';
      // sft logs a reward of 0 (no rollouts): the reward plot must leave it out and say so.
      const rows = [1, 2, 3, 4].map((step) =>
        JSON.stringify({ kind: 'train', step, time: step * 30, rewardMean: sft ? 0 : 0.1 * step + 0.01 * p.seed, xiShare: sft ? 1 : 0 }),
      );
      rows.push(JSON.stringify(evalAt(4, 120, 0.2 + 0.01 * p.seed)));
      writeFileSync(join(p.dir, 'metrics.jsonl'), rows.join('\n') + '\n');
      writeFileSync(join(p.dir, 'config.yaml'), `ahpo:\n  mode: ${p.values['ahpo.mode']}\ntrain:\n  maxSeconds: ${maxSeconds}\n`);
    }
    return plan;
  }

  const unitOf = (svg: string) => /data-x-unit="(\w+)"/.exec(svg)?.[1];

  it('draws reward and xi share on training time for time-matched runs, on steps otherwise', async () => {
    const timed = sweepOnDisk(300);
    const { files } = await writeSweepSummary(timed);
    const names = files
      .map((f) => f.slice(timed.sweepDir.length + 1))
      .filter((f) => f.endsWith('.svg'))
      .sort();
    expect(names).toEqual(['accuracy-time.svg', 'accuracy.svg', 'reward.svg', 'xi-share.svg']);
    const read = (n: string) => readFileSync(join(timed.sweepDir, n), 'utf8');
    expect(unitOf(read('reward.svg'))).toBe('s');
    expect(unitOf(read('xi-share.svg'))).toBe('s');
    expect(unitOf(read('accuracy.svg'))).toBe('step');
    expect(unitOf(read('accuracy-time.svg'))).toBe('s');
    expect(read('summary.md')).toContain('compare them by training time');
    // Reward: grpo's two seeds and their mean, no sft line at all.
    const series = [...read('reward.svg').matchAll(/data-series="([^"]*)"/g)].map((m) => m[1]);
    expect(series).toEqual(['ahpo.mode=grpo seed=1', 'ahpo.mode=grpo seed=2', 'ahpo.mode=grpo (mean of 2 seeds)']);
    const points = summarizeSweep(timed).points;
    expect(points.map((p) => p.mode)).toEqual(['grpo', 'sft', 'grpo', 'sft']);
    // The summary's final reward leaves sft's placeholder zeros out too: no value, not 0.
    expect(points.map((p) => p.finalReward)).toEqual([expect.closeTo(0.26, 12), NaN, expect.closeTo(0.27, 12), NaN]);

    const byStep = sweepOnDisk(0);
    await writeSweepSummary(byStep);
    expect(unitOf(readFileSync(join(byStep.sweepDir, 'reward.svg'), 'utf8'))).toBe('step');
  });
});
