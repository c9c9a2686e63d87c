// Snake state: the grid with its S and E cells and the row/column clue counts (from the record, or from the
// question text when the record lacks them).
import { tryParsePyLiteral } from '../common/pyliteral.js';
import type { TaskInstance } from '../types.js';

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
export function withQuestionCounts(s: SnakeState, instance: TaskInstance): SnakeState {
  if (s.rowCounts && s.colCounts) return s;
  const text = `${instance.questionLanguage ?? ''}\n${instance.question ?? ''}`;
  return { ...s, rowCounts: countsFromText(text, 'Row'), colCounts: countsFromText(text, 'Column') };
}
