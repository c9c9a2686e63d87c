// Sweep planning, naming, skip/resume, the child-process runner (with a fake trainer, so no model is needed) and
// the summary numbers.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { runSweepCommand } from '../../src/cli/commands/sweep.js';
import {
  expandGrid,
  parseGridSpec,
  parseSeeds,
  planSweep,
  pointName,
  pointState,
  runSweep,
  trainArgs,
  type SweepEvent,
  type TrainCommand,
} from '../../src/train/sweep.js';
import { accuracySeries, meanStd, summarizeSweep, writeSweepSummary } from '../../src/train/sweep-summary.js';

// A stand-in for `ahpo train`: writes metrics.jsonl and done.json into <outDir>/<run.name>, logs its argv, and
// fails (exit 3) for run names containing FAIL_ON; with SLEEP_MS it also records how many copies run at once.
const FAKE_TRAINER = `
import { appendFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
const [outDir, failOn, sleepMs] = process.argv.slice(2, 5);
const args = process.argv.slice(5);
const get = (k) => args.find((a) => a.startsWith('--' + k + '='))?.split('=').slice(1).join('=');
const name = get('run.name');
appendFileSync(join(outDir, 'calls.jsonl'), JSON.stringify(args) + '\\n');
const live = join(outDir, 'live');
mkdirSync(live, { recursive: true });
writeFileSync(join(live, name), '');
appendFileSync(join(outDir, 'concurrency.txt'), readdirSync(live).length + '\\n');
await new Promise((r) => setTimeout(r, Number(sleepMs)));
rmSync(join(live, name));
if (failOn && name.includes(failOn)) { console.error('fake failure'); process.exit(3); }
const dir = join(outDir, name);
if (existsSync(dir) && !args.includes('--resume')) process.exit(2);
mkdirSync(dir, { recursive: true });
const seed = Number(get('run.seed'));
const rows = [1, 2].map((step) => JSON.stringify({ kind: 'train', step, time: step, rewardMean: seed / 10, xiShare: 0.5, accuracy: 0 }));
rows.push(JSON.stringify({ kind: 'eval', step: 2, time: 2, overall: seed / 10, tasks: {}, cells: {}, n: 1 }));
writeFileSync(join(dir, 'metrics.jsonl'), rows.join('\\n') + '\\n');
writeFileSync(join(dir, 'done.json'), JSON.stringify({ finalStep: 2, wallSeconds: 5, final: null, best: null }));
`;

function setup(yaml = ''): { root: string; config: string; out: string; fake: (failOn?: string, sleepMs?: number) => TrainCommand } {
  const root = mkdtempSync(join(tmpdir(), 'ahpo-sweep-'));
  const out = join(root, 'runs');
  mkdirSync(out);
  const config = join(root, 'base.yaml');
  writeFileSync(config, `run:\n  name: base\n  outDir: ${out}\n${yaml}`);
  const script = join(root, 'fake-train.mjs');
  writeFileSync(script, FAKE_TRAINER);
  return { root, config, out, fake: (failOn = '', sleepMs = 0) => ({ command: process.execPath, args: [script, out, failOn, String(sleepMs)] }) };
}

