// Sokoban state in the standard XSB text notation the official generator writes:
// '#' wall, '@' player, '+' player on target, '$' box, '*' box on target, '.' target, ' ' (or '-', '_') floor.
import { blockLines, MAX_SIDE, stateText } from '../common/game-moves.js';

export interface SokobanState {
  rows: number;
  cols: number;
  /** walls[r][c]: true for '#'. Cells beyond a short line count as floor; off the grid counts as wall. */
  walls: boolean[][];
  player: [number, number];
  boxes: Array<[number, number]>;
  targets: Array<[number, number]>;
}

function isSokobanState(raw: unknown): raw is SokobanState {
  if (!raw || typeof raw !== 'object') return false;
  const s = raw as Partial<SokobanState>;
  return Array.isArray(s.walls) && Array.isArray(s.boxes) && Array.isArray(s.targets) && Array.isArray(s.player);
}

/** Normalises any shape a sokoban initial_state comes in (XSB block, list of lines, object holding either). */
export function parseSokobanState(raw: unknown): SokobanState {
  if (isSokobanState(raw)) return raw;
  const text = stateText(raw, ['initial_state', 'level', 'map', 'grid', 'board', 'state', 'text']);
  if (text === null) throw new Error(`sokoban initial_state: expected the XSB level text ('#', '@', '$', '.'), got ${typeof raw}`);
  return parseSokobanText(text);
}

export function parseSokobanText(text: string): SokobanState {
  const lines = blockLines(text);
  const rows = lines.length;
  const cols = Math.max(0, ...lines.map((l) => l.length));
  if (rows === 0) throw new Error('sokoban initial_state: empty level');
  if (rows > MAX_SIDE || cols > MAX_SIDE) throw new Error(`sokoban initial_state: ${rows}×${cols} exceeds ${MAX_SIDE}×${MAX_SIDE}`);
  const walls: boolean[][] = [];
  const boxes: Array<[number, number]> = [];
  const targets: Array<[number, number]> = [];
  let player: [number, number] | null = null;
  for (let r = 0; r < rows; r++) {
    walls.push([]);
    for (let c = 0; c < cols; c++) {
      const ch = lines[r][c] ?? ' ';
      walls[r].push(ch === '#');
      if (ch === '@' || ch === '+') {
        if (player) throw new Error(`sokoban initial_state: two players at (${player.join(',')}) and (${r},${c})`);
        player = [r, c];
      }
      if (ch === '$' || ch === '*') boxes.push([r, c]);
      if (ch === '.' || ch === '*' || ch === '+') targets.push([r, c]);
      if (!'#@+$*. -_'.includes(ch)) throw new Error(`sokoban initial_state: unknown character '${ch}' at (${r},${c})`);
    }
  }
  if (!player) throw new Error("sokoban initial_state: no player ('@' or '+')");
  if (boxes.length === 0) throw new Error("sokoban initial_state: no boxes ('$' or '*')");
  if (boxes.length !== targets.length) {
    throw new Error(`sokoban initial_state: ${boxes.length} boxes but ${targets.length} targets`);
  }
  return { rows, cols, walls, player, boxes, targets };
}

/** Renders the state back into XSB text (the inverse of parseSokobanText). */
export function sokobanToText(s: SokobanState): string {
  const key = (r: number, c: number): number => r * s.cols + c;
  const boxes = new Set(s.boxes.map(([r, c]) => key(r, c)));
  const targets = new Set(s.targets.map(([r, c]) => key(r, c)));
  const out: string[] = [];
  for (let r = 0; r < s.rows; r++) {
    let line = '';
    for (let c = 0; c < s.cols; c++) {
      const k = key(r, c);
      const isPlayer = s.player[0] === r && s.player[1] === c;
      if (s.walls[r][c]) line += '#';
      else if (isPlayer) line += targets.has(k) ? '+' : '@';
      else if (boxes.has(k)) line += targets.has(k) ? '*' : '$';
      else line += targets.has(k) ? '.' : ' ';
    }
    out.push(line.replace(/\s+$/, ''));
  }
  return out.join('\n');
}
