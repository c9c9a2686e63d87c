// Kukurasu: black cells (1) in an n×n grid; in each row the black cells' column positions (1..n) sum to the row
// clue, in each column their row positions sum to the column clue. Rule-based: any valid grid passes.
import { result, type VerifyResult } from '../types.js';
import type { KukurasuState } from './state.js';

/** Weighted sums of a 0/1 grid: row r sums column positions, column c sums row positions (both 1-based). */
export function weightedSums(g: number[][]): { rows: number[]; cols: number[] } {
  const n = g.length;
  const rows = g.map((row) => row.reduce((acc, v, c) => acc + (v === 1 ? c + 1 : 0), 0));
  const cols = Array.from({ length: n }, (_, c) => g.reduce((acc, row, r) => acc + (row[c] === 1 ? r + 1 : 0), 0));
  return { rows, cols };
}

export function checkKukurasu(s: KukurasuState, g: number[][]): VerifyResult {
  const sums = weightedSums(g);
  for (let r = 0; r < s.n; r++) {
    if (sums.rows[r] !== s.rowSums[r]) return result(false, `row ${r + 1} sums to ${sums.rows[r]}, needs ${s.rowSums[r]}`);
  }
  for (let c = 0; c < s.n; c++) {
    if (sums.cols[c] !== s.colSums[c]) return result(false, `column ${c + 1} sums to ${sums.cols[c]}, needs ${s.colSums[c]}`);
  }
  return result(true, 'every row and column sum matches its clue');
}
