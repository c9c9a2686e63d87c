// Problem sources: the gen: spec parser and the short style (short questions and path-only traces for tiny models).
import { describe, expect, it } from 'vitest';
import { generateProblems, parseGenSpec } from '../../src/data/problems.js';
import { buildPrompt } from '../../src/tasks/prompt.js';
import { getTask } from '../../src/tasks/registry.js';
import { loadConfig } from '../../src/train/config.js';
import { heldOutProblems } from '../../src/train/setup.js';

describe('parseGenSpec', () => {
  it('reads every key, with style defaulting to full', () => {
    expect(parseGenSpec('gen:tasks=maze,24_points,levels=1-2,n=4,seed=3')).toEqual({ tasks: ['maze', '24_points'], levels: [1, 2], n: 4, seed: 3, style: 'full' });
    expect(parseGenSpec('gen:tasks=maze,n=2,style=short').style).toBe('short');
  });

  it('rejects an unknown style, naming the value and the choices', () => {
    expect(() => parseGenSpec('gen:tasks=maze,style=tiny')).toThrow(/style must be full or short, got 'tiny'/);
  });
});

describe('style=short', () => {
  const full = generateProblems(parseGenSpec('gen:tasks=maze,24_points,levels=1-2,n=6,seed=11'));
  const short = generateProblems(parseGenSpec('gen:tasks=maze,24_points,levels=1-2,n=6,seed=11,style=short'));

  it('is the same problems (keys, answers, hashes) with shorter prompts and traces', () => {
    expect(short.map((p) => p.key)).toEqual(full.map((p) => p.key));
    for (let i = 0; i < full.length; i++) {
      expect(short[i].instance.answer).toEqual(full[i].instance.answer);
      expect(short[i].hash).toBe(full[i].hash);
      expect(short[i].trace!.length).toBeLessThan(full[i].trace!.length);
      expect(buildPrompt(short[i].instance, 'both').text.length).toBeLessThan(buildPrompt(full[i].instance, 'both').text.length);
    }
  });

  it('short traces pass the task verifier and end in the reference answer', () => {
    for (const p of short) {
      const res = getTask(p.spec.key).verify(p.instance, p.trace!);
      expect(res.correct, `${p.key}: ${res.reason}`).toBe(true);
      expect(p.trace!.endsWith(`\\boxed{${String(p.instance.answer)}}`)).toBe(true);
    }
  });

  it('the maze question letters the cells and lists their open moves; the trace copies one line per step', () => {
    const p = short.find((x) => x.key === 'maze/L1-0')!;
    const q = p.instance.questionLanguage;
    expect(q).toMatch(/^Maze 3x3, cells by rows:\na b c\nd e f\ng h i\nGo from S=[a-i] to E=[a-i]\. Open moves:\n/);
    const lines = q.split('\n').filter((l) => /^[a-i]: /.test(l));
    expect(lines.map((l) => l[0]).join('')).toBe('abcdefghi');
    for (const l of lines) expect(l).toMatch(/^[a-i]:( (up|down|left|right))+$/);
    const exits = new Map(lines.map((l) => [l[0], l.slice(3)]));
    const [, s, e] = q.match(/S=([a-i]) to E=([a-i])/)!;
    // Each step line repeats its cell's line from the question, then takes one of those exits; the walk starts
    // at S, each next cell is where the move leads (letters run row by row, 3 per row), and the last line is E.
    const walk = p.trace!.split('\n').slice(0, -1);
    expect(walk[0][0]).toBe(s);
    const step: Record<string, number> = { up: -3, down: 3, left: -1, right: 1 };
    for (let i = 0; i < walk.length - 1; i++) {
      const [, cell, open, move] = walk[i].match(/^([a-i]): (.+) -> (up|down|left|right)$/)!;
      expect(open).toBe(exits.get(cell));
      expect(open.split(' ')).toContain(move);
      expect(walk[i + 1][0]).toBe(String.fromCharCode(cell.charCodeAt(0) + step[move]));
    }
    expect(walk.at(-1)).toBe(`${e}: ${exits.get(e)} = E`);
    expect(p.trace!.split('\n').at(-1)).toBe(`\\boxed{${String(p.instance.answer)}}`);
  });

  it('mazes of more than 26 cells name cells (row,col)', () => {
    const [p] = generateProblems(parseGenSpec('gen:tasks=maze,levels=3,n=1,seed=2,style=short'));
    expect(p.instance.questionLanguage).toMatch(/^Maze 7x7, cells are \(row,col\)[^\n]*\nGo from S=\(\d,\d\) to E=\(\d,\d\)\. Open moves:\n\(0,0\): /);
    expect(p.trace).toMatch(/^\(\d,\d\): [a-z ]+ -> (up|down|left|right)\n/);
    expect(getTask('maze').verify(p.instance, p.trace!).correct).toBe(true);
  });

  it('the 24-points question names the numbers and the trace keeps only the winning moves', () => {
    const p = short.find((x) => x.key === '24_points/L1-0')!;
    const numbers = (p.instance.initialState as { numbers: number[] }).numbers;
    expect(p.instance.questionLanguage).toContain(`Numbers: ${numbers.join(' ')}`);
    const moves = p.trace!.split('\n')[0].split(', ');
    expect(moves).toHaveLength(3);
    expect(moves[2]).toMatch(/=24$/);
  });

  it('names the tasks that have a short form when asked for one without it', () => {
    expect(() => generateProblems(parseGenSpec('gen:tasks=sudoku,levels=1,n=1,style=short'))).toThrow(/task 'sudoku' has no short form \(available for maze, 24_points\); use style=full/);
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
    expect(a.map((p) => p.key)).toEqual(['maze/L1-3', 'maze/L1-4', 'maze/L1-5', 'maze/L1-6', 'maze/L1-7']);
    expect(logs).toEqual(['eval: dropped 3 of 8 problems that also occur in the training set']);
    // The short style hashes like the full one, so a short-style base run excludes full-style eval problems too.
    const b = heldOutProblems(cfg(['gen:tasks=maze,levels=1,n=5,seed=5,style=short']), train, (m) => logs.push(m));
    expect(b.map((p) => p.key)).toEqual(['maze/L1-5', 'maze/L1-6', 'maze/L1-7']);
    expect(logs[1]).toBe('eval: dropped 5 of 8 problems that also occur in the training set or data.exclude');
  });
});
