// Campsite solver. Only empty cells orthogonally next to a tree can hold a tent. Propagation per row and column:
// when the free candidates exactly cover the tents still needed they all get tents; when the count is reached the
// rest are ruled out; a tent rules out its 8 neighbours. Then it branches on a free cell of the tightest line.
// With a TraceRecorder it records each deduction, guess, dead end and backtrack (coordinates 1-based, as answered).
import type { TraceRecorder } from '../trace.js';
import type { CampsiteState } from './state.js';

const FREE = 0;
const TENT = 1;
const NONE = 2; // cannot hold a tent (tree, no tree beside it, or ruled out)

export const cellName = (i: number, cols: number): string => `[${Math.floor(i / cols) + 1},${(i % cols) + 1}]`;

/** Rows of the grid: T tree, A tent, . empty or ruled out, ? still open. */
export function campText(s: CampsiteState, g: number[]): string {
  const rows: string[] = [];
  for (let r = 0; r < s.rows; r++) {
    rows.push(
      Array.from({ length: s.cols }, (_, c) => (s.trees[r][c] ? 'T' : g[r * s.cols + c] === TENT ? 'A' : g[r * s.cols + c] === FREE ? '?' : '.')).join(' '),
    );
  }
  return rows.join('\n');
}

function initial(s: CampsiteState): number[] {
  const g: number[] = [];
  for (let r = 0; r < s.rows; r++) {
    for (let c = 0; c < s.cols; c++) {
      const nearTree = [
        [1, 0],
        [-1, 0],
        [0, 1],
        [0, -1],
      ].some(([dr, dc]) => s.trees[r + dr]?.[c + dc] === true);
      g.push(!s.trees[r][c] && nearTree ? FREE : NONE);
    }
  }
  return g;
}

interface Line {
  name: string;
  need: number;
  cells: number[];
}

function lines(s: CampsiteState): Line[] {
  const out: Line[] = [];
  for (let r = 0; r < s.rows; r++) out.push({ name: `row ${r + 1}`, need: s.rowCounts[r], cells: Array.from({ length: s.cols }, (_, c) => r * s.cols + c) });
  for (let c = 0; c < s.cols; c++) out.push({ name: `column ${c + 1}`, need: s.colCounts[c], cells: Array.from({ length: s.rows }, (_, r) => r * s.cols + c) });
  return out;
}

function place(s: CampsiteState, g: number[], i: number): string | null {
  const r = Math.floor(i / s.cols);
  const c = i % s.cols;
  for (let dr = -1; dr <= 1; dr++) {
    for (let dc = -1; dc <= 1; dc++) {
      if ((dr || dc) && r + dr >= 0 && r + dr < s.rows && c + dc >= 0 && c + dc < s.cols) {
        const j = (r + dr) * s.cols + c + dc;
        if (g[j] === TENT) return `tents ${cellName(i, s.cols)} and ${cellName(j, s.cols)} would touch`;
        g[j] = g[j] === FREE ? NONE : g[j];
      }
    }
  }
  g[i] = TENT;
  return null;
}

function propagate(s: CampsiteState, ls: Line[], g: number[], rec: TraceRecorder | undefined, why: string[]): boolean {
  for (let changed = true; changed;) {
    changed = false;
    for (const l of ls) {
      const tents = l.cells.filter((i) => g[i] === TENT).length;
      const free = l.cells.filter((i) => g[i] === FREE);
      if (tents > l.need) return ((why[0] = `${l.name} has ${tents} tents but needs ${l.need}`), false);
      if (tents + free.length < l.need) return ((why[0] = `${l.name} needs ${l.need} tents but only ${tents + free.length} places remain`), false);
      if (free.length === 0) continue;
      if (tents === l.need) {
        for (const i of free) g[i] = NONE;
        rec?.step(`${l.name} already has its ${l.need} tent${l.need === 1 ? '' : 's'}, so ${free.map((i) => cellName(i, s.cols)).join(', ')} stay empty`);
        changed = true;
      } else if (tents + free.length === l.need) {
        // Place them one at a time: each placement rules out its neighbours, which may clash with the next.
        for (const i of free) {
          if (g[i] !== FREE) return ((why[0] = `${l.name} needs tents on neighbouring cells`), false);
          const bad = place(s, g, i);
          if (bad) return ((why[0] = bad), false);
        }
        rec?.step(
          `${l.name} needs ${l.need - tents} more tent${l.need - tents === 1 ? '' : 's'} and has exactly that many open cells: tent${free.length === 1 ? '' : 's'} at ${free.map((i) => cellName(i, s.cols)).join(', ')}`,
          {
            state: campText(s, g),
            check: 'each new tent is beside a tree and its 8 neighbours are now ruled out',
          },
        );
        changed = true;
      }
    }
  }
  return true;
}

interface Search {
  out: number[][];
  limit: number;
  nodes: number;
  maxNodes: number;
}

function search(s: CampsiteState, ls: Line[], g: number[], rec: TraceRecorder | undefined, st: Search, depth: number): void {
  if (++st.nodes > st.maxNodes) return;
  const why: string[] = [];
  if (!propagate(s, ls, g, rec, why)) {
    if (rec && depth > 0) rec.deadEnd('Following that guess', why[0], campText(s, g));
    return;
  }
  // Branch in the line with the fewest open cells that still needs tents.
  let best: Line | undefined;
  let bestFree = Infinity;
  for (const l of ls) {
    const free = l.cells.filter((i) => g[i] === FREE).length;
    if (free > 0 && free < bestFree) [best, bestFree] = [l, free];
  }
  if (!best) {
    st.out.push(g.slice());
    return;
  }
  const i = best.cells.find((k) => g[k] === FREE) as number;
  for (const choice of [TENT, NONE]) {
    const what = choice === TENT ? `a tent at ${cellName(i, s.cols)}` : `no tent at ${cellName(i, s.cols)}`;
    rec?.step(`Nothing is forced; in ${best.name} (${bestFree} open cells) try ${what}`, { state: campText(s, g) });
    const child = g.slice();
    const bad = choice === TENT ? place(s, child, i) : ((child[i] = NONE), null);
    const before = st.out.length;
    if (bad) rec?.deadEnd(`Trying ${what}`, bad);
    else search(s, ls, child, rec, st, depth + 1);
    if (st.out.length >= st.limit || st.nodes > st.maxNodes) return;
    if (rec && st.out.length === before) rec.backtrack(`the choice at ${cellName(i, s.cols)}: ${what} is impossible`);
  }
}

/** Up to `limit` solutions as 0-based tent indices (row·cols + col); `complete` false when the node cap hit first. */
export function solveCampsite(s: CampsiteState, limit = 1, rec?: TraceRecorder, maxNodes = 20000): { solutions: number[][]; complete: boolean } {
  const st: Search = { out: [], limit, nodes: 0, maxNodes };
  search(s, lines(s), initial(s), rec, st, 0);
  return { solutions: st.out.map((g) => g.flatMap((v, i) => (v === TENT ? [i] : []))), complete: st.nodes <= st.maxNodes };
}
