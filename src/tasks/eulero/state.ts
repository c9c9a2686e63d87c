// Eulero state: the n×n grid of givens (a letter, a number, a pair or blank), from the record or the question's rows.
import { StateError } from '../common/grid.js';

export interface EuleroState {
  n: number;
  /** Givens as written ("A1", or a lone "A"/"1" for a half-given cell); '' for empty. */
  grid: string[][];
}

const BLANK = /^[\s_\-.]*$/;

function normCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const t = String(v).trim().toUpperCase();
  return BLANK.test(t) ? '' : t;
}

export function splitRows(text: string): string[] {
  return text.split(/\r?\n|\\n/).filter((l) => l.includes('|'));
}

export function parseEuleroState(raw: unknown): EuleroState {
  let grid: string[][];
  if (Array.isArray(raw)) {
    grid = raw.map((row, r) => {
      if (typeof row === 'string') return row.split('|').map(normCell);
      if (!Array.isArray(row)) throw new StateError(`eulero state[${r}]: expected a row`);
      return row.map(normCell);
    });
  } else if (raw !== null && typeof raw === 'object' && 'grid' in raw) {
    return parseEuleroState((raw as { grid: unknown }).grid);
  } else if (typeof raw === 'string') {
    const rows = splitRows(raw);
    if (rows.length === 0) throw new StateError('eulero state text: no rows of "A1|B2|..." found');
    grid = rows.map((l) => l.split('|').map(normCell));
  } else throw new StateError(`eulero state: expected text rows like "A1| |C3", got ${typeof raw}`);
  const n = grid.length;
  if (n > 26) throw new StateError(`eulero state: ${n} rows; at most 26 letters exist`);
  if (grid.some((row) => row.length !== n)) throw new StateError(`eulero state: every row must have ${n} cells`);
  return { n, grid };
}
