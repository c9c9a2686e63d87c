// numbrix: MM-HELIX puzzle family (official category 'numbrix'); verifier in verify.ts.
import type { TaskSpec } from '../types.js';
import { numbrixGenerator } from './generate.js';
import { parseNumbrixState, verifyNumbrix } from './verify.js';

export const numbrix: TaskSpec = {
  key: 'numbrix',
  officialName: 'numbrix',
  category: 'puzzles',
  needsInitialState: true,
  parseState: parseNumbrixState,
  verify: verifyNumbrix,
  generator: numbrixGenerator,
};
