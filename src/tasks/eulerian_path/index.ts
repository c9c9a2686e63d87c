// Eulerian path or No; any walk using every edge once passes.
import { guardVerifier } from '../common/answer-shapes.js';
import { parseAdjacency } from '../common/graph-state.js';
import { eulerPathGenerator } from './generate.js';
import { verifyEulerianPath } from './verify.js';
import type { TaskSpec } from '../types.js';

export const task: TaskSpec = {
  key: 'eulerian_path',
  officialName: 'eulerian_path',
  category: 'graphs',
  needsInitialState: true,
  parseState: parseAdjacency,
  verify: guardVerifier(verifyEulerianPath),
  generator: eulerPathGenerator,
};
