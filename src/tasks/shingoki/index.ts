// shingoki: MM-HELIX puzzle family (official category 'shingoki'); verifier in verify.ts.
import type { TaskSpec } from '../types.js';
import { shingokiGenerator } from './generate.js';
import { parseShingokiState, verifyShingoki } from './verify.js';

export const shingoki: TaskSpec = {
  key: 'shingoki',
  officialName: 'shingoki',
  category: 'puzzles',
  needsInitialState: true,
  parseState: parseShingokiState,
  verify: verifyShingoki,
  generator: shingokiGenerator,
};
