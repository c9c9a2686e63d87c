// Eulero solver: depth-first search over cells, always on the empty cell with the fewest letter-number pairs
// left (its letter and number unused in its row and column, the pair unused anywhere). A cell with one pair left
// is a forced move; with none, the branch is a dead end; otherwise the solver guesses and backtracks on failure.
// With a TraceRecorder it records those real moves for the SERG trace; a node budget caps the effort.
import type { TraceRecorder } from '../trace.js';

/** A cell value: letter index 0..n-1 and number 1..n, or null when empty. */
export type Cell = { l: number; d: number } | null;

export const pairText = (c: { l: number; d: number }): string => `${String.fromCharCode(65 + c.l)}${c.d}`;

export function boardText(g: Cell[][]): string {
  return g.map((row) => row.map((c) => (c ? pairText(c) : '__')).join(' ')).join('\n');
}

export interface EuleroResult {
  solutions: Cell[][][];
  aborted: boolean;
}

interface Ctx {
  n: number;
  g: Cell[][];
  rowL: number[];
  colL: number[];
  rowD: number[];
  colD: number[];
  used: boolean[];
  rec?: TraceRecorder;
  out: Cell[][][];
  limit: number;
  nodes: number;
  maxNodes: number;
  aborted: boolean;
}

function set(x: Ctx, r: number, c: number, v: { l: number; d: number } | null): void {
  const old = x.g[r][c];
  const cur = v ?? old;
  if (!cur) return;
  const lb = 1 << cur.l;
  const db = 1 << cur.d;
  x.rowL[r] ^= lb;
  x.colL[c] ^= lb;
  x.rowD[r] ^= db;
  x.colD[c] ^= db;
  x.used[cur.l * (x.n + 1) + cur.d] = v !== null;
  x.g[r][c] = v;
}

function candidates(x: Ctx, r: number, c: number): { l: number; d: number }[] {
  const out: { l: number; d: number }[] = [];
  const lm = x.rowL[r] | x.colL[c];
  const dm = x.rowD[r] | x.colD[c];
  for (let l = 0; l < x.n; l++) {
    if (lm & (1 << l)) continue;
    for (let d = 1; d <= x.n; d++) if (!(dm & (1 << d)) && !x.used[l * (x.n + 1) + d]) out.push({ l, d });
  }
  return out;
}

function search(x: Ctx, depth: number): void {
  if (++x.nodes > x.maxNodes) {
    x.aborted = true;
    return;
  }
  let best: [number, number] | null = null;
  let bestOpts: { l: number; d: number }[] = [];
  for (let r = 0; r < x.n && bestOpts.length !== 1; r++) {
    for (let c = 0; c < x.n; c++) {
      if (x.g[r][c]) continue;
      const opts = candidates(x, r, c);
      if (opts.length === 0) {
        if (x.rec && depth > 0) x.rec.deadEnd('Following that guess', `cell (${r},${c}) has no letter-number pair left`, boardText(x.g));
        return;
      }
      if (!best || opts.length < bestOpts.length) [best, bestOpts] = [[r, c], opts];
      if (opts.length === 1) break;
    }
  }
  if (!best) {
    x.out.push(x.g.map((row) => row.slice()));
    return;
  }
  const [r, c] = best;
  if (bestOpts.length === 1) {
    const v = bestOpts[0];
    x.rec?.step(`(${r},${c}) = ${pairText(v)}: the only pair whose letter and number are free in row ${r} and column ${c} and that is not used elsewhere`);
    set(x, r, c, v);
    search(x, depth);
    set(x, r, c, null);
    return;
  }
  const names = bestOpts.map(pairText).join(',');
  for (const v of bestOpts) {
    x.rec?.step(`No forced move left; guess (${r},${c}) = ${pairText(v)} from {${names}}`, { state: boardText(x.g) });
    set(x, r, c, v);
    const before = x.out.length;
    search(x, depth + 1);
    set(x, r, c, null);
    if (x.out.length >= x.limit || x.aborted) return;
    if (x.rec && x.out.length === before) x.rec.backtrack(`the guess at (${r},${c}): ${pairText(v)} is impossible there`);
  }
}

/** Up to `limit` completions of the givens (2 tests uniqueness), within `maxNodes` search nodes. */
export function solveEulero(givens: Cell[][], o: { limit?: number; rec?: TraceRecorder; maxNodes?: number } = {}): EuleroResult {
  const n = givens.length;
  const x: Ctx = {
    n,
    g: givens.map((row) => row.map(() => null)),
    rowL: new Array<number>(n).fill(0),
    colL: new Array<number>(n).fill(0),
    rowD: new Array<number>(n).fill(0),
    colD: new Array<number>(n).fill(0),
    used: new Array<boolean>(n * (n + 1)).fill(false),
    rec: o.rec,
    out: [],
    limit: o.limit ?? 1,
    nodes: 0,
    maxNodes: o.maxNodes ?? 20000,
    aborted: false,
  };
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (givens[r][c]) set(x, r, c, givens[r][c]);
  search(x, 0);
  return { solutions: x.out, aborted: x.aborted };
}
