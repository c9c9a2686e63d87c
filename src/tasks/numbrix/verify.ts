// Numbrix verifier, rule-based like the official one: rows `|a|b|c|`, givens kept, each of 1..M used exactly once
// (M = the largest number written; the official rules allow cells to stay empty) and every k, k+1 orthogonally
// adjacent. Stricter than the official check in one way: the answer grid must have the puzzle's exact shape (the
// official one crops a larger grid).
import { tryParsePyLiteral } from '../common/pyliteral.js';
import { bad, ok, result, type Parsed, type VerifyResult } from '../types.js';
import { fromList, parseBarRows, type NumbrixGrid } from './state.js';

export function parseNumbrixAnswer(text: string): Parsed<NumbrixGrid> {
  const grid = text.trim().startsWith('[') ? fromList(tryParsePyLiteral(text.trim())) : parseBarRows(text);
  return grid ? ok(grid) : bad('expected the grid as rows like |1|2|3|');
}

export function numbrixViolation(grid: NumbrixGrid, givens: NumbrixGrid): string | null {
  const rows = givens.length;
  const cols = givens[0].length;
  if (grid.length !== rows || grid[0].length !== cols) return `answer grid is ${grid.length}×${grid[0].length}, puzzle is ${rows}×${cols}`;
  const where = new Map<number, [number, number]>();
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = grid[r][c];
      if (givens[r][c] !== 0 && v !== givens[r][c]) return `cell (${r},${c}) must keep the given ${givens[r][c]}, answer has ${v || 'blank'}`;
      if (v === 0) continue;
      if (v > rows * cols) return `${v} is larger than the ${rows * cols} cells of the grid`;
      if (where.has(v)) return `${v} appears twice`;
      where.set(v, [r, c]);
    }
  }
  if (where.size === 0) return 'the grid holds no numbers';
  const max = Math.max(...where.keys());
  for (let k = 1; k <= max; k++) if (!where.has(k)) return `${k} is missing (numbers must run 1..${max})`;
  for (let k = 1; k < max; k++) {
    const [r1, c1] = where.get(k) as [number, number];
    const [r2, c2] = where.get(k + 1) as [number, number];
    if (Math.abs(r1 - r2) + Math.abs(c1 - c2) !== 1) return `${k} at (${r1},${c1}) and ${k + 1} at (${r2},${c2}) are not orthogonally adjacent`;
  }
  return null;
}

export function checkNumbrix(givens: NumbrixGrid, grid: NumbrixGrid): VerifyResult {
  const broken = numbrixViolation(grid, givens);
  return broken ? result(false, broken) : result(true, 'consecutive numbers are adjacent and every given is kept');
}
