// Numbrix solver: places 2, 3, ... in order, each next to the previous number. A candidate cell is kept only if the
// next given number is still reachable in time (Manhattan distance and parity) and every empty cell keeps two open
// neighbours (a cell in the middle of the path needs one for its predecessor and one for its successor). Counts
// solutions up to a limit (uniqueness check) and, with a recorder, logs forced moves, guesses, dead ends and
// backtracks. `budget` caps the nodes so generation stays fast.
import type { TraceRecorder } from '../trace.js';

export type Grid = number[][]; // 0 = empty

const D: [number, number][] = [
  [-1, 0],
  [1, 0],
  [0, -1],
  [0, 1],
];
const at = (r: number, c: number): string => `(${r},${c})`;

export interface NumbrixSolveResult {
  solutions: Grid[];
  nodes: number;
  exhausted: boolean;
}

export function solveNumbrix(givens: Grid, limit: number, rec: TraceRecorder | null, budget = 100_000): NumbrixSolveResult {
  const n = givens.length;
  const m = givens[0].length;
  const max = n * m;
  const g = givens.map((row) => [...row]);
  const pos = new Array<[number, number] | null>(max + 2).fill(null);
  g.forEach((row, r) => row.forEach((v, c) => v > 0 && (pos[v] = [r, c])));
  const isGiven = pos.map((p) => p !== null);
  const nextGiven = new Int32Array(max + 2).fill(0); // smallest given value > k
  for (let k = max, next = 0; k >= 1; k--) {
    nextGiven[k] = next;
    if (isGiven[k]) next = k;
  }
  const solutions: Grid[] = [];
  let nodes = 0;
  let exhausted = false;
  const inside = (r: number, c: number): boolean => r >= 0 && c >= 0 && r < n && c < m;

  /** A numbered cell still needs a neighbour when its predecessor or successor is not yet placed. */
  const open = (v: number, k: number): boolean => v === k || (v > k && ((v > 1 && !isGiven[v - 1] && v - 1 > k) || (v < max && !isGiven[v + 1])));

  /** Why the grid with `k` just placed cannot be completed, or null when no cheap check fails. */
  const stuck = (k: number): string | null => {
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < m; c++) {
        if (g[r][c] !== 0) continue;
        let free = 0;
        for (const [dr, dc] of D) if (inside(r + dr, c + dc) && (g[r + dr][c + dc] === 0 || open(g[r + dr][c + dc], k))) free++;
        if (free < 2) return `empty cell ${at(r, c)} is left with ${free} open neighbour(s) and can no longer join the path`;
      }
    }
    return null;
  };

  /** Why value k+1 cannot go at (r, c), or null. */
  const reject = (r: number, c: number, k: number): string | null => {
    const ng = nextGiven[k + 1];
    if (ng > 0) {
      const [gr, gc] = pos[ng] as [number, number];
      const d = Math.abs(gr - r) + Math.abs(gc - c);
      const steps = ng - (k + 1);
      if (d > steps) return `${ng} at ${at(gr, gc)} is ${d} steps away but only ${steps} remain`;
      if ((steps - d) % 2 !== 0) return `parity: ${ng} at ${at(gr, gc)} is ${d} steps away, ${steps} is the wrong parity`;
    }
    return null;
  };

  const dfs = (k: number): void => {
    if (solutions.length >= limit || exhausted) return;
    if (++nodes > budget) {
      exhausted = true;
      return;
    }
    if (k === max) {
      solutions.push(g.map((row) => [...row]));
      return;
    }
    const [r, c] = pos[k] as [number, number];
    if (isGiven[k + 1]) {
      const [r2, c2] = pos[k + 1] as [number, number];
      if (Math.abs(r2 - r) + Math.abs(c2 - c) === 1) {
        dfs(k + 1);
        return;
      }
      rec?.deadEnd(`${k} is at ${at(r, c)}`, `the given ${k + 1} at ${at(r2, c2)} is not adjacent`);
      return;
    }
    const reasons: string[] = [];
    const cands: [number, number][] = [];
    for (const [dr, dc] of D) {
      const [r2, c2] = [r + dr, c + dc];
      if (!inside(r2, c2) || g[r2][c2] !== 0) continue;
      const why = reject(r2, c2, k);
      if (why) reasons.push(`${at(r2, c2)}: ${why}`);
      else cands.push([r2, c2]);
    }
    if (cands.length === 0) {
      rec?.deadEnd(
        `Place ${k + 1} next to ${k} at ${at(r, c)}`,
        reasons.length ? `no empty neighbour works (${reasons.join('; ')})` : 'no empty neighbour is left',
      );
      return;
    }
    const list = cands.map(([a, b]) => at(a, b)).join(', ');
    for (const [i, [r2, c2]] of cands.entries()) {
      const how = cands.length === 1 ? 'the only possible cell' : `candidate ${i + 1} of ${cands.length} (${list})`;
      g[r2][c2] = k + 1;
      pos[k + 1] = [r2, c2];
      const bad = stuck(k + 1);
      if (bad) {
        rec?.deadEnd(`${k + 1} at ${at(r2, c2)} (${how})`, bad);
      } else {
        rec?.step(`${k + 1} at ${at(r2, c2)}: ${how}`);
        const before = solutions.length;
        dfs(k + 1);
        if (rec && solutions.length === before && !exhausted && cands.length > 1) rec.backtrack(`${k} at ${at(r, c)} and try another cell for ${k + 1}`);
      }
      g[r2][c2] = 0;
      pos[k + 1] = null;
      if (solutions.length >= limit || exhausted) return;
    }
  };

  if (!isGiven[1]) throw new Error('numbrix solver: the puzzle must give 1');
  dfs(1);
  return { solutions, nodes, exhausted };
}

/** Rows `|a|b|c|` as the answer format and the official initial_state use (0 = blank). */
export function numbrixText(g: Grid): string {
  return g.map((row) => `|${row.map((v) => (v > 0 ? String(v) : ' ')).join('|')}|`).join('\n');
}
