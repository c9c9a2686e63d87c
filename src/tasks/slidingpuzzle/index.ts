// Sliding puzzle: moves (direction words or tile numbers) that bring the board to 1..N²-1 with the blank last.
import { defineTask } from '../define.js';
import { slidingGenerator } from './generate.js';
import { renderSliding } from './render.js';
import { parseSlidingState } from './state.js';
import { checkSlidingPuzzle, parseSlidingAnswer } from './verify.js';

export const task = defineTask({
  key: 'slidingpuzzle',
  officialName: 'slidingpuzzle',
  category: 'games',
  needsInitialState: true,
  parseState: parseSlidingState,
  parseAnswer: parseSlidingAnswer,
  check: checkSlidingPuzzle,
  generate: slidingGenerator,
  render: renderSliding,
});
