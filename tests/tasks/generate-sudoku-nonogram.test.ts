// Generators of sudoku and nonogram: every level's puzzle has a unique solution (each family's own solver), and a
// level-L nonogram has L + 2 rows.
// (Determinism, level descriptions, the reference and trace verifying at every level, the \boxed{} rule and the
// images at 448 and 112 px — for wordsearch too: generators.test.ts, over every registered task.)
import { describe, expect, it } from 'vitest';
import { generateChecked } from '../../src/dataset/generate.js';
import { countSolutions } from '../../src/tasks/sudoku/solve.js';
import { emptyGrid, lines, search } from '../../src/tasks/nonogram/solve.js';
import { getTask } from '../../src/tasks/registry.js';
import type { Level } from '../../src/tasks/types.js';
import { parseSudokuState } from '../../src/tasks/sudoku/state.js';
import { parseNonogramState } from '../../src/tasks/nonogram/state.js';

const LEVELS: Level[] = [1, 2, 3, 4, 5];

describe('sudoku generator', () => {
  it.each(LEVELS)('level %i: the puzzle has a unique solution', (level) => {
    for (const seed of [1, 2]) {
      const g = generateChecked(getTask('sudoku'), level, seed); // throws unless trace and reference both verify
      expect(countSolutions(parseSudokuState(g.instance.initialState), 2)).toBe(1);
    }
  });
});

describe('nonogram generator', () => {
  it.each(LEVELS)('level %i: level + 2 rows, and a unique solution', (level) => {
    for (const seed of [1, 2]) {
      const g = generateChecked(getTask('nonogram'), level, seed); // throws unless trace and reference both verify
      const s = parseNonogramState(g.instance.initialState);
      expect(s.rows.length).toBe(level + 2);
      expect(search(emptyGrid(s.rows.length, s.cols.length), lines(s.rows, s.cols), 2, null)).toHaveLength(1);
    }
  });
});
