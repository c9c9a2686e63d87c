// Skyscrapers: an n×n Latin square of heights whose visible-building counts match the clues on all four sides.
// A clue of 0 means "no clue". Rule-based: any valid arrangement passes.
import { asInt, asIntList, asObject, parseLatinGrid, puzzleVerifier, StateError } from '../common/grid.js';
import { result } from '../types.js';

export interface SkyscrapersState {
  n: number;
  top: number[];
  bottom: number[];
  left: number[];
  right: number[];
}

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

function validate(s: SkyscrapersState): SkyscrapersState {
  for (const side of ['top', 'bottom', 'left', 'right'] as const) {
    if (s[side].length !== s.n) throw new StateError(`skyscrapers state.${side}: ${s[side].length} clues for a ${s.n}×${s.n} grid`);
  }
  return s;
}

/** The question_language block: a top clue line, `L X X X R` rows, a bottom clue line. */
function parseTextBlock(text: string): SkyscrapersState {
  const lines = text.split(/\r?\n/).map((l) => l.replace(/^.*Grid Layout:/, '').trim());
  const rowRe = /^(\d+)\s+((?:X\s+)+)(\d+)$/;
  const rows = lines.map((l) => rowRe.exec(l)).filter((m): m is RegExpExecArray => m !== null);
  if (rows.length === 0) throw new StateError('skyscrapers state text: no "L X X X R" rows found');
  const firstRow = lines.findIndex((l) => rowRe.test(l));
  const clueLine = (l: string | undefined): number[] => (l && /^\d+(\s+\d+)*$/.test(l) ? l.split(/\s+/).map(Number) : []);
  return validate({
    n: rows.length,
    top: clueLine(lines[firstRow - 1]),
    bottom: clueLine(lines[firstRow + rows.length]),
    left: rows.map((m) => Number(m[1])),
    right: rows.map((m) => Number(m[3])),
  });
}

export function parseSkyscrapersState(raw: unknown): SkyscrapersState {
  if (typeof raw === 'string' && !/^\s*[{[]/.test(raw)) return parseTextBlock(raw);
  const o = asObject(raw, 'skyscrapers state');
  const top = asIntList(o.top, 'skyscrapers state.top');
  const n = o.n !== undefined ? asInt(o.n, 'skyscrapers state.n') : o.size !== undefined ? asInt(o.size, 'skyscrapers state.size') : top.length;
  return validate({
    n,
    top,
    bottom: asIntList(o.bottom, 'skyscrapers state.bottom'),
    left: asIntList(o.left, 'skyscrapers state.left'),
    right: asIntList(o.right, 'skyscrapers state.right'),
  });
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

export const verifySkyscrapers = puzzleVerifier(parseSkyscrapersState, (s, answer) => {
  const parsed = parseLatinGrid(answer, s.n);
  if (!parsed.ok) return result(false, parsed.reason);
  const g = parsed.value;
  const clue = firstClueViolation(s, g);
  if (clue) return result(false, clue);
  return result(true, 'valid Latin square; every visibility clue holds');
});
