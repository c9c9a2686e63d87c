// Hitori state: the n×n number grid.
import { asIntMatrix, checkShape, StateError } from '../common/grid.js';

export interface HitoriState {
  n: number;
  grid: number[][];
}

export function parseHitoriState(raw: unknown): HitoriState {
  let grid: number[][];
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw) && 'grid' in raw) {
    grid = asIntMatrix((raw as { grid: unknown }).grid, 'hitori state.grid');
  } else if (typeof raw === 'string' && !/^\s*\[/.test(raw)) {
    // A text block: one row of space-separated numbers per line (the question_language "Initial State").
    const lines = raw.split(/\r?\n/).filter((l) => /^\s*\d+(\s+\d+)+\s*$/.test(l));
    if (lines.length === 0) throw new StateError('hitori state text: no rows of numbers found');
    grid = lines.map((l) => l.trim().split(/\s+/).map(Number));
  } else grid = asIntMatrix(raw, 'hitori state');
  const shape = checkShape(grid, grid.length, grid.length);
  if (shape) throw new StateError(`hitori state: ${shape}`);
  return { n: grid.length, grid };
}
