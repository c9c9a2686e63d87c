// Eulerian cycle: rule-based (a closed walk using every undirected edge exactly once), or "No". The closing vertex may
// be repeated at the end or left out (then the closing edge last→first must exist and is counted), as in the official
// check. A "No" is decided from the graph (connected edges, every degree even), not from the reference.
import { eulerFacts, eulerWalkViolation } from '../common/euler.js';
import type { Adjacency } from '../common/graph-state.js';
import { result, type VerifyResult } from '../types.js';

/** `answer` is the answer's vertex list, or null for the answer "No". */
export function checkEulerianCycle(adj: Adjacency, answer: string[] | null): VerifyResult {
  if (answer === null) {
    const f = eulerFacts(adj);
    const exists = f.edgeCount > 0 && f.connected && f.oddVertices.length === 0;
    if (!exists)
      return result(true, `correctly answered No: ${f.connected ? `vertices ${f.oddVertices.join(', ')} have odd degree` : 'the edges are not connected'}`);
    return result(false, 'answered No, but an Eulerian cycle exists: the graph is connected and every degree is even');
  }
  let walk = answer;
  if (walk.length < 3) return result(false, `a cycle needs at least 3 vertices, got ${walk.length}`);
  const closedByAnswer = walk[0] === walk[walk.length - 1];
  if (!closedByAnswer) walk = [...walk, walk[0]];
  const bad = eulerWalkViolation(walk, adj);
  if (bad) return result(false, closedByAnswer ? bad : `${bad} (closing the cycle back to ${walk[0]})`);
  return result(true, `valid Eulerian cycle using all ${walk.length - 1} edges once`);
}
