// Tapa: shade cells so the black cells are connected, hold no 2×2 block, and each clue lists the black groups
// among its eight neighbours.
import { defineTask } from '../define.js';
import { ok } from '../types.js';
import { tapaGenerator } from './generate.js';
import { parseTapaState } from './state.js';
import { checkTapa, parseTapaAnswer } from './verify.js';

export const task = defineTask({
  key: 'tapa',
  officialName: 'tapa',
  category: 'puzzles',
  needsInitialState: true,
  parseState: parseTapaState,
  parseAnswer: (text) => ok(parseTapaAnswer(text)),
  check: checkTapa,
  generate: tapaGenerator,
});
