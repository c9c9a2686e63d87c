// Eulerian path: rule-based (a walk along existing edges that uses every undirected edge exactly once), or "No".
// Unlike the Hamiltonian tasks, existence is cheap to decide (Euler: the edges form one connected piece and 0 or 2
// vertices have odd degree), so a "No" is checked against the graph itself rather than against the reference.
import { eulerFacts, eulerWalkViolation } from '../common/euler.js';
import type { Adjacency } from '../common/graph-state.js';
import { result, type VerifyResult } from '../types.js';

/** `walk` is the answer's vertex list, or null for the answer "No". */
export function checkEulerianPath(adj: Adjacency, walk: string[] | null): VerifyResult {
  if (walk === null) {
    const f = eulerFacts(adj);
    const exists = f.edgeCount > 0 && f.connected && (f.oddVertices.length === 0 || f.oddVertices.length === 2);
    if (!exists)
      return result(true, `correctly answered No: ${f.connected ? `${f.oddVertices.length} vertices have odd degree` : 'the edges are not connected'}`);
    return result(
      false,
      `answered No, but an Eulerian path exists: the graph is connected and has ${f.oddVertices.length} odd-degree vertices${f.oddVertices.length ? ` (${f.oddVertices.join(', ')})` : ''}`,
    );
  }
  const bad = eulerWalkViolation(walk, adj);
  if (bad) return result(false, bad);
  return result(true, `valid Eulerian path using all ${walk.length - 1} edges once`);
}
