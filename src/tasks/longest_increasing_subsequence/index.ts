// Length of the longest strictly increasing subsequence: an integer recomputed from initial_state and compared with the answer.
import { lisGenerator } from './generate.js';
import { parseState, verify } from './verify.js';
import type { TaskSpec } from '../types.js';

export const task: TaskSpec = {
  key: 'longest_increasing_subsequence',
  officialName: 'longest_increasing_subsequence',
  category: 'algorithms',
  needsInitialState: true,
  parseState,
  verify,
  generator: lisGenerator,
};
