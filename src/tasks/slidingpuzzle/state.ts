// Sliding-puzzle state: an N×N board, 0 = the blank (the official `str([[1, 2, 3, 4], ..., [13, 14, 0, 15]])`).
// The goal is 1..N²-1 row-major with the blank last.
import { tryParsePyLiteral } from '../common/pyliteral.js';

export interface SlidingState {
  size: number;
  /** board[r][c], 0 = blank. */
  board: number[][];
}

const MAX_N = 12;

/** Normalises a 2-D list, a flat list of N² numbers, their Python/JSON text, or a board of whitespace-separated rows. */
export function parseSlidingState(raw: unknown): SlidingState {
  let value: unknown = raw;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    const key = ['board', 'state', 'initial_state', 'grid', 'tiles'].find((k) => k in o);
    if (key === undefined) throw new Error(`slidingpuzzle initial_state: expected a board, got an object with keys ${Object.keys(o).join(', ')}`);
    value = o[key];
  }
  if (typeof value === 'string') {
    const literal = tryParsePyLiteral(value.trim());
    value =
      literal !== undefined
        ? literal
        : value
            .trim()
            .split(/\n/)
            .map((line) =>
              line
                .trim()
                .split(/[\s,|]+/)
                .filter(Boolean)
                .map((t) => (t === '_' || t === '.' ? 0 : Number(t))),
            );
  }
  if (!Array.isArray(value) || value.length === 0) throw new Error(`slidingpuzzle initial_state: expected a square board, got ${typeof raw}`);
  const flat: unknown[] = value.every((row) => Array.isArray(row)) ? (value as unknown[][]).flat() : value;
  const size = Math.round(Math.sqrt(flat.length));
  if (size < 2 || size > MAX_N || size * size !== flat.length)
    throw new Error(`slidingpuzzle initial_state: ${flat.length} tiles do not form an N×N board (2 ≤ N ≤ ${MAX_N})`);
  if (Array.isArray(value[0]) && (value as unknown[][]).some((row) => row.length !== size))
    throw new Error('slidingpuzzle initial_state: rows have different lengths');
  const nums = flat.map((t) => (t === null ? 0 : typeof t === 'string' ? Number(t) : t));
  const seen = new Set<number>();
  for (const t of nums) {
    if (typeof t !== 'number' || !Number.isInteger(t) || t < 0 || t >= size * size)
      throw new Error(`slidingpuzzle initial_state: tile '${String(t)}' is not in 0..${size * size - 1}`);
    if (seen.has(t)) throw new Error(`slidingpuzzle initial_state: tile ${t} appears twice`);
    seen.add(t);
  }
  const board: number[][] = [];
  for (let r = 0; r < size; r++) board.push((nums as number[]).slice(r * size, (r + 1) * size));
  return { size, board };
}

export function slidingToText(s: SlidingState): string {
  return `[${s.board.map((row) => `[${row.join(', ')}]`).join(', ')}]`;
}

export function isGoal(board: number[][]): boolean {
  const n = board.length;
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (board[r][c] !== (r * n + c + 1) % (n * n)) return false;
  return true;
}
