// Binairo (Takuzu): fill an even n×n grid with 0/1 so that each row and column has n/2 of each, no three equal
// digits are adjacent in a line, all rows differ and all columns differ, and the givens are kept.
import { result, type VerifyResult } from '../types.js';
import { EMPTY, type BinairoState } from './state.js';

/** The first Binairo rule a complete 0/1 grid breaks, or null. Rows/columns are 1-based as in the question. */
export function binairoViolation(g: number[][]): string | null {
  const n = g.length;
  const line = (i: number, col: boolean): number[] => (col ? g.map((row) => row[i]) : g[i]);
  for (const col of [false, true]) {
    const name = col ? 'column' : 'row';
    const seen = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const l = line(i, col);
      const ones = l.filter((v) => v === 1).length;
      if (ones !== n / 2) return `${name} ${i + 1} has ${ones} ones and ${n - ones} zeros; needs ${n / 2} of each`;
      for (let j = 0; j + 2 < n; j++) {
        if (l[j] === l[j + 1] && l[j] === l[j + 2]) return `${name} ${i + 1} has three ${l[j]}s in a row at positions ${j + 1}-${j + 3}`;
      }
      const key = l.join('');
      const twin = seen.get(key);
      if (twin !== undefined) return `${name}s ${twin + 1} and ${i + 1} are identical`;
      seen.set(key, i);
    }
  }
  return null;
}

export function checkBinairo(s: BinairoState, g: number[][]): VerifyResult {
  for (let r = 0; r < s.n; r++) {
    for (let c = 0; c < s.n; c++) {
      const given = s.grid[r][c];
      if (given !== EMPTY && g[r][c] !== given) return result(false, `given ${given} at row ${r + 1}, column ${c + 1} was changed to ${g[r][c]}`);
    }
  }
  const v = binairoViolation(g);
  if (v) return result(false, v);
  return result(true, 'balanced, no triples, all rows and columns distinct; givens kept');
}
