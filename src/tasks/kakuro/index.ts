// Kakuro: fill the white cells with 1..9 so every clued run sums to its clue without repeating a digit.
import { defineTask } from '../define.js';
import { kakuroGenerator } from './generate.js';
import { renderKakuro } from './render.js';
import { parseKakuroState } from './state.js';
import { checkKakuro, parseKakuroAnswer } from './verify.js';

export const task = defineTask({
  key: 'kakuro',
  officialName: 'kakuro',
  category: 'puzzles',
  needsInitialState: true,
  parseState: parseKakuroState,
  parseAnswer: parseKakuroAnswer,
  check: checkKakuro,
  generate: kakuroGenerator,
  render: renderKakuro,
});
