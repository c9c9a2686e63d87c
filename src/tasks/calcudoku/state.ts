// Calcudoku state: the grid size and the cages (cells, operator, target), from the record or the question's text.
import { asInt, asObject, StateError } from '../common/grid.js';

export type CageOp = '+' | '-' | '*' | '/';

export interface Cage {
  /** 1-based (row, col). */
  cells: [number, number][];
  op: CageOp;
  target: number;
}

export interface CalcudokuState {
  n: number;
  cages: Cage[];
}

const OPS: Record<string, CageOp> = { '+': '+', '-': '-', '−': '-', '*': '*', '×': '*', x: '*', X: '*', '÷': '/', '/': '/' };

function op(v: unknown, what: string): CageOp {
  const o = typeof v === 'string' ? OPS[v.trim()] : undefined;
  if (!o) throw new StateError(`${what}: unknown operator ${JSON.stringify(v)}`);
  return o;
}

/** The question_language block: `Region at (1,1), (1,2): 3+` lines after a `This is a 4x4` header. */
function parseTextBlock(text: string): CalcudokuState {
  const size = /(\d+)\s*[x×]\s*(\d+)/.exec(text);
  if (!size) throw new StateError('calcudoku state text: no "NxN" size found');
  const cages: Cage[] = [];
  const re = /Region at ((?:\(\d+\s*,\s*\d+\)[,\s]*)+):\s*(\d+)\s*([+\-−*×x÷/])/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const cells = [...m[1].matchAll(/\((\d+)\s*,\s*(\d+)\)/g)].map((c): [number, number] => [Number(c[1]), Number(c[2])]);
    cages.push({ cells, op: op(m[3], 'calcudoku region'), target: Number(m[2]) });
  }
  return validate({ n: Number(size[1]), cages });
}

function validate(s: CalcudokuState): CalcudokuState {
  if (s.n < 1 || s.n > 12) throw new StateError(`calcudoku state: size ${s.n} out of range`);
  for (const cage of s.cages) {
    if (cage.cells.length === 0) throw new StateError('calcudoku state: a cage has no cells');
    for (const [r, c] of cage.cells) {
      if (r < 1 || c < 1 || r > s.n || c > s.n) throw new StateError(`calcudoku state: cage cell (${r},${c}) is off the ${s.n}×${s.n} grid (1-based)`);
    }
  }
  return s;
}

export function parseCalcudokuState(raw: unknown): CalcudokuState {
  if (typeof raw === 'string' && !/^\s*[{[]/.test(raw)) return parseTextBlock(raw);
  const o = asObject(raw, 'calcudoku state');
  const list = o.regions ?? o.cages;
  if (!Array.isArray(list)) throw new StateError('calcudoku state.regions: expected a list of cages');
  const cages = list.map((x, i): Cage => {
    const what = `calcudoku state.regions[${i}]`;
    if (x === null || typeof x !== 'object') throw new StateError(`${what}: expected an object`);
    const rec = x as Record<string, unknown>;
    if (!Array.isArray(rec.cells)) throw new StateError(`${what}.cells: expected a list of (row, col)`);
    const cells = rec.cells.map((c, j): [number, number] => {
      if (!Array.isArray(c) || c.length !== 2) throw new StateError(`${what}.cells[${j}]: expected (row, col)`);
      return [asInt(c[0], what), asInt(c[1], what)];
    });
    return { cells, op: op(rec.operator ?? rec.op, what), target: asInt(rec.target, `${what}.target`) };
  });
  const n = o.size !== undefined ? asInt(o.size, 'calcudoku state.size') : asInt(o.n, 'calcudoku state.n');
  return validate({ n, cages });
}
