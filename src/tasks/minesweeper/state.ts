// Minesweeper state as the official generator writes it: one line per row, cells between '|', a digit for a
// revealed number and ' ' for a cell that is either a mine or a revealed 0 (the official generator blanks both):
//   |1|1|1| |
//   | |2| |2|
import { blockLines, MAX_SIDE, stateText } from '../common/game-moves.js';

export interface MinesweeperState {
  rows: number;
  cols: number;
  /** clues[r][c]: the number shown, or null for a blank cell. */
  clues: Array<Array<number | null>>;
}

function isMinesweeperState(raw: unknown): raw is MinesweeperState {
  if (!raw || typeof raw !== 'object') return false;
  const s = raw as Partial<MinesweeperState>;
  return typeof s.rows === 'number' && typeof s.cols === 'number' && Array.isArray(s.clues);
}

function clueOf(v: unknown, where: string): number | null {
  if (v === null || v === undefined || v === -1) return null;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 8) return v === 0 ? null : v;
  if (typeof v === 'string') {
    const t = v.trim();
    if (t === '' || t === '?' || t === '.' || t === '_' || t === '0') return null;
    if (/^[1-8]$/.test(t)) return Number(t);
  }
  throw new Error(`minesweeper initial_state: cell ${where} holds '${String(v)}', expected a number 1..8 or blank`);
}

/** Normalises the '|'-separated text block, a list of its lines, or a 2-D list of numbers/blanks. */
export function parseMinesweeperState(raw: unknown): MinesweeperState {
  if (isMinesweeperState(raw)) return raw;
  let grid: unknown[][];
  if (Array.isArray(raw) && raw.length > 0 && raw.every((row) => Array.isArray(row))) grid = raw as unknown[][];
  else {
    const text = stateText(raw, ['initial_state', 'board', 'grid', 'state', 'text']);
    if (text === null) throw new Error(`minesweeper initial_state: expected the '|'-separated board text, got ${typeof raw}`);
    grid = blockLines(text).map((line, r) => {
      // "|1| |2|": split keeps the blank cells; the leading/trailing bars give empty first/last parts.
      if (!line.includes('|')) throw new Error(`minesweeper initial_state: line ${r + 1} '${line.slice(0, 30)}' has no '|' separators`);
      const parts = line.split('|');
      if (line.trimStart().startsWith('|')) parts.shift();
      if (line.endsWith('|')) parts.pop();
      return parts;
    });
  }
  const rows = grid.length;
  const cols = grid[0]?.length ?? 0;
  if (rows === 0 || cols === 0 || rows > MAX_SIDE || cols > MAX_SIDE) throw new Error(`minesweeper initial_state: bad board size ${rows}×${cols}`);
  const clues = grid.map((row, r) => {
    if (row.length !== cols) throw new Error(`minesweeper initial_state: row ${r} has ${row.length} cells, row 0 has ${cols}`);
    return row.map((v, c) => clueOf(v, `(${r},${c})`));
  });
  return { rows, cols, clues };
}

export function minesweeperToText(s: MinesweeperState): string {
  return s.clues.map((row) => `|${row.map((v) => (v === null ? ' ' : String(v))).join('|')}|`).join('\n');
}
