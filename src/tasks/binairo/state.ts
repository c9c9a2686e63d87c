// Binairo state: the even n×n grid of givens (0, 1 or empty), from the record's list or the question's `Row i:` lines.
import { asIntMatrix, checkShape, StateError } from '../common/grid.js';

export interface BinairoState {
  n: number;
  /** Givens: 0, 1, or -1 for empty. */
  grid: number[][];
}

export const EMPTY = -1;

function validate(grid: number[][]): BinairoState {
  const n = grid.length;
  const shape = checkShape(grid, n, n);
  if (shape) throw new StateError(`binairo state: ${shape}`);
  if (n % 2 !== 0) throw new StateError(`binairo state: size ${n} is odd; Binairo needs an even size`);
  for (const row of grid)
    for (const v of row) if (v !== 0 && v !== 1 && v !== EMPTY) throw new StateError(`binairo state: cell value ${v} is not 0, 1 or empty`);
  return { n, grid };
}

/** The question_language block: `Row 1: 0 _ 1 _ 0 1` lines. */
function parseTextBlock(text: string): BinairoState {
  const rows = [...text.matchAll(/^\s*Row\s+\d+\s*:\s*([01_](?:\s+[01_])*)\s*$/gm)];
  if (rows.length === 0) throw new StateError('binairo state text: no "Row i: 0 _ 1" lines found');
  return validate(rows.map((m) => m[1].split(/\s+/).map((x) => (x === '_' ? EMPTY : Number(x)))));
}

export function parseBinairoState(raw: unknown): BinairoState {
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw) && 'grid' in raw) {
    return validate(asIntMatrix((raw as { grid: unknown }).grid, 'binairo state.grid', EMPTY));
  }
  if (typeof raw === 'string' && !/^\s*\[/.test(raw)) return parseTextBlock(raw);
  return validate(asIntMatrix(raw, 'binairo state', EMPTY));
}
