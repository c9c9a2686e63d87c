// Problem sources: the gen: spec parser and the short style (short questions and path-only traces for tiny models).
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateProblems, loadProblems, parseGenSpec } from '../../src/data/problems.js';
import { generateDataset } from '../../src/dataset/generate.js';
import { buildPrompt } from '../../src/tasks/prompt.js';
import { wallFollow } from '../../src/tasks/maze/solve.js';
import { parseMazeState } from '../../src/tasks/maze/state.js';
import { getTask } from '../../src/tasks/registry.js';
import { loadConfig } from '../../src/train/config.js';
import { heldOutProblems } from '../../src/train/setup.js';

describe('parseGenSpec', () => {
  it('reads every key, with style defaulting to full', () => {
    expect(parseGenSpec('gen:tasks=maze,24_points,levels=1-2,n=4,seed=3')).toEqual({
      tasks: ['maze', '24_points'],
      levels: [1, 2],
      n: 4,
      seed: 3,
      style: 'full',
    });
    expect(parseGenSpec('gen:tasks=maze,n=2,style=short').style).toBe('short');
  });

  it('takes one count per level when n lists them, the same problems as a single-level spec', () => {
    const spec = parseGenSpec('gen:tasks=maze,levels=1-2,n=3:5,seed=11');
    expect(spec).toEqual({ tasks: ['maze'], levels: [1, 2], n: 3, nByLevel: { 1: 3, 2: 5 }, seed: 11, style: 'full' });
    const mixed = generateProblems(spec);
    expect(mixed.map((p) => p.name)).toEqual([...[0, 1, 2].map((i) => `maze/L1-${i}`), ...[0, 1, 2, 3, 4].map((i) => `maze/L2-${i}`)]);
    const l2 = generateProblems(parseGenSpec('gen:tasks=maze,levels=2,n=5,seed=11'));
    expect(mixed.slice(3).map((p) => p.hash)).toEqual(l2.map((p) => p.hash));
  });

  it('rejects per-level counts that do not match the levels, or that are not positive integers', () => {
    expect(() => parseGenSpec('gen:tasks=maze,levels=1-3,n=3:5')).toThrow(/n lists 2 counts for 3 levels \(1, 2, 3\)/);
    expect(() => parseGenSpec('gen:tasks=maze,levels=1-2,n=3:x')).toThrow(/n must be a positive integer, or one per level .* got '3:x'/);
  });

  it('rejects an unknown style, naming the value and the choices', () => {
    expect(() => parseGenSpec('gen:tasks=maze,style=tiny')).toThrow(/style must be full or short, got 'tiny'/);
  });
});

describe('traceLines', () => {
  it('parses A-B, A-, -B and A; refuses anything else, naming the value', () => {
    expect(parseGenSpec('gen:tasks=maze,traceLines=21-').traceLines).toEqual({ min: 21, max: Infinity });
    expect(parseGenSpec('gen:tasks=maze,traceLines=-20').traceLines).toEqual({ min: 0, max: 20 });
    expect(parseGenSpec('gen:tasks=maze,traceLines=10-12').traceLines).toEqual({ min: 10, max: 12 });
    expect(parseGenSpec('gen:tasks=maze,traceLines=9').traceLines).toEqual({ min: 9, max: 9 });
    for (const bad of ['-', '12-10', 'x', '3.5-']) {
      expect(() => parseGenSpec(`gen:tasks=maze,traceLines=${bad}`)).toThrow(
        new RegExp(`traceLines must be A-B, A- or -B .* got '${bad.replace('.', '\\.')}'`),
      );
    }
  });

  it('keeps exactly the problems whose trace has that many lines, with the keys and ids they have unfiltered', () => {
    const all = generateProblems(parseGenSpec('gen:tasks=maze,levels=2,n=40,seed=5,style=short'));
    const lines = (t?: string) => t!.split('\n').length;
    const long = generateProblems(parseGenSpec('gen:tasks=maze,levels=2,n=40,seed=5,style=short,traceLines=18-'));
    const short = generateProblems(parseGenSpec('gen:tasks=maze,levels=2,n=40,seed=5,style=short,traceLines=-17'));
    expect(long.map((p) => p.key)).toEqual(all.filter((p) => lines(p.trace) >= 18).map((p) => p.key));
    expect(long.length).toBeGreaterThan(0);
    expect(long.length + short.length).toBe(all.length);
    expect(long[0]).toEqual(all.find((p) => p.key === long[0].key));
  });
});

