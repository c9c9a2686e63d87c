// Calcudoku (KenKen): an n×n Latin square whose cages combine to their targets. Cage cells are (row, col),
// 1-based, as the official records store them. Rule-based: any valid filling passes.
import { asInt, asObject, parseLatinGrid, puzzleVerifier, StateError } from '../common/grid.js';
import { result } from '../types.js';

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

/** The cage value under its operator, or null when the operator cannot apply (e.g. '-' on 3 cells). */
export function cageValue(values: number[], o: CageOp): number | null {
  if (o === '+') return values.reduce((a, b) => a + b, 0);
  if (o === '*') return values.reduce((a, b) => a * b, 1);
  if (values.length === 1) return values[0];
  if (values.length !== 2) return null;
  const [hi, lo] = values[0] >= values[1] ? values : [values[1], values[0]];
  if (o === '-') return hi - lo;
  // Exact division only: the official check floors (7 ÷ 2 "is" 3); see docs/verifiers-puzzles-a.md.
  return lo !== 0 && hi % lo === 0 ? hi / lo : null;
}

export function cageOk(values: number[], cage: Cage): boolean {
  return cageValue(values, cage.op) === cage.target;
}

const OP_SIGN: Record<CageOp, string> = { '+': '+', '-': '-', '*': '×', '/': '÷' };

export const verifyCalcudoku = puzzleVerifier(parseCalcudokuState, (s, answer) => {
  const parsed = parseLatinGrid(answer, s.n);
  if (!parsed.ok) return result(false, parsed.reason);
  const g = parsed.value;
  for (const cage of s.cages) {
    const values = cage.cells.map(([r, c]) => g[r - 1][c - 1]);
    if (!cageOk(values, cage)) {
      const [r, c] = cage.cells[0];
      const got = cageValue(values, cage.op);
      const detail = got === null ? `${values.join(', ')} cannot make it` : `gives ${got}`;
      return result(false, `cage at (${r},${c}) needs ${cage.target}${OP_SIGN[cage.op]}: ${detail}`);
    }
  }
  return result(true, 'valid Latin square; every cage reaches its target');
});
