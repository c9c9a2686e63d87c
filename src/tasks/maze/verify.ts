// Maze verifier. Stricter than the official maze_check, which compares wall characters against ' - ' / ' | '
// (three-character strings a single character never equals) and so lets paths walk through walls: here every step
// is simulated against the walls of the ASCII block, from S, and the path must end on E.
import { cell, DELTA, type Dir } from '../common/game-moves.js';
import { result, type VerifyResult } from '../types.js';
import { blocked, type MazeState } from './state.js';

export function checkMaze(maze: MazeState, moves: Dir[]): VerifyResult {
  let [r, c] = maze.start;
  for (let i = 0; i < moves.length; i++) {
    const dir = moves[i];
    const [dr, dc] = DELTA[dir];
    const nr = r + dr;
    const nc = c + dc;
    if (nr < 0 || nr >= maze.rows || nc < 0 || nc >= maze.cols) {
      return result(false, `move ${i + 1} (${dir}) leaves the ${maze.rows}×${maze.cols} maze from ${cell(r, c)}`);
    }
    if (blocked(maze, r, c, dr, dc)) return result(false, `move ${i + 1} (${dir}) crosses a wall at ${cell(r, c)}`);
    r = nr;
    c = nc;
  }
  const [er, ec] = maze.end;
  if (r !== er || c !== ec) return result(false, `path ends at ${cell(r, c)}, not at the end cell E ${cell(er, ec)}`);
  return result(true, `all ${moves.length} moves follow open passages from S to E`);
}
