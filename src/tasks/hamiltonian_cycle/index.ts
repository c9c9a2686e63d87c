// Hamiltonian cycle or No; any valid cycle passes.
import { guardVerifier } from '../common/answer-shapes.js';
import { parseAdjacency } from '../common/graph-state.js';
import { hamCycleGenerator } from './generate.js';
import { verifyHamiltonianCycle } from './verify.js';
import type { TaskSpec } from '../types.js';

export const task: TaskSpec = {
  key: 'hamiltonian_cycle',
  officialName: 'hamiltonian_cycle',
  category: 'graphs',
  needsInitialState: true,
  parseState: parseAdjacency,
  verify: guardVerifier(verifyHamiltonianCycle),
  generator: hamCycleGenerator,
};
