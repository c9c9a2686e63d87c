// sudoku: MM-HELIX puzzle family (official category 'sudoku'); verifier in verify.ts, generator in generate.ts.
import type { TaskSpec } from '../types.js';
import { sudokuGenerator } from './generate.js';
import { parseSudokuState, verifySudoku } from './verify.js';

export const sudoku: TaskSpec = {
  key: 'sudoku',
  officialName: 'sudoku',
  category: 'puzzles',
  needsInitialState: true,
  parseState: parseSudokuState,
  verify: verifySudoku,
  generator: sudokuGenerator,
};
