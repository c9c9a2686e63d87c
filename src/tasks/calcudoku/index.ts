// Calcudoku (official category `Calcudoku`): Latin square with arithmetic cages.
import { parseLatinGrid } from '../common/grid.js';
import { defineTask } from '../define.js';
import { calcudokuGenerator } from './generate.js';
import { renderCalcudoku } from './render.js';
import { parseCalcudokuState } from './state.js';
import { checkCalcudoku } from './verify.js';

export const task = defineTask({
  key: 'calcudoku',
  officialName: 'Calcudoku',
  category: 'puzzles',
  needsInitialState: true,
  parseState: parseCalcudokuState,
  parseAnswer: (text, s) => parseLatinGrid(text, s.n),
  check: checkCalcudoku,
  generate: calcudokuGenerator,
  render: renderCalcudoku,
});
