// Generators of the graph and algorithm tasks (14 families): reference answer and trace verify at every level,
// images decode at 448 and 112 px, and the level facts of 24 points and the path/cycle families hold.
// (Determinism by seed and level descriptions: generators.test.ts, over every registered task.)
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { approxTokens, generateChecked, LEVELS } from '../../src/dataset/generate.js';
import { getTask } from '../../src/tasks/registry.js';
import { rasterize } from '../../src/tasks/render/raster.js';
import { solve24Traced } from '../../src/tasks/24_points/solve.js';
import { POINTS_LEVELS } from '../../src/tasks/24_points/generate.js';
import { expectBoxedOnlyInPrompt } from './boxed-prompt.js';

const GENERATORS = [
  'topological_sort',
  'hamiltonian_path',
  'eulerian_path',
  'eulerian_cycle',
  'shortest_path',
  '24_points',
  'best_time_to_buy_and_sell_stock',
  'trapping_rain_water',
  'longest_increasing_subsequence',
  'container_with_most_water',
  'h_index',
  'count_hills_and_valleys',
  'largest_rectangle_in_histogram',
  'crypto_math',
];

describe.each(GENERATORS)('%s generator', (key) => {
  const spec = getTask(key);
  it('solver answer and trace verify at every level 1-5', () => {
    // generateChecked throws with the verifier's reason when the trace or the reference answer fails.
    for (const level of LEVELS) {
      for (let s = 0; s < 4; s++) {
        const g = generateChecked(spec, level, 100 * level + s);
        expect(g.trace.trimEnd().endsWith('}')).toBe(true);
        expectBoxedOnlyInPrompt(g.instance, `${key} L${level}`);
        const inst = { ...g.instance, task: key, difficulty: level, images: [] };
        expect(spec.verify(inst, g.trace).correct).toBe(true);
      }
    }
  });
  it('renders images that decode at 448 and 112 px', async () => {
    for (const level of [1, 5] as const) {
      const g = generateChecked(spec, level, 7);
      for (const size of [448, 112]) {
        const png = await rasterize(g.svgs[0], size);
        const meta = await sharp(png).metadata();
        expect([meta.width, meta.height, meta.format]).toEqual([size, size, 'png']);
      }
    }
  });
});

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
