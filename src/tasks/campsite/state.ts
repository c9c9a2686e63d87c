// Campsite state: the tree grid and the row/column tent counts.
import { asIntList, asObject, StateError } from '../common/grid.js';

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
