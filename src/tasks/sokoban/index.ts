// Sokoban: push every box onto a target; the answer is the move list, simulated from the initial state.
import { defineTask } from '../define.js';
import { parseDirections } from '../common/game-moves.js';
import { sokobanGenerator } from './generate.js';
import { renderSokoban } from './render.js';
import { parseSokobanState } from './state.js';
import { checkSokoban } from './verify.js';

export const task = defineTask({
  key: 'sokoban',
  officialName: 'sokoban',
  category: 'games',
  needsInitialState: true,
  parseState: parseSokobanState,
  parseAnswer: (text) => parseDirections(text, { lurdRuns: true }),
  check: checkSokoban,
  generate: sokobanGenerator,
  render: renderSokoban,
});
