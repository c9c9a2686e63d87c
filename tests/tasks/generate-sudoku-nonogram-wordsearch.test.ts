// Generators of sudoku, nonogram and wordsearch: reference answer and trace verify at every
// level, uniqueness where required, and the image renders and decodes at 448 px and 112 px.
// (Determinism by seed and level descriptions: generators.test.ts, over every registered task.)
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { makeRng } from '../../src/tasks/common/rng.js';
import { generateChecked, instanceForVerify } from '../../src/dataset/generate.js';
import { countSolutions } from '../../src/tasks/sudoku/solve.js';
import { emptyGrid, lines, search } from '../../src/tasks/nonogram/solve.js';
import { rasterize } from '../../src/tasks/render/index.js';
import { getTask } from '../../src/tasks/registry.js';
import type { Level } from '../../src/tasks/types.js';
import { parseSudokuState } from '../../src/tasks/sudoku/state.js';
import { parseNonogramState } from '../../src/tasks/nonogram/state.js';
import { expectBoxedOnlyInPrompt } from './boxed-prompt.js';

const LEVELS: Level[] = [1, 2, 3, 4, 5];

describe.each(['sudoku', 'nonogram', 'wordsearch'])('%s generator', (key) => {
  const spec = getTask(key);
  const gen = spec.generator;
  it.each(LEVELS)('level %i: answer and trace verify; only the prompt (not the question) carries the boxed rule', (level) => {
    for (const seed of [1, 2]) {
      const g = generateChecked(spec, level, seed); // throws unless trace and reference both verify
      const inst = instanceForVerify(spec, g, level, ['x.png']);
      expect(spec.verify(inst, g.trace).correct).toBe(true);
      expect(g.trace.trimEnd().endsWith(`\\boxed{${String(g.instance.answer)}}`)).toBe(true);
      expectBoxedOnlyInPrompt(g.instance, `${key} L${level}`);
      if (key === 'sudoku') expect(countSolutions(parseSudokuState(g.instance.initialState), 2)).toBe(1);
      if (key === 'nonogram') {
        const s = parseNonogramState(g.instance.initialState);
        expect(s.rows.length).toBe(level + 2);
        expect(search(emptyGrid(s.rows.length, s.cols.length), lines(s.rows, s.cols), 2, null)).toHaveLength(1);
      }
    }
  });
  it('renders an image that decodes at 448 px and 112 px', async () => {
    const g = gen!.generate(5, makeRng(3, key));
    for (const size of [448, 112]) {
      const meta = await sharp(await rasterize(g.svgs[0], size)).metadata();
      expect(meta.format).toBe('png');
      expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBe(size);
    }
  });
});
