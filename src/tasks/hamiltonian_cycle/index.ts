// Hamiltonian cycle or No; any valid cycle passes.
import { readNodesOrNo } from '../common/answer-shapes.js';
import { parseAdjacency } from '../common/graph-state.js';
import { defineTask } from '../define.js';
import { hamCycleGenerator } from './generate.js';
import { checkHamiltonianCycle } from './verify.js';

export const task = defineTask({
  key: 'hamiltonian_cycle',
  officialName: 'hamiltonian_cycle',
  category: 'graphs',
  needsInitialState: true,
  parseState: parseAdjacency,
  parseAnswer: readNodesOrNo,
  check: checkHamiltonianCycle,
  generate: hamCycleGenerator,
});
