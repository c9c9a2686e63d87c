// Sudoku verifier: rule-based like the official one (any grid that keeps the givens and has 1..9 once per row,
// column and 3×3 box passes; the reference is never consulted). Accepts the 81 space-separated digits the question
// asks for, nine 9-digit rows, or a 2-D list literal.
import { tryParsePyLiteral } from '../common/pyliteral.js';
import { bad, ok, result, type Parsed, type VerifyResult } from '../types.js';
import { chunk, N, toSudokuGrid, type SudokuGrid } from './state.js';

/** The answer as a 9×9 grid of 1..9, or a reason why it cannot be read. */
export function parseSudokuAnswer(text: string): Parsed<SudokuGrid> {
  if (text.includes('[')) {
    const lit = tryParsePyLiteral(text.slice(text.indexOf('['), text.lastIndexOf(']') + 1));
    if (lit !== undefined) {
      const g = toSudokuGrid(lit);
      if (g) return ok(g);
    }
  }
  const tokens = text.match(/\d+/g) ?? [];
  let digits: string[] | null = null;
  if (tokens.length === N * N && tokens.every((t) => t.length === 1)) digits = tokens;
  else if (tokens.length === N && tokens.every((t) => t.length === N)) digits = tokens.join('').split('');
  else if (tokens.length === 1 && tokens[0].length === N * N) digits = tokens[0].split('');
  if (!digits) return bad(`expected 81 digits (9 rows of 9), found ${tokens.length} numbers`);
  const grid = chunk(digits);
  if (!grid) return bad('answer holds a value outside 1..9');
  return ok(grid);
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
        const [r, c] = kind === 0 ? [u, k] : kind === 1 ? [k, u] : [3 * Math.floor(u / 3) + Math.floor(k / 3), 3 * (u % 3) + (k % 3)];
        const v = grid[r][c];
        if (seen.has(v)) return `${unitName[kind]} ${u + 1} repeats ${v}`;
        seen.add(v);
      }
    }
  }
  return null;
}

export function checkSudoku(givens: SudokuGrid, grid: SudokuGrid): VerifyResult {
  const broken = sudokuViolation(grid, givens);
  return broken ? result(false, broken) : result(true, 'valid sudoku that keeps every given');
}
