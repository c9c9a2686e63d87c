// Sudoku state: the 9×9 grid of givens (0 = blank), from 81 digits, nine rows or a 2-D list.
import { tryParsePyLiteral } from '../common/pyliteral.js';

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

export function chunk(cells: unknown[]): SudokuGrid | null {
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
