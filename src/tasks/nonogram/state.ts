// Nonogram state: the row and column clues (runs of filled cells), from the record or the question's text.
import { tryParsePyLiteral } from '../common/pyliteral.js';

export interface NonogramState {
  rows: number[][];
  cols: number[][];
}

const MAX_SIDE = 64;

function clueList(v: unknown, what: string): number[] {
  if (typeof v === 'number') return v === 0 ? [] : [v];
  if (!Array.isArray(v)) throw new Error(`nonogram initial_state: ${what} is not a list of numbers`);
  const out: number[] = [];
  for (const x of v) {
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 0) throw new Error(`nonogram initial_state: bad clue in ${what}`);
    if (x > 0) out.push(x); // [0] and [] both mean an empty line
  }
  return out;
}

function clueLines(v: unknown, what: string): number[][] {
  if (!Array.isArray(v) || v.length === 0 || v.length > MAX_SIDE) throw new Error(`nonogram initial_state: ${what} must be a list of clue lists`);
  return v.map((x, i) => clueList(x, `${what}[${i}]`));
}

/** Accepts [rowClues, colClues] (the official shape), {rows, columns|cols}, or either as JSON / Python text. */
export function parseNonogramState(raw: unknown): NonogramState {
  let v = raw;
  if (typeof v === 'string') v = tryParsePyLiteral(v.trim());
  if (Array.isArray(v) && v.length === 2) return { rows: clueLines(v[0], 'row clues'), cols: clueLines(v[1], 'column clues') };
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    return { rows: clueLines(o.rows ?? o.row_clues, 'row clues'), cols: clueLines(o.cols ?? o.columns ?? o.col_clues, 'column clues') };
  }
  throw new Error('nonogram initial_state: expected [row_clues, column_clues]');
}
