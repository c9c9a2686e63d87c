// Futoshiki solver: candidate bitmasks with propagation (placed values leave their row/column, inequalities
// trim the ends of ranges, a value with one possible cell in a line goes there), then depth-first search on the
// cell with fewest candidates. With a TraceRecorder it records each real deduction, guess, dead end and
// backtrack, which is what the expert trace is built from.
import type { TraceRecorder } from '../trace.js';
import type { FutoshikiState } from './verify.js';

type Dom = number[]; // n*n candidate masks; bit v-1 set = value v possible

const bits = (m: number): number[] => {
  const out: number[] = [];
  for (let v = 1; m; v++, m >>= 1) if (m & 1) out.push(v);
  return out;
};
const single = (m: number): boolean => m !== 0 && (m & (m - 1)) === 0;
const valueOf = (m: number): number => 31 - Math.clz32(m) + 1;

/** The grid as rows of digits and `_`; with `told`, only cells the trace has already stated show a value. */
export function gridText(dom: Dom, n: number, told?: boolean[]): string {
  const rows: string[] = [];
  const shown = (i: number): boolean => single(dom[i]) && (told ? told[i] : true);
  for (let r = 0; r < n; r++) rows.push(Array.from({ length: n }, (_, c) => (shown(r * n + c) ? String(valueOf(dom[r * n + c])) : '_')).join(' '));
  return rows.join('\n');
}

/** Search node: candidates, cells already propagated, cells whose value the trace has already stated. */
interface Node {
  dom: Dom;
  placed: boolean[];
  told: boolean[];
}

const copy = (x: Node): Node => ({ dom: x.dom.slice(), placed: x.placed.slice(), told: x.told.slice() });

/** Fixes cell i to the single value in `mask`, telling the trace why once. */
function fix(x: Node, n: number, i: number, mask: number, why: string, rec: TraceRecorder | undefined): void {
  x.dom[i] = mask;
  if (x.told[i]) return;
  x.told[i] = true;
  if (!rec) return;
  // Every n-th value the trace shows the whole grid, so a reader can follow the state as it fills.
  const known = x.told.filter(Boolean).length;
  const text = `(${Math.floor(i / n)},${i % n}) = ${valueOf(mask)}: ${why}`;
  if (known % n === 0) rec.step(text, { state: gridText(x.dom, n, x.told) });
  else rec.step(text);
}

/** Runs propagation to a fixpoint; false on contradiction (reason in `why[0]`). */
function propagate(s: FutoshikiState, x: Node, rec: TraceRecorder | undefined, why: string[]): boolean {
  const n = s.n;
  const dom = x.dom;
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 0; i < n * n; i++) {
      if (dom[i] === 0) return (why[0] = `cell (${Math.floor(i / n)},${i % n}) has no candidate left`), false;
      if (x.placed[i] || !single(dom[i])) continue;
      fix(x, n, i, dom[i], 'the only candidate left after its row and column', rec);
      x.placed[i] = true;
      changed = true;
      const r = Math.floor(i / n);
      const c = i % n;
      for (let k = 0; k < n; k++) {
        if (k !== c) dom[r * n + k] &= ~dom[i];
        if (k !== r) dom[k * n + c] &= ~dom[i];
      }
    }
    for (const q of s.inequalities) {
      const [lo, hi] = q.op === '<' ? [q.a, q.b] : [q.b, q.a];
      const li = lo[0] * n + lo[1];
      const hj = hi[0] * n + hi[1];
      if (dom[li] === 0 || dom[hj] === 0) continue;
      const newLo = dom[li] & ((1 << (valueOf(dom[hj]) - 1)) - 1);
      const newHi = dom[hj] & ~((1 << bits(dom[li])[0]) - 1);
      const sign = `(${lo[0]},${lo[1]}) < (${hi[0]},${hi[1]})`;
      if (newLo !== dom[li]) {
        changed = true;
        if (single(newLo)) fix(x, n, li, newLo, `${sign} trims its candidates to this one`, rec);
        else dom[li] = newLo;
      }
      if (newHi !== dom[hj]) {
        changed = true;
        if (single(newHi)) fix(x, n, hj, newHi, `${sign} trims its candidates to this one`, rec);
        else dom[hj] = newHi;
      }
    }
    // Hidden singles: a value with exactly one possible cell in a row or column.
    for (let line = 0; line < 2 * n; line++) {
      const cells = Array.from({ length: n }, (_, k) => (line < n ? line * n + k : k * n + (line - n)));
      const name = line < n ? `row ${line}` : `column ${line - n}`;
      for (let v = 1; v <= n; v++) {
        const bit = 1 << (v - 1);
        const where = cells.filter((i) => dom[i] & bit);
        if (where.length === 0) return (why[0] = `${v} has no place left in ${name}`), false;
        if (where.length === 1 && dom[where[0]] !== bit) {
          fix(x, n, where[0], bit, `the only place for ${v} in ${name}`, rec);
          changed = true;
        }
      }
    }
  }
  return true;
}

function mrv(dom: Dom): number {
  let best = -1;
  let bestCount = Infinity;
  for (let i = 0; i < dom.length; i++) {
    const k = bits(dom[i]).length;
    if (k > 1 && k < bestCount) [best, bestCount] = [i, k];
  }
  return best;
}

function initial(s: FutoshikiState): Dom {
  const all = (1 << s.n) - 1;
  return s.grid.flat().map((v) => (v > 0 ? 1 << (v - 1) : all));
}

function search(s: FutoshikiState, x: Node, rec: TraceRecorder | undefined, out: number[][][], limit: number, depth: number): void {
  const why: string[] = [];
  if (!propagate(s, x, rec, why)) {
    if (rec && depth > 0) rec.deadEnd('Following that guess', why[0], gridText(x.dom, s.n, x.told));
    return;
  }
  const i = mrv(x.dom);
  if (i < 0) {
    out.push(Array.from({ length: s.n }, (_, r) => x.dom.slice(r * s.n, r * s.n + s.n).map(valueOf)));
    return;
  }
  const r = Math.floor(i / s.n);
  const c = i % s.n;
  const options = bits(x.dom[i]);
  for (const v of options) {
    rec?.step(`No forced move left; guess (${r},${c}) = ${v} from candidates {${options.join(',')}}`, { state: gridText(x.dom, s.n, x.told) });
    const child = copy(x);
    child.dom[i] = 1 << (v - 1);
    child.told[i] = true;
    const before = out.length;
    search(s, child, rec, out, limit, depth + 1);
    if (out.length >= limit) return;
    if (rec && out.length === before) rec.backtrack(`the guess at (${r},${c}): ${v} is impossible there`);
  }
}

/** Up to `limit` solutions (2 is enough to test uniqueness). */
export function solveFutoshiki(s: FutoshikiState, limit = 1, rec?: TraceRecorder): number[][][] {
  const out: number[][][] = [];
  const n2 = s.n * s.n;
  const told = s.grid.flat().map((v) => v > 0);
  search(s, { dom: initial(s), placed: new Array<boolean>(n2).fill(false), told }, rec, out, limit, 0);
  return out;
}
