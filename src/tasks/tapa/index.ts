// tapa: MM-HELIX puzzle family (official category 'tapa'); verifier in verify.ts.
import type { TaskSpec } from '../types.js';
import { tapaGenerator } from './generate.js';
import { parseTapaState, verifyTapa } from './verify.js';

export const tapa: TaskSpec = {
  key: 'tapa',
  officialName: 'tapa',
  category: 'puzzles',
  needsInitialState: true,
  parseState: parseTapaState,
  verify: verifyTapa,
  generator: tapaGenerator,
};
