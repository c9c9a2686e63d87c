// Campsite (official category `campsite`): tents next to trees, not touching, row/column counts.
import type { TaskSpec } from '../types.js';
import { campsiteGenerator } from './generate.js';
import { parseCampsiteState, verifyCampsite } from './verify.js';

export const campsite: TaskSpec = {
  key: 'campsite',
  officialName: 'campsite',
  category: 'puzzles',
  needsInitialState: true,
  parseState: parseCampsiteState,
  verify: verifyCampsite,
  generator: campsiteGenerator,
};
