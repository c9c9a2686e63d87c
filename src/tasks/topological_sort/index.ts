// Topological sort of a DAG given as an adjacency dict; any valid order passes.
import { readNodesOrNo } from '../common/answer-shapes.js';
import { parseAdjacency } from '../common/graph-state.js';
import { defineTask } from '../define.js';
import { topoGenerator } from './generate.js';
import { checkTopologicalSort } from './verify.js';

export const task = defineTask({
  key: 'topological_sort',
  officialName: 'topological_sort',
  category: 'graphs',
  needsInitialState: true,
  parseState: parseAdjacency,
  parseAnswer: readNodesOrNo,
  check: checkTopologicalSort,
  generate: topoGenerator,
});
