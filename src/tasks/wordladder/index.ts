// wordladder: MM-HELIX puzzle family (official category 'WordLadder'); verifier in verify.ts.
import type { TaskSpec } from '../types.js';
import { wordladderGenerator } from './generate.js';
import { parseWordLadderState, verifyWordLadder } from './verify.js';

export const wordladder: TaskSpec = {
  key: 'wordladder',
  officialName: 'WordLadder',
  category: 'puzzles',
  needsInitialState: true,
  parseState: parseWordLadderState,
  verify: verifyWordLadder,
  generator: wordladderGenerator,
};