describe('style=short', () => {
  const full = generateProblems(parseGenSpec('gen:tasks=maze,24_points,levels=1-2,n=6,seed=11'));
  const short = generateProblems(parseGenSpec('gen:tasks=maze,24_points,levels=1-2,n=6,seed=11,style=short'));

  it('is the same problems (names, answers, hashes) with shorter prompts and traces, under keys of their own', () => {
    expect(short.map((p) => p.name)).toEqual(full.map((p) => p.name));
    // Another question text is another prompt: a cache keyed on the key must not serve one style for the other.
    expect(short.map((p) => p.key)).toEqual(full.map((p) => `${p.name}@gen:seed=11,style=short`));
    for (let i = 0; i < full.length; i++) {
      expect(short[i].instance.answer).toEqual(full[i].instance.answer);
      expect(short[i].hash).toBe(full[i].hash);
      expect(short[i].trace!.length).toBeLessThan(full[i].trace!.length);
      expect(buildPrompt(short[i].instance, 'both').text.length).toBeLessThan(buildPrompt(full[i].instance, 'both').text.length);
    }
  });

  it('short traces pass the task verifier; 24 points ends in the reference answer, the maze in its wall-follower walk', () => {
    for (const p of short) {
      const res = getTask(p.spec.key).verify(p.instance, p.trace!);
      expect(res.correct, `${p.key}: ${res.reason}`).toBe(true);
      const boxed = p.spec.key === 'maze' ? wallFollow(parseMazeState(p.instance.initialState)).join(' ') : String(p.instance.answer);
      expect(p.trace!.endsWith(`\\boxed{${boxed}}`)).toBe(true);
    }
  });

  it('the maze question gives each lettered cell a line with a one-letter code; the trace walks the right-hand wall', () => {
    for (const key of ['maze/L1-0', 'maze/L2-3']) {
      const p = short.find((x) => x.name === key)!;
      const n = key.includes('L1') ? 3 : 4;
      const last = String.fromCharCode(96 + n * n);
      const q = p.instance.questionLanguage;
      expect(q).toMatch(new RegExp(`^Maze ${n}x${n}, ${n * n} cells lettered by rows from the top left; go from S=[a-${last}] to E=[a-${last}]\\.\n`));
      const lines = q.split('\n').filter((l) => /^[a-z][A-Z]: /.test(l));
      expect(lines.map((l) => l[0]).join('')).toBe('abcdefghijklmnop'.slice(0, n * n));
      // The code is a function of the open-move set: one letter per set, the same set the same letter.
      const codeOf = new Map<string, string>();
      const exits = new Map<string, string[]>();
      for (const l of lines) {
        const [, cell, code, open] = l.match(/^([a-z])([A-Z]): ((?:up|down|left|right)(?: (?:up|down|left|right))*)$/)!;
        expect(codeOf.get(open) ?? code).toBe(code);
        codeOf.set(open, code);
        exits.set(cell, open.split(' '));
      }
      expect(new Set(codeOf.values()).size).toBe(codeOf.size);
      const [, s, e] = q.match(/S=([a-z]) to E=([a-z])/)!;
      // Each line is a cell, its code from the question and the wall follower's move: the first open one among
      // right of the heading, straight on, left, back (heading up at S); the next line is the cell it leads to.
      const walk = p.trace!.split('\n').slice(0, -1);
      const step: Record<string, number> = { up: -n, down: n, left: -1, right: 1 };
      const rightOf: Record<string, string> = { up: 'right', right: 'down', down: 'left', left: 'up' };
      const back: Record<string, string> = { up: 'down', down: 'up', left: 'right', right: 'left' };
      expect(walk[0][0]).toBe(s);
      let heading = 'up';
      for (let i = 0; i < walk.length - 1; i++) {
        const [, cell, code, move] = walk[i].match(/^([a-z])([A-Z]) (up|down|left|right)$/)!;
        expect(code).toBe(codeOf.get(exits.get(cell)!.join(' ')));
        expect(move).toBe([rightOf[heading], heading, back[rightOf[heading]], back[heading]].find((d) => exits.get(cell)!.includes(d)));
        expect(walk[i + 1][0]).toBe(String.fromCharCode(cell.charCodeAt(0) + step[move]));
        heading = move;
      }
      expect(walk.at(-1)).toBe(`${e}${codeOf.get(exits.get(e)!.join(' '))} = E`);
      const moves = walk.slice(0, -1).map((l) => l.split(' ')[1]);
      expect(p.trace!.split('\n').at(-1)).toBe(`\\boxed{${moves.join(' ')}}`);
    }
  });

  it('the wall follower reaches E in every maze, within two passes over the tree of passages', () => {
    for (const level of [1, 2, 3] as const) {
      for (const p of generateProblems(parseGenSpec(`gen:tasks=maze,levels=${level},n=30,seed=5`))) {
        const m = parseMazeState(p.instance.initialState);
        const moves = wallFollow(m);
        expect(moves.length).toBeGreaterThanOrEqual(String(p.instance.answer).split(' ').length);
        expect(moves.length).toBeLessThanOrEqual(2 * (m.rows * m.cols - 1));
        expect(getTask('maze').verify(p.instance, `\\boxed{${moves.join(' ')}}`).correct).toBe(true);
      }
    }
  });

  it('mazes of more than 26 cells name cells (row,col)', () => {
    const [p] = generateProblems(parseGenSpec('gen:tasks=maze,levels=3,n=1,seed=2,style=short'));
    expect(p.instance.questionLanguage).toMatch(
      /^Maze 7x7, cells \(row,col\) from \(0,0\) at the top left; go from S=\(\d,\d\) to E=\(\d,\d\)\.\n[^\n]+\n\(0,0\)[A-Z]: /,
    );
    expect(p.trace).toMatch(/^\(\d,\d\)[A-Z] (up|down|left|right)\n/);
    expect(getTask('maze').verify(p.instance, p.trace!).correct).toBe(true);
  });

  it('the 24-points question names the numbers and the trace keeps only the winning moves', () => {
    const p = short.find((x) => x.name === '24_points/L1-0')!;
    const numbers = (p.instance.initialState as { numbers: number[] }).numbers;
    expect(p.instance.questionLanguage).toContain(`Numbers: ${numbers.join(' ')}`);
    const moves = p.trace!.split('\n')[0].split(', ');
    expect(moves).toHaveLength(3);
    expect(moves[2]).toMatch(/=24$/);
  });

  it('names the tasks that have a short form when asked for one without it', () => {
    expect(() => generateProblems(parseGenSpec('gen:tasks=sudoku,levels=1,n=1,style=short'))).toThrow(
      /task 'sudoku' has no short form \(available for maze, 24_points\); use style=full/,
    );
  });
});

