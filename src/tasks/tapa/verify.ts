// Tapa verifier, rule-based like the official one: the black cells `(r,c), ...` (0-based) avoid clue cells, form one
// 4-connected group with no 2×2 black block, and around every clue the black cells among its 8 neighbours split
// into groups of the clue's sizes. Grouping follows the official generator and verifier: neighbours are grouped by
// 8-connectivity among themselves (classic Tapa walks the ring instead; the official clues were computed this way).
import { NEIGHBOURS_8 } from '../common/grid.js';
import { result, type VerifyResult } from '../types.js';
import type { TapaState } from './state.js';

/** Black cells from `(r,c)` pairs, or from a B/W grid when no pairs are present. */
export function parseTapaAnswer(text: string): [number, number][] {
  const out: [number, number][] = [];
  for (const m of text.matchAll(/\(\s*(\d{1,4})\s*,\s*(\d{1,4})\s*\)/g)) out.push([Number(m[1]), Number(m[2])]);
  if (out.length > 0) return out;
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.replace(/\s/g, ''))
    .filter((l) => /^[BW#.\d]+$/i.test(l));
  lines.forEach((l, r) => [...l].forEach((ch, c) => (ch === 'B' || ch === 'b' || ch === '#') && out.push([r, c])));
  return out;
}

/** Sizes of the 8-connected groups that the black cells around (r, c) form, sorted. */
export function clueGroups(black: Set<string>, r: number, c: number): number[] {
  const cells = NEIGHBOURS_8.map(([dr, dc]) => [r + dr, c + dc] as [number, number]).filter(([a, b]) => black.has(`${a},${b}`));
  const left = new Set(cells.map(([a, b]) => `${a},${b}`));
  const sizes: number[] = [];
  for (const [a, b] of cells) {
    if (!left.delete(`${a},${b}`)) continue;
    let size = 1;
    const stack: [number, number][] = [[a, b]];
    while (stack.length > 0) {
      const [x, y] = stack.pop() as [number, number];
      for (const [dr, dc] of NEIGHBOURS_8) {
        if (left.delete(`${x + dr},${y + dc}`)) {
          size++;
          stack.push([x + dr, y + dc]);
        }
      }
    }
    sizes.push(size);
  }
  return sizes.sort((x, y) => x - y);
}

export function tapaViolation(cells: [number, number][], s: TapaState): string | null {
  const black = new Set<string>();
  for (const [r, c] of cells) {
    if (r >= s.rows || c >= s.cols) return `cell (${r},${c}) is outside the ${s.rows}×${s.cols} grid`;
    if (s.clues.has(`${r},${c}`)) return `cell (${r},${c}) is a clue cell and cannot be black`;
    black.add(`${r},${c}`);
  }
  if (black.size > 0) {
    const [first] = black;
    const seen = new Set([first]);
    const stack = [first];
    while (stack.length > 0) {
      const [r, c] = (stack.pop() as string).split(',').map(Number);
      for (const k of [`${r - 1},${c}`, `${r + 1},${c}`, `${r},${c - 1}`, `${r},${c + 1}`]) {
        if (black.has(k) && !seen.has(k)) {
          seen.add(k);
          stack.push(k);
        }
      }
    }
    if (seen.size !== black.size) return 'the black cells do not form a single orthogonally connected group';
  }
  for (let r = 0; r + 1 < s.rows; r++) {
    for (let c = 0; c + 1 < s.cols; c++) {
      if ([`${r},${c}`, `${r + 1},${c}`, `${r},${c + 1}`, `${r + 1},${c + 1}`].every((k) => black.has(k))) {
        return `2×2 black block with top-left (${r},${c})`;
      }
    }
  }
  for (const [k, want] of s.clues) {
    const [r, c] = k.split(',').map(Number);
    const got = clueGroups(black, r, c);
    const expected = want.filter((x) => x > 0).sort((x, y) => x - y);
    if (got.length !== expected.length || got.some((x, i) => x !== expected[i])) {
      return `clue ${want.join(' ')} at (${r},${c}) sees black groups [${got.join(', ')}]`;
    }
  }
  return null;
}

export function checkTapa(state: TapaState, cells: [number, number][]): VerifyResult {
  const bad = tapaViolation(cells, state);
  return bad ? result(false, bad) : result(true, 'black cells connected, no 2×2 block, every clue satisfied');
}
