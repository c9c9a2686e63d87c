// Snake verifier. STRICTER than the official check, which compares coordinate SETS with the reference (order and
// path validity unchecked): the answer must be a real snake — a path of orthogonally adjacent cells with no repeats,
// running from S to E (either direction), never touching itself (no two non-consecutive cells orthogonally
// adjacent, none three or more steps apart diagonally adjacent), with the row and column counts of the clues.
import { extractAnswer } from '../common/extract.js';
import { tryParsePyLiteral } from '../common/pyliteral.js';
import { result, type TaskInstance, type VerifyResult } from '../types.js';

export type Cell = [number, number];

export interface SnakeState {
  rows: number;
  cols: number;
  start: Cell;
  end: Cell;
  /** Clue counts; null when neither the state nor the question text gives them. */
  rowCounts: number[] | null;
  colCounts: number[] | null;
}

const MAX_SIDE = 64;

function intList(v: unknown): number[] | null {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 0)) return null;
  return v as number[];
}

function cellOf(v: unknown): Cell | null {
  if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number')) return [v[0] as number, v[1] as number];
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.row === 'number' && typeof o.col === 'number') return [o.row, o.col];
  }
  return null;
}

/**
 * Accepts the official grid (rows of null / 'S' / 'E'), optionally wrapped in an object that also carries
 * row_counts / col_counts (the official record keeps those as separate fields), or our own normalised shape.
 */
export function parseSnakeState(raw: unknown): SnakeState {
  let v = raw;
  if (typeof v === 'string') v = tryParsePyLiteral(v.trim());
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    const start = cellOf(o.start);
    const end = cellOf(o.end);
    const rowCounts = intList(o.rowCounts ?? o.row_counts);
    const colCounts = intList(o.colCounts ?? o.col_counts);
    if (start && end && typeof o.rows === 'number' && typeof o.cols === 'number') {
      return { rows: o.rows, cols: o.cols, start, end, rowCounts, colCounts };
    }
    const grid = o.grid ?? o.initial_state;
    if (grid !== undefined) return { ...parseSnakeState(grid), ...(rowCounts && colCounts ? { rowCounts, colCounts } : {}) };
  }
  if (!Array.isArray(v) || v.length === 0 || v.length > MAX_SIDE || !v.every((r) => Array.isArray(r))) {
    throw new Error("snake initial_state: expected a grid with one 'S' and one 'E' cell");
  }
  const grid = v as unknown[][];
  let start: Cell | null = null;
  let end: Cell | null = null;
  grid.forEach((row, r) =>
    row.forEach((x, c) => {
      if (x === 'S') start = [r, c];
      if (x === 'E') end = [r, c];
    }),
  );
  if (!start || !end) throw new Error("snake initial_state: grid lacks the 'S' or 'E' cell");
  return { rows: grid.length, cols: grid[0].length, start, end, rowCounts: null, colCounts: null };
}

/** "Row counts: 1, 2, 3" / "Column counts: ..." as the official questions state them. */
function countsFromText(text: string, label: 'Row' | 'Column'): number[] | null {
  const m = new RegExp(`${label} counts:\\s*([0-9][0-9,\\s]*)`).exec(text);
  return m ? (m[1].match(/\d+/g) ?? []).map(Number) : null;
}

/** The state with its clue counts filled in from the question text when the state itself lacks them. */
export function snakeStateFor(instance: TaskInstance): SnakeState {
  const s = parseSnakeState(instance.initialState);
  if (s.rowCounts && s.colCounts) return s;
  const text = `${instance.questionLanguage ?? ''}\n${instance.question ?? ''}`;
  return { ...s, rowCounts: countsFromText(text, 'Row'), colCounts: countsFromText(text, 'Column') };
}

export function parseSnakeAnswer(text: string): Cell[] {
  const out: Cell[] = [];
  for (const m of text.matchAll(/\(\s*(\d{1,6})\s*,\s*(\d{1,6})\s*\)/g)) out.push([Number(m[1]), Number(m[2])]);
  return out;
}

const key = (c: Cell): string => `${c[0]},${c[1]}`;
const fmt = (c: Cell): string => `(${c[0]},${c[1]})`;

export function snakeViolation(path: Cell[], s: SnakeState): string | null {
  if (path.length < 2) return 'the snake needs at least two cells';
  if (path.length > s.rows * s.cols) return `the path lists ${path.length} cells, the grid has only ${s.rows * s.cols}`;
  const index = new Map<string, number>();
  for (let i = 0; i < path.length; i++) {
    const [r, c] = path[i];
    if (r >= s.rows || c >= s.cols) return `cell ${fmt(path[i])} is outside the ${s.rows}×${s.cols} grid`;
    if (index.has(key(path[i]))) return `cell ${fmt(path[i])} is visited twice`;
    index.set(key(path[i]), i);
    if (i > 0 && Math.abs(r - path[i - 1][0]) + Math.abs(c - path[i - 1][1]) !== 1) {
      return `step ${i}: ${fmt(path[i - 1])} → ${fmt(path[i])} is not a move to an orthogonally adjacent cell`;
    }
  }
  const ends = [key(path[0]), key(path[path.length - 1])];
  if (!(ends.includes(key(s.start)) && ends.includes(key(s.end)))) {
    return `the snake must run from S ${fmt(s.start)} to E ${fmt(s.end)}, not ${fmt(path[0])} to ${fmt(path[path.length - 1])}`;
  }
  for (let i = 0; i < path.length; i++) {
    for (let dr = -1; dr <= 1; dr++) {
      for (let dc = -1; dc <= 1; dc++) {
        const j = index.get(`${path[i][0] + dr},${path[i][1] + dc}`);
        if (j === undefined || j <= i) continue;
        const gap = j - i;
        if ((dr === 0 || dc === 0) ? gap > 1 : gap > 2) return `the snake touches itself at ${fmt(path[i])} and ${fmt(path[j])}`;
      }
    }
  }
  const rowCount = new Array<number>(s.rows).fill(0);
  const colCount = new Array<number>(s.cols).fill(0);
  for (const [r, c] of path) {
    rowCount[r]++;
    colCount[c]++;
  }
  if (s.rowCounts) {
    for (let r = 0; r < s.rows; r++) {
      if (rowCount[r] !== s.rowCounts[r]) return `row ${r} has ${rowCount[r]} snake cells, clue is ${s.rowCounts[r]}`;
    }
  }
  if (s.colCounts) {
    for (let c = 0; c < s.cols; c++) {
      if (colCount[c] !== s.colCounts[c]) return `column ${c} has ${colCount[c]} snake cells, clue is ${s.colCounts[c]}`;
    }
  }
  return null;
}

export function verifySnake(instance: TaskInstance, response: string): VerifyResult {
  let state: SnakeState;
  try {
    state = snakeStateFor(instance);
  } catch (e) {
    return result(false, (e as Error).message);
  }
  if (state.rowCounts?.length !== state.rows || state.colCounts?.length !== state.cols) {
    return result(false, 'snake: row/column counts are missing from the state and question, or do not fit the grid');
  }
  const text = extractAnswer(response);
  if (text === null) return result(false, 'no final answer found (\\boxed{...}, <answer> or "Answer:")');
  const path = parseSnakeAnswer(text.length > 200_000 ? '' : text);
  const bad = snakeViolation(path, state);
  return bad ? result(false, bad) : result(true, 'valid snake from S to E matching every count');
}
