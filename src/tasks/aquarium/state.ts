// Aquarium state: region ids per cell and the row/column water counts, from the official record or its text.
import { asInt, asIntList, asIntMatrix, asObject, checkShape, StateError } from '../common/grid.js';

export interface AquariumState {
  rows: number;
  cols: number;
  /** Region id of each cell, [row][col]. */
  regions: number[][];
  rowClues: number[];
  colClues: number[];
}

export function parseAquariumState(raw: unknown): AquariumState {
  const o = asObject(raw, 'aquarium state');
  const regions = asIntMatrix(o.regions, 'aquarium state.regions');
  let rows = regions.length;
  let cols = regions[0].length;
  if (o.grid_size !== undefined) {
    const size = asIntList(o.grid_size, 'aquarium state.grid_size');
    if (size.length !== 2) throw new StateError('aquarium state.grid_size: expected [rows, cols]');
    [rows, cols] = size;
  } else if (o.n !== undefined) rows = cols = asInt(o.n, 'aquarium state.n');
  const shape = checkShape(regions, rows, cols);
  if (shape) throw new StateError(`aquarium state.regions: ${shape}`);
  // rowClues/colClues: the parsed shape itself, so parsing is idempotent (records.ts parses before verify does).
  const rowClues = asIntList(o.row_clues ?? o.rowClues, 'aquarium state.row_clues');
  const colClues = asIntList(o.col_clues ?? o.colClues, 'aquarium state.col_clues');
  if (rowClues.length !== rows || colClues.length !== cols)
    throw new StateError(`aquarium state: clue counts ${rowClues.length}/${colClues.length} do not fit ${rows}×${cols}`);
  return { rows, cols, regions, rowClues, colClues };
}
