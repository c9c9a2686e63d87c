// Bridges (official category `bridges`): Hashiwokakero.
import type { TaskSpec } from '../types.js';
import { bridgesGenerator } from './generate.js';
import { parseBridgesState, verifyBridges } from './verify.js';

export const bridges: TaskSpec = {
  key: 'bridges',
  officialName: 'bridges',
  category: 'puzzles',
  needsInitialState: true,
  parseState: parseBridgesState,
  verify: verifyBridges,
  generator: bridgesGenerator,
};
