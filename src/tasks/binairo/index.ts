// Binairo (official category `binairo`): 0/1 grid with balance, no-triple and uniqueness rules.
import { parseBinaryGrid } from '../common/grid.js';
import { defineTask } from '../define.js';
import { binairoGenerator } from './generate.js';
import { renderBinairo } from './render.js';
import { parseBinairoState } from './state.js';
import { checkBinairo } from './verify.js';

export const task = defineTask({
  key: 'binairo',
  officialName: 'binairo',
  category: 'puzzles',
  needsInitialState: true,
  parseState: parseBinairoState,
  parseAnswer: (text, s) => parseBinaryGrid(text, s.n),
  check: checkBinairo,
  generate: binairoGenerator,
  render: (s) => renderBinairo(s.grid.flat(), s.n),
});
