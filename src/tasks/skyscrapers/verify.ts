// Skyscrapers: an n×n Latin square of heights whose visible-building counts match the clues on all four sides.
// A clue of 0 means "no clue". Rule-based: any valid arrangement passes.
import { result, type VerifyResult } from '../types.js';
import type { SkyscrapersState } from './state.js';

/** Buildings seen looking along `line` from its first element. */
export function visible(line: readonly number[]): number {
  let max = 0;
  let seen = 0;
  for (const h of line) {
    if (h > max) {
      max = h;
      seen++;
    }
  }
  return seen;
}

/** The first clue the grid violates, described, or null. */
export function firstClueViolation(s: SkyscrapersState, g: number[][]): string | null {
  for (let c = 0; c < s.n; c++) {
    const col = g.map((row) => row[c]);
    if (s.top[c] > 0 && visible(col) !== s.top[c]) return `column ${c + 1} from the top shows ${visible(col)}, clue says ${s.top[c]}`;
    const up = [...col].reverse();
    if (s.bottom[c] > 0 && visible(up) !== s.bottom[c]) return `column ${c + 1} from the bottom shows ${visible(up)}, clue says ${s.bottom[c]}`;
  }
  for (let r = 0; r < s.n; r++) {
    if (s.left[r] > 0 && visible(g[r]) !== s.left[r]) return `row ${r + 1} from the left shows ${visible(g[r])}, clue says ${s.left[r]}`;
    const back = [...g[r]].reverse();
    if (s.right[r] > 0 && visible(back) !== s.right[r]) return `row ${r + 1} from the right shows ${visible(back)}, clue says ${s.right[r]}`;
  }
  return null;
}

export function checkSkyscrapers(s: SkyscrapersState, g: number[][]): VerifyResult {
  const clue = firstClueViolation(s, g);
  if (clue) return result(false, clue);
  return result(true, 'valid Latin square; every visibility clue holds');
}
