// Bridges (official category `bridges`): Hashiwokakero.
import { defineTask } from '../define.js';
import { bridgesGenerator } from './generate.js';
import { parseBridgesState } from './state.js';
import { checkBridges, parseBridgesAnswer } from './verify.js';

export const task = defineTask({
  key: 'bridges',
  officialName: 'bridges',
  category: 'puzzles',
  needsInitialState: true,
  parseState: parseBridgesState,
  parseAnswer: parseBridgesAnswer,
  check: checkBridges,
  generate: bridgesGenerator,
});
