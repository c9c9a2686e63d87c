// Length of the longest strictly increasing subsequence: an integer recomputed from initial_state and compared with the answer.
import { parseIntArrayState } from '../common/answer-shapes.js';
import { defineTask } from '../define.js';
import { lisGenerator } from './generate.js';
import { checkLis, parseLisAnswer } from './verify.js';

export const task = defineTask({
  key: 'longest_increasing_subsequence',
  officialName: 'longest_increasing_subsequence',
  category: 'algorithms',
  needsInitialState: true,
  parseState: (raw) => ({ sequence: parseIntArrayState(raw, 'sequence') }),
  parseAnswer: parseLisAnswer,
  check: checkLis,
  generate: lisGenerator,
});
