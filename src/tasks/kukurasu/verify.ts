// Kukurasu: black cells (1) in an n×n grid; in each row the black cells' column positions (1..n) sum to the row
// clue, in each column their row positions sum to the column clue. Rule-based: any valid grid passes.
import { asInt, asIntList, asObject, parseBinaryGrid, puzzleVerifier, StateError } from '../common/grid.js';
import { result } from '../types.js';

export interface KukurasuState {
  n: number;
  rowSums: number[];
  colSums: number[];
}

function validate(s: KukurasuState): KukurasuState {
  if (s.rowSums.length !== s.n || s.colSums.length !== s.n) {
    throw new StateError(`kukurasu state: ${s.rowSums.length} row and ${s.colSums.length} column clues for size ${s.n}`);
  }
  return s;
}

/** The question_language block: `Row 1: 5` and `Column 1: 3` lines. */
function parseTextBlock(text: string): KukurasuState {
  const rowSums = [...text.matchAll(/^\s*Row\s+\d+\s*:\s*(\d+)/gm)].map((m) => Number(m[1]));
  const colSums = [...text.matchAll(/^\s*Column\s+\d+\s*:\s*(\d+)/gm)].map((m) => Number(m[1]));
  if (rowSums.length === 0) throw new StateError('kukurasu state text: no "Row i: sum" lines found');
  return validate({ n: rowSums.length, rowSums, colSums });
}

export function parseKukurasuState(raw: unknown): KukurasuState {
  if (typeof raw === 'string' && !/^\s*[{[]/.test(raw)) return parseTextBlock(raw);
  const o = asObject(raw, 'kukurasu state');
  const rowSums = asIntList(o.row_sums ?? o.rowSums, 'kukurasu state.row_sums');
  const colSums = asIntList(o.col_sums ?? o.colSums, 'kukurasu state.col_sums');
  const n = o.size !== undefined ? asInt(o.size, 'kukurasu state.size') : o.n !== undefined ? asInt(o.n, 'kukurasu state.n') : rowSums.length;
  return validate({ n, rowSums, colSums });
}

/** Weighted sums of a 0/1 grid: row r sums column positions, column c sums row positions (both 1-based). */
export function weightedSums(g: number[][]): { rows: number[]; cols: number[] } {
  const n = g.length;
  const rows = g.map((row) => row.reduce((acc, v, c) => acc + (v === 1 ? c + 1 : 0), 0));
  const cols = Array.from({ length: n }, (_, c) => g.reduce((acc, row, r) => acc + (row[c] === 1 ? r + 1 : 0), 0));
  return { rows, cols };
}

export const verifyKukurasu = puzzleVerifier(parseKukurasuState, (s, answer) => {
  const parsed = parseBinaryGrid(answer, s.n);
  if (!parsed.ok) return result(false, parsed.reason);
  const g = parsed.value;
  const sums = weightedSums(g);
  for (let r = 0; r < s.n; r++) {
    if (sums.rows[r] !== s.rowSums[r]) return result(false, `row ${r + 1} sums to ${sums.rows[r]}, needs ${s.rowSums[r]}`);
  }
  for (let c = 0; c < s.n; c++) {
    if (sums.cols[c] !== s.colSums[c]) return result(false, `column ${c + 1} sums to ${sums.cols[c]}, needs ${s.colSums[c]}`);
  }
  return result(true, 'every row and column sum matches its clue');
});
