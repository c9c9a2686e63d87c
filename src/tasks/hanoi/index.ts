// Tower of Hanoi: `(disk,peg)` moves that bring every disk to the last peg, simulated from the initial state.
import { defineTask } from '../define.js';
import { parseIntPairs } from '../common/game-moves.js';
import { hanoiGenerator } from './generate.js';
import { renderHanoi } from './render.js';
import { parseHanoiState } from './state.js';
import { checkHanoi } from './verify.js';

export const task = defineTask({
  key: 'hanoi',
  officialName: 'hanoi',
  category: 'games',
  needsInitialState: true,
  parseState: parseHanoiState,
  parseAnswer: (text) => parseIntPairs(text, 'move'),
  check: checkHanoi,
  generate: hanoiGenerator,
  render: renderHanoi,
});
