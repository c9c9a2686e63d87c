// Eulerian path or No; any walk using every edge once passes.
import { readNodesOrNo } from '../common/answer-shapes.js';
import { parseAdjacency } from '../common/graph-state.js';
import { defineTask } from '../define.js';
import { eulerPathGenerator } from './generate.js';
import { checkEulerianPath } from './verify.js';

export const task = defineTask({
  key: 'eulerian_path',
  officialName: 'eulerian_path',
  category: 'graphs',
  needsInitialState: true,
  parseState: parseAdjacency,
  parseAnswer: readNodesOrNo,
  check: checkEulerianPath,
  generate: eulerPathGenerator,
});
