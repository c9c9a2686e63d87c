// slidingpuzzle: the 15-puzzle (any N×N); answer = direction words for the tile sliding into the blank.
import type { TaskSpec } from '../types.js';
import { slidingGenerator } from './generate.js';
import { parseSlidingState } from './state.js';
import { verifySlidingPuzzle } from './verify.js';

export const slidingpuzzle: TaskSpec = {
  key: 'slidingpuzzle',
  officialName: 'slidingpuzzle',
  category: 'games',
  needsInitialState: true,
  parseState: parseSlidingState,
  verify: verifySlidingPuzzle,
  generator: slidingGenerator,
};
