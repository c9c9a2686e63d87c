// nonogram: MM-HELIX puzzle family (official category 'nonogram'); verifier in verify.ts, generator in generate.ts.
import type { TaskSpec } from '../types.js';
import { nonogramGenerator } from './generate.js';
import { parseNonogramState, verifyNonogram } from './verify.js';

export const nonogram: TaskSpec = {
  key: 'nonogram',
  officialName: 'nonogram',
  category: 'puzzles',
  needsInitialState: true,
  parseState: parseNonogramState,
  verify: verifyNonogram,
  generator: nonogramGenerator,
};
