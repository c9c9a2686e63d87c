// Hamiltonian cycle: rule-based (every vertex exactly once, consecutive vertices adjacent, last back to first), or
// "No". The closing vertex may be repeated at the end or left out, as in the official check. "No" is judged against
// the reference (existence is NP-hard to re-check); a list answer is judged by the rules alone.
import { finalAnswer, isNoAnswer, parseNodeList, referenceText } from '../common/answer-shapes.js';
import { parseAdjacency, undirectedNeighbours } from '../common/graph-state.js';
import { hamiltonianViolation } from '../hamiltonian_path/verify.js';
import { result, type TaskInstance, type VerifyResult } from '../types.js';

export function verifyHamiltonianCycle(instance: TaskInstance, response: string): VerifyResult {
  const ans = finalAnswer(response);
  if ('fail' in ans) return ans.fail;
  const adj = parseAdjacency(instance.initialState);
  const refNo = isNoAnswer(referenceText(instance.answer));
  if (isNoAnswer(ans.text)) {
    return refNo ? result(true, 'correctly answered No: no Hamiltonian cycle exists') : result(false, 'answered No, but a Hamiltonian cycle exists');
  }
  const parsed = parseNodeList(ans.text);
  if ('error' in parsed) return result(false, parsed.error);
  let cycle = parsed.nodes;
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
