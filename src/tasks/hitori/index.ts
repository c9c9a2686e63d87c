// Hitori (official category `hitori`): shade duplicates away; shaded cells apart; white cells connected.
import { parsePairs } from '../common/grid.js';
import { defineTask } from '../define.js';
import { hitoriGenerator } from './generate.js';
import { renderHitori } from './render.js';
import { parseHitoriState } from './state.js';
import { checkHitori } from './verify.js';

export const task = defineTask({
  key: 'hitori',
  officialName: 'hitori',
  category: 'puzzles',
  needsInitialState: true,
  parseState: parseHitoriState,
  parseAnswer: parsePairs,
  check: checkHitori,
  generate: hitoriGenerator,
  render: renderHitori,
});
