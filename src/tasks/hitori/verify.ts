// Hitori: shade cells so that no number repeats among the unshaded cells of a row or column, no two shaded cells
// touch orthogonally, and the unshaded cells form one orthogonally connected region.
// Answer: the shaded cells as {(r, c), ...}, 0-based (lists and brackets are accepted too).
import { asIntMatrix, checkShape, isConnected, parsePairs, puzzleVerifier, StateError } from '../common/grid.js';
import { result } from '../types.js';

export interface HitoriState {
  n: number;
  grid: number[][];
}

export function parseHitoriState(raw: unknown): HitoriState {
  let grid: number[][];
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw) && 'grid' in raw) {
    grid = asIntMatrix((raw as { grid: unknown }).grid, 'hitori state.grid');
  } else if (typeof raw === 'string' && !/^\s*\[/.test(raw)) {
    // A text block: one row of space-separated numbers per line (the question_language "Initial State").
    const lines = raw.split(/\r?\n/).filter((l) => /^\s*\d+(\s+\d+)+\s*$/.test(l));
    if (lines.length === 0) throw new StateError('hitori state text: no rows of numbers found');
    grid = lines.map((l) => l.trim().split(/\s+/).map(Number));
  } else grid = asIntMatrix(raw, 'hitori state');
  const shape = checkShape(grid, grid.length, grid.length);
  if (shape) throw new StateError(`hitori state: ${shape}`);
  return { n: grid.length, grid };
}

/** The first Hitori rule the shading breaks, or null. */
export function hitoriViolation(s: HitoriState, shaded: Set<string>): string | null {
  const { n, grid } = s;
  for (const key of shaded) {
    const [r, c] = key.split(',').map(Number);
    if (shaded.has(`${r + 1},${c}`)) return `shaded cells (${r}, ${c}) and (${r + 1}, ${c}) touch`;
    if (shaded.has(`${r},${c + 1}`)) return `shaded cells (${r}, ${c}) and (${r}, ${c + 1}) touch`;
  }
  for (let i = 0; i < n; i++) {
    const row = new Map<number, number>();
    const col = new Map<number, number>();
    for (let j = 0; j < n; j++) {
      if (!shaded.has(`${i},${j}`)) {
        const v = grid[i][j];
        if (row.has(v)) return `row ${i} has ${v} unshaded twice, at (${i}, ${row.get(v)}) and (${i}, ${j})`;
        row.set(v, j);
      }
      if (!shaded.has(`${j},${i}`)) {
        const v = grid[j][i];
        if (col.has(v)) return `column ${i} has ${v} unshaded twice, at (${col.get(v)}, ${i}) and (${j}, ${i})`;
        col.set(v, j);
      }
    }
  }
  const white = new Set<string>();
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (!shaded.has(`${r},${c}`)) white.add(`${r},${c}`);
  if (!isConnected(white)) return 'the unshaded cells are split into more than one region';
  return null;
}

export const verifyHitori = puzzleVerifier(parseHitoriState, (s, answer) => {
  const parsed = parsePairs(answer);
  if (!parsed.ok) return result(false, parsed.reason);
  const shaded = new Set<string>();
  for (const [r, c] of parsed.value) {
    if (r < 0 || c < 0 || r >= s.n || c >= s.n) return result(false, `cell (${r}, ${c}) is off the ${s.n}×${s.n} grid (0-based)`);
    shaded.add(`${r},${c}`);
  }
  const v = hitoriViolation(s, shaded);
  if (v) return result(false, v);
  return result(true, 'no repeats among unshaded cells, no touching shaded cells, unshaded cells connected');
});
