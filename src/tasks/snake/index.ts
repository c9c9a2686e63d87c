// snake: MM-HELIX puzzle family (official category 'snake'); verifier in verify.ts.
import type { TaskSpec } from '../types.js';
import { snakeGenerator } from './generate.js';
import { parseSnakeState, verifySnake } from './verify.js';

export const snake: TaskSpec = {
  key: 'snake',
  officialName: 'snake',
  category: 'puzzles',
  needsInitialState: true,
  parseState: parseSnakeState,
  verify: verifySnake,
  generator: snakeGenerator,
};