describe('problem identity', () => {
  it('keys carry the source: two seeds number their problems alike, their keys and ids still differ', () => {
    const a = generateProblems(parseGenSpec('gen:tasks=maze,levels=2,n=3,seed=7'));
    const b = generateProblems(parseGenSpec('gen:tasks=maze,levels=2,n=3,seed=2001'));
    expect(a.map((p) => p.name)).toEqual(b.map((p) => p.name));
    expect(a.map((p) => p.key)).toEqual(['maze/L2-0@gen:seed=7', 'maze/L2-1@gen:seed=7', 'maze/L2-2@gen:seed=7']);
    expect(new Set([...a, ...b].map((p) => p.key)).size).toBe(6);
    expect(new Set([...a, ...b].map((p) => p.id)).size).toBe(6);
    // A problem is a function of (seed, task, level, index): another n or level list gives it the same key.
    const wider = generateProblems(parseGenSpec('gen:tasks=maze,levels=1-2,n=2:5,seed=7'));
    for (const p of a) expect(wider.find((q) => q.key === p.key)?.hash).toBe(p.hash);
  });

  it('records are keyed by their file, and a repeated index within a file stays unique', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ahpo-identity-'));
    await generateDataset({ tasks: ['24_points'], levels: [1], perLevel: 2, seed: 3, outDir: dir, sizePx: 64 });
    const folder = join(dir, '24_points');
    const lines = readFileSync(join(folder, 'records.jsonl'), 'utf8').trim().split('\n');
    // Two files with the same indices, and one file that repeats an index.
    writeFileSync(join(folder, 'b.jsonl'), lines.join('\n') + '\n');
    writeFileSync(join(folder, 'same.jsonl'), lines.map((l) => JSON.stringify({ ...JSON.parse(l), index: 'x' })).join('\n') + '\n');
    const a = loadProblems(join(folder, 'records.jsonl'));
    const b = loadProblems(join(folder, 'b.jsonl'));
    expect(a.map((p) => p.name)).toEqual(b.map((p) => p.name));
    const indices = lines.map((l) => (JSON.parse(l) as { index: number }).index);
    expect(a.map((p) => p.key)).toEqual(indices.map((i) => `24_points/${i}@records:${join(folder, 'records.jsonl')}`));
    expect(new Set([...a, ...b].map((p) => p.key)).size).toBe(4);
    expect(loadProblems(join(folder, 'same.jsonl')).map((p) => p.name)).toEqual(['24_points/x', '24_points/x#2']);
  });
});

