// Binairo (official category `binairo`): 0/1 grid with balance, no-triple and uniqueness rules.
import type { TaskSpec } from '../types.js';
import { binairoGenerator } from './generate.js';
import { parseBinairoState, verifyBinairo } from './verify.js';

export const binairo: TaskSpec = {
  key: 'binairo',
  officialName: 'binairo',
  category: 'puzzles',
  needsInitialState: true,
  parseState: parseBinairoState,
  verify: verifyBinairo,
  generator: binairoGenerator,
};
