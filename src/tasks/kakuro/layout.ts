// Kakuro construction: a black/white layout with a clue row and column, a random digit filling, and the clues
// derived from it. Every white cell lies in an across run and a down run of at least 2 cells (the classic rule;
// the official generator allows unclued or 1-cell runs, which leaves many puzzles without a unique answer).
import type { Rng } from '../types.js';
import type { KakuroState } from './state.js';

/** Maximal white segments of length >= 2 are fine; a 1-cell segment breaks the classic rule. */
function classic(white: boolean[][]): boolean {
  const n = white.length;
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (!white[r][c]) continue;
      const h = (white[r][c - 1] ?? false) || (white[r][c + 1] ?? false);
      const v = (white[r - 1]?.[c] ?? false) || (white[r + 1]?.[c] ?? false);
      if (!h || !v) return false;
    }
  }
  return true;
}

function connected(white: boolean[][]): boolean {
  const n = white.length;
  const cells: [number, number][] = [];
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (white[r][c]) cells.push([r, c]);
  if (cells.length === 0) return false;
  const seen = new Set<string>([`${cells[0][0]},${cells[0][1]}`]);
  const stack = [cells[0]];
  while (stack.length > 0) {
    const [r, c] = stack.pop() as [number, number];
    for (const [dr, dc] of [
      [1, 0],
      [-1, 0],
      [0, 1],
      [0, -1],
    ]) {
      const [rr, cc] = [r + dr, c + dc];
      if (white[rr]?.[cc] && !seen.has(`${rr},${cc}`)) {
        seen.add(`${rr},${cc}`);
        stack.push([rr, cc]);
      }
    }
  }
  return seen.size === cells.length;
}

/** An n×n layout: row 0 and column 0 black, up to `blacks` more black cells in the interior, classic and connected. */
export function makeLayout(n: number, blacks: number, rng: Rng): boolean[][] {
  const white = Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => r > 0 && c > 0));
  const order = rng.shuffle(Array.from({ length: (n - 1) * (n - 1) }, (_, i) => [1 + Math.floor(i / (n - 1)), 1 + (i % (n - 1))] as const));
  let placed = 0;
  for (const [r, c] of order) {
    if (placed >= blacks) break;
    white[r][c] = false;
    if (classic(white) && connected(white)) placed++;
    else white[r][c] = true;
  }
  return white;
}

/** Maximal runs (length >= 2) of a layout, as lists of [row, col], with the clue cell before each. */
export function layoutRuns(white: boolean[][]): { clue: [number, number]; dir: 'right' | 'down'; cells: [number, number][] }[] {
  const n = white.length;
  const runs: { clue: [number, number]; dir: 'right' | 'down'; cells: [number, number][] }[] = [];
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (white[r][c]) continue;
      for (const dir of ['right', 'down'] as const) {
        const [dr, dc] = dir === 'right' ? [0, 1] : [1, 0];
        const cells: [number, number][] = [];
        for (let rr = r + dr, cc = c + dc; rr < n && cc < n && white[rr][cc]; rr += dr, cc += dc) cells.push([rr, cc]);
        if (cells.length >= 2) runs.push({ clue: [r, c], dir, cells });
      }
    }
  }
  return runs;
}

/** A random filling: digits 1..9, no repeats inside any run; null if the random order paints itself into a corner. */
export function randomFill(white: boolean[][], rng: Rng): number[][] | null {
  const n = white.length;
  const grid = white.map((row) => row.map(() => 0));
  const cells: [number, number][] = [];
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (white[r][c]) cells.push([r, c]);
  const used = (r: number, c: number): Set<number> => {
    const s = new Set<number>();
    for (const [dr, dc] of [
      [0, 1],
      [0, -1],
      [1, 0],
      [-1, 0],
    ]) {
      for (let rr = r + dr, cc = c + dc; white[rr]?.[cc]; rr += dr, cc += dc) s.add(grid[rr][cc]);
    }
    return s;
  };
  let budget = 2000;
  const place = (k: number): boolean => {
    if (k === cells.length) return true;
    if (--budget < 0) return false;
    const [r, c] = cells[k];
    const taken = used(r, c);
    for (const v of rng.shuffle([1, 2, 3, 4, 5, 6, 7, 8, 9])) {
      if (taken.has(v)) continue;
      grid[r][c] = v;
      if (place(k + 1)) return true;
    }
    grid[r][c] = 0;
    return false;
  };
  return place(0) ? grid : null;
}

/** The official initial_state shape: rows of {type: 'white'} / {type: 'black', right?, down?}. */
export function clueState(white: boolean[][], digits: number[][]): KakuroState {
  const state: KakuroState = white.map((row) => row.map((w) => ({ white: w })));
  for (const run of layoutRuns(white)) {
    const sum = run.cells.reduce((a, [r, c]) => a + digits[r][c], 0);
    state[run.clue[0]][run.clue[1]][run.dir] = sum;
  }
  return state;
}
