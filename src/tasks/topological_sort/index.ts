// Topological order of a DAG given as an adjacency list; any valid order passes.
import { guardVerifier } from '../common/answer-shapes.js';
import { parseAdjacency } from '../common/graph-state.js';
import { topoGenerator } from './generate.js';
import { verifyTopologicalSort } from './verify.js';
import type { TaskSpec } from '../types.js';

export const task: TaskSpec = {
  key: 'topological_sort',
  officialName: 'topological_sort',
  category: 'graphs',
  needsInitialState: true,
  parseState: parseAdjacency,
  verify: guardVerifier(verifyTopologicalSort),
  generator: topoGenerator,
};
