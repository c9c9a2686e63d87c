// `ahpo data stats`: counts per task × level, trace token lengths with the project tokenizer, image sizes read
// from the files, totals; records without traces (official annotations.json) report n/a, not zeros.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStats } from '../../src/cli/commands/data.js';
import { BUILTIN_TOKENIZER_DIR, QwenTokenizer } from '../../src/data/tokenizer.js';
import { datasetStats, formatStats, sizeSummary } from '../../src/dataset/stats.js';
import { LEVELS, generateDataset, generatorTasks } from '../../src/dataset/generate.js';
import type { TaskSummary } from '../../src/dataset/generate.js';
import { findTask } from '../../src/tasks/registry.js';
import type { TaskSpec } from '../../src/tasks/types.js';
import { TOY_SUM } from './fixtures/toy-sum.js';

const lookup = (name: string): TaskSpec | undefined => (['toy_sum', 'toysum'].includes(name.toLowerCase()) ? TOY_SUM : findTask(name));
const tok = QwenTokenizer.fromDir(BUILTIN_TOKENIZER_DIR);
const countTokens = (text: string): number => tok.encode(text).length;

const scratch = mkdtempSync(join(tmpdir(), 'ahpo-stats-'));
const toyDir = join(scratch, 'toy');
const realDir = join(scratch, 'real');
// The first registered family with a generator exercises a real renderer and trace; the toy one has known sizes.
const REAL = generatorTasks()[0];
let toySummary: TaskSummary[] = [];
let realSummary: TaskSummary[] = [];

