// Eulero (official category `eulero`): Graeco-Latin square with givens.
import type { TaskSpec } from '../types.js';
import { euleroGenerator } from './generate.js';
import { parseEuleroState, verifyEulero } from './verify.js';

export const eulero: TaskSpec = {
  key: 'eulero',
  officialName: 'eulero',
  category: 'puzzles',
  needsInitialState: true,
  parseState: parseEuleroState,
  verify: verifyEulero,
  generator: euleroGenerator,
};
