// Futoshiki state: the givens and the inequality signs between neighbours, from the record or the question's text.
import { asInt, asIntMatrix, asObject, checkShape, StateError } from '../common/grid.js';

export interface Inequality {
  a: [number, number];
  b: [number, number];
  /** `a op b` must hold. */
  op: '<' | '>';
}

export interface FutoshikiState {
  n: number;
  /** Givens; 0 = empty. */
  grid: number[][];
  inequalities: Inequality[];
}

function cell(v: unknown, what: string): [number, number] {
  if (!Array.isArray(v) || v.length !== 2) throw new StateError(`${what}: expected [row, col], got ${JSON.stringify(v)}`);
  return [asInt(v[0], what), asInt(v[1], what)];
}

/** The text block of the official question_language: `_`-grid lines, then `Cell (0,1) < Cell (0,2)` lines. */
function parseTextBlock(text: string): FutoshikiState {
  const grid: number[][] = [];
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*([1-9_]\s+)*[1-9_]\s*$/.test(line))
      grid.push(
        line
          .trim()
          .split(/\s+/)
          .map((x) => (x === '_' ? 0 : Number(x))),
      );
  }
  const inequalities: Inequality[] = [];
  const re = /Cell\s*\((\d+)\s*,\s*(\d+)\)\s*([<>])\s*Cell\s*\((\d+)\s*,\s*(\d+)\)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    inequalities.push({ a: [Number(m[1]), Number(m[2])], b: [Number(m[4]), Number(m[5])], op: m[3] as '<' | '>' });
  }
  if (grid.length === 0) throw new StateError('futoshiki state text: no grid lines found');
  return validate({ n: grid.length, grid, inequalities });
}

function validate(s: FutoshikiState): FutoshikiState {
  const shape = checkShape(s.grid, s.n, s.n);
  if (shape) throw new StateError(`futoshiki state: ${shape}`);
  for (const q of s.inequalities) {
    for (const [r, c] of [q.a, q.b]) {
      if (r < 0 || c < 0 || r >= s.n || c >= s.n) throw new StateError(`futoshiki state: inequality cell (${r},${c}) is off the ${s.n}×${s.n} grid`);
    }
  }
  return s;
}

export function parseFutoshikiState(raw: unknown): FutoshikiState {
  if (typeof raw === 'string' && !/^\s*[{[]/.test(raw)) return parseTextBlock(raw);
  const o = asObject(raw, 'futoshiki state');
  const grid = asIntMatrix(o.grid, 'futoshiki state.grid', 0);
  const n = o.size !== undefined ? asInt(o.size, 'futoshiki state.size') : o.n !== undefined ? asInt(o.n, 'futoshiki state.n') : grid.length;
  const list = o.inequalities ?? [];
  if (!Array.isArray(list)) throw new StateError('futoshiki state.inequalities: expected a list');
  const inequalities = list.map((q, i): Inequality => {
    const what = `futoshiki state.inequalities[${i}]`;
    if (q === null || typeof q !== 'object') throw new StateError(`${what}: expected an object`);
    const rec = q as Record<string, unknown>;
    const op = rec.symbol ?? rec.op;
    if (op !== '<' && op !== '>') throw new StateError(`${what}: symbol must be '<' or '>', got ${JSON.stringify(op)}`);
    return { a: cell(rec.cell1 ?? rec.a, what), b: cell(rec.cell2 ?? rec.b, what), op };
  });
  return validate({ n, grid, inequalities });
}
