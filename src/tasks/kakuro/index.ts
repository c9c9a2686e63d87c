// kakuro: MM-HELIX puzzle family (official category 'kakuro'); verifier in verify.ts.
import type { TaskSpec } from '../types.js';
import { kakuroGenerator } from './generate.js';
import { parseKakuroState, verifyKakuro } from './verify.js';

export const kakuro: TaskSpec = {
  key: 'kakuro',
  officialName: 'kakuro',
  category: 'puzzles',
  needsInitialState: true,
  parseState: parseKakuroState,
  verify: verifyKakuro,
  generator: kakuroGenerator,
};
