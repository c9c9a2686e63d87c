// The maze state: a grid of cells with walls on cell edges, start S and end E. The official text block draws it as
// (2R+1)×(2C+1) characters: '+' corners, '-' / '|' walls, cells at odd (row, col) holding '0', 'S' or 'E':
//   +-+-+
//   |S 0|
//   + + +
//   |0|E|
//   +-+-+
import { blockLines, MAX_SIDE, stateText } from '../common/game-moves.js';

export interface MazeState {
  rows: number;
  cols: number;
  start: [number, number];
  end: [number, number];
  /** right[r][c]: a wall between (r, c) and (r, c+1); the last column's entry is the outer wall. */
  right: boolean[][];
  /** down[r][c]: a wall between (r, c) and (r+1, c); the last row's entry is the outer wall. */
  down: boolean[][];
}

function isMazeState(raw: unknown): raw is MazeState {
  if (!raw || typeof raw !== 'object') return false;
  const m = raw as Partial<MazeState>;
  return (
    typeof m.rows === 'number' &&
    typeof m.cols === 'number' &&
    Array.isArray(m.right) &&
    Array.isArray(m.down) &&
    Array.isArray(m.start) &&
    Array.isArray(m.end)
  );
}

/** Normalises any shape a maze initial_state comes in (text block, list of lines, object holding either). */
export function parseMazeState(raw: unknown): MazeState {
  if (isMazeState(raw)) return raw;
  const text = stateText(raw, ['initial_state', 'maze', 'text', 'grid', 'state']);
  if (text === null) throw new Error(`maze initial_state: expected the ASCII maze text block, got ${typeof raw}`);
  return parseMazeText(text);
}

export function parseMazeText(text: string): MazeState {
  const lines = blockLines(text);
  const height = lines.length;
  const width = Math.max(0, ...lines.map((l) => l.length));
  if (height < 3 || height % 2 === 0) throw new Error(`maze initial_state: expected an odd number (≥3) of lines, got ${height}`);
  // Lines of a well-formed block all have the same odd width; a shorter line lost trailing spaces, pad it.
  const w = width % 2 === 1 ? width : width + 1;
  const rows = (height - 1) / 2;
  const cols = (w - 1) / 2;
  if (rows > MAX_SIDE || cols > MAX_SIDE) throw new Error(`maze initial_state: ${rows}×${cols} exceeds ${MAX_SIDE}×${MAX_SIDE}`);
  const at = (y: number, x: number): string => lines[y][x] ?? ' ';
  let start: [number, number] | null = null;
  let end: [number, number] | null = null;
  const right: boolean[][] = [];
  const down: boolean[][] = [];
  for (let r = 0; r < rows; r++) {
    right.push([]);
    down.push([]);
    for (let c = 0; c < cols; c++) {
      const ch = at(2 * r + 1, 2 * c + 1);
      if (ch === 'S') {
        if (start) throw new Error(`maze initial_state: two start cells S at (${start.join(',')}) and (${r},${c})`);
        start = [r, c];
      } else if (ch === 'E') {
        if (end) throw new Error(`maze initial_state: two end cells E at (${end.join(',')}) and (${r},${c})`);
        end = [r, c];
      }
      right[r].push(at(2 * r + 1, 2 * c + 2) !== ' ' || c === cols - 1);
      down[r].push(at(2 * r + 2, 2 * c + 1) !== ' ' || r === rows - 1);
    }
  }
  if (!start) throw new Error('maze initial_state: no start cell S');
  if (!end) throw new Error('maze initial_state: no end cell E');
  return { rows, cols, start, end, right, down };
}

/** Renders the state back into the official text block (the inverse of parseMazeText). */
export function mazeToText(m: MazeState): string {
  const out: string[] = [];
  out.push('+' + '-+'.repeat(m.cols));
  for (let r = 0; r < m.rows; r++) {
    let line = '|';
    let below = '+';
    for (let c = 0; c < m.cols; c++) {
      const here = r === m.start[0] && c === m.start[1] ? 'S' : r === m.end[0] && c === m.end[1] ? 'E' : '0';
      line += here + (m.right[r][c] ? '|' : ' ');
      below += (m.down[r][c] ? '-' : ' ') + '+';
    }
    out.push(line, below);
  }
  return out.join('\n');
}

/** Whether a wall blocks the step from (r, c) by (dr, dc); stepping off the grid counts as a wall. */
export function blocked(m: MazeState, r: number, c: number, dr: number, dc: number): boolean {
  const nr = r + dr;
  const nc = c + dc;
  if (nr < 0 || nr >= m.rows || nc < 0 || nc >= m.cols) return true;
  if (dc === 1) return m.right[r][c];
  if (dc === -1) return m.right[r][nc];
  if (dr === 1) return m.down[r][c];
  return m.down[nr][c];
}
