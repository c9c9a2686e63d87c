// Eulero (official category `eulero`): Graeco-Latin square with givens.
import { defineTask } from '../define.js';
import { euleroGenerator } from './generate.js';
import { renderEulero } from './render.js';
import { parseEuleroState } from './state.js';
import { checkEulero, readEuleroGrid } from './verify.js';

export const task = defineTask({
  key: 'eulero',
  officialName: 'eulero',
  category: 'puzzles',
  needsInitialState: true,
  parseState: parseEuleroState,
  parseAnswer: readEuleroGrid,
  check: checkEulero,
  generate: euleroGenerator,
  render: (s) => renderEulero(s.grid),
});
