// Skyscrapers (official category `Skyscrapers`): Latin square of heights with visibility clues.
import { parseLatinGrid } from '../common/grid.js';
import { defineTask } from '../define.js';
import { skyscrapersGenerator } from './generate.js';
import { renderSkyscrapers } from './render.js';
import { parseSkyscrapersState } from './state.js';
import { checkSkyscrapers } from './verify.js';

export const task = defineTask({
  key: 'skyscrapers',
  officialName: 'Skyscrapers',
  category: 'puzzles',
  needsInitialState: true,
  parseState: parseSkyscrapersState,
  parseAnswer: (text, s) => parseLatinGrid(text, s.n),
  check: checkSkyscrapers,
  generate: skyscrapersGenerator,
  render: renderSkyscrapers,
});
