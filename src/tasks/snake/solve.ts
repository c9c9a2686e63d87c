// Snake solver: depth-first search for a path from S to E that never touches itself and meets every row and column
// count. Pruning, in the order a person would use it: never exceed a row or column count, never step next to an
// earlier part of the body, keep enough cells left to reach E, and only step beside E when E comes next. Every move,
// dead end and backtrack goes to the trace recorder; `budget` caps the nodes so generation stays fast.
import type { TraceRecorder } from '../trace.js';
import type { Cell, SnakeState } from './state.js';

const DIRS: [number, number, string][] = [
  [-1, 0, 'up'],
  [1, 0, 'down'],
  [0, -1, 'left'],
  [0, 1, 'right'],
];
const fmt = (c: Cell): string => `(${c[0]},${c[1]})`;

export interface SnakeSolveResult {
  path: Cell[] | null;
  nodes: number;
  /** True when the node budget ran out before the search finished. */
  exhausted: boolean;
}

export function solveSnake(s: SnakeState, rec: TraceRecorder | null, budget = 30_000): SnakeSolveResult {
  const rows = s.rows;
  const cols = s.cols;
  const rowCounts = s.rowCounts ?? [];
  const colCounts = s.colCounts ?? [];
  const total = rowCounts.reduce((a, b) => a + b, 0);
  const idx = new Int32Array(rows * cols).fill(-1); // position in the path, -1 = free
  const rowUsed = new Array<number>(rows).fill(0);
  const colUsed = new Array<number>(cols).fill(0);
  const path: Cell[] = [];
  const [er, ec] = s.end;
  let nodes = 0;
  let exhausted = false;

  const put = (r: number, c: number): void => {
    idx[r * cols + c] = path.length;
    path.push([r, c]);
    rowUsed[r]++;
    colUsed[c]++;
  };
  const take = (): void => {
    const [r, c] = path.pop() as Cell;
    idx[r * cols + c] = -1;
    rowUsed[r]--;
    colUsed[c]--;
  };
  /** Why stepping onto (r, c) as path cell number path.length is impossible, or null when it is allowed. */
  const blocked = (r: number, c: number): string | null => {
    if (r < 0 || c < 0 || r >= rows || c >= cols) return 'off the grid';
    if (idx[r * cols + c] >= 0) return 'already on the snake';
    if (rowUsed[r] + 1 > rowCounts[r]) return `row ${r} would exceed its count ${rowCounts[r]}`;
    if (colUsed[c] + 1 > colCounts[c]) return `column ${c} would exceed its count ${colCounts[c]}`;
    const j = path.length;
    for (let dr = -1; dr <= 1; dr++) {
      for (let dc = -1; dc <= 1; dc++) {
        if ((dr === 0 && dc === 0) || r + dr < 0 || c + dc < 0 || r + dr >= rows || c + dc >= cols) continue;
        const i = idx[(r + dr) * cols + c + dc];
        if (i < 0) continue;
        if (dr === 0 || dc === 0 ? j - i > 1 : j - i > 2) return `it would touch the body at ${fmt(path[i])}`;
      }
    }
    const isEnd = r === er && c === ec;
    const left = total - j - 1; // cells still to place after this one
    if (isEnd) return left === 0 ? null : `E must be the last cell, but ${left} more snake cell(s) are needed by the counts`;
    const dist = Math.abs(r - er) + Math.abs(c - ec);
    if (dist > left) return `E at ${fmt(s.end)} is ${dist} steps away but only ${left} cell(s) remain`;
    if (dist === 1 && left !== 1) return `it is beside E, so E would have to come next, but ${left} cell(s) remain`;
    if (dist === 2 && Math.abs(r - er) === 1 && left > 2) return `it touches E diagonally too early`;
    return null;
  };

  const dfs = (): boolean => {
    if (++nodes > budget) {
      exhausted = true;
      return false;
    }
    const [r, c] = path[path.length - 1];
    if (r === er && c === ec) return true;
    // Try moves towards E first: the natural order for a person and the fastest for the search.
    const moves = DIRS.map(([dr, dc, name]) => ({ r: r + dr, c: c + dc, name })).sort(
      (a, b) => Math.abs(a.r - er) + Math.abs(a.c - ec) - (Math.abs(b.r - er) + Math.abs(b.c - ec)),
    );
    const open = moves.filter((m) => blocked(m.r, m.c) === null);
    if (open.length === 0) {
      const why = moves.filter((m) => m.r >= 0 && m.c >= 0 && m.r < rows && m.c < cols).map((m) => `${m.name}: ${blocked(m.r, m.c)}`);
      rec?.deadEnd(`At ${fmt([r, c])} after ${path.length} cells`, `no move is possible (${why.join('; ')})`);
      return false;
    }
    for (const m of open) {
      const choice = open.length === 1 ? 'the only legal move' : `choosing among ${open.length} legal moves`;
      rec?.step(`Cell ${path.length + 1}: ${m.name} to ${fmt([m.r, m.c])} (${choice})`, {
        check: `row ${m.r}: ${rowUsed[m.r] + 1}/${rowCounts[m.r]}, column ${m.c}: ${colUsed[m.c] + 1}/${colCounts[m.c]}`,
      });
      put(m.r, m.c);
      if (dfs()) return true;
      take();
      if (exhausted) return false;
      rec?.backtrack(`${fmt([r, c])} with ${path.length} cells placed`);
    }
    return false;
  };

  if (rowCounts[s.start[0]] < 1 || colCounts[s.start[1]] < 1) return { path: null, nodes, exhausted };
  put(s.start[0], s.start[1]);
  const ok = dfs();
  return { path: ok ? [...path] : null, nodes, exhausted };
}

/** The grid with the snake drawn: S and E at the ends, # for body cells, . for empty. */
export function snakeText(s: SnakeState, path: Cell[]): string {
  const g = Array.from({ length: s.rows }, () => new Array<string>(s.cols).fill('.'));
  path.forEach(([r, c]) => (g[r][c] = '#'));
  g[s.start[0]][s.start[1]] = 'S';
  g[s.end[0]][s.end[1]] = 'E';
  return g.map((row) => row.join(' ')).join('\n');
}
