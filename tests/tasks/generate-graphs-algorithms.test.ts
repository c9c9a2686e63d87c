// Generators of the graph and algorithm tasks: the level facts of 24 points and the path/cycle families hold (easy
// low levels, both solvable and "No" instances, dead ends in traces, the start vertex named in the question).
// (Determinism, level descriptions, the reference and trace verifying at every level, the \boxed{} rule and the
// images at 448 and 112 px: generators.test.ts, over every registered task.)
import { describe, expect, it } from 'vitest';
import { approxTokens, generateChecked } from '../../src/dataset/generate.js';
import { getTask } from '../../src/tasks/registry.js';
import { solve24Traced } from '../../src/tasks/24_points/solve.js';
import { POINTS_LEVELS } from '../../src/tasks/24_points/generate.js';

describe('generator specifics', () => {
  it('24 points levels 1-2 are easy: few dead ends, short traces', () => {
    for (const level of [1, 2] as const) {
      for (let s = 0; s < 20; s++) {
        const g = generateChecked(getTask('24_points'), level, s);
        const numbers = (g.instance.initialState as { numbers: number[] }).numbers;
        expect(Math.max(...numbers)).toBeLessThanOrEqual(level === 1 ? 9 : 13);
        expect(solve24Traced(numbers)!.deadEnds).toBeLessThanOrEqual(POINTS_LEVELS[level].maxDeadEnds!);
        expect(approxTokens(g.trace)).toBeLessThan(level === 1 ? 250 : 350);
      }
    }
  });
  it('Hamiltonian/Eulerian generators produce both solvable and "No" instances, and traces show dead ends', () => {
    for (const key of ['hamiltonian_path', 'eulerian_path', 'eulerian_cycle']) {
      const answers = Array.from({ length: 24 }, (_, s) => String(generateChecked(getTask(key), 2, s).instance.answer));
      expect(answers.some((a) => a === 'No')).toBe(true);
      expect(answers.some((a) => a.startsWith('['))).toBe(true);
    }
    const traces = Array.from({ length: 10 }, (_, s) => generateChecked(getTask('hamiltonian_path'), 3, s).trace);
    expect(traces.some((t) => /fails|dead end|contradiction|does not work/.test(t))).toBe(true);
  });
  it('Hamiltonian path questions name the start vertex the verifier enforces', () => {
    const g = generateChecked(getTask('hamiltonian_path'), 3, 5);
    expect(g.instance.question).toMatch(/starting from vertex \d+ \(marked in red\)/);
  });
});
