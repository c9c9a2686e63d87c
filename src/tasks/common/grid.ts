// Shared helpers for grid puzzles: decoding initial_state in the shapes records carry it (object, JSON string,
// Python-literal string) and reading grid and coordinate answers in the spellings models and references use.
import { tryParsePyLiteral } from './pyliteral.js';
import { bad, ok, type Parsed } from '../types.js';

/** Thrown by parseState functions: the message says what was expected and what came. */
export class StateError extends Error {}

function short(v: unknown): string {
  let s: string;
  try {
    s = typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
  } catch {
    s = String(v);
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** A decoded state value: strings holding JSON or a Python literal are parsed; anything else passes through. */
export function decodeState(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  const t = raw.trim();
  if (/^[[{(]/.test(t)) {
    const v = tryParsePyLiteral(t);
    if (v !== undefined) return v;
  }
  return raw;
}

export function asObject(raw: unknown, what: string): Record<string, unknown> {
  const v = decodeState(raw);
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new StateError(`${what}: expected an object, got ${short(raw)}`);
  return v as Record<string, unknown>;
}

export function asInt(v: unknown, what: string): number {
  const n = typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw new StateError(`${what}: expected an integer, got ${short(v)}`);
  return n;
}

export function asIntList(v: unknown, what: string): number[] {
  const d = decodeState(v);
  if (!Array.isArray(d)) throw new StateError(`${what}: expected a list of integers, got ${short(v)}`);
  return d.map((x, i) => asInt(x, `${what}[${i}]`));
}

/** A square-or-rectangular matrix; `blank` maps null/None/'' cells (and other blank spellings) to that value. */
export function asIntMatrix(v: unknown, what: string, blank?: number): number[][] {
  const d = decodeState(v);
  if (!Array.isArray(d) || d.length === 0) throw new StateError(`${what}: expected a non-empty 2-D list, got ${short(v)}`);
  const rows = d.map((row, r) => {
    if (!Array.isArray(row)) throw new StateError(`${what}[${r}]: expected a list, got ${short(row)}`);
    return row.map((x, c) => {
      const isBlank = x === null || (typeof x === 'string' && /^\s*[_.\-]?\s*$/.test(x));
      if (isBlank && blank !== undefined) return blank;
      return asInt(x, `${what}[${r}][${c}]`);
    });
  });
  if (rows.some((row) => row.length !== rows[0].length)) throw new StateError(`${what}: rows have different lengths`);
  return rows;
}

/** Strips code fences, a leading `"answer":`/`answer =` label and surrounding quotes. */
export function cleanAnswer(text: string): string {
  let t = text.trim();
  t = t.replace(/^```[a-zA-Z]*\s*/, '').replace(/\s*```$/, '');
  t = t.replace(/^\\text\{([\s\S]*)\}$/, '$1');
  t = t.replace(/^["']?answer["']?\s*[:=]\s*/i, '');
  return t.trim();
}

function intRowsFromLines(lines: string[]): number[][] | null {
  const rows: number[][] = [];
  for (const line of lines) {
    const tokens = line
      .replace(/[[\]()|,;]/g, ' ')
      .trim()
      .split(/\s+/)
      .filter((x) => x.length > 0);
    if (tokens.length === 0) continue;
    if (!tokens.every((x) => /^-?\d+$/.test(x))) return null;
    // "123" on a line of its own is a row of single digits (puzzles here never exceed 9×9).
    if (tokens.length === 1 && tokens[0].length > 1 && !tokens[0].startsWith('-')) rows.push([...tokens[0]].map(Number));
    else rows.push(tokens.map(Number));
  }
  return rows.length > 0 ? rows : null;
}

/**
 * A 2-D integer grid from answer text: a Python/JSON list of lists (`[[1, 2], [2, 1]]`), the references'
 * `[[1 2, 2 1]]` spelling (rows split by commas, cells by spaces), or one row per line (`1 2` / `1,2` / `|1|2|`).
 */
export function parseIntGrid(text: string): Parsed<number[][]> {
  const t = cleanAnswer(text);
  const first = t.indexOf('[');
  const last = t.lastIndexOf(']');
  if (first >= 0 && last > first) {
    const v = tryParsePyLiteral(t.slice(first, last + 1));
    if (Array.isArray(v) && v.length > 0 && v.every((row) => Array.isArray(row))) {
      const rows = v as unknown[][];
      for (let r = 0; r < rows.length; r++) {
        for (const x of rows[r]) {
          const n = typeof x === 'string' && /^\s*-?\d+\s*$/.test(x) ? Number(x) : x;
          if (typeof n !== 'number' || !Number.isSafeInteger(n)) return bad(`row ${r + 1} holds ${short(x)}, not an integer`);
        }
      }
      return ok(rows.map((row) => row.map((x) => Number(x))));
    }
  }
  const lines = t.split(/\r?\n|\\n/).filter((l) => /\d/.test(l));
  if (lines.length >= 2) {
    const rows = intRowsFromLines(lines);
    return rows ? ok(rows) : bad('could not read the grid: a row holds something other than integers');
  }
  // One line: `[[1 2 3, 2 3 1, 3 1 2]]` (rows by comma, cells by space) as some reference answers are written.
  const inner = t.replace(/^\[+|\]+$/g, '');
  const groups = inner.split(/\s*[,;]\s*/).filter((g) => g.trim().length > 0);
  if (groups.length >= 2 && groups.every((g) => /^\d+(\s+\d+)+$/.test(g.trim()))) {
    return ok(groups.map((g) => g.trim().split(/\s+/).map(Number)));
  }
  return bad('could not read a 2-D list of integers from the answer');
}

/** A grid answer as the references write it: `[[1, 2], [2, 1]]`. */
export const formatIntGrid = (g: number[][]): string => `[${g.map((row) => `[${row.join(', ')}]`).join(', ')}]`;

/** Checks that `grid` is n×n; the reason names the first offending row. */
export function checkShape(grid: unknown[][], rows: number, cols: number): string | null {
  if (grid.length !== rows) return `grid has ${grid.length} rows, expected ${rows}`;
  for (let r = 0; r < rows; r++) {
    if (grid[r].length !== cols) return `row ${r + 1} has ${grid[r].length} cells, expected ${cols}`;
  }
  return null;
}

/** An n×n integer answer grid; the reason names the first row of the wrong length. */
export function parseSquareGrid(text: string, n: number): Parsed<number[][]> {
  const parsed = parseIntGrid(text);
  if (!parsed.ok) return parsed;
  const shape = checkShape(parsed.value, n, n);
  return shape ? bad(shape) : parsed;
}

/** An n×n answer grid of 0/1 cells (binairo, kukurasu); the reason names the first offending row or cell. */
export function parseBinaryGrid(text: string, n: number): Parsed<number[][]> {
  const parsed = parseSquareGrid(text, n);
  if (!parsed.ok) return parsed;
  const g = parsed.value;
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) if (g[r][c] !== 0 && g[r][c] !== 1) return bad(`row ${r + 1}, column ${c + 1} holds ${g[r][c]}; cells must be 0 or 1`);
  }
  return ok(g);
}

/** An n×n answer grid that is a Latin square of 1..n (calcudoku, skyscrapers). */
export function parseLatinGrid(text: string, n: number): Parsed<number[][]> {
  const parsed = parseSquareGrid(text, n);
  if (!parsed.ok) return parsed;
  const latin = checkLatin(parsed.value, n);
  return latin ? bad(latin) : parsed;
}

/**
 * Latin-square check: every row and column holds 1..n exactly once. Rows and columns are named 1-based
 * (`row 2`) by default, which is how most questions count them; pass base 0 for tasks whose questions count from 0.
 */
export function checkLatin(grid: number[][], n: number, base = 1): string | null {
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const v = grid[r][c];
      if (v < 1 || v > n) return `row ${r + base}, column ${c + base} holds ${v}, outside 1..${n}`;
    }
  }
  for (let r = 0; r < n; r++) {
    const seen = new Set<number>();
    for (let c = 0; c < n; c++) {
      if (seen.has(grid[r][c])) return `row ${r + base} has ${grid[r][c]} twice`;
      seen.add(grid[r][c]);
    }
  }
  for (let c = 0; c < n; c++) {
    const seen = new Set<number>();
    for (let r = 0; r < n; r++) {
      if (seen.has(grid[r][c])) return `column ${c + base} has ${grid[r][c]} twice`;
      seen.add(grid[r][c]);
    }
  }
  return null;
}

/**
 * Integer pairs from answer text: a Python/JSON list, tuple or set of pairs (`[(0, 1), (2, 3)]`,
 * `{(0, 1)}`, `[[1, 2]]`), else every `(a, b)` / `[a, b]` in the text. Empty spellings give [].
 */
export function parsePairs(text: string): Parsed<number[][]> {
  const t = cleanAnswer(text);
  if (/^(\[\s*\]|\{\s*\}|\(\s*\)|set\(\s*\)|none|empty)$/i.test(t)) return ok([]);
  const v = tryParsePyLiteral(t);
  if (Array.isArray(v)) {
    // A single bare pair such as `(1, 2)` parses as a flat list.
    const items = v.length === 2 && v.every((x) => typeof x === 'number') ? [v] : v;
    const pairs: number[][] = [];
    for (const item of items) {
      if (!Array.isArray(item) || item.length !== 2) return bad(`${short(item)} is not a coordinate pair`);
      const [a, b] = item;
      if (typeof a !== 'number' || typeof b !== 'number' || !Number.isSafeInteger(a) || !Number.isSafeInteger(b)) {
        return bad(`${short(item)} is not a pair of integers`);
      }
      pairs.push([a, b]);
    }
    return ok(pairs);
  }
  const re = /[([]\s*(-?\d{1,9})\s*,\s*(-?\d{1,9})\s*[)\]]/g;
  const pairs: number[][] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(t)) !== null) pairs.push([Number(m[1]), Number(m[2])]);
  if (pairs.length === 0) return bad('could not read any (a, b) coordinate pairs from the answer');
  return ok(pairs);
}

/** 4-connectivity of a set of cells given as "r,c" keys; true for an empty set. */
export function isConnected(cells: Set<string>): boolean {
  if (cells.size === 0) return true;
  const start = cells.values().next().value as string;
  const seen = new Set<string>([start]);
  const stack = [start];
  while (stack.length > 0) {
    const [r, c] = (stack.pop() as string).split(',').map(Number);
    for (const [dr, dc] of [
      [1, 0],
      [-1, 0],
      [0, 1],
      [0, -1],
    ]) {
      const k = `${r + dr},${c + dc}`;
      if (cells.has(k) && !seen.has(k)) {
        seen.add(k);
        stack.push(k);
      }
    }
  }
  return seen.size === cells.size;
}

/** A cell's eight neighbours as (row, column) offsets, row by row; solvers and verifiers of 8-neighbour rules share it. */
export const NEIGHBOURS_8: ReadonlyArray<readonly [number, number]> = [
  [-1, -1],
  [-1, 0],
  [-1, 1],
  [0, -1],
  [0, 1],
  [1, -1],
  [1, 0],
  [1, 1],
];
