// Hamiltonian cycle: rule-based (every vertex exactly once, consecutive vertices adjacent, last back to first), or
// "No". The closing vertex may be repeated at the end or left out, as in the official check. "No" is judged against
// the reference (existence is NP-hard to re-check); a list answer is judged by the rules alone.
import { isNoAnswer, referenceText } from '../common/answer-shapes.js';
import { undirectedNeighbours, type Adjacency } from '../common/graph-state.js';
import { hamiltonianViolation } from '../common/hamiltonian.js';
import { result, type TaskInstance, type VerifyResult } from '../types.js';

/** `answer` is the answer's vertex list, or null for the answer "No". */
export function checkHamiltonianCycle(adj: Adjacency, answer: string[] | null, instance: TaskInstance): VerifyResult {
  if (answer === null) {
    return isNoAnswer(referenceText(instance.answer))
      ? result(true, 'correctly answered No: no Hamiltonian cycle exists')
      : result(false, 'answered No, but a Hamiltonian cycle exists');
  }
  let cycle = answer;
  if (cycle.length < 3) return result(false, `a cycle needs at least 3 vertices, got ${cycle.length}`);
  if (cycle[0] === cycle[cycle.length - 1]) cycle = cycle.slice(0, -1);
  if (cycle.length < 3) return result(false, `a cycle needs at least 3 distinct vertices, got ${cycle.length}`);
  const bad = hamiltonianViolation(cycle, adj);
  if (bad) return result(false, bad);
  const first = cycle[0];
  const last = cycle[cycle.length - 1];
  if (!undirectedNeighbours(adj).get(last)?.has(first)) return result(false, `closing edge ${last}–${first} is not in the graph`);
  return result(true, `valid Hamiltonian cycle through all ${cycle.length} vertices`);
}
