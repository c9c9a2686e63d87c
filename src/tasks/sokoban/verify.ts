// Sokoban verifier: simulate every move from the initial state (a move into a wall, a push of a box into a wall or
// another box, or a step off the board is illegal) and require every box to end on a target. Same rules as the
// official SokobanEvaluator; moves may be words, single letters or a LURD run ("RRdl").
import { cell, DELTA, type Dir } from '../common/game-moves.js';
import { result, type VerifyResult } from '../types.js';
import type { SokobanState } from './state.js';

export function checkSokoban(s: SokobanState, moves: Dir[]): VerifyResult {
  const key = (r: number, c: number): number => r * s.cols + c;
  const inside = (r: number, c: number): boolean => r >= 0 && r < s.rows && c >= 0 && c < s.cols;
  const wall = (r: number, c: number): boolean => !inside(r, c) || s.walls[r][c];
  const boxes = new Set(s.boxes.map(([r, c]) => key(r, c)));
  let [r, c] = s.player;
  for (let i = 0; i < moves.length; i++) {
    const dir = moves[i];
    const [dr, dc] = DELTA[dir];
    const nr = r + dr;
    const nc = c + dc;
    const tag = `move ${i + 1} (${dir}) from ${cell(r, c)}`;
    if (!inside(nr, nc)) return result(false, `${tag} leaves the board`);
    if (wall(nr, nc)) return result(false, `${tag} walks into the wall at ${cell(nr, nc)}`);
    if (boxes.has(key(nr, nc))) {
      const br = nr + dr;
      const bc = nc + dc;
      if (wall(br, bc)) return result(false, `${tag} pushes the box at ${cell(nr, nc)} into the wall at ${cell(br, bc)}`);
      if (boxes.has(key(br, bc))) return result(false, `${tag} pushes the box at ${cell(nr, nc)} into another box at ${cell(br, bc)}`);
      boxes.delete(key(nr, nc));
      boxes.add(key(br, bc));
    }
    r = nr;
    c = nc;
  }
  const targets = new Set(s.targets.map(([tr, tc]) => key(tr, tc)));
  const off = [...boxes].filter((k) => !targets.has(k)).sort((a, b) => a - b);
  if (off.length > 0) {
    const where = off.map((k) => cell(Math.floor(k / s.cols), k % s.cols)).join(', ');
    return result(false, `after ${moves.length} moves ${off.length} box(es) are not on targets: ${where}`);
  }
  return result(true, `all ${moves.length} moves legal; every box ends on a target`);
}
