// Aquarium (official category `aquarium`): tanks filled to one level, row/column water counts.
import { parsePairs } from '../common/grid.js';
import { defineTask } from '../define.js';
import { aquariumGenerator } from './generate.js';
import { renderAquarium } from './render.js';
import { parseAquariumState } from './state.js';
import { checkAquarium } from './verify.js';

export const task = defineTask({
  key: 'aquarium',
  officialName: 'aquarium',
  category: 'puzzles',
  needsInitialState: true,
  parseState: parseAquariumState,
  parseAnswer: parsePairs,
  check: checkAquarium,
  generate: aquariumGenerator,
  render: renderAquarium,
});