describe('held-out set', () => {
  const cfg = (exclude: string[]) =>
    loadConfig(undefined, [
      ['data.train', 'gen:tasks=maze,levels=1,n=3,seed=5'],
      ['data.eval', 'gen:tasks=maze,levels=1,n=8,seed=5'],
      ['data.exclude', exclude],
    ]);
  const train = generateProblems(parseGenSpec('gen:tasks=maze,levels=1,n=3,seed=5'));

  it('drops problems of the training set and of data.exclude, by content hash, and says so', () => {
    const logs: string[] = [];
    // Same seed: the first 3 eval problems are the training problems.
    const a = heldOutProblems(cfg([]), train, (m) => logs.push(m));
    expect(a.map((p) => p.name)).toEqual(['maze/L1-3', 'maze/L1-4', 'maze/L1-5', 'maze/L1-6', 'maze/L1-7']);
    expect(logs).toEqual(['eval: dropped 3 of 8 problems that also occur in the training set']);
    // The short style hashes like the full one, so a short-style base run excludes full-style eval problems too.
    const b = heldOutProblems(cfg(['gen:tasks=maze,levels=1,n=5,seed=5,style=short']), train, (m) => logs.push(m));
    expect(b.map((p) => p.name)).toEqual(['maze/L1-5', 'maze/L1-6', 'maze/L1-7']);
    expect(logs[1]).toBe('eval: dropped 5 of 8 problems that also occur in the training set or data.exclude');
  });

  it('keeps each held-out problem once when random draws repeat it (3x3 mazes: 791 distinct)', () => {
    const logs: string[] = [];
    const many = loadConfig(undefined, [
      ['data.train', 'gen:tasks=maze,levels=1,n=3,seed=5'],
      ['data.eval', 'gen:tasks=maze,levels=1,n=300,seed=9'],
    ]);
    const evalSet = generateProblems(parseGenSpec('gen:tasks=maze,levels=1,n=300,seed=9'));
    const trainHashes = new Set(train.map((p) => p.hash));
    const unseen = evalSet.filter((p) => !trainHashes.has(p.hash));
    const distinct = new Set(unseen.map((p) => p.hash));
    expect(distinct.size).toBeLessThan(unseen.length - 20); // the draws do repeat
    const kept = heldOutProblems(many, train, (m) => logs.push(m));
    expect(kept.length).toBe(distinct.size);
    expect(new Set(kept.map((p) => p.hash)).size).toBe(kept.length);
    expect(kept[0].key).toBe(unseen[0].key); // the first draw of each problem is the one kept
    expect(logs.at(-1)).toBe(`eval: dropped ${unseen.length - distinct.size} repeats of held-out problems (same content hash)`);
  });
});
