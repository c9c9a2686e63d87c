// Calcudoku (official category `Calcudoku`): Latin square with arithmetic cages.
import type { TaskSpec } from '../types.js';
import { calcudokuGenerator } from './generate.js';
import { parseCalcudokuState, verifyCalcudoku } from './verify.js';

export const calcudoku: TaskSpec = {
  key: 'calcudoku',
  officialName: 'Calcudoku',
  category: 'puzzles',
  needsInitialState: true,
  parseState: parseCalcudokuState,
  verify: verifyCalcudoku,
  generator: calcudokuGenerator,
};
