// Eulero (Graeco-Latin square): every cell holds a letter-number pair (A1); each letter and each number appears
// once per row and column, every pair appears once in the grid, and the givens are kept.
// Answer: rows of `A1|B2|C3` joined by newlines (a literal "\n", as in the question's example, also splits rows).
import { cleanAnswer } from '../common/grid.js';
import { bad, ok, result, type Parsed, type VerifyResult } from '../types.js';
import { splitRows, type EuleroState } from './state.js';

const PAIR = /^([A-Z])(\d{1,2})$/;

/**
 * The answer grid as (letter, number) pairs. Givens are checked while reading, so the first problem reported is the
 * first cell in reading order, whether it is unreadable or changes a given.
 */
export function readEuleroGrid(text: string, s: EuleroState): Parsed<[string, number][][]> {
  const t = cleanAnswer(text);
  let lines = splitRows(t);
  // Tolerate rows written without pipes ("A1 B2 C3") when no line has any.
  if (lines.length === 0) lines = t.split(/\r?\n|\\n/).filter((l) => /[A-Za-z]\d/.test(l));
  const n = s.n;
  if (lines.length !== n) return bad(`answer has ${lines.length} rows, expected ${n}`);
  const grid: [string, number][][] = [];
  for (let r = 0; r < n; r++) {
    const cells = (
      lines[r].includes('|')
        ? lines[r]
            .replace(/^\s*\|/, '')
            .replace(/\|\s*$/, '')
            .split('|')
        : lines[r].trim().split(/[\s,]+/)
    ).map((c) => c.trim().toUpperCase());
    if (cells.length !== n) return bad(`row ${r + 1} has ${cells.length} cells, expected ${n}`);
    const row: [string, number][] = [];
    for (let c = 0; c < n; c++) {
      const m = PAIR.exec(cells[c]);
      if (!m) return bad(`row ${r + 1}, column ${c + 1} holds "${cells[c].slice(0, 12)}", not a letter-number pair`);
      const letter = m[1];
      const num = Number(m[2]);
      if (letter.charCodeAt(0) - 65 >= n || num < 1 || num > n)
        return bad(`row ${r + 1}, column ${c + 1}: ${cells[c]} uses a letter or number outside A..${String.fromCharCode(64 + n)} / 1..${n}`);
      const given = s.grid[r][c];
      if (given !== '' && !(given === cells[c] || given === letter || given === String(num))) {
        return bad(`given ${given} at row ${r + 1}, column ${c + 1} was changed to ${cells[c]}`);
      }
      row.push([letter, num]);
    }
    grid.push(row);
  }
  return ok(grid);
}

export function checkEulero(s: EuleroState, grid: [string, number][][]): VerifyResult {
  const n = s.n;
  for (const [part, name] of [
    [0, 'letter'],
    [1, 'number'],
  ] as const) {
    for (let i = 0; i < n; i++) {
      const inRow = new Set<string | number>();
      const inCol = new Set<string | number>();
      for (let j = 0; j < n; j++) {
        const a = grid[i][j][part];
        const b = grid[j][i][part];
        if (inRow.has(a)) return result(false, `row ${i + 1} has ${name} ${a} twice`);
        if (inCol.has(b)) return result(false, `column ${i + 1} has ${name} ${b} twice`);
        inRow.add(a);
        inCol.add(b);
      }
    }
  }
  const pairs = new Set<string>();
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const key = grid[r][c].join('');
      if (pairs.has(key)) return result(false, `pair ${key} appears twice (again at row ${r + 1}, column ${c + 1})`);
      pairs.add(key);
    }
  }
  return result(true, 'valid Graeco-Latin square; givens kept');
}
