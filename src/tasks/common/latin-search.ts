// A candidate-mask search for Latin-square puzzles (futoshiki, skyscrapers, calcudoku): each cell holds a bitmask of the
// values still possible; propagation removes placed values from their row and column, places hidden singles,
// and runs the puzzle's own narrowing (visibility clues, cage arithmetic); the search then guesses on the cell
// with fewest candidates. With a TraceRecorder every real deduction, guess, dead end and backtrack is recorded,
// which is what the SERG trace is built from. A node budget caps the effort, so a generator can give up on an
// instance that needs too much search instead of stalling (generation speed is part of the contract).
import type { Rng } from '../types.js';
import type { TraceRecorder } from '../trace.js';

/** n*n candidate masks; bit v-1 set = value v possible. */
export type Dom = number[];

export const single = (m: number): boolean => m !== 0 && (m & (m - 1)) === 0;
export const valueOf = (m: number): number => 32 - Math.clz32(m);
export function bitValues(m: number): number[] {
  const out: number[] = [];
  for (let v = 1; m; v++, m >>>= 1) if (m & 1) out.push(v);
  return out;
}
export function popcount(m: number): number {
  let k = 0;
  for (; m; k++) m &= m - 1;
  return k;
}

/**
 * Narrows cell i to `mask ∩ its candidates`; `why` is told to the trace if that fixes the cell. It may be a
 * function so the text is only built when a trace is recorded (uniqueness checks run this in a hot loop).
 */
export type Narrow = (i: number, mask: number, why: string | (() => string)) => void;

export interface LatinPuzzle {
  n: number;
  /** Initial candidate masks (givens as single bits). */
  initial: Dom;
  /**
   * The puzzle's own deductions: call `narrow` for each; return a reason string on contradiction, else null.
   * `aux` is per-search-node scratch the puzzle may keep (e.g. the line arrangements still alive, which only
   * shrink down a branch); it starts as `initAux()` and is copied with `copyAux` at every guess.
   */
  propagate(dom: Dom, narrow: Narrow, aux: unknown): string | null;
  initAux?(): unknown;
  copyAux?(aux: unknown): unknown;
}

export interface LatinResult {
  solutions: number[][][];
  /** True when the node budget ran out before the search finished (solutions may be incomplete). */
  aborted: boolean;
  nodes: number;
}

/** The grid as rows of digits and `_`; with `told`, only cells the trace has already stated show a value. */
export function domText(dom: Dom, n: number, told?: boolean[]): string {
  const rows: string[] = [];
  const shown = (i: number): boolean => single(dom[i]) && (told ? told[i] : true);
  for (let r = 0; r < n; r++) rows.push(Array.from({ length: n }, (_, c) => (shown(r * n + c) ? String(valueOf(dom[r * n + c])) : '_')).join(' '));
  return rows.join('\n');
}

interface Node {
  dom: Dom;
  placed: boolean[];
  told: boolean[];
  aux: unknown;
}

interface Ctx {
  p: LatinPuzzle;
  rec?: TraceRecorder;
  out: number[][][];
  limit: number;
  nodes: number;
  maxNodes: number;
  aborted: boolean;
}

function tell(ctx: Ctx, x: Node, i: number, why: string | (() => string)): void {
  if (x.told[i]) return;
  x.told[i] = true;
  if (!ctx.rec) return;
  const n = ctx.p.n;
  const text = `(${Math.floor(i / n)},${i % n}) = ${valueOf(x.dom[i])}: ${typeof why === 'string' ? why : why()}`;
  // Every n-th placed value the trace shows the whole grid, so a reader can follow the state as it fills.
  if (x.told.filter(Boolean).length % n === 0) ctx.rec.step(text, { state: domText(x.dom, n, x.told) });
  else ctx.rec.step(text);
}

const lineName = (line: number, n: number): string => (line < n ? `row ${line}` : `column ${line - n}`);

