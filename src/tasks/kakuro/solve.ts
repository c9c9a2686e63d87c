// Kakuro solver: candidate bitmasks per white cell, propagated through each run's sum combinations (a run of L
// cells summing to S can only use digits from the L-digit sets that add up to S), distinctness inside runs and
// hidden singles (a digit every remaining combination needs, with one possible cell), then depth-first search on
// the cell with fewest candidates. With a TraceRecorder it records each real deduction, guess, dead end and
// backtrack; the generator calls it with a solution limit of 2 to prove uniqueness.
import type { TraceRecorder } from '../trace.js';
import type { KakuroState } from './state.js';
import { kakuroRuns } from './state.js';

export interface Run {
  /** Clue cell [row, col] and direction, for the trace's wording. */
  clue: [number, number];
  dir: 'right' | 'down';
  sum: number;
  /** Indices into Puzzle.cells. */
  cells: number[];
}

export interface Puzzle {
  rows: number;
  cols: number;
  /** White cells [row, col], row-major. */
  cells: [number, number][];
  runs: Run[];
  /** Runs each cell belongs to. */
  cellRuns: number[][];
}

const ALL = 0x1ff; // digits 1..9 as bits 0..8
const popcount = (m: number): number => {
  let n = 0;
  for (; m; m &= m - 1) n++;
  return n;
};
const single = (m: number): boolean => m !== 0 && (m & (m - 1)) === 0;
const valueOf = (m: number): number => 32 - Math.clz32(m);
export const digitsOf = (m: number): number[] => {
  const out: number[] = [];
  for (let v = 1; v <= 9; v++) if (m & (1 << (v - 1))) out.push(v);
  return out;
};

/** COMBOS[len][sum] = every set of `len` distinct digits 1..9 adding to `sum`, as bitmasks. */
const COMBOS: number[][][] = Array.from({ length: 10 }, () => Array.from({ length: 46 }, () => [] as number[]));
for (let m = 1; m <= ALL; m++) {
  const ds = digitsOf(m);
  COMBOS[ds.length][ds.reduce((a, b) => a + b, 0)].push(m);
}
export const combosFor = (len: number, sum: number): number[] => (len <= 9 && sum <= 45 ? COMBOS[len][sum] : []);

export function toPuzzle(g: KakuroState): Puzzle {
  const cells: [number, number][] = [];
  const index = new Map<string, number>();
  g.forEach((row, r) =>
    row.forEach((cell, c) => {
      if (!cell.white) return;
      index.set(`${r},${c}`, cells.length);
      cells.push([r, c]);
    }),
  );
  const runs: Run[] = kakuroRuns(g).map((run) => ({
    clue: run.clue,
    dir: run.dir,
    sum: run.sum,
    cells: run.cells.map(([r, c]) => index.get(`${r},${c}`) as number),
  }));
  const cellRuns = cells.map(() => [] as number[]);
  runs.forEach((run, k) => run.cells.forEach((i) => cellRuns[i].push(k)));
  return { rows: g.length, cols: g[0].length, cells, runs, cellRuns };
}

export const runName = (run: Run): string =>
  `${run.dir === 'right' ? 'across' : 'down'} run of (${run.clue[0]},${run.clue[1]}) [sum ${run.sum}, ${run.cells.length} cells]`;

/** The board as rows: `#` black, digit when known (and told), `_` otherwise. */
export function boardText(p: Puzzle, dom: number[], told?: boolean[]): string {
  const at = new Map(p.cells.map(([r, c], i) => [`${r},${c}`, i]));
  const rows: string[] = [];
  for (let r = 0; r < p.rows; r++) {
    let line = '';
    for (let c = 0; c < p.cols; c++) {
      const i = at.get(`${r},${c}`);
      line += (c ? ' ' : '') + (i === undefined ? '#' : single(dom[i]) && (!told || told[i]) ? String(valueOf(dom[i])) : '_');
    }
    rows.push(line);
  }
  return rows.join('\n');
}

interface Node {
  dom: number[];
  told: boolean[];
}

function fix(p: Puzzle, x: Node, i: number, mask: number, why: string, rec: TraceRecorder | undefined): void {
  x.dom[i] = mask;
  if (x.told[i]) return;
  x.told[i] = true;
  if (!rec) return;
  const known = x.told.filter(Boolean).length;
  const text = `(${p.cells[i][0]},${p.cells[i][1]}) = ${valueOf(mask)}: ${why}`;
  // Every few values the whole board is shown, so a reader can follow the state as it fills.
  if (known % 5 === 0 || known === p.cells.length) rec.step(text, { state: boardText(p, x.dom, x.told) });
  else rec.step(text);
}