const calls = (out: string): string[][] =>
  readFileSync(join(out, 'calls.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as string[]);

describe('grid and naming', () => {
  it('parses grid specs, keeping bracketed list values whole', () => {
    expect(parseGridSpec('ahpo.threshold=0,1, 2')).toEqual({ key: 'ahpo.threshold', values: ['0', '1', '2'] });
    expect(parseGridSpec('train.freeze=[visual.*,lm_head],[]').values).toEqual(['[visual.*,lm_head]', '[]']);
    expect(() => parseGridSpec('threshold=1')).toThrow('expected section.key=value');
    expect(() => parseGridSpec('run.seed=1,2')).toThrow('use --seeds');
    expect(() => parseGridSpec('ahpo.mode=ahpo,,sft')).toThrow('empty value');
    expect(parseSeeds('1, 2,3')).toEqual([1, 2, 3]);
    expect(() => parseSeeds('1,x')).toThrow('"x"');
  });

  it('expands the cartesian product with seeds outermost', () => {
    const pts = expandGrid(
      [
        { key: 'a.x', values: ['1', '2'] },
        { key: 'b.y', values: ['p', 'q', 'r'] },
      ],
      [7, 8],
    );
    expect(pts).toHaveLength(12);
    expect(pts.slice(0, 4)).toEqual([
      { values: { 'a.x': '1', 'b.y': 'p' }, seed: 7 },
      { values: { 'a.x': '1', 'b.y': 'q' }, seed: 7 },
      { values: { 'a.x': '1', 'b.y': 'r' }, seed: 7 },
      { values: { 'a.x': '2', 'b.y': 'p' }, seed: 7 },
    ]);
    expect(pts[6].seed).toBe(8);
  });

  it('names points <base>--<key>_<value>--seed_<s>, sanitised and bounded', () => {
    expect(pointName('ahpo', { 'ahpo.threshold': '2', 'ahpo.mode': 'static' }, 1)).toBe('ahpo--ahpo.threshold_2--ahpo.mode_static--seed_1');
    expect(pointName('r', { 'train.freeze': '[visual.*]' }, 0)).toBe('r--train.freeze__visual.__--seed_0');
    const long = pointName('r', { 'data.train': 'x'.repeat(300) }, 0);
    expect(long.length).toBeLessThanOrEqual(180);
    expect(long).not.toBe(pointName('r', { 'data.train': 'x'.repeat(301) }, 0));
  });
});

describe('planSweep', () => {
  it('resolves every point against the config and places folders under run.outDir', () => {
    const { config, out } = setup();
    const plan = planSweep({ configPath: config, grid: ['ahpo.threshold=0,2'], seeds: [1, 2], set: ['train.steps=7'] });
    expect(plan.points.map((p) => p.name)).toEqual([
      'base--ahpo.threshold_0--seed_1',
      'base--ahpo.threshold_2--seed_1',
      'base--ahpo.threshold_0--seed_2',
      'base--ahpo.threshold_2--seed_2',
    ]);
    expect(plan.points[0].dir).toBe(join(out, 'base--ahpo.threshold_0--seed_1'));
    expect(plan.sweepDir).toBe(join(out, 'sweep-base'));
    expect(trainArgs(plan, plan.points[0], 'new')).toEqual([
      '--config',
      config,
      '--train.steps=7',
      '--ahpo.threshold=0',
      '--run.name=base--ahpo.threshold_0--seed_1',
      '--run.seed=1',
    ]);
  });

  it('names points and the sweep folder after --set run.name, passing one --run.name per point', () => {
    const { config, out } = setup();
    const plan = planSweep({ configPath: config, grid: ['ahpo.threshold=0'], set: ['run.name=exp'] });
    expect(plan.sweepDir).toBe(join(out, 'sweep-exp'));
    const args = trainArgs(plan, plan.points[0], 'new');
    expect(args.filter((a) => a.startsWith('--run.name='))).toEqual(['--run.name=exp--ahpo.threshold_0--seed_0']);
  });

  it('fails before running anything when a point has an invalid config, naming the point', () => {
    const { config } = setup();
    expect(() => planSweep({ configPath: config, grid: ['ahpo.threshold=2,9'] })).toThrow(/sweep point base--ahpo.threshold_9--seed_0: .*ahpo.threshold/s);
    expect(() => planSweep({ configPath: config, grid: ['ahpo.nope=1'] })).toThrow("unknown key(s) 'nope'");
    // A base that only the grid completes is fine; each point is still checked on its own.
    const staged = planSweep({ configPath: config, grid: ['ahpo.switchAtStep=2,3'], set: ['ahpo.mode=sft-grpo', 'train.steps=5'] });
    expect(staged.points.map((p) => p.values['ahpo.switchAtStep'])).toEqual(['2', '3']);
    expect(() => planSweep({ configPath: config, grid: ['ahpo.mode=sft-grpo,ahpo'], set: ['ahpo.switchAtStep=2', 'train.steps=5'] })).toThrow(
      /sweep point base--ahpo.mode_ahpo--seed_0: .*switchAtStep = 2 applies only to ahpo.mode=sft-grpo/s,
    );
    expect(() => planSweep({ configPath: config, grid: ['ahpo.threshold=1', 'ahpo.threshold=2'] })).toThrow('given twice');
  });

  it('skips folders with done.json and resumes folders without it', () => {
    const { config } = setup();
    const plan = planSweep({ configPath: config, grid: ['ahpo.threshold=0,1,2'] });
    const [a, b, c] = plan.points;
    mkdirSync(a.dir);
    writeFileSync(join(a.dir, 'done.json'), '{}');
    mkdirSync(b.dir);
    expect([a, b, c].map((p) => pointState(p.dir))).toEqual(['done', 'resume', 'new']);
    expect(trainArgs(plan, b, 'resume').slice(-2)).toEqual(['--resume', b.dir]);
    expect(trainArgs(plan, c, 'new')).not.toContain('--resume');
  });
});

describe('runSweep', () => {
  it('runs each point, continues past a failure, and a rerun skips done points and resumes the rest', async () => {
    const { config, out, fake } = setup();
    const plan = planSweep({ configPath: config, grid: ['ahpo.threshold=0,1'], seeds: [1, 2] });
    mkdirSync(plan.points[3].dir); // an interrupted earlier attempt
    const events: SweepEvent[] = [];
    const first = await runSweep(plan, { train: fake('threshold_1--seed_1'), onEvent: (e) => events.push(e) });
    expect(first.map((r) => r.status)).toEqual(['done', 'failed', 'done', 'done']);
    expect(first[1]).toMatchObject({ exitCode: 3, error: 'exit code 3' });
    expect(readFileSync(first[1].log, 'utf8')).toContain('fake failure');
    expect(calls(out)[3]).toContain('--resume');
    expect(calls(out)[3].at(-1)).toBe(plan.points[3].dir);
    expect(events.filter((e) => e.type === 'start')).toHaveLength(4);

    const second = await runSweep(plan, { train: fake() });
    expect(second.map((r) => r.status)).toEqual(['skipped', 'done', 'skipped', 'skipped']);
    expect(calls(out)).toHaveLength(5);
    expect(calls(out)[4]).not.toContain('--resume'); // the failed point never made its folder
  });

  it('runs --parallel N points at once', async () => {
    const { config, out, fake } = setup();
    const plan = planSweep({ configPath: config, grid: ['ahpo.threshold=0,1,2,3'] });
    const res = await runSweep(plan, { train: fake('', 600), parallel: 2 });
    expect(res.every((r) => r.status === 'done')).toBe(true);
    const seen = readFileSync(join(out, 'concurrency.txt'), 'utf8').trim().split('\n').map(Number);
    expect(Math.max(...seen)).toBe(2);
  });

  it('stops launching on abort and signals running children', async () => {
    const { config, fake } = setup();
    const plan = planSweep({ configPath: config, grid: ['ahpo.threshold=0,1,2'] });
    const ctl = new AbortController();
    const res = await runSweep(plan, { train: fake('', 20_000), signal: ctl.signal, onEvent: (e) => e.type === 'start' && setTimeout(() => ctl.abort(), 300) });
    expect(res.map((r) => r.status)).toEqual(['interrupted', 'not run', 'not run']);
    expect(res[0].seconds).toBeLessThan(10);
    expect(existsSync(plan.points[1].dir)).toBe(false);
  });

  it('reports a trainer that cannot start', async () => {
    const { config } = setup();
    const plan = planSweep({ configPath: config, grid: ['ahpo.threshold=0'] });
    const [r] = await runSweep(plan, { train: { command: join(plan.sweepDir, 'no-such-binary'), args: [] } });
    expect(r.status).toBe('failed');
    expect(r.error).toContain('cannot start');
  });
});

function writeRun(dir: string, finalAcc: number, bestAcc: number, rewards: number[], xi: number, wall: number | null): void {
  mkdirSync(dir, { recursive: true });
  const rows = rewards.map((r, i) => JSON.stringify({ kind: 'train', step: i + 1, time: (i + 1) * 10, rewardMean: r, xiShare: xi, accuracy: 0 }));
  rows.push(JSON.stringify({ kind: 'eval', step: 5, time: 50, overall: bestAcc, tasks: {}, cells: {}, n: 10 }));
  rows.push(JSON.stringify({ kind: 'eval', step: rewards.length, time: rewards.length * 10, overall: finalAcc, tasks: {}, cells: {}, n: 10 }));
  writeFileSync(join(dir, 'metrics.jsonl'), rows.join('\n') + '\n');
  if (wall !== null)
    writeFileSync(
      join(dir, 'done.json'),
      JSON.stringify({ finalStep: rewards.length, wallSeconds: wall, final: { overall: finalAcc }, best: { overall: bestAcc } }),
    );
}

describe('summary', () => {
  it('computes per-run numbers and mean ± sample std over seeds', async () => {
    const { config } = setup();
    const plan = planSweep({ configPath: config, grid: ['ahpo.threshold=0,2'], seeds: [1, 2] });
    const [t0s1, t2s1, t0s2, t2s2] = plan.points;
    // 12 steps: final reward is the mean of the last 10 (0.3 after two leading zeros).
    writeRun(t0s1.dir, 0.2, 0.3, [0, 0, ...Array(10).fill(0.3)], 0.5, 100);
    writeRun(t0s2.dir, 0.4, 0.5, Array(12).fill(0.5), 0.7, 300);
    writeRun(t2s1.dir, 0.6, 0.6, Array(12).fill(0.1), 0.2, 200);
    writeRun(t2s2.dir, 0.1, 0.6, Array(12).fill(0.1), 0.2, null); // unfinished: wall time from the last row
    const s = summarizeSweep(plan);
    expect(s.points.map((p) => p.status)).toEqual(['done', 'done', 'done', 'partial']);
    expect(s.points[0]).toMatchObject({ steps: 12, finalAccuracy: 0.2, bestAccuracy: 0.3, meanXiShare: 0.5, wallSeconds: 100 });
    expect(s.points[0].finalReward).toBeCloseTo(0.3, 12);
    expect(s.points[3].wallSeconds).toBe(120);
    const g0 = s.groups.find((g) => g.values['ahpo.threshold'] === '0')!;
    expect(g0.seeds).toEqual([1, 2]);
    expect(g0.finalAccuracy.mean).toBeCloseTo(0.3, 12);
    expect(g0.finalAccuracy.std).toBeCloseTo(Math.SQRT2 * 0.1, 12); // sample std of {0.2, 0.4}
    expect(g0.wallSeconds).toMatchObject({ mean: 200, n: 2 });
    expect(g0.wallSeconds.std).toBeCloseTo(141.4213562, 6);

    const { files } = await writeSweepSummary(plan);
    const csv = readFileSync(join(plan.sweepDir, 'summary.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('run,ahpo.threshold,seed,status,steps,final_accuracy,best_accuracy,final_reward,mean_xi_share,wall_seconds');
    expect(csv[1]).toBe('base--ahpo.threshold_0--seed_1,0,1,done,12,0.2000,0.3000,0.3000,0.5000,100.0000');
    const mean = readFileSync(join(plan.sweepDir, 'summary-mean.csv'), 'utf8').trim().split('\n');
    expect(mean[1]).toBe('0,1 2,0.3000,0.1414,0.4000,0.1414,0.4000,0.1414,0.6000,0.1414,200.0000,141.4214');
    const md = readFileSync(join(plan.sweepDir, 'summary.md'), 'utf8');
    expect(md).toContain('| 0 | 1, 2 | 0.300 ± 0.141 | 0.400 ± 0.141 | 0.400 ± 0.141 | 0.600 ± 0.141 | 200 ± 141 |');
    expect(md).toContain('| 2 | 1, 2 | 0.350 ± 0.354 | 0.600 ± 0.000 |');
    expect(files.filter((f) => /accuracy(-time)?\.(png|svg)$/.test(f))).toHaveLength(4);
    // The time axis plots the same evaluations at their training seconds.
    expect(accuracySeries(s, 'time')[0].points).toEqual([
      [50, 0.3],
      [120, 0.2],
    ]);
    expect(accuracySeries(s)[0].points).toEqual([
      [5, 0.3],
      [12, 0.2],
    ]);
    const png = files.find((f) => f.endsWith('accuracy.png'))!;
    const meta = await sharp(png).stats();
    expect(meta.channels[0].min).toBeLessThan(100); // lines and text on the white background
  });

  it('handles runs without data: blank cells, no std from one value', () => {
    expect(meanStd([NaN, 0.5])).toEqual({ mean: 0.5, std: NaN, n: 1 });
    const { config } = setup();
    const plan = planSweep({ configPath: config, grid: ['ahpo.threshold=0'] });
    const s = summarizeSweep(plan);
    expect(s.points[0].status).toBe('missing');
    expect(s.groups[0].finalAccuracy.n).toBe(0);
  });
});

describe('ahpo sweep command', () => {
  it('trains, summarises, and exits 1 when a point failed', async () => {
    const { config, out, fake } = setup();
    const err: string[] = [];
    const stdout: string[] = [];
    const io = { stdout: (t: string) => void stdout.push(t), stderr: (t: string) => void err.push(t) };
    const args = { config, grid: ['ahpo.threshold=0,1'], seeds: '3', parallel: 1, set: [], summarize: false, 'dry-run': false };
    expect(await runSweepCommand(args, io, fake('threshold_1'))).toBe(1);
    expect(err.join('')).toMatch(/\[1\/2\] done +base--ahpo.threshold_0--seed_3/);
    expect(err.join('')).toMatch(/\[2\/2\] FAILED +base--ahpo.threshold_1--seed_3: exit code 3/);
    expect(existsSync(join(out, 'sweep-base', 'summary.md'))).toBe(true);
    expect(stdout.join('')).toContain('ahpo.threshold=0: final acc 0.300');
    stdout.length = 0;
    expect(await runSweepCommand({ ...args, 'dry-run': true }, io)).toBe(0);
    expect(stdout.join('')).toMatch(/^done +base--ahpo.threshold_0--seed_3\nnew +base--ahpo.threshold_1--seed_3 +train --config/);
  });
});
