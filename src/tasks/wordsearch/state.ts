// Word-search state: the letter grid and, when the record has them, the words to find.
import { tryParsePyLiteral } from '../common/pyliteral.js';

export interface WordSearchState {
  grid: string[][]; // upper-case letters, [row][col]
  words: string[] | null; // upper-case; null = take them from the reference answer
}

export const DIRECTIONS: Record<string, [number, number]> = {
  N: [-1, 0],
  S: [1, 0],
  E: [0, 1],
  W: [0, -1],
  NE: [-1, 1],
  NW: [-1, -1],
  SE: [1, 1],
  SW: [1, -1],
};

const MAX_SIDE = 64;

function toGrid(v: unknown): string[][] | null {
  if (!Array.isArray(v) || v.length === 0 || v.length > MAX_SIDE) return null;
  const rows = v.map((row) => (typeof row === 'string' ? row.replace(/\s/g, '').split('') : row));
  if (!rows.every((r) => Array.isArray(r) && r.length === rows[0].length && r.every((x) => typeof x === 'string' && x.length === 1))) return null;
  return (rows as string[][]).map((r) => r.map((x) => x.toUpperCase()));
}

/** Accepts the official grid (list of letter lists), a list of row strings, {grid, words}, or their text forms. */
export function parseWordSearchState(raw: unknown): WordSearchState {
  let v = raw;
  if (typeof v === 'string') v = tryParsePyLiteral(v.trim());
  let words: string[] | null = null;
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.words) && o.words.every((w) => typeof w === 'string')) words = (o.words as string[]).map((w) => w.toUpperCase());
    v = o.grid;
  }
  const grid = toGrid(v);
  if (!grid) throw new Error('wordsearch initial_state: expected a rectangular grid of single letters');
  return { grid, words };
}
