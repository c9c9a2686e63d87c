// Kukurasu solver: for every row and column, the subsets of positions whose weights sum to the clue; cells on
// which all remaining subsets agree are fixed, subsets that contradict fixed cells are dropped, and when nothing
// is forced the search guesses a cell. With a TraceRecorder it records deductions, guesses, dead ends, backtracks.
import type { TraceRecorder } from '../trace.js';
import type { KukurasuState } from './state.js';

const E = -1;

export function kukGridText(g: number[], n: number): string {
  const rows: string[] = [];
  for (let r = 0; r < n; r++)
    rows.push(
      g
        .slice(r * n, r * n + n)
        .map((v) => (v === E ? '_' : String(v)))
        .join(' '),
    );
  return rows.join('\n');
}

/** Bitmasks over positions 0..n-1 whose 1-based weights sum to `target`. */
export function subsets(n: number, target: number): number[] {
  const out: number[] = [];
  for (let m = 0; m < 1 << n; m++) {
    let s = 0;
    for (let j = 0; j < n; j++) if (m & (1 << j)) s += j + 1;
    if (s === target) out.push(m);
  }
  return out;
}

const positions = (m: number, n: number): string => {
  const p: number[] = [];
  for (let j = 0; j < n; j++) if (m & (1 << j)) p.push(j + 1);
  return p.length ? `{${p.join('+')}}` : '{}';
};

function propagate(s: KukurasuState, g: number[], rec: TraceRecorder | undefined, why: string[]): boolean {
  const n = s.n;
  let placed = 0;
  for (let changed = true; changed;) {
    changed = false;
    for (let k = 0; k < 2 * n; k++) {
      const isRow = k < n;
      const idx = (j: number): number => (isRow ? k * n + j : j * n + (k - n));
      const clue = isRow ? s.rowSums[k] : s.colSums[k - n];
      const name = isRow ? `row ${k + 1}` : `column ${k - n + 1}`;
      const opts = subsets(n, clue).filter((m) => Array.from({ length: n }, (_, j) => g[idx(j)]).every((v, j) => v === E || v === ((m >> j) & 1)));
      if (opts.length === 0) return ((why[0] = `no set of positions in ${name} sums to ${clue} with the cells fixed so far`), false);
      for (let j = 0; j < n; j++) {
        if (g[idx(j)] !== E) continue;
        const bit = (opts[0] >> j) & 1;
        if (!opts.every((m) => ((m >> j) & 1) === bit)) continue;
        g[idx(j)] = bit;
        changed = true;
        placed++;
        const i = idx(j);
        const text = `R${Math.floor(i / n) + 1}C${(i % n) + 1} = ${bit}: ${opts.length === 1 ? `${name} must be ${positions(opts[0], n)} = ${clue}` : `all ${opts.length} ways to make ${clue} in ${name} (${opts.map((m) => positions(m, n)).join(', ')}) ${bit ? 'use' : 'avoid'} position ${j + 1}`}`;
        if (rec && placed % n === 0) rec.step(text, { state: kukGridText(g, n) });
        else rec?.step(text);
      }
    }
  }
  return true;
}

function search(s: KukurasuState, g: number[], rec: TraceRecorder | undefined, out: number[][], limit: number, depth: number): void {
  const why: string[] = [];
  if (!propagate(s, g, rec, why)) {
    if (rec && depth > 0) rec.deadEnd('Following that guess', why[0], kukGridText(g, s.n));
    return;
  }
  const i = g.indexOf(E);
  if (i < 0) {
    out.push(g.slice());
    return;
  }
  for (const v of [1, 0]) {
    rec?.step(`No cell is forced; guess R${Math.floor(i / s.n) + 1}C${(i % s.n) + 1} = ${v}`, { state: kukGridText(g, s.n) });
    const child = g.slice();
    child[i] = v;
    const before = out.length;
    search(s, child, rec, out, limit, depth + 1);
    if (out.length >= limit) return;
    if (rec && out.length === before) rec.backtrack(`the guess at R${Math.floor(i / s.n) + 1}C${(i % s.n) + 1}: ${v} fails there`);
  }
}

/** Up to `limit` solutions as flat 0/1 arrays. */
export function solveKukurasu(s: KukurasuState, limit = 1, rec?: TraceRecorder): number[][] {
  const out: number[][] = [];
  search(s, new Array<number>(s.n * s.n).fill(E), rec, out, limit, 0);
  return out;
}
