// Futoshiki: an n×n Latin square whose givens are kept and whose inequality signs between neighbours hold.
// Rule-based, so any valid filling passes. Cells are (row, col), 0-based, as the official question writes them.
import { checkLatin } from '../common/grid.js';
import { result, type VerifyResult } from '../types.js';
import type { FutoshikiState } from './state.js';

export function checkFutoshiki(s: FutoshikiState, g: number[][]): VerifyResult {
  for (let r = 0; r < s.n; r++) {
    for (let c = 0; c < s.n; c++) {
      const given = s.grid[r][c];
      if (given !== 0 && g[r][c] !== given) return result(false, `given ${given} at (${r},${c}) was changed to ${g[r][c]}`);
    }
  }
  const latin = checkLatin(g, s.n, 0);
  if (latin) return result(false, latin);
  for (const { a, b, op } of s.inequalities) {
    const x = g[a[0]][a[1]];
    const y = g[b[0]][b[1]];
    if (op === '<' ? !(x < y) : !(x > y)) {
      return result(false, `inequality (${a[0]},${a[1]}) ${op} (${b[0]},${b[1]}) fails: ${x} vs ${y}`);
    }
  }
  return result(true, 'valid Latin square; givens kept; all inequalities hold');
}
