// Count hills and valleys: an integer recomputed from initial_state and compared with the answer.
import { hillsGenerator } from './generate.js';
import { parseState, verify } from './verify.js';
import type { TaskSpec } from '../types.js';

export const task: TaskSpec = {
  key: 'count_hills_and_valleys',
  officialName: 'CountHillsAndValleys',
  category: 'algorithms',
  needsInitialState: true,
  parseState,
  verify,
  generator: hillsGenerator,
};
