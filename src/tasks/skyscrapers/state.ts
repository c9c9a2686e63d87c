// Skyscrapers state: the grid size and the visibility clues on the four sides (0 = no clue).
import { asInt, asIntList, asObject, StateError } from '../common/grid.js';

export interface SkyscrapersState {
  n: number;
  top: number[];
  bottom: number[];
  left: number[];
  right: number[];
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
