// wordsearch: MM-HELIX puzzle family (official category 'wordsearch'); verifier in verify.ts, generator in generate.ts.
import type { TaskSpec } from '../types.js';
import { wordsearchGenerator } from './generate.js';
import { parseWordSearchState, verifyWordSearch } from './verify.js';

export const wordsearch: TaskSpec = {
  key: 'wordsearch',
  officialName: 'wordsearch',
  category: 'puzzles',
  needsInitialState: true,
  parseState: parseWordSearchState,
  verify: verifyWordSearch,
  generator: wordsearchGenerator,
};
