// Hitori solver. Each cell is undecided, white or shaded. Propagation applies the three rules as a person does:
// a shaded cell's neighbours stay white; a white cell forces every other cell with its number in its row and
// column to be shaded; a cell whose shading would split the non-shaded cells stays white. Then it branches on an
// undecided cell (one that still repeats a number first). It counts every shading that satisfies the rules —
// including shading a cell with no repeat — so "unique" here means the verifier accepts exactly one answer.
import type { TraceRecorder } from '../trace.js';
import type { HitoriState } from './state.js';

const U = 0;
const W = 1;
const B = 2;

export interface HitoriResult {
  /** Each solution as its sorted list of shaded [row, col] cells. */
  solutions: [number, number][][];
  aborted: boolean;
  nodes: number;
}

export function hitoriText(s: HitoriState, st?: number[]): string {
  const n = s.n;
  const w = String(n).length;
  return s.grid
    .map((row, r) => row.map((v, c) => (st && st[r * n + c] === B ? '#' : st && st[r * n + c] === U ? `${v}?` : String(v)).padStart(w + 1)).join(' '))
    .join('\n');
}

interface Ctx {
  s: HitoriState;
  nbrs: number[][];
  /** For each cell, the other cells of its row and column with the same number. */
  twins: number[][];
  rec?: TraceRecorder;
  out: [number, number][][];
  limit: number;
  nodes: number;
  maxNodes: number;
  aborted: boolean;
}

const at = (n: number, i: number): string => `(${Math.floor(i / n)},${i % n})`;

/** Non-shaded cells connected, ignoring `skip` (treated as shaded)? */
function connected(n: number, nbrs: number[][], st: number[], skip: number): boolean {
  const seen = new Uint8Array(n * n);
  let start = -1;
  let total = 0;
  for (let i = 0; i < n * n; i++) if (st[i] !== B && i !== skip) [start, total] = [start < 0 ? i : start, total + 1];
  if (start < 0) return true;
  const stack = [start];
  seen[start] = 1;
  let count = 1;
  while (stack.length) {
    const i = stack.pop() as number;
    for (const j of nbrs[i]) {
      if (seen[j] || st[j] === B || j === skip) continue;
      seen[j] = 1;
      count++;
      stack.push(j);
    }
  }
  return count === total;
}

function propagate(x: Ctx, st: number[]): string | null {
  const n = x.s.n;
  const say = (text: string): void => {
    x.rec?.step(text);
  };
  for (let changed = true; changed;) {
    changed = false;
    for (let i = 0; i < n * n; i++) {
      if (st[i] === B) {
        for (const j of x.nbrs[i]) {
          if (st[j] === B) return `shaded cells ${at(n, i)} and ${at(n, j)} touch`;
          if (st[j] === U) {
            st[j] = W;
            changed = true;
            if (x.rec) say(`${at(n, j)} stays white: it touches the shaded cell ${at(n, i)}`);
          }
        }
      } else if (st[i] === W) {
        for (const j of x.twins[i]) {
          if (st[j] === W) return `${at(n, i)} and ${at(n, j)} are both white and both hold ${x.s.grid[Math.floor(i / n)][i % n]}`;
          if (st[j] === U) {
            st[j] = B;
            changed = true;
            if (x.rec)
              say(
                `${at(n, j)} is shaded: it repeats the ${x.s.grid[Math.floor(i / n)][i % n]} of the white cell ${at(n, i)} in its ${Math.floor(i / n) === Math.floor(j / n) ? 'row' : 'column'}`,
              );
          }
        }
      }
    }
    if (changed) continue;
    if (!connected(n, x.nbrs, st, -1)) return 'the non-shaded cells are split into separate regions';
    for (let i = 0; i < n * n; i++) {
      if (st[i] !== U || connected(n, x.nbrs, st, i)) continue;
      st[i] = W;
      changed = true;
      if (x.rec) say(`${at(n, i)} stays white: shading it would cut the white cells apart`);
    }
  }
  return null;
}

function search(x: Ctx, st: number[], depth: number): void {
  if (++x.nodes > x.maxNodes) {
    x.aborted = true;
    return;
  }
  const n = x.s.n;
  const why = propagate(x, st);
  if (why) {
    if (x.rec && depth > 0) x.rec.deadEnd('Following that guess', why, hitoriText(x.s, st));
    return;
  }
  let pick = -1;
  for (let i = 0; i < n * n && pick < 0; i++) if (st[i] === U && x.twins[i].some((j) => st[j] !== B)) pick = i;
  for (let i = 0; i < n * n && pick < 0; i++) if (st[i] === U) pick = i;
  if (pick < 0) {
    const shaded: [number, number][] = [];
    for (let i = 0; i < n * n; i++) if (st[i] === B) shaded.push([Math.floor(i / n), i % n]);
    x.out.push(shaded);
    return;
  }
  // A repeated number is more often shaded; a cell with no repeat is more often white: try the likelier first.
  const repeats = x.twins[pick].some((j) => st[j] !== B);
  for (const v of repeats ? [B, W] : [W, B]) {
    const what = v === B ? 'shaded' : 'white';
    x.rec?.step(`No forced move left; guess ${at(n, pick)} is ${what}`, { state: hitoriText(x.s, st) });
    const child = st.slice();
    child[pick] = v;
    const before = x.out.length;
    search(x, child, depth + 1);
    if (x.out.length >= x.limit || x.aborted) return;
    if (x.rec && x.out.length === before) x.rec.backtrack(`the guess that ${at(n, pick)} is ${what}; it cannot be`);
  }
}

/** Up to `limit` valid shadings (2 tests uniqueness), within `maxNodes` search nodes. */
export function solveHitori(s: HitoriState, o: { limit?: number; rec?: TraceRecorder; maxNodes?: number } = {}): HitoriResult {
  const n = s.n;
  const nbrs: number[][] = [];
  const twins: number[][] = [];
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      nbrs.push(
        [
          [r - 1, c],
          [r + 1, c],
          [r, c - 1],
          [r, c + 1],
        ]
          .filter(([a, b]) => a >= 0 && b >= 0 && a < n && b < n)
          .map(([a, b]) => a * n + b),
      );
      const t: number[] = [];
      for (let k = 0; k < n; k++) {
        if (k !== c && s.grid[r][k] === s.grid[r][c]) t.push(r * n + k);
        if (k !== r && s.grid[k][c] === s.grid[r][c]) t.push(k * n + c);
      }
      twins.push(t);
    }
  }
  const x: Ctx = { s, nbrs, twins, rec: o.rec, out: [], limit: o.limit ?? 1, nodes: 0, maxNodes: o.maxNodes ?? 5000, aborted: false };
  search(x, new Array<number>(n * n).fill(U), 0);
  return { solutions: x.out, aborted: x.aborted, nodes: x.nodes };
}
