// Nonogram verifier. The official check is an exact string match with the reference grid; ours is rule-based and
// so more lenient where a puzzle has several solutions: any X/. grid whose every row and column reproduces the
// clues passes (see docs/verifiers-puzzles-b.md). Our generator only emits puzzles with a unique solution.
import { extractAnswer } from '../common/extract.js';
import { tryParsePyLiteral } from '../common/pyliteral.js';
import { result, type TaskInstance, type VerifyResult } from '../types.js';

export interface NonogramState {
  rows: number[][];
  cols: number[][];
}

const MAX_SIDE = 64;

function clueList(v: unknown, what: string): number[] {
  if (typeof v === 'number') return v === 0 ? [] : [v];
  if (!Array.isArray(v)) throw new Error(`nonogram initial_state: ${what} is not a list of numbers`);
  const out: number[] = [];
  for (const x of v) {
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 0) throw new Error(`nonogram initial_state: bad clue in ${what}`);
    if (x > 0) out.push(x); // [0] and [] both mean an empty line
  }
  return out;
}

function clueLines(v: unknown, what: string): number[][] {
  if (!Array.isArray(v) || v.length === 0 || v.length > MAX_SIDE) throw new Error(`nonogram initial_state: ${what} must be a list of clue lists`);
  return v.map((x, i) => clueList(x, `${what}[${i}]`));
}

/** Accepts [rowClues, colClues] (the official shape), {rows, columns|cols}, or either as JSON / Python text. */
export function parseNonogramState(raw: unknown): NonogramState {
  let v = raw;
  if (typeof v === 'string') v = tryParsePyLiteral(v.trim());
  if (Array.isArray(v) && v.length === 2) return { rows: clueLines(v[0], 'row clues'), cols: clueLines(v[1], 'column clues') };
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    return { rows: clueLines(o.rows ?? o.row_clues, 'row clues'), cols: clueLines(o.cols ?? o.columns ?? o.col_clues, 'column clues') };
  }
  throw new Error('nonogram initial_state: expected [row_clues, column_clues]');
}

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
export function parseNonogramAnswer(text: string, rows: number, cols: number): boolean[][] | string {
  const lines = text
    .split(/\r?\n|\\\\/)
    .map((l) => l.replace(/[\s`]/g, ''))
    .filter((l) => l.length > 0);
  if (lines.length !== rows) return `expected ${rows} rows, found ${lines.length}`;
  const grid: boolean[][] = [];
  for (let r = 0; r < rows; r++) {
    const chars = [...lines[r]];
    if (chars.length !== cols) return `row ${r + 1} has ${chars.length} cells, expected ${cols}`;
    const row: boolean[] = [];
    for (const ch of chars) {
      if (FILLED.has(ch)) row.push(true);
      else if (EMPTY.has(ch)) row.push(false);
      else return `row ${r + 1} holds '${ch}' (use X for filled and . for empty)`;
    }
    grid.push(row);
  }
  return grid;
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

export function verifyNonogram(instance: TaskInstance, response: string): VerifyResult {
  let state: NonogramState;
  try {
    state = parseNonogramState(instance.initialState);
  } catch (e) {
    return result(false, (e as Error).message);
  }
  const text = extractAnswer(response);
  if (text === null) return result(false, 'no final answer found (\\boxed{...}, <answer> or "Answer:")');
  if (text.length > 100_000) return result(false, 'answer is too long to be a grid');
  const grid = parseNonogramAnswer(text, state.rows.length, state.cols.length);
  if (typeof grid === 'string') return result(false, grid);
  const bad = nonogramViolation(grid, state);
  return bad ? result(false, bad) : result(true, 'every row and column matches its clue');
}
