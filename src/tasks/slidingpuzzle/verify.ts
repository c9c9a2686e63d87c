// Sliding-puzzle verifier. A move word names the direction the TILE moves into the blank ("up" = the tile below the
// blank slides up), as the official prompt defines. Like the official puzzle_15_check it also accepts a list of tile
// numbers (each tile must be next to the blank). Generalised from 4×4 to any N×N board; the goal is 1..N²-1, 0.
import { cell, MAX_MOVES, parseDirections, type Dir } from '../common/game-moves.js';
import { bad, ok, result, type Parsed, type VerifyResult } from '../types.js';
import { isGoal, type SlidingState } from './state.js';

/** Where the tile that moves comes from, relative to the blank: "up" brings the tile from below. */
export const TILE_FROM: Record<Dir, readonly [number, number]> = { up: [1, 0], down: [-1, 0], left: [0, 1], right: [0, -1] };

/** Tile numbers (an answer of digits and separators only) or direction words. */
export type SlidingAnswer = { tiles: string[] } | { dirs: Dir[] };

export function parseSlidingAnswer(text: string): Parsed<SlidingAnswer> {
  if (/^[\d\s,;[\]()]+$/.test(text)) {
    const tiles = text.match(/\d+/g) ?? [];
    if (tiles.length > MAX_MOVES) return bad(`answer has more than ${MAX_MOVES} moves`);
    return tiles.length === 0 ? bad('answer holds no moves') : ok({ tiles });
  }
  const moves = parseDirections(text);
  return moves.ok ? ok({ dirs: moves.value }) : moves;
}

export function checkSlidingPuzzle(s: SlidingState, answer: SlidingAnswer): VerifyResult {
  const n = s.size;
  const board = s.board.map((row) => [...row]);
  let br = board.findIndex((row) => row.includes(0));
  let bc = board[br].indexOf(0);
  if ('tiles' in answer) {
    const { tiles } = answer;
    for (let i = 0; i < tiles.length; i++) {
      const t = Number(tiles[i]);
      const near = (
        [
          [-1, 0],
          [1, 0],
          [0, -1],
          [0, 1],
        ] as const
      ).find(([dr, dc]) => board[br + dr]?.[bc + dc] === t && t !== 0);
      if (!near) return result(false, `move ${i + 1}: tile ${tiles[i]} is not next to the blank at ${cell(br, bc)}`);
      board[br][bc] = t;
      br += near[0];
      bc += near[1];
      board[br][bc] = 0;
    }
  } else {
    const moves = answer.dirs;
    for (let i = 0; i < moves.length; i++) {
      const dir = moves[i];
      const [dr, dc] = TILE_FROM[dir];
      const tr = br + dr;
      const tc = bc + dc;
      if (tr < 0 || tr >= n || tc < 0 || tc >= n) return result(false, `move ${i + 1} (${dir}): no tile can move ${dir} into the blank at ${cell(br, bc)}`);
      board[br][bc] = board[tr][tc];
      board[tr][tc] = 0;
      br = tr;
      bc = tc;
    }
  }
  if (!isGoal(board)) {
    const wrong = board.flat().filter((t, i) => t !== 0 && t !== i + 1).length;
    return result(false, `the moves are legal but the board is not solved: ${wrong} tile(s) out of place`);
  }
  return result(true, `the moves reach the goal 1..${n * n - 1} with the blank last`);
}
