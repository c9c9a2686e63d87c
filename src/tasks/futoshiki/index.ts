// Futoshiki (official category `futoshiki`): Latin square with inequality signs and givens.
import { parseSquareGrid } from '../common/grid.js';
import { defineTask } from '../define.js';
import { futoshikiGenerator } from './generate.js';
import { renderFutoshiki } from './render.js';
import { parseFutoshikiState } from './state.js';
import { checkFutoshiki } from './verify.js';

export const task = defineTask({
  key: 'futoshiki',
  officialName: 'futoshiki',
  category: 'puzzles',
  needsInitialState: true,
  parseState: parseFutoshikiState,
  parseAnswer: (text, s) => parseSquareGrid(text, s.n),
  check: checkFutoshiki,
  generate: futoshikiGenerator,
  render: renderFutoshiki,
});