/** Propagation to a fixpoint; returns a contradiction reason, or null. */
function propagate(ctx: Ctx, x: Node): string | null {
  const n = ctx.p.n;
  const dom = x.dom;
  let changed = true;
  const narrow: Narrow = (i, mask, why) => {
    const m = dom[i] & mask;
    if (m === dom[i]) return;
    dom[i] = m;
    changed = true;
    if (single(m)) tell(ctx, x, i, why);
  };
  while (changed) {
    changed = false;
    for (let i = 0; i < n * n; i++) {
      if (dom[i] === 0) return `cell (${Math.floor(i / n)},${i % n}) has no candidate left`;
      if (x.placed[i] || !single(dom[i])) continue;
      tell(ctx, x, i, 'the only candidate left after the eliminations so far');
      x.placed[i] = true;
      changed = true;
      const r = Math.floor(i / n);
      const c = i % n;
      for (let k = 0; k < n; k++) {
        if (k !== c) dom[r * n + k] &= ~dom[i];
        if (k !== r) dom[k * n + c] &= ~dom[i];
      }
    }
    if (changed) continue; // settle the cheap Latin eliminations before the puzzle's own (costlier) narrowing
    // Hidden singles: a value with exactly one possible cell in a row or column.
    for (let line = 0; line < 2 * n; line++) {
      for (let v = 1; v <= n; v++) {
        const bit = 1 << (v - 1);
        let where = -1;
        let count = 0;
        for (let k = 0; k < n; k++) {
          const i = line < n ? line * n + k : k * n + (line - n);
          if (dom[i] & bit) [where, count] = [i, count + 1];
        }
        if (count === 0) return `${v} has no place left in ${lineName(line, n)}`;
        if (count === 1 && dom[where] !== bit) narrow(where, bit, () => `the only place for ${v} in ${lineName(line, n)}`);
      }
    }
    if (changed) continue;
    const bad = ctx.p.propagate(dom, narrow, x.aux);
    if (bad) return bad;
  }
  return null;
}

function search(ctx: Ctx, x: Node, depth: number): void {
  if (++ctx.nodes > ctx.maxNodes) {
    ctx.aborted = true;
    return;
  }
  const n = ctx.p.n;
  const why = propagate(ctx, x);
  if (why) {
    if (ctx.rec && depth > 0) ctx.rec.deadEnd('Following that guess', why, domText(x.dom, n, x.told));
    return;
  }
  let i = -1;
  let best = Infinity;
  for (let k = 0; k < n * n; k++) {
    const c = popcount(x.dom[k]);
    if (c > 1 && c < best) [i, best] = [k, c];
  }
  if (i < 0) {
    ctx.out.push(Array.from({ length: n }, (_, r) => x.dom.slice(r * n, r * n + n).map(valueOf)));
    return;
  }
  const r = Math.floor(i / n);
  const c = i % n;
  const options = bitValues(x.dom[i]);
  for (const v of options) {
    ctx.rec?.step(`No forced move left; guess (${r},${c}) = ${v} from candidates {${options.join(',')}}`, { state: domText(x.dom, n, x.told) });
    const child: Node = { dom: x.dom.slice(), placed: x.placed.slice(), told: x.told.slice(), aux: ctx.p.copyAux ? ctx.p.copyAux(x.aux) : x.aux };
    child.dom[i] = 1 << (v - 1);
    child.told[i] = true;
    const before = ctx.out.length;
    search(ctx, child, depth + 1);
    if (ctx.out.length >= ctx.limit || ctx.aborted) return;
    if (ctx.rec && ctx.out.length === before) ctx.rec.backtrack(`the guess at (${r},${c}): ${v} is impossible there`);
  }
}

/** Up to `limit` solutions (2 tests uniqueness), within `maxNodes` search nodes. */
export function solveLatin(p: LatinPuzzle, o: { limit?: number; rec?: TraceRecorder; maxNodes?: number } = {}): LatinResult {
  const n2 = p.n * p.n;
  const ctx: Ctx = { p, rec: o.rec, out: [], limit: o.limit ?? 1, nodes: 0, maxNodes: o.maxNodes ?? 5000, aborted: false };
  const told = p.initial.map((m) => single(m));
  search(ctx, { dom: p.initial.slice(), placed: new Array<boolean>(n2).fill(false), told, aux: p.initAux?.() }, 0);
  return { solutions: ctx.out, aborted: ctx.aborted, nodes: ctx.nodes };
}

/**
 * The random Latin square every Latin-square generator here starts from (futoshiki, skyscrapers, calcudoku, hitori),
 * made as the official generators make one: cyclic shifts of a shuffled row, then rows and symbols permuted. These
 * stay in the cyclic square's isotopy class; a backtracking fill reaches every class but, with all 28 visibility
 * clues of a 7×7 skyscrapers, gives a unique puzzle about 12 times less often, which put generation over its budget.
 */
export function randomLatinSquare(n: number, rng: Rng): number[][] {
  const base = rng.shuffle(Array.from({ length: n }, (_, i) => i + 1));
  const rows = rng.shuffle(Array.from({ length: n }, (_, i) => [...base.slice(i), ...base.slice(0, i)]));
  const perm = rng.shuffle(Array.from({ length: n }, (_, i) => i + 1));
  return rows.map((row) => row.map((v) => perm[v - 1]));
}
