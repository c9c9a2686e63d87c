// Nonogram: fill cells so every row and column shows the runs of its clue; any grid that does passes.
import { defineTask } from '../define.js';
import { nonogramGenerator } from './generate.js';
import { renderNonogram } from './render.js';
import { parseNonogramState } from './state.js';
import { checkNonogram, parseNonogramAnswer } from './verify.js';

export const task = defineTask({
  key: 'nonogram',
  officialName: 'nonogram',
  category: 'puzzles',
  needsInitialState: true,
  parseState: parseNonogramState,
  parseAnswer: (text, s) => parseNonogramAnswer(text, s.rows.length, s.cols.length),
  check: checkNonogram,
  generate: nonogramGenerator,
  render: (s) => renderNonogram(s.rows, s.cols),
});
