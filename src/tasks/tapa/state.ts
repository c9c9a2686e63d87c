// Tapa state: the grid size and the clue cells with their lists of black-group lengths.
import { tryParsePyLiteral } from '../common/pyliteral.js';

export interface TapaState {
  rows: number;
  cols: number;
  /** "r,c" → group sizes; [0] means no black neighbour. */
  clues: Map<string, number[]>;
}

const MAX_SIDE = 40;

function fromRows(lines: unknown[]): TapaState | null {
  if (lines.length === 0 || lines.length > MAX_SIDE) return null;
  // Text rows hold one cell per character, '.' or a clue digit, as the official generator writes them; any other
  // character means this is not a tapa grid (a clue-free grid read from stray text would be solved by any shading).
  const rows = lines.map((l) =>
    typeof l === 'string' ? (/^[.\d]+$/.test(l.trim()) ? [...l.trim()] : null) : Array.isArray(l) ? l.map((x) => String(x ?? '.')) : null,
  );
  if (!rows.every((r) => r !== null && r.length === (rows[0] as string[]).length && r.length > 0)) return null;
  const clues = new Map<string, number[]>();
  (rows as string[][]).forEach((row, r) =>
    row.forEach((cell, c) => {
      const t = cell.trim();
      if (/^\d+$/.test(t)) clues.set(`${r},${c}`, t.length === 1 ? [Number(t)] : [...t].map(Number));
    }),
  );
  return { rows: rows.length, cols: (rows[0] as string[]).length, clues };
}

/** Accepts the official text block ('.' empty, a digit = clue), a list of row strings / cell lists, or {rows, cols, clues}. */
export function parseTapaState(raw: unknown): TapaState {
  let v = raw;
  if (typeof v === 'string' && /^\s*[[{]/.test(v)) v = tryParsePyLiteral(v.trim());
  let s: TapaState | null = null;
  if (typeof v === 'string') s = fromRows(v.trim().split(/\r?\n/));
  else if (Array.isArray(v)) s = fromRows(v);
  else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (o.clues instanceof Map && typeof o.rows === 'number' && typeof o.cols === 'number') s = o as unknown as TapaState;
    else if (o.clues && typeof o.clues === 'object' && typeof o.rows === 'number' && typeof o.cols === 'number') {
      const clues = new Map<string, number[]>();
      for (const [k, val] of Object.entries(o.clues as Record<string, unknown>)) {
        const [r, c] = k
          .replace(/[()\s]/g, '')
          .split(',')
          .map(Number);
        clues.set(`${r},${c}`, (Array.isArray(val) ? val : [val]).map(Number));
      }
      s = { rows: o.rows, cols: o.cols, clues };
    }
  }
  if (!s) throw new Error("tapa initial_state: expected rows of '.' and clue digits");
  return s;
}
