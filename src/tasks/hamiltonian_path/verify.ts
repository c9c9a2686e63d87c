// Hamiltonian path: rule-based (every vertex exactly once, consecutive vertices adjacent), or "No".
// Stricter than the official check: when the question names a start vertex ("... starting from vertex 3 ..."), the
// path must begin there — the official verifier accepts a path from any vertex.
// "No" cannot be checked by rules in bounded time, so it is judged against the reference; a list answer is judged by
// the rules alone.
import { isNoAnswer, referenceText } from '../common/answer-shapes.js';
import type { Adjacency } from '../common/graph-state.js';
import { hamiltonianViolation } from '../common/hamiltonian.js';
import { result, type TaskInstance, type VerifyResult } from '../types.js';

/** The start vertex the question asks for, if any (official wording: "starting from vertex N"). */
export function requiredStart(instance: TaskInstance): string | null {
  for (const q of [instance.question, instance.questionLanguage]) {
    const m = /starting (?:from|at) (?:vertex|node) (\d+)/i.exec(typeof q === 'string' ? q : String(q ?? ''));
    if (m) return String(Number(m[1]));
  }
  return null;
}

/** `path` is the answer's vertex list, or null for the answer "No". */
export function checkHamiltonianPath(adj: Adjacency, path: string[] | null, instance: TaskInstance): VerifyResult {
  const start = requiredStart(instance);
  if (path === null) {
    return isNoAnswer(referenceText(instance.answer))
      ? result(true, 'correctly answered No: no Hamiltonian path exists' + (start ? ` from vertex ${start}` : ''))
      : result(false, 'answered No, but a Hamiltonian path exists' + (start ? ` from vertex ${start}` : ''));
  }
  if (path.length === 0) return result(false, 'the path is empty');
  if (start !== null && path[0] !== start)
    return result(false, `the path starts at vertex ${path[0]}, but the question asks for a path starting from vertex ${start}`);
  const bad = hamiltonianViolation(path, adj);
  if (bad) return result(false, bad);
  return result(true, `valid Hamiltonian path through all ${path.length} vertices`);
}
