// Aquarium (official category `aquarium`): tanks filled to one level, row/column water counts.
import type { TaskSpec } from '../types.js';
import { aquariumGenerator } from './generate.js';
import { parseAquariumState, verifyAquarium } from './verify.js';

export const aquarium: TaskSpec = {
  key: 'aquarium',
  officialName: 'aquarium',
  category: 'puzzles',
  needsInitialState: true,
  parseState: parseAquariumState,
  verify: verifyAquarium,
  generator: aquariumGenerator,
};
