// Generators of calcudoku, skyscrapers, eulero and hitori: at every level one-edit corruptions of the reference
// fail, the puzzle has the documented size and a unique solution (checked by each family's own solver), the questions
// state the format; traces are compact at levels 1-2; generation time per instance stays bounded.
// (Determinism, level descriptions, the reference and trace verifying at every level — the trace ending in
// \boxed{reference}, which uniqueness implies — the \boxed{} rule and square images at 448 and 112 px:
// generators.test.ts, over every registered task.)
import { describe, expect, it } from 'vitest';
import { makeRng } from '../../src/tasks/common/rng.js';
import { generateChecked, instanceForVerify } from '../../src/dataset/generate.js';
import { getTask } from '../../src/tasks/registry.js';
import type { GeneratedInstance, Level, TaskSpec } from '../../src/tasks/types.js';
import { solveSkyscrapers } from '../../src/tasks/skyscrapers/solve.js';
import { parseSkyscrapersState } from '../../src/tasks/skyscrapers/state.js';
import { solveEulero, type Cell } from '../../src/tasks/eulero/solve.js';
import { parseEuleroState } from '../../src/tasks/eulero/state.js';
import { solveCalcudoku } from '../../src/tasks/calcudoku/solve.js';
import { parseCalcudokuState } from '../../src/tasks/calcudoku/state.js';
import { solveHitori } from '../../src/tasks/hitori/solve.js';
import { parseHitoriState } from '../../src/tasks/hitori/state.js';
import { cpuMs } from '../cpu-time.js';

const LEVELS: Level[] = [1, 2, 3, 4, 5];
const FAMILIES = ['calcudoku', 'skyscrapers', 'eulero', 'hitori'] as const;
const SIZES: Record<(typeof FAMILIES)[number], number[]> = {
  calcudoku: [3, 4, 5, 6, 8],
  skyscrapers: [3, 4, 5, 6, 7],
  eulero: [3, 4, 5, 7, 7],
  hitori: [4, 5, 6, 7, 8],
};

/** Solutions of the generated puzzle, up to 2, by the family's own solver. */
function countSolutions(key: string, state: unknown): number {
  if (key === 'skyscrapers') {
    const r = solveSkyscrapers(parseSkyscrapersState(state), { limit: 2, maxNodes: 100000 });
    return r.aborted ? -1 : r.solutions.length;
  }
  if (key === 'eulero') {
    const s = parseEuleroState(state);
    const givens: Cell[][] = s.grid.map((row) => row.map((t) => (t ? { l: t.charCodeAt(0) - 65, d: Number(t.slice(1)) } : null)));
    const r = solveEulero(givens, { limit: 2, maxNodes: 100000 });
    return r.aborted ? -1 : r.solutions.length;
  }
  if (key === 'calcudoku') {
    const r = solveCalcudoku(parseCalcudokuState(state), { limit: 2, maxNodes: 100000 });
    return r.aborted ? -1 : r.solutions.length;
  }
  const r = solveHitori(parseHitoriState(state), { limit: 2, maxNodes: 100000 });
  return r.aborted ? -1 : r.solutions.length;
}

/** Size of the generated puzzle as the verifier reads it. */
function sizeOf(key: string, state: unknown): number {
  if (key === 'skyscrapers') return parseSkyscrapersState(state).n;
  if (key === 'eulero') return parseEuleroState(state).n;
  if (key === 'calcudoku') return parseCalcudokuState(state).n;
  return parseHitoriState(state).n;
}

/** One-edit corruptions of the reference answer text, each of which must fail. */
function corruptions(key: string, answer: string): string[] {
  if (key === 'hitori') {
    const cells = [...answer.matchAll(/\((\d+), (\d+)\)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    const fmt = (list: number[][]): string => `{${list.map(([r, c]) => `(${r}, ${c})`).join(', ')}}`;
    const [r, c] = cells[0];
    return [fmt(cells.slice(1)), fmt([...cells.slice(1), [r, c === 0 ? 1 : c - 1]])];
  }
  if (key === 'eulero') {
    const rows = answer.split('\n').map((l) => l.split('|'));
    const swapLetter = rows.map((row) => row.slice());
    const [a, b] = [swapLetter[0][0], swapLetter[0][1]];
    swapLetter[0][0] = `${b[0]}${a.slice(1)}`; // letter of the second cell with the number of the first
    const swapCells = rows.map((row) => row.slice());
    [swapCells[0][0], swapCells[0][1]] = [swapCells[0][1], swapCells[0][0]];
    return [swapLetter, swapCells].map((g) => g.map((row) => row.join('|')).join('\n'));
  }
  // Integer grids: change one cell; swap two cells of a row.
  const g = JSON.parse(answer) as number[][];
  const n = g.length;
  const one = g.map((row) => row.slice());
  one[0][0] = (one[0][0] % n) + 1;
  const swap = g.map((row) => row.slice());
  [swap[1][0], swap[1][1]] = [swap[1][1], swap[1][0]];
  return [JSON.stringify(one), JSON.stringify(swap)];
}

const cache = new Map<string, GeneratedInstance>();
function gen(spec: TaskSpec, level: Level, seed: number): GeneratedInstance {
  const k = `${spec.key}/${level}/${seed}`;
  let g = cache.get(k);
  if (!g) {
    g = generateChecked(spec, level, seed); // throws unless trace and reference both verify
    cache.set(k, g);
  }
  return g;
}

describe.each(FAMILIES)('%s generator', (key) => {
  const spec = getTask(key);
  const g0 = spec.generator;
  it.each(LEVELS)('level %i: corruptions fail, unique, sized as documented, questions state the format', (level) => {
    for (const seed of [1, 2, 3]) {
      const g = gen(spec, level, seed);
      const inst = instanceForVerify(spec, g, level, ['x.png']);
      const answer = String(g.instance.answer);
      for (const bad of corruptions(key, answer)) expect(spec.verify(inst, `\\boxed{${bad}}`).correct, bad).toBe(false);
      for (const q of [g.instance.question, g.instance.questionLanguage]) expect(q).toMatch(/format/i);
      expect(sizeOf(key, inst.initialState)).toBe(SIZES[key][level - 1]);
      expect(countSolutions(key, inst.initialState)).toBe(1);
    }
  });
  it('traces are compact at levels 1-2 and record real search at level 5', () => {
    expect(gen(spec, 1, 1).trace.startsWith('Rules:')).toBe(true);
    expect(gen(spec, 5, 1).trace.startsWith('Rules:')).toBe(false);
  });
  it('generates level-5 instances quickly (mean < 150 ms of CPU)', () => {
    const { ms } = cpuMs(() => {
      for (let seed = 100; seed < 110; seed++) g0!.generate(5, makeRng(seed, key));
    });
    expect(ms / 10).toBeLessThan(150);
  });
});
