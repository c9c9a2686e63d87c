// Kukurasu state: the grid size and the row/column weighted-sum clues, from the record or the question's text.
import { asInt, asIntList, asObject, StateError } from '../common/grid.js';

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
