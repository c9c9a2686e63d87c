// Word search verifier. The official question text asks for `WORD DIRECTION (x, y) @` while the official evaluator
// only parses `WORD DIRECTION @ (x, y)` (the form ahpo's generator writes); both are accepted. Rule-based: the
// word must really be spelled from (x, y) (1-based, x = column, y = row) in that direction, so when a word occurs
// twice either occurrence passes. Which words must be found comes from the state's word list or, for official
// records (whose initial_state is only the grid), from the reference answer.
import { bad, ok, result, type Parsed, type TaskInstance, type VerifyResult } from '../types.js';
import { DIRECTIONS, type WordSearchState } from './state.js';

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

export function parseWordSearchAnswer(text: string): Parsed<Placement[]> {
  const found = parsePlacements(text);
  return found.length === 0 ? bad('no placement in the form WORD DIRECTION @ (x, y) was found') : ok(found);
}

export function checkWordSearch(state: WordSearchState, found: Placement[], instance: TaskInstance): VerifyResult {
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
