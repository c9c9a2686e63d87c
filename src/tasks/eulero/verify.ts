// Eulero (Graeco-Latin square): every cell holds a letter-number pair (A1); each letter and each number appears
// once per row and column, every pair appears once in the grid, and the givens are kept.
// Answer: rows of `A1|B2|C3` joined by newlines (a literal "\n", as in the question's example, also splits rows).
import { cleanAnswer, puzzleVerifier, StateError } from '../common/grid.js';
import { result } from '../types.js';

export interface EuleroState {
  n: number;
  /** Givens as written ("A1", or a lone "A"/"1" for a half-given cell); '' for empty. */
  grid: string[][];
}

const BLANK = /^[\s_\-.]*$/;

function normCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const t = String(v).trim().toUpperCase();
  return BLANK.test(t) ? '' : t;
}

function splitRows(text: string): string[] {
  return text.split(/\r?\n|\\n/).filter((l) => l.includes('|'));
}

export function parseEuleroState(raw: unknown): EuleroState {
  let grid: string[][];
  if (Array.isArray(raw)) {
    grid = raw.map((row, r) => {
      if (typeof row === 'string') return row.split('|').map(normCell);
      if (!Array.isArray(row)) throw new StateError(`eulero state[${r}]: expected a row`);
      return row.map(normCell);
    });
  } else if (raw !== null && typeof raw === 'object' && 'grid' in raw) {
    return parseEuleroState((raw as { grid: unknown }).grid);
  } else if (typeof raw === 'string') {
    const rows = splitRows(raw);
    if (rows.length === 0) throw new StateError('eulero state text: no rows of "A1|B2|..." found');
    grid = rows.map((l) => l.split('|').map(normCell));
  } else throw new StateError(`eulero state: expected text rows like "A1| |C3", got ${typeof raw}`);
  const n = grid.length;
  if (n > 26) throw new StateError(`eulero state: ${n} rows; at most 26 letters exist`);
  if (grid.some((row) => row.length !== n)) throw new StateError(`eulero state: every row must have ${n} cells`);
  return { n, grid };
}

const PAIR = /^([A-Z])(\d{1,2})$/;

export const verifyEulero = puzzleVerifier(parseEuleroState, (s, answer) => {
  const t = cleanAnswer(answer);
  let lines = splitRows(t);
  // Tolerate rows written without pipes ("A1 B2 C3") when no line has any.
  if (lines.length === 0) lines = t.split(/\r?\n|\\n/).filter((l) => /[A-Za-z]\d/.test(l));
  const n = s.n;
  if (lines.length !== n) return result(false, `answer has ${lines.length} rows, expected ${n}`);
  const grid: [string, number][][] = [];
  for (let r = 0; r < n; r++) {
    const cells = (lines[r].includes('|') ? lines[r].replace(/^\s*\|/, '').replace(/\|\s*$/, '').split('|') : lines[r].trim().split(/[\s,]+/)).map((c) => c.trim().toUpperCase());
    if (cells.length !== n) return result(false, `row ${r + 1} has ${cells.length} cells, expected ${n}`);
    const row: [string, number][] = [];
    for (let c = 0; c < n; c++) {
      const m = PAIR.exec(cells[c]);
      if (!m) return result(false, `row ${r + 1}, column ${c + 1} holds "${cells[c].slice(0, 12)}", not a letter-number pair`);
      const letter = m[1];
      const num = Number(m[2]);
      if (letter.charCodeAt(0) - 65 >= n || num < 1 || num > n) return result(false, `row ${r + 1}, column ${c + 1}: ${cells[c]} uses a letter or number outside A..${String.fromCharCode(64 + n)} / 1..${n}`);
      const given = s.grid[r][c];
      if (given !== '' && !(given === cells[c] || given === letter || given === String(num))) {
        return result(false, `given ${given} at row ${r + 1}, column ${c + 1} was changed to ${cells[c]}`);
      }
      row.push([letter, num]);
    }
    grid.push(row);
  }
  for (const [part, name] of [[0, 'letter'], [1, 'number']] as const) {
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
});
