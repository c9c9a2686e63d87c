// Campsite (official category `campsite`): tents next to trees, not touching, row/column counts.
import { parsePairs } from '../common/grid.js';
import { defineTask } from '../define.js';
import { campsiteGenerator } from './generate.js';
import { renderCampsite } from './render.js';
import { parseCampsiteState } from './state.js';
import { checkCampsite } from './verify.js';

export const task = defineTask({
  key: 'campsite',
  officialName: 'campsite',
  category: 'puzzles',
  needsInitialState: true,
  parseState: parseCampsiteState,
  parseAnswer: parsePairs,
  check: checkCampsite,
  generate: campsiteGenerator,
  render: renderCampsite,
});
