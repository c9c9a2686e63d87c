// Hitori (official category `hitori`): shade duplicates away; shaded cells apart; white cells connected.
import type { TaskSpec } from '../types.js';
import { hitoriGenerator } from './generate.js';
import { parseHitoriState, verifyHitori } from './verify.js';

export const hitori: TaskSpec = {
  key: 'hitori',
  officialName: 'hitori',
  category: 'puzzles',
  needsInitialState: true,
  parseState: parseHitoriState,
  verify: verifyHitori,
  generator: hitoriGenerator,
};
