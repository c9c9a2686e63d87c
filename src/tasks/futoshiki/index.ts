// Futoshiki (official category `futoshiki`): Latin square with inequality signs and givens.
import type { TaskSpec } from '../types.js';
import { futoshikiGenerator } from './generate.js';
import { parseFutoshikiState, verifyFutoshiki } from './verify.js';

export const futoshiki: TaskSpec = {
  key: 'futoshiki',
  officialName: 'futoshiki',
  category: 'puzzles',
  needsInitialState: true,
  parseState: parseFutoshikiState,
  verify: verifyFutoshiki,
  generator: futoshikiGenerator,
};