/** Propagation to a fixpoint; false on contradiction with the reason in why[0]. */
function propagate(p: Puzzle, x: Node, rec: TraceRecorder | undefined, why: string[]): boolean {
  const dom = x.dom;
  for (let changed = true; changed;) {
    changed = false;
    for (const run of p.runs) {
      let fixed = 0;
      for (const i of run.cells) {
        if (!single(dom[i])) continue;
        if (fixed & dom[i]) return ((why[0] = `${runName(run)} would repeat ${valueOf(dom[i])}`), false);
        fixed |= dom[i];
      }
      let union = 0;
      let inter = ALL;
      const alive: number[] = [];
      for (const m of combosFor(run.cells.length, run.sum)) {
        if ((m & fixed) !== fixed || run.cells.some((i) => (dom[i] & m) === 0)) continue;
        union |= m;
        inter &= m;
        alive.push(m);
      }
      if (union === 0) return ((why[0] = `no set of distinct digits fits ${runName(run)}`), false);
      for (const i of run.cells) {
        if (single(dom[i])) continue;
        const nd = dom[i] & union & ~fixed;
        if (nd === dom[i]) continue;
        if (nd === 0) return ((why[0] = `cell (${p.cells[i][0]},${p.cells[i][1]}) has no digit left in ${runName(run)}`), false);
        changed = true;
        if (single(nd))
          fix(
            p,
            x,
            i,
            nd,
            `${runName(run)} allows only {${alive.map((m) => digitsOf(m).join('')).join(', ')}}; with its other run this is the one digit left`,
            rec,
          );
        else dom[i] = nd;
      }
      // Hidden single: a digit every remaining combination uses, with one cell of the run able to take it.
      for (const v of digitsOf(inter & ~fixed)) {
        const bit = 1 << (v - 1);
        const where = run.cells.filter((i) => dom[i] & bit);
        if (where.length === 0) return ((why[0] = `${runName(run)} needs a ${v} but no cell can hold it`), false);
        if (where.length === 1 && dom[where[0]] !== bit) {
          fix(p, x, where[0], bit, `${runName(run)} needs a ${v} and only this cell can take it`, rec);
          changed = true;
        }
      }
    }
  }
  return true;
}

function mrv(dom: number[]): number {
  let best = -1;
  let bestCount = 10;
  for (let i = 0; i < dom.length; i++) {
    const k = popcount(dom[i]);
    if (k > 1 && k < bestCount) [best, bestCount] = [i, k];
  }
  return best;
}

interface Search {
  out: number[][];
  limit: number;
  nodes: number;
  maxNodes: number;
}

function search(p: Puzzle, x: Node, rec: TraceRecorder | undefined, s: Search, depth: number): void {
  if (++s.nodes > s.maxNodes) return;
  const why: string[] = [];
  if (!propagate(p, x, rec, why)) {
    if (rec && depth > 0) rec.deadEnd('Following that guess', why[0], boardText(p, x.dom, x.told));
    return;
  }
  const i = mrv(x.dom);
  if (i < 0) {
    s.out.push(x.dom.map(valueOf));
    return;
  }
  const [r, c] = p.cells[i];
  const options = digitsOf(x.dom[i]);
  for (const v of options) {
    rec?.step(`No forced digit left; guess (${r},${c}) = ${v} from candidates {${options.join(',')}}`, { state: boardText(p, x.dom, x.told) });
    const child: Node = { dom: x.dom.slice(), told: x.told.slice() };
    child.dom[i] = 1 << (v - 1);
    child.told[i] = true;
    const before = s.out.length;
    search(p, child, rec, s, depth + 1);
    if (s.out.length >= s.limit || s.nodes > s.maxNodes) return;
    if (rec && s.out.length === before) rec.backtrack(`the guess at (${r},${c}): ${v} is impossible there`);
  }
}

/**
 * Up to `limit` solutions (digit per white cell, in Puzzle.cells order). `complete` is false when the node cap
 * was hit first, so "fewer than limit solutions" is then not a proof.
 */
export function solveKakuro(p: Puzzle, limit = 1, rec?: TraceRecorder, maxNodes = 20000): { solutions: number[][]; complete: boolean } {
  const s: Search = { out: [], limit, nodes: 0, maxNodes };
  search(p, { dom: p.cells.map(() => ALL), told: p.cells.map(() => false) }, rec, s, 0);
  return { solutions: s.out, complete: s.nodes <= maxNodes };
}
