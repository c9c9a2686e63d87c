// Trapping rain water: an integer recomputed from initial_state and compared with the answer.
import { rainGenerator } from './generate.js';
import { parseState, verify } from './verify.js';
import type { TaskSpec } from '../types.js';

export const task: TaskSpec = {
  key: 'trapping_rain_water',
  officialName: 'trapping_rain_water',
  category: 'algorithms',
  needsInitialState: true,
  parseState,
  verify,
  generator: rainGenerator,
};
