// Kukurasu (official category `Kukurasu`): weighted row/column sums of black cells.
import { parseBinaryGrid } from '../common/grid.js';
import { defineTask } from '../define.js';
import { kukurasuGenerator } from './generate.js';
import { renderKukurasu } from './render.js';
import { parseKukurasuState } from './state.js';
import { checkKukurasu } from './verify.js';

export const task = defineTask({
  key: 'kukurasu',
  officialName: 'Kukurasu',
  category: 'puzzles',
  needsInitialState: true,
  parseState: parseKukurasuState,
  parseAnswer: (text, s) => parseBinaryGrid(text, s.n),
  check: checkKukurasu,
  generate: kukurasuGenerator,
  render: renderKukurasu,
});
