// Nonogram verifier. The official check is an exact string match with the reference grid; ours is rule-based and
// so more lenient where a puzzle has several solutions: any X/. grid whose every row and column reproduces the
// clues passes (see docs/verifiers-puzzles.md). Our generator only emits puzzles with a unique solution.
import { bad, ok, result, type Parsed, type VerifyResult } from '../types.js';
import type { NonogramState } from './state.js';

/** Runs of filled cells in one line. */
export function lineClues(cells: readonly boolean[]): number[] {
  const out: number[] = [];
  let run = 0;
  for (const f of cells) {
    if (f) run++;
    else if (run > 0) {
      out.push(run);
      run = 0;
    }
  }
  if (run > 0) out.push(run);
  return out;
}

const FILLED = new Set(['X', 'x', '#', '1', '■', '█']);
const EMPTY = new Set(['.', '0', '_', '-', '□', 'O', 'o']);

/** Grid rows from the answer text: one row per line (or per LaTeX `\\`), spaces inside a row ignored. */
export function parseNonogramAnswer(text: string, rows: number, cols: number): Parsed<boolean[][]> {
  const lines = text
    .split(/\r?\n|\\\\/)
    .map((l) => l.replace(/[\s`]/g, ''))
    .filter((l) => l.length > 0);
  if (lines.length !== rows) return bad(`expected ${rows} rows, found ${lines.length}`);
  const grid: boolean[][] = [];
  for (let r = 0; r < rows; r++) {
    const chars = [...lines[r]];
    if (chars.length !== cols) return bad(`row ${r + 1} has ${chars.length} cells, expected ${cols}`);
    const row: boolean[] = [];
    for (const ch of chars) {
      if (FILLED.has(ch)) row.push(true);
      else if (EMPTY.has(ch)) row.push(false);
      else return bad(`row ${r + 1} holds '${ch}' (use X for filled and . for empty)`);
    }
    grid.push(row);
  }
  return ok(grid);
}

const same = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
const show = (c: readonly number[]): string => (c.length === 0 ? '[]' : `[${c.join(', ')}]`);

export function nonogramViolation(grid: boolean[][], state: NonogramState): string | null {
  for (let r = 0; r < state.rows.length; r++) {
    const got = lineClues(grid[r]);
    if (!same(got, state.rows[r])) return `row ${r + 1} has blocks ${show(got)}, clue is ${show(state.rows[r])}`;
  }
  for (let c = 0; c < state.cols.length; c++) {
    const got = lineClues(grid.map((row) => row[c]));
    if (!same(got, state.cols[c])) return `column ${c + 1} has blocks ${show(got)}, clue is ${show(state.cols[c])}`;
  }
  return null;
}

export function checkNonogram(state: NonogramState, grid: boolean[][]): VerifyResult {
  const broken = nonogramViolation(grid, state);
  return broken ? result(false, broken) : result(true, 'every row and column matches its clue');
}
