// H-index of a citation list: an integer recomputed from initial_state and compared with the answer.
import { hIndexGenerator } from './generate.js';
import { parseState, verify } from './verify.js';
import type { TaskSpec } from '../types.js';

export const task: TaskSpec = {
  key: 'h_index',
  officialName: 'HIndex',
  category: 'algorithms',
  needsInitialState: true,
  parseState,
  verify,
  generator: hIndexGenerator,
};
