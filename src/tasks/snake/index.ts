// Snake: a path from S to E that never touches itself, with the row and column counts of the clues.
import { defineTask } from '../define.js';
import { ok } from '../types.js';
import { snakeGenerator } from './generate.js';
import { renderSnake } from './render.js';
import { parseSnakeState } from './state.js';
import { checkSnake, parseSnakeAnswer } from './verify.js';

export const task = defineTask({
  key: 'snake',
  officialName: 'snake',
  category: 'puzzles',
  needsInitialState: true,
  parseState: parseSnakeState,
  parseAnswer: (text) => ok(parseSnakeAnswer(text)),
  check: checkSnake,
  generate: snakeGenerator,
  render: renderSnake,
});
