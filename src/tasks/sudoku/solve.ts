// Sudoku solving for the generator: a bitmask counter for uniqueness checks while carving clues, and a traced
// solver (naked/hidden singles, then a guess on the cell with fewest candidates, backtracking on contradiction)
// whose real steps become the SERG trace.
import type { TraceRecorder } from '../trace.js';
import type { SudokuGrid } from './state.js';

const ALL = 0x3fe; // bits 1..9
const BOX = (r: number, c: number): number => 3 * Math.floor(r / 3) + Math.floor(c / 3);
const bits = (m: number): number[] => [1, 2, 3, 4, 5, 6, 7, 8, 9].filter((d) => m & (1 << d));
const popcount = (m: number): number => bits(m).length;
export const cellName = (r: number, c: number): string => `r${r + 1}c${c + 1}`;

/** Number of solutions of `grid` (0 = blank), counting no further than `limit`. */
export function countSolutions(grid: SudokuGrid, limit = 2): number {
  const g = grid.map((row) => [...row]);
  const rows = new Array<number>(9).fill(0);
  const cols = new Array<number>(9).fill(0);
  const boxes = new Array<number>(9).fill(0);
  for (let r = 0; r < 9; r++) {
    for (let c = 0; c < 9; c++) {
      const v = g[r][c];
      if (!v) continue;
      const b = 1 << v;
      if ((rows[r] | cols[c] | boxes[BOX(r, c)]) & b) return 0;
      rows[r] |= b;
      cols[c] |= b;
      boxes[BOX(r, c)] |= b;
    }
  }
  let found = 0;
  const dfs = (): void => {
    let best = -1;
    let bestMask = 0;
    let bestCount = 10;
    for (let i = 0; i < 81; i++) {
      const r = Math.floor(i / 9);
      const c = i % 9;
      if (g[r][c]) continue;
      const m = ALL & ~(rows[r] | cols[c] | boxes[BOX(r, c)]);
      const n = popcount(m);
      if (n < bestCount) [best, bestMask, bestCount] = [i, m, n];
      if (n === 0) return;
    }
    if (best < 0) {
      found++;
      return;
    }
    const r = Math.floor(best / 9);
    const c = best % 9;
    for (const d of bits(bestMask)) {
      const b = 1 << d;
      g[r][c] = d;
      rows[r] |= b;
      cols[c] |= b;
      boxes[BOX(r, c)] |= b;
      dfs();
      rows[r] &= ~b;
      cols[c] &= ~b;
      boxes[BOX(r, c)] &= ~b;
      g[r][c] = 0;
      if (found >= limit) return;
    }
  };
  dfs();
  return found;
}

function candidates(g: SudokuGrid, r: number, c: number): number {
  let used = 0;
  for (let k = 0; k < 9; k++) used |= (1 << g[r][k]) | (1 << g[k][c]);
  const br = 3 * Math.floor(r / 3);
  const bc = 3 * Math.floor(c / 3);
  for (let k = 0; k < 9; k++) used |= 1 << g[br + Math.floor(k / 3)][bc + (k % 3)];
  return ALL & ~used;
}

export function gridText(g: SudokuGrid): string {
  return g.map((row) => row.map((v) => (v ? String(v) : '.')).join(' ')).join('\n');
}

type Round = { placed: string[]; contradiction: string | null };

/** One round of singles on `g` (in place): every naked single, then hidden singles per unit. */
function singlesRound(g: SudokuGrid): Round {
  const placed: string[] = [];
  for (let r = 0; r < 9; r++) {
    for (let c = 0; c < 9; c++) {
      if (g[r][c]) continue;
      const m = candidates(g, r, c);
      if (m === 0) return { placed, contradiction: `${cellName(r, c)} has no candidate left` };
      if (popcount(m) === 1) {
        g[r][c] = bits(m)[0];
        placed.push(`${cellName(r, c)}=${g[r][c]}`);
      }
    }
  }
  const units: [string, [number, number][]][] = [];
  for (let u = 0; u < 9; u++) {
    units.push([`row ${u + 1}`, [0, 1, 2, 3, 4, 5, 6, 7, 8].map((k) => [u, k])]);
    units.push([`column ${u + 1}`, [0, 1, 2, 3, 4, 5, 6, 7, 8].map((k) => [k, u])]);
    units.push([`box ${u + 1}`, [0, 1, 2, 3, 4, 5, 6, 7, 8].map((k) => [3 * Math.floor(u / 3) + Math.floor(k / 3), 3 * (u % 3) + (k % 3)])]);
  }
  for (const [name, cells] of units) {
    for (let d = 1; d <= 9; d++) {
      if (cells.some(([r, c]) => g[r][c] === d)) continue;
      const spots = cells.filter(([r, c]) => !g[r][c] && candidates(g, r, c) & (1 << d));
      if (spots.length === 0) return { placed, contradiction: `${name} has no place left for ${d}` };
      if (spots.length === 1) {
        const [r, c] = spots[0];
        g[r][c] = d;
        placed.push(`${cellName(r, c)}=${d} (only spot in ${name})`);
      }
    }
  }
  return { placed, contradiction: null };
}

/** Solves `start` recording rounds, guesses, dead ends and backtracks; returns the solution or null. */
export function solveTraced(start: SudokuGrid, rec: TraceRecorder, depth = 0): SudokuGrid | null {
  const g = start.map((row) => [...row]);
  for (;;) {
    const round = singlesRound(g);
    if (round.contradiction) {
      if (round.placed.length > 0) rec.step(`Singles: ${round.placed.join(', ')}`);
      rec.deadEnd('Continuing the deductions', round.contradiction);
      return null;
    }
    if (round.placed.length === 0) break;
    rec.step(`Singles (unmarked = only candidate of its cell): ${round.placed.join(', ')}`, {
      check: `each digit is the only one its row, column and box allow; ${countBlank(g)} cells left`,
    });
  }
  if (countBlank(g) === 0) return g;
  let best: [number, number] | null = null;
  let bestMask = 0;
  for (let r = 0; r < 9; r++) {
    for (let c = 0; c < 9; c++) {
      if (g[r][c]) continue;
      const m = candidates(g, r, c);
      if (!best || popcount(m) < popcount(bestMask)) [best, bestMask] = [[r, c], m];
    }
  }
  const [r, c] = best as [number, number];
  const options = bits(bestMask);
  rec.note(`No single is left. ${cellName(r, c)} has the fewest candidates {${options.join(', ')}}, so I branch on it.`);
  for (const d of options) {
    rec.step(`Guess ${cellName(r, c)}=${d}`, { state: gridText(g) });
    g[r][c] = d;
    const solved = solveTraced(g, rec, depth + 1);
    if (solved) return solved;
    g[r][c] = 0;
    rec.backtrack(`the state before guessing ${cellName(r, c)}=${d}, and try the next candidate`);
  }
  rec.deadEnd(`Every candidate of ${cellName(r, c)}`, 'each one led to a contradiction');
  return null;
}

function countBlank(g: SudokuGrid): number {
  return g.reduce((n, row) => n + row.filter((v) => v === 0).length, 0);
}
