// Word search verifier. The official question text asks for `WORD DIRECTION (x, y) @` while the official evaluator
// only parses `WORD DIRECTION @ (x, y)` (the form ahpo's generator writes); both are accepted. Rule-based: the
// word must really be spelled from (x, y) (1-based, x = column, y = row) in that direction, so when a word occurs
// twice either occurrence passes. Which words must be found comes from the state's word list or, for official
// records (whose initial_state is only the grid), from the reference answer.
import { extractAnswer } from '../common/extract.js';
import { tryParsePyLiteral } from '../common/pyliteral.js';
import { result, type TaskInstance, type VerifyResult } from '../types.js';

export interface WordSearchState {
  grid: string[][]; // upper-case letters, [row][col]
  words: string[] | null; // upper-case; null = take them from the reference answer
}

export const DIRECTIONS: Record<string, [number, number]> = {
  N: [-1, 0], S: [1, 0], E: [0, 1], W: [0, -1], NE: [-1, 1], NW: [-1, -1], SE: [1, 1], SW: [1, -1],
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

export interface Placement {
  word: string;
  dir: string;
  x: number;
  y: number;
}

/** Every `WORD DIR (x, y) @` or `WORD DIR @ (x, y)` in the text (LaTeX escapes like `\ ` removed first). */
export function parsePlacements(text: string): Placement[] {
  const clean = text.replace(/\\(.)/g, '$1');
  const re = /([A-Za-z]+)\s+(NE|NW|SE|SW|N|S|E|W)\s*(?:@\s*)?\(\s*(\d{1,6})\s*,\s*(\d{1,6})\s*\)/gi;
  const out: Placement[] = [];
  for (const m of clean.matchAll(re)) out.push({ word: m[1].toUpperCase(), dir: m[2].toUpperCase(), x: Number(m[3]), y: Number(m[4]) });
  return out;
}

/** Null when `p.word` is spelled in the grid from (x, y) towards p.dir, else what goes wrong. */
export function placementViolation(grid: string[][], p: Placement): string | null {
  const [dr, dc] = DIRECTIONS[p.dir];
  const r0 = p.y - 1;
  const c0 = p.x - 1;
  for (let i = 0; i < p.word.length; i++) {
    const r = r0 + i * dr;
    const c = c0 + i * dc;
    if (r < 0 || c < 0 || r >= grid.length || c >= grid[0].length) return `${p.word} ${p.dir} from (${p.x}, ${p.y}) runs off the grid`;
    if (grid[r][c] !== p.word[i]) {
      return `${p.word} ${p.dir} from (${p.x}, ${p.y}): letter ${i + 1} should be ${p.word[i]} but (${c + 1}, ${r + 1}) holds ${grid[r][c]}`;
    }
  }
  return null;
}

function requiredWords(state: WordSearchState, reference: unknown): string[] {
  if (state.words) return state.words;
  const ref = typeof reference === 'string' ? parsePlacements(reference) : [];
  return [...new Set(ref.map((p) => p.word))];
}

export function verifyWordSearch(instance: TaskInstance, response: string): VerifyResult {
  let state: WordSearchState;
  try {
    state = parseWordSearchState(instance.initialState);
  } catch (e) {
    return result(false, (e as Error).message);
  }
  const text = extractAnswer(response);
  if (text === null) return result(false, 'no final answer found (\\boxed{...}, <answer> or "Answer:")');
  const found = parsePlacements(text.length > 100_000 ? '' : text);
  if (found.length === 0) return result(false, 'no placement in the form WORD DIRECTION @ (x, y) was found');
  const required = requiredWords(state, instance.answer);
  for (const p of found) {
    if (required.length > 0 && !required.includes(p.word)) return result(false, `${p.word} is not a word of this puzzle`);
  }
  for (const p of found) {
    const bad = placementViolation(state.grid, p);
    if (bad) return result(false, bad);
  }
  for (const w of required) if (!found.some((p) => p.word === w)) return result(false, `no location given for ${w}`);
  return result(true, 'every word is at the stated position and direction');
}
