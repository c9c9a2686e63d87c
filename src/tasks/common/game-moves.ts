// Answer and state helpers shared by the game families (maze, sokoban, nibbles, slidingpuzzle, hanoi,
// minesweeper). Every parser here is linear in its input and caps how many moves it accepts, so a verifier
// stays bounded (well under a second) even on a 1 MB response.
import type { Parsed } from '../types.js';

/** Most moves/pairs an answer may hold. The longest official reference is ~100 moves; 10k leaves room for any honest
 * answer while keeping simulation cheap. */
export const MAX_MOVES = 10_000;

export type Dir = 'up' | 'down' | 'left' | 'right';

export const DIRS: readonly Dir[] = ['up', 'down', 'left', 'right'];

/** Row/column delta of each direction; rows grow downwards as in every official text block. */
export const DELTA: Record<Dir, readonly [number, number]> = {
  up: [-1, 0],
  down: [1, 0],
  left: [0, -1],
  right: [0, 1],
};

export const OPPOSITE: Record<Dir, Dir> = { up: 'down', down: 'up', left: 'right', right: 'left' };

const WORDS: Record<string, Dir> = { up: 'up', down: 'down', left: 'left', right: 'right', u: 'up', d: 'down', l: 'left', r: 'right' };
const LETTERS: Record<string, Dir> = { u: 'up', d: 'down', l: 'left', r: 'right' };

export interface DirectionOptions {
  /** Accept a run of LURD letters as one token ("RRDLU"), the classic Sokoban notation. */
  lurdRuns?: boolean;
}

/**
 * Reads a direction list: words or single letters separated by anything that is not a letter (spaces, commas,
 * arrows, numbering). LaTeX commands such as `\text` or `\rightarrow` are skipped, so `\text{up down}` reads as
 * two moves. Any other word is an error naming it: a final answer should hold moves only.
 */
export function parseDirections(answer: string, options: DirectionOptions = {}): Parsed<Dir[]> {
  const moves: Dir[] = [];
  const re = /(\\?)([A-Za-z]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(answer)) !== null) {
    if (m[1] === '\\') continue;
    const word = m[2].toLowerCase();
    const dir = WORDS[word];
    if (dir) moves.push(dir);
    else if (options.lurdRuns && /^[udlr]+$/.test(word)) {
      for (const ch of word) moves.push(LETTERS[ch]);
    } else {
      const shown = word.length > 20 ? `${word.slice(0, 20)}…` : word;
      return { ok: false, reason: `answer word '${shown}' is not a move (expected up/down/left/right)` };
    }
    if (moves.length > MAX_MOVES) return { ok: false, reason: `answer has more than ${MAX_MOVES} moves` };
  }
  if (moves.length === 0) return { ok: false, reason: 'answer holds no moves' };
  return { ok: true, value: moves };
}

/**
 * Reads `(a, b)` pairs of non-negative integers, the format of hanoi and minesweeper answers. Between pairs only
 * separators may appear (spaces, commas, semicolons, arrows, brackets), so a stray word is reported rather than
 * silently skipped.
 */
export function parseIntPairs(answer: string, what: string): Parsed<Array<[number, number]>> {
  const pairs: Array<[number, number]> = [];
  const re = /\(\s*(\d{1,9})\s*[,\s]\s*(\d{1,9})\s*\)/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(answer)) !== null) {
    const gap = answer.slice(last, m.index);
    if (!isSeparator(gap)) return { ok: false, reason: `unexpected text '${clip(gap.trim())}' before ${what} ${pairs.length + 1}` };
    pairs.push([Number(m[1]), Number(m[2])]);
    last = m.index + m[0].length;
    if (pairs.length > MAX_MOVES) return { ok: false, reason: `answer has more than ${MAX_MOVES} ${what}s` };
  }
  const tail = answer.slice(last);
  if (!isSeparator(tail)) return { ok: false, reason: `unexpected text '${clip(tail.trim())}' after ${what} ${pairs.length}` };
  return { ok: true, value: pairs };
}

function isSeparator(text: string): boolean {
  return /^[\s,;.[\]{}\-–>→]*$/.test(text.replace(/\\(?:to|rightarrow|quad|,|;)/g, ' '));
}

export function clip(text: string, max = 30): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** `(r,c)` for reasons; every game reports 0-based (row, col) as the official text blocks do. */
export function cell(r: number, c: number): string {
  return `(${r},${c})`;
}

/**
 * A text-block state may arrive as the string itself, a list of its lines, or an object holding it under a common
 * key. Returns the text, or null when the value has none of those shapes.
 */
export function stateText(raw: unknown, keys: readonly string[] = ['initial_state', 'state', 'text', 'grid', 'board', 'level']): string | null {
  if (typeof raw === 'string') return raw;
  if (Array.isArray(raw) && raw.length > 0 && raw.every((x) => typeof x === 'string')) return raw.join('\n');
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    const obj = raw as Record<string, unknown>;
    for (const k of keys) if (k in obj) return stateText(obj[k], keys);
  }
  return null;
}

/** Lines of a text block with surrounding blank lines and trailing whitespace (CRLF) removed, inner lines kept. */
export function blockLines(text: string): string[] {
  const lines = text
    .replace(/\r/g, '')
    .split('\n')
    .map((l) => l.replace(/\s+$/, ''));
  while (lines.length > 0 && lines[0].trim() === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  return lines;
}

/** Largest grid side any game state may declare; keeps hostile states from allocating huge boards. */
export const MAX_SIDE = 200;
