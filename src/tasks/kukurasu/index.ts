// Kukurasu (official category `Kukurasu`): weighted row/column sums of black cells.
import type { TaskSpec } from '../types.js';
import { kukurasuGenerator } from './generate.js';
import { parseKukurasuState, verifyKukurasu } from './verify.js';

export const kukurasu: TaskSpec = {
  key: 'kukurasu',
  officialName: 'Kukurasu',
  category: 'puzzles',
  needsInitialState: true,
  parseState: parseKukurasuState,
  verify: verifyKukurasu,
  generator: kukurasuGenerator,
};
