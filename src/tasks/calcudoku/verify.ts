// Calcudoku (KenKen): an n×n Latin square whose cages combine to their targets. Cage cells are (row, col),
// 1-based, as the official records store them. Rule-based: any valid filling passes.
import { result, type VerifyResult } from '../types.js';
import type { Cage, CageOp, CalcudokuState } from './state.js';

/** The cage value under its operator, or null when the operator cannot apply (e.g. '-' on 3 cells). */
export function cageValue(values: number[], o: CageOp): number | null {
  if (o === '+') return values.reduce((a, b) => a + b, 0);
  if (o === '*') return values.reduce((a, b) => a * b, 1);
  if (values.length === 1) return values[0];
  if (values.length !== 2) return null;
  const [hi, lo] = values[0] >= values[1] ? values : [values[1], values[0]];
  if (o === '-') return hi - lo;
  // Exact division only: the official check floors (7 ÷ 2 "is" 3); see docs/verifiers-puzzles.md.
  return lo !== 0 && hi % lo === 0 ? hi / lo : null;
}

export function cageOk(values: number[], cage: Cage): boolean {
  return cageValue(values, cage.op) === cage.target;
}

const OP_SIGN: Record<CageOp, string> = { '+': '+', '-': '-', '*': '×', '/': '÷' };

export function checkCalcudoku(s: CalcudokuState, g: number[][]): VerifyResult {
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
}
