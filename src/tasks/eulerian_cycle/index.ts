// Eulerian cycle or No; any closed walk using every edge once passes.
import { readNodesOrNo } from '../common/answer-shapes.js';
import { parseAdjacency } from '../common/graph-state.js';
import { defineTask } from '../define.js';
import { eulerCycleGenerator } from './generate.js';
import { checkEulerianCycle } from './verify.js';

export const task = defineTask({
  key: 'eulerian_cycle',
  officialName: 'eulerian_cycle',
  category: 'graphs',
  needsInitialState: true,
  parseState: parseAdjacency,
  parseAnswer: readNodesOrNo,
  check: checkEulerianCycle,
  generate: eulerCycleGenerator,
});
