// Eulerian cycle or No; any closed walk using every edge once passes.
import { guardVerifier } from '../common/answer-shapes.js';
import { parseAdjacency } from '../common/graph-state.js';
import { eulerCycleGenerator } from './generate.js';
import { verifyEulerianCycle } from './verify.js';
import type { TaskSpec } from '../types.js';

export const task: TaskSpec = {
  key: 'eulerian_cycle',
  officialName: 'eulerian_cycle',
  category: 'graphs',
  needsInitialState: true,
  parseState: parseAdjacency,
  verify: guardVerifier(verifyEulerianCycle),
  generator: eulerCycleGenerator,
};
