// Campsite (Tents): place tents on empty cells so that each tent is orthogonally next to a tree, no two tents
// touch (diagonals included) and the row/column tent counts match. Answer: [[row, col], ...], 1-based.
// The official generator plants more trees than tents, so the usual one-tent-per-tree pairing is NOT a rule here.
import { asIntList, asObject, parsePairs, puzzleVerifier, StateError } from '../common/grid.js';
import { result } from '../types.js';

export interface CampsiteState {
  rows: number;
  cols: number;
  /** true where a tree stands, [row][col] 0-based. */
  trees: boolean[][];
  rowCounts: number[];
  colCounts: number[];
}

export function parseCampsiteState(raw: unknown): CampsiteState {
  const o = asObject(raw, 'campsite state');
  // `trees` (booleans) is the parsed shape itself, so parsing is idempotent (records.ts parses before verify does).
  const grid = o.input_grid ?? o.grid ?? o.trees;
  if (!Array.isArray(grid) || grid.length === 0) throw new StateError('campsite state.input_grid: expected a list of rows of "X"/"T"');
  const trees = grid.map((row, r) => {
    const cells = typeof row === 'string' ? [...row.replace(/\s+/g, '')] : row;
    if (!Array.isArray(cells)) throw new StateError(`campsite state.input_grid[${r}]: expected a row of "X"/"T"`);
    return cells.map((x) => x === true || String(x).toUpperCase() === 'T');
  });
  const cols = trees[0].length;
  if (trees.some((row) => row.length !== cols)) throw new StateError('campsite state.input_grid: rows have different lengths');
  const rowCounts = asIntList(o.row_constraints ?? o.row_clues ?? o.rowCounts, 'campsite state.row_constraints');
  const colCounts = asIntList(o.col_constraints ?? o.col_clues ?? o.colCounts, 'campsite state.col_constraints');
  if (rowCounts.length !== trees.length || colCounts.length !== cols) throw new StateError('campsite state: constraint counts do not fit the grid');
  return { rows: trees.length, cols, trees, rowCounts, colCounts };
}

export const verifyCampsite = puzzleVerifier(parseCampsiteState, (s, answer) => {
  const parsed = parsePairs(answer);
  if (!parsed.ok) return result(false, parsed.reason);
  // Duplicates collapse, as in the official check: listing a tent twice places it once.
  const tents = new Map<string, [number, number]>();
  for (const [r, c] of parsed.value) {
    if (r < 1 || c < 1 || r > s.rows || c > s.cols) return result(false, `tent at [${r},${c}] is off the ${s.rows}×${s.cols} grid (1-based)`);
    if (s.trees[r - 1][c - 1]) return result(false, `tent at [${r},${c}] is on a tree`);
    tents.set(`${r},${c}`, [r, c]);
  }
  for (const [r, c] of tents.values()) {
    const nearTree = [[1, 0], [-1, 0], [0, 1], [0, -1]].some(([dr, dc]) => s.trees[r - 1 + dr]?.[c - 1 + dc] === true);
    if (!nearTree) return result(false, `tent at [${r},${c}] has no tree above, below, left or right of it`);
    for (const [dr, dc] of [[0, 1], [1, -1], [1, 0], [1, 1]]) {
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
});
