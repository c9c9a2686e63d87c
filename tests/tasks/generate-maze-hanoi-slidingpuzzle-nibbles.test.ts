// Generators for maze, hanoi, slidingpuzzle and nibbles: at every level a one-edit corruption of the reference fails
// (after the JSON round trip a record goes through), questions are worded as the official generators word them,
// levels follow the official parameters, and traces show the solver's real steps and stay compact at levels 1-2.
// (Determinism, level descriptions, the reference and trace verifying at every level, the \boxed{} rule and the
// images at 448 and 112 px: generators.test.ts, over every registered task.)
import { describe, expect, it } from 'vitest';
import { makeRng } from '../../src/tasks/common/rng.js';
import { approxTokens, generateChecked, instanceForVerify, LEVELS } from '../../src/dataset/generate.js';
import { bfsDistance } from '../../src/tasks/hanoi/solve.js';
import { HANOI_MOVES } from '../../src/tasks/hanoi/generate.js';
import { parseHanoiState } from '../../src/tasks/hanoi/state.js';
import { carveMaze, MAZE_SIZES } from '../../src/tasks/maze/generate.js';
import { solveMaze } from '../../src/tasks/maze/solve.js';
import { parseMazeState } from '../../src/tasks/maze/state.js';
import { parseNibblesState } from '../../src/tasks/nibbles/state.js';
import { getTask } from '../../src/tasks/registry.js';
import { SLIDING_MOVES } from '../../src/tasks/slidingpuzzle/generate.js';
import { solveSliding } from '../../src/tasks/slidingpuzzle/solve.js';
import { parseSlidingState } from '../../src/tasks/slidingpuzzle/state.js';

const FAMILIES = ['maze', 'hanoi', 'slidingpuzzle', 'nibbles'] as const;

describe.each(FAMILIES)('%s generator', (key) => {
  const spec = getTask(key);
  const gen = spec.generator;
  if (!gen) throw new Error(`${key} has no generator`);

  it('a one-edit corruption of the reference fails at every level, for several seeds', () => {
    for (const level of LEVELS) {
      for (let seed = 0; seed < 4; seed++) {
        const g = generateChecked(spec, level, seed); // throws with the verifier's reason on failure
        const inst = instanceForVerify(spec, g, level, []);
        // The reference with its last move or pair changed.
        const words = String(g.instance.answer).split(' ');
        const last = words[words.length - 1];
        words[words.length - 1] = key === 'hanoi' ? last.replace(/,(\d)\)/, (_, p: string) => `,${(Number(p) % 3) + 1})`) : last === 'up' ? 'down' : 'up';
        expect(spec.verify(inst, `\\boxed{${words.join(' ')}}`).correct).toBe(false);
      }
    }
  });

  it('states the answer format and keeps the state out of the image question', () => {
    const g = generateChecked(spec, 2, 5);
    // maze, hanoi and slidingpuzzle word their questions as the official generators do.
    for (const q of [g.instance.question, g.instance.questionLanguage]) expect(q).toMatch(/Answer format: |### Output Format Requirements:\n/);
    expect(g.instance.question).not.toContain(String(g.instance.initialState));
    expect(g.instance.questionLanguage).toContain(String(g.instance.initialState).split('\n')[0]);
  });

  it('keeps level 1–2 traces compact (token counts reported)', () => {
    const lengths = LEVELS.map((level) => approxTokens(gen.generate(level, makeRng(1, key)).trace));
    console.log(`${key} trace tokens by level: ${lengths.join(', ')}`);
    expect(Math.max(lengths[0], lengths[1])).toBeLessThan(500);
  });
});

describe('level parameters and solver facts', () => {
  it('maze: official sizes (level 2 shrunk to 4x4), traces list coordinates and record real dead ends', () => {
    let deadEnds = 0;
    for (const level of LEVELS) {
      const g = getTask('maze').generator?.generate(level, makeRng(21, 'maze'));
      const m = parseMazeState(g?.instance.initialState);
      expect(m.rows).toBe(MAZE_SIZES[level]);
      expect(g?.trace).toMatch(/to \(\d+,\d+\)/);
      deadEnds += (g?.trace.match(/no open unvisited neighbour/g) ?? []).length;
    }
    expect(MAZE_SIZES).toEqual({ 1: 3, 2: 4, 3: 7, 4: 9, 5: 11 });
    expect(deadEnds).toBeGreaterThan(0);
  });
  it('maze: the DFS path of a perfect maze is its BFS-shortest path', () => {
    for (let seed = 0; seed < 20; seed++) {
      const m = carveMaze(7, makeRng(seed, 'maze'));
      const { moves } = solveMaze(m);
      // BFS distance from S to E.
      const dist = new Map<string, number>([[m.start.join(), 0]]);
      const q = [m.start];
      for (let i = 0; i < q.length; i++) {
        const [r, c] = q[i];
        for (const [dr, dc] of [
          [-1, 0],
          [1, 0],
          [0, -1],
          [0, 1],
        ] as const) {
          const open = dc === 1 ? !m.right[r][c] : dc === -1 ? c > 0 && !m.right[r][c - 1] : dr === 1 ? !m.down[r][c] : r > 0 && !m.down[r - 1][c];
          const k = [r + dr, c + dc].join();
          if (open && !dist.has(k)) {
            dist.set(k, (dist.get([r, c].join()) as number) + 1);
            q.push([r + dr, c + dc]);
          }
        }
      }
      expect(moves.length).toBe(dist.get(m.end.join()));
    }
  });
  it('hanoi: 3 disks, the decomposition is optimal and matches the official move buckets', () => {
    for (const level of LEVELS) {
      for (let seed = 0; seed < 5; seed++) {
        const g = getTask('hanoi').generator?.generate(level, makeRng(seed, 'hanoi'));
        const s = parseHanoiState(g?.instance.initialState);
        const n = String(g?.instance.answer).split(' ').length;
        expect(s.disks).toBe(3);
        expect(n).toBe(bfsDistance(s));
        expect(n).toBeGreaterThanOrEqual(HANOI_MOVES[level][0]);
        expect(n).toBeLessThanOrEqual(HANOI_MOVES[level][1]);
      }
    }
  });
  it('slidingpuzzle: 4x4, optimal length within the official bucket, failed IDA* bounds appear as dead ends', () => {
    let bounds = 0;
    for (const [level, seed] of LEVELS.flatMap((l) => [0, 1, 2, 3].map((sd) => [l, sd] as const))) {
      const g = getTask('slidingpuzzle').generator?.generate(level, makeRng(seed, 'slidingpuzzle'));
      const s = parseSlidingState(g?.instance.initialState);
      const n = String(g?.instance.answer).split(' ').length;
      expect(s.size).toBe(4);
      expect(solveSliding(s)?.moves.length).toBe(n);
      expect(n).toBeGreaterThanOrEqual(SLIDING_MOVES[level][0]);
      expect(n).toBeLessThanOrEqual(SLIDING_MOVES[level][1]);
      bounds += (g?.trace.match(/raise the limit/g) ?? []).length;
    }
    expect(bounds).toBeGreaterThan(0);
  });
  it('nibbles: official grid sizes and apple counts', () => {
    const want = { 1: [6, 1], 2: [7, 2], 3: [8, 3], 4: [9, 4], 5: [10, 5] } as const;
    for (const level of LEVELS) {
      const g = getTask('nibbles').generator?.generate(level, makeRng(4, 'nibbles'));
      const s = parseNibblesState(g?.instance.initialState);
      expect([s.rows, s.apples.length]).toEqual(want[level]);
      expect(s.snake.length).toBe(2);
    }
  });
});
