// Hamiltonian path: rule-based (every vertex exactly once, consecutive vertices adjacent), or "No".
// Stricter than the official check: when the question names a start vertex ("... starting from vertex 3 ..."), the
// path must begin there — the official verifier accepts a path from any vertex.
// "No" cannot be checked by rules in bounded time, so it is judged against the reference; a list answer is judged by
// the rules alone.
import { finalAnswer, isNoAnswer, parseNodeList, referenceText } from '../common/answer-shapes.js';
import { allNodes, parseAdjacency, undirectedNeighbours } from '../common/graph-state.js';
import { result, type TaskInstance, type VerifyResult } from '../types.js';

/** The start vertex the question asks for, if any (official wording: "starting from vertex N"). */
export function requiredStart(instance: TaskInstance): string | null {
  for (const q of [instance.question, instance.questionLanguage]) {
    const m = /starting (?:from|at) (?:vertex|node) (\d+)/i.exec(typeof q === 'string' ? q : String(q ?? ''));
    if (m) return String(Number(m[1]));
  }
  return null;
}

/** Checks a visiting order of distinct vertices covering the graph along edges; null when valid. */
export function hamiltonianViolation(order: string[], adj: ReturnType<typeof parseAdjacency>): string | null {
  const nodes = allNodes(adj);
  const nb = undirectedNeighbours(adj);
  const seen = new Set<string>();
  for (let i = 0; i < order.length; i++) {
    const v = order[i];
    if (!nb.has(v)) return `step ${i + 1}: vertex ${v} is not in the graph`;
    if (seen.has(v)) return `step ${i + 1}: vertex ${v} is visited twice`;
    seen.add(v);
    if (i > 0 && !nb.get(order[i - 1])?.has(v)) return `step ${i + 1}: edge ${order[i - 1]}–${v} is not in the graph`;
  }
  for (const v of nodes) if (!seen.has(v)) return `vertex ${v} is never visited`;
  return null;
}

export function verifyHamiltonianPath(instance: TaskInstance, response: string): VerifyResult {
  const ans = finalAnswer(response);
  if ('fail' in ans) return ans.fail;
  const adj = parseAdjacency(instance.initialState);
  const start = requiredStart(instance);
  const refNo = isNoAnswer(referenceText(instance.answer));
  if (isNoAnswer(ans.text)) {
    return refNo
      ? result(true, 'correctly answered No: no Hamiltonian path exists' + (start ? ` from vertex ${start}` : ''))
      : result(false, 'answered No, but a Hamiltonian path exists' + (start ? ` from vertex ${start}` : ''));
  }
  const parsed = parseNodeList(ans.text);
  if ('error' in parsed) return result(false, parsed.error);
  const path = parsed.nodes;
  if (path.length === 0) return result(false, 'the path is empty');
  if (start !== null && path[0] !== start) return result(false, `the path starts at vertex ${path[0]}, but the question asks for a path starting from vertex ${start}`);
  const bad = hamiltonianViolation(path, adj);
  if (bad) return result(false, bad);
  return result(true, `valid Hamiltonian path through all ${path.length} vertices`);
}
