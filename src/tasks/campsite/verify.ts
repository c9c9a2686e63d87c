// Campsite (Tents): place tents on empty cells so that each tent is orthogonally next to a tree, no two tents
// touch (diagonals included) and the row/column tent counts match. Answer: [[row, col], ...], 1-based.
// The official generator plants more trees than tents, so the usual one-tent-per-tree pairing is NOT a rule here.
import { result, type VerifyResult } from '../types.js';
import type { CampsiteState } from './state.js';

export function checkCampsite(s: CampsiteState, cells: number[][]): VerifyResult {
  // Duplicates collapse, as in the official check: listing a tent twice places it once.
  const tents = new Map<string, [number, number]>();
  for (const [r, c] of cells) {
    if (r < 1 || c < 1 || r > s.rows || c > s.cols) return result(false, `tent at [${r},${c}] is off the ${s.rows}×${s.cols} grid (1-based)`);
    if (s.trees[r - 1][c - 1]) return result(false, `tent at [${r},${c}] is on a tree`);
    tents.set(`${r},${c}`, [r, c]);
  }
  for (const [r, c] of tents.values()) {
    const nearTree = [
      [1, 0],
      [-1, 0],
      [0, 1],
      [0, -1],
    ].some(([dr, dc]) => s.trees[r - 1 + dr]?.[c - 1 + dc] === true);
    if (!nearTree) return result(false, `tent at [${r},${c}] has no tree above, below, left or right of it`);
    for (const [dr, dc] of [
      [0, 1],
      [1, -1],
      [1, 0],
      [1, 1],
    ]) {
      if (tents.has(`${r + dr},${c + dc}`)) return result(false, `tent at [${r},${c}] touches tent at [${r + dr},${c + dc}]`);
    }
  }
  const rowN = new Array<number>(s.rows).fill(0);
  const colN = new Array<number>(s.cols).fill(0);
  for (const [r, c] of tents.values()) {
    rowN[r - 1]++;
    colN[c - 1]++;
  }
  for (let r = 0; r < s.rows; r++) if (rowN[r] !== s.rowCounts[r]) return result(false, `row ${r + 1} has ${rowN[r]} tents, needs ${s.rowCounts[r]}`);
  for (let c = 0; c < s.cols; c++) if (colN[c] !== s.colCounts[c]) return result(false, `column ${c + 1} has ${colN[c]} tents, needs ${s.colCounts[c]}`);
  return result(true, 'every tent is by a tree, none touch, all counts match');
}
