// Nonogram line solver for the generator: every line keeps the placements of its clue that agree with the known
// cells; cells on which all of them agree become known. When no line makes progress the solver guesses a cell
// and backtracks on contradiction. The same search counts solutions (uniqueness check) and records SERG steps.
import type { TraceRecorder } from '../trace.js';

export type Cell = 0 | 1 | -1; // empty, filled, unknown

/** All ways to place `clue` blocks in a line of length n. */
export function placements(clue: readonly number[], n: number): boolean[][] {
  const out: boolean[][] = [];
  const place = (i: number, from: number, acc: boolean[]): void => {
    if (i === clue.length) {
      out.push([...acc, ...new Array<boolean>(n - acc.length).fill(false)]);
      return;
    }
    const rest = clue.slice(i + 1).reduce((a, b) => a + b + 1, 0);
    for (let s = from; s + clue[i] + rest <= n; s++) {
      const next = [...acc, ...new Array<boolean>(s - acc.length).fill(false), ...new Array<boolean>(clue[i]).fill(true)];
      if (i < clue.length - 1) next.push(false);
      place(i + 1, next.length, next);
    }
  };
  place(0, 0, []);
  return out;
}

interface Line {
  name: string;
  cells: [number, number][];
  options: boolean[][];
}

export function lines(rows: number[][], cols: number[][]): Line[] {
  const h = rows.length;
  const w = cols.length;
  return [
    ...rows.map((clue, r) => ({
      name: `row ${r + 1} [${clue.join(',') || '0'}]`,
      cells: [...Array(w).keys()].map((c) => [r, c] as [number, number]),
      options: placements(clue, w),
    })),
    ...cols.map((clue, c) => ({
      name: `column ${c + 1} [${clue.join(',') || '0'}]`,
      cells: [...Array(h).keys()].map((r) => [r, c] as [number, number]),
      options: placements(clue, h),
    })),
  ];
}

export const gridText = (g: Cell[][]): string => g.map((row) => row.map((v) => (v === 1 ? 'X' : v === 0 ? '.' : '?')).join('')).join('\n');

/** Propagates to a fixpoint; returns false on contradiction (reason in `why[0]`). */
function propagate(g: Cell[][], ls: Line[], rec: TraceRecorder | null, why: string[]): boolean {
  for (let changed = true; changed;) {
    changed = false;
    for (const line of ls) {
      const fits = line.options.filter((opt) => line.cells.every(([r, c], i) => g[r][c] === -1 || g[r][c] === (opt[i] ? 1 : 0)));
      if (fits.length === 0) {
        why[0] = `${line.name} has no placement consistent with the known cells`;
        return false;
      }
      const fixed: string[] = [];
      line.cells.forEach(([r, c], i) => {
        if (g[r][c] !== -1) return;
        if (fits.every((o) => o[i] === fits[0][i])) {
          g[r][c] = fits[0][i] ? 1 : 0;
          fixed.push(`(${r + 1},${c + 1})=${fits[0][i] ? 'X' : '.'}`);
        }
      });
      if (fixed.length > 0) {
        changed = true;
        rec?.step(`${line.name}: all ${fits.length} placement(s) that fit agree on ${fixed.join(' ')}`, { state: gridText(g) });
      }
    }
  }
  return true;
}

/** Depth-first search; collects up to `limit` solutions. With a recorder, logs every deduction, guess and dead end. */
export function search(g: Cell[][], ls: Line[], limit: number, rec: TraceRecorder | null, found: Cell[][][] = []): Cell[][][] {
  const work = g.map((row) => [...row]);
  const why: string[] = [];
  if (!propagate(work, ls, rec, why)) {
    rec?.deadEnd('Propagating the clues', why[0], gridText(work));
    return found;
  }
  let guess: [number, number] | null = null;
  for (let r = 0; r < work.length && !guess; r++) for (let c = 0; c < work[r].length && !guess; c++) if (work[r][c] === -1) guess = [r, c];
  if (!guess) {
    found.push(work);
    return found;
  }
  const [r, c] = guess;
  for (const v of [1, 0] as const) {
    rec?.step(`No line forces more cells; guess (${r + 1},${c + 1})=${v ? 'X' : '.'}`, { state: gridText(work) });
    work[r][c] = v;
    const before = found.length;
    search(work, ls, limit, rec, found);
    if (found.length >= limit) return found;
    if (rec && found.length === before) rec.backtrack(`the grid before guessing (${r + 1},${c + 1})=${v ? 'X' : '.'}`);
    work[r][c] = -1;
  }
  return found;
}

export function emptyGrid(h: number, w: number): Cell[][] {
  return Array.from({ length: h }, () => new Array<Cell>(w).fill(-1));
}
