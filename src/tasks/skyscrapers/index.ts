// Skyscrapers (official category `Skyscrapers`): Latin square of heights with visibility clues.
import type { TaskSpec } from '../types.js';
import { skyscrapersGenerator } from './generate.js';
import { parseSkyscrapersState, verifySkyscrapers } from './verify.js';

export const skyscrapers: TaskSpec = {
  key: 'skyscrapers',
  officialName: 'Skyscrapers',
  category: 'puzzles',
  needsInitialState: true,
  parseState: parseSkyscrapersState,
  verify: verifySkyscrapers,
  generator: skyscrapersGenerator,
};
