// Futoshiki solver: the shared Latin candidate search (common/latin-search.ts) plus inequality narrowing — for each
// sign, the smaller cell keeps only values below the larger cell's largest candidate and the larger cell only values
// above the smaller cell's smallest. With a TraceRecorder every deduction, guess, dead end and backtrack is recorded.
import { bitValues, solveLatin, valueOf, type Dom, type LatinResult, type Narrow } from '../common/latin-search.js';
import type { TraceRecorder } from '../trace.js';
import type { FutoshikiState } from './state.js';

function narrowInequalities(s: FutoshikiState, dom: Dom, narrow: Narrow): null {
  const n = s.n;
  for (const q of s.inequalities) {
    const [lo, hi] = q.op === '<' ? [q.a, q.b] : [q.b, q.a];
    const li = lo[0] * n + lo[1];
    const hj = hi[0] * n + hi[1];
    // An empty cell is a contradiction the Latin pass reports on its next round.
    if (dom[li] === 0 || dom[hj] === 0) continue;
    const why = `(${lo[0]},${lo[1]}) < (${hi[0]},${hi[1]}) trims its candidates to this one`;
    narrow(li, (1 << (valueOf(dom[hj]) - 1)) - 1, why);
    narrow(hj, ~((1 << bitValues(dom[li])[0]) - 1), why);
  }
  return null;
}

/** Up to `limit` solutions (2 tests uniqueness), within `maxNodes` search nodes. */
export function solveFutoshiki(s: FutoshikiState, o: { limit?: number; rec?: TraceRecorder; maxNodes?: number } = {}): LatinResult {
  const all = (1 << s.n) - 1;
  return solveLatin(
    { n: s.n, initial: s.grid.flat().map((v) => (v > 0 ? 1 << (v - 1) : all)), propagate: (dom, narrow) => narrowInequalities(s, dom, narrow) },
    o,
  );
}
