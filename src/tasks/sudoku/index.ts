// Sudoku: complete the 9×9 grid so every row, column and box holds 1..9 once, keeping the givens.
import { defineTask } from '../define.js';
import { sudokuGenerator } from './generate.js';
import { renderSudoku } from './render.js';
import { parseSudokuState } from './state.js';
import { checkSudoku, parseSudokuAnswer } from './verify.js';

export const task = defineTask({
  key: 'sudoku',
  officialName: 'sudoku',
  category: 'puzzles',
  needsInitialState: true,
  parseState: parseSudokuState,
  parseAnswer: parseSudokuAnswer,
  check: checkSudoku,
  generate: sudokuGenerator,
  render: renderSudoku,
});
