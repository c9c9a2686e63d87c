// Sudoku verifier: rule-based like the official one (any grid that keeps the givens and has 1..9 once per row,
// column and 3×3 box passes; the reference is never consulted). Accepts the 81 space-separated digits the question
// asks for, nine 9-digit rows, or a 2-D list literal.
import { extractAnswer } from '../common/extract.js';
import { tryParsePyLiteral } from '../common/pyliteral.js';
import { result, type TaskInstance, type VerifyResult } from '../types.js';

export const N = 9;
export type SudokuGrid = number[][]; // [9][9], 0 = blank

function cellValue(v: unknown): number | null {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= N) return v;
  if (typeof v === 'string') {
    const t = v.trim();
    if (t === '' || t === '.' || t === '_' || t === '0') return 0;
    if (/^[1-9]$/.test(t)) return Number(t);
  }
  return null;
}

function chunk(cells: unknown[]): SudokuGrid | null {
  const out: SudokuGrid = [];
  for (let r = 0; r < N; r++) {
    const row: number[] = [];
    for (let c = 0; c < N; c++) {
      const v = cellValue(cells[r * N + c]);
      if (v === null) return null;
      row.push(v);
    }
    out.push(row);
  }
  return out;
}

/** 81 cells from a list (flat or 9 rows of lists/strings) or a text block; null when the shape is wrong. */
export function toSudokuGrid(v: unknown): SudokuGrid | null {
  if (typeof v === 'string') {
    const t = v.trim();
    if (t.startsWith('[')) {
      const lit = tryParsePyLiteral(t);
      if (lit !== undefined) return toSudokuGrid(lit);
    }
    if (t.length > 4096) return null;
    let tokens = t.split(/[\s,|]+/).filter((x) => x.length > 0 && !/^[-+=]+$/.test(x));
    // Rows written without separators ("53..7....") or the whole grid as one 81-character run.
    if (tokens.length !== N * N) tokens = tokens.join('').split('');
    return tokens.length === N * N ? chunk(tokens) : null;
  }
  if (!Array.isArray(v)) return null;
  if (v.length === N * N) return chunk(v);
  if (v.length !== N) return null;
  const flat: unknown[] = [];
  for (const row of v) {
    if (Array.isArray(row) && row.length === N) flat.push(...row);
    else if (typeof row === 'string' && row.replace(/\s/g, '').length === N) flat.push(...row.replace(/\s/g, '').split(''));
    else return null;
  }
  return chunk(flat);
}

export function parseSudokuState(raw: unknown): SudokuGrid {
  const grid = toSudokuGrid(raw);
  if (!grid) throw new Error('sudoku initial_state: expected a 9×9 grid (rows of digits, 0 or "." for blanks)');
  return grid;
}

/** The answer as a 9×9 grid of 1..9, or a reason why it cannot be read. */
export function parseSudokuAnswer(text: string): SudokuGrid | string {
  if (text.includes('[')) {
    const lit = tryParsePyLiteral(text.slice(text.indexOf('['), text.lastIndexOf(']') + 1));
    if (lit !== undefined) {
      const g = toSudokuGrid(lit);
      if (g) return g;
    }
  }
  const tokens = text.match(/\d+/g) ?? [];
  let digits: string[] | null = null;
  if (tokens.length === N * N && tokens.every((t) => t.length === 1)) digits = tokens;
  else if (tokens.length === N && tokens.every((t) => t.length === N)) digits = tokens.join('').split('');
  else if (tokens.length === 1 && tokens[0].length === N * N) digits = tokens[0].split('');
  if (!digits) return `expected 81 digits (9 rows of 9), found ${tokens.length} numbers`;
  const grid = chunk(digits);
  if (!grid) return 'answer holds a value outside 1..9';
  return grid;
}

/** First rule the filled grid breaks (givens, then 1..9 in every cell, rows, columns, boxes), or null. */
export function sudokuViolation(grid: SudokuGrid, givens: SudokuGrid): string | null {
  for (let r = 0; r < N; r++) {
    for (let c = 0; c < N; c++) {
      const v = grid[r][c];
      if (v < 1 || v > N) return `cell (row ${r + 1}, column ${c + 1}) is empty or not 1..9`;
      if (givens[r][c] !== 0 && givens[r][c] !== v) {
        return `cell (row ${r + 1}, column ${c + 1}) must keep the given ${givens[r][c]}, answer has ${v}`;
      }
    }
  }
  const unitName = ['row', 'column', 'box'];
  for (let kind = 0; kind < 3; kind++) {
    for (let u = 0; u < N; u++) {
      const seen = new Set<number>();
      for (let k = 0; k < N; k++) {
        const [r, c] =
          kind === 0 ? [u, k] : kind === 1 ? [k, u] : [3 * Math.floor(u / 3) + Math.floor(k / 3), 3 * (u % 3) + (k % 3)];
        const v = grid[r][c];
        if (seen.has(v)) return `${unitName[kind]} ${u + 1} repeats ${v}`;
        seen.add(v);
      }
    }
  }
  return null;
}

export function verifySudoku(instance: TaskInstance, response: string): VerifyResult {
  let givens: SudokuGrid;
  try {
    givens = parseSudokuState(instance.initialState);
  } catch (e) {
    return result(false, (e as Error).message);
  }
  const text = extractAnswer(response);
  if (text === null) return result(false, 'no final answer found (\\boxed{...}, <answer> or "Answer:")');
  const grid = parseSudokuAnswer(text);
  if (typeof grid === 'string') return result(false, grid);
  const bad = sudokuViolation(grid, givens);
  return bad ? result(false, bad) : result(true, 'valid sudoku that keeps every given');
}