beforeAll(async () => {
  toySummary = await generateDataset({
    tasks: ['toy_sum'],
    levels: [...LEVELS],
    perLevel: 3,
    seed: 7,
    outDir: toyDir,
    sizePx: 112,
    pool: [TOY_SUM],
    countTokens,
  });
  if (REAL) {
    realSummary = await generateDataset({ tasks: [REAL.key], levels: [1, 3, 5], perLevel: 2, seed: 7, outDir: realDir, sizePx: 112, countTokens });
  }
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('data stats on a generated folder', () => {
  it('counts records per task × level, measures traces like the generate report, reads image sizes', async () => {
    const s = await datasetStats(toyDir, { countTokens, findTask: lookup });
    expect(s.malformed).toEqual([]);
    expect(s.cells.map((c) => [c.task, c.level, c.records, c.traces])).toEqual(LEVELS.map((l) => ['toy_sum', l, 3, 3]));
    for (const c of s.cells) {
      const want = toySummary[0].traceTokens[c.level]!;
      expect(c.mean).toBeGreaterThan(0);
      expect(c.mean).toBeCloseTo(want.meanTokens, 6);
      expect(c.max).toBe(want.maxTokens);
    }
    // The toy renders a square canvas; level 5 adds a half-height second image (see fixtures/toy-sum.ts).
    expect(s.cells[0].sizes).toEqual({ '112x112': 3 });
    expect(s.cells[4]).toMatchObject({ images: 6, unreadable: 0, sizes: { '112x112': 3, '112x56': 3 } });
    expect(s.total).toMatchObject({ records: 15, traces: 15, images: 18, sizes: { '112x112': 15, '112x56': 3 } });
    expect(s.total.max).toBe(Math.max(...s.cells.map((c) => c.max!)));
    expect(s.byLevel[5]?.records).toBe(3);
    expect(s.tasks).toBe(1);
  });

  it('the table has a row per task × level, per-level totals and a grand total', async () => {
    const s = await datasetStats(toyDir, { countTokens, findTask: lookup });
    const text = formatStats(s, 'test-tok');
    expect(text).toContain('counted with test-tok');
    expect(text).toMatch(/algorithms\s+toy_sum\s+L5\s+3\s+3\s+\d+\s+\d+\s+6\s+2 sizes 112x56\.\.112x112/);
    expect(text).toMatch(/total\s+1 tasks\s+all\s+15\s+15\s+\d+\s+\d+\s+18/);
    expect(text.split('\n').filter((l) => l.startsWith('total')).length).toBe(6);
  });

  it.runIf(REAL !== undefined)('a real family through the CLI entry (project tokenizer, --json)', async () => {
    let printed = '';
    const s = await runStats({ dir: realDir, json: true }, (t) => void (printed += t));
    const json = JSON.parse(printed) as { tokenizer: string; cells: Array<{ task: string; level: number; records: number; mean: number }> };
    expect(json.tokenizer).toMatch(/built-in/);
    expect(json.cells.map((c) => [c.task, c.level, c.records])).toEqual([1, 3, 5].map((l) => [REAL!.key, l, 2]));
    for (const c of s.cells) {
      expect(c.mean).toBeCloseTo(realSummary[0].traceTokens[c.level]!.meanTokens, 6);
      // Longest side is the requested --size, whatever the family's aspect ratio.
      for (const size of Object.keys(c.sizes)) expect(Math.max(...size.split('x').map(Number))).toBe(112);
    }
  });

  it.runIf(REAL !== undefined)('the CLI prints the table and exits 0; a missing folder exits 1 with one line', () => {
    const out = execFileSync('node', ['bin/ahpo.js', 'data', 'stats', realDir], { encoding: 'utf8' });
    expect(out).toMatch(new RegExp(`${REAL!.key}\\s+L3\\s+2\\s+2`));
    let stderr = '';
    let status = 0;
    try {
      execFileSync('node', ['bin/ahpo.js', 'data', 'stats', join(scratch, 'nope')], { stdio: 'pipe' });
    } catch (err) {
      stderr = String((err as { stderr: Buffer }).stderr);
      status = (err as { status: number }).status;
    }
    expect(status).toBe(1);
    expect(stderr).toMatch(/^ahpo data stats: records: '.*nope' does not exist/);
  });
});

describe('data stats on official-format records without traces', () => {
  it('reports counts and sizes, and n/a (not 0) for trace lengths; counts unreadable images and malformed records', async () => {
    const dir = join(scratch, 'official');
    mkdirSync(join(dir, 'images'), { recursive: true });
    const lines = readFileSync(join(toyDir, 'toy_sum', 'records.jsonl'), 'utf8')
      .trim()
      .split('\n');
    const records = lines.slice(0, 6).map((line) => {
      const { trace: _trace, task: _task, seed: _seed, ...rest } = JSON.parse(line) as Record<string, unknown>;
      return rest;
    });
    for (const r of records) copyFileSync(join(toyDir, 'toy_sum', r.image as string), join(dir, r.image as string));
    // One record points at a file that is not an image, one at a larger PNG, one is malformed (no answer).
    writeFileSync(join(dir, 'images', 'broken.png'), 'not a png');
    await sharp({ create: { width: 300, height: 200, channels: 3, background: '#fff' } })
      .png()
      .toFile(join(dir, 'images', 'big.png'));
    records.push({ ...records[0], index: 90, image: 'images/broken.png' });
    records.push({ ...records[0], index: 91, image: 'images/big.png', difficulty: '1' });
    records.push({ category: 'ToySum', question: 'q', difficulty: '2' });
    writeFileSync(join(dir, 'annotations.json'), JSON.stringify(records, null, 2));

    const s = await datasetStats(dir, { countTokens, findTask: lookup });
    expect(s.malformed).toHaveLength(1);
    expect(s.malformed[0]).toMatch(/annotations\.json\[8\]: record has no 'answer'/);
    const l1 = s.cells.find((c) => c.level === 1)!;
    expect(l1).toMatchObject({ records: 5, traces: 0, mean: null, max: null, images: 5, unreadable: 1, sizes: { '112x112': 3, '300x200': 1 } });
    expect(s.cells.find((c) => c.level === 2)).toMatchObject({ records: 3, sizes: { '112x112': 3 } });
    expect(sizeSummary(l1)).toBe('2 sizes 112x112..300x200 (1 unreadable)');
    const text = formatStats(s);
    expect(text).toMatch(/toy_sum\s+L1\s+5\s+n\/a\s+n\/a\s+n\/a\s+5/);
    expect(text).toMatch(/1 malformed record\(s\) skipped/);
    expect(JSON.parse(JSON.stringify(s)).total).toMatchObject({ records: 8, traces: 0, mean: null, max: null });
  });
});
