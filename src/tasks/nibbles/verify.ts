// Nibbles (Snake) verifier: the head moves one cell per word; it may not reverse onto its neck, leave the grid
// (the grid edge is the wall) or enter a cell the snake occupies before the move; eating an apple grows the snake by
// one. Every apple must be eaten, and moves after the last apple must stay legal. As in the official evaluator, the
// cell the tail is about to vacate still counts as occupied.
import { cell, DELTA, OPPOSITE, type Dir } from '../common/game-moves.js';
import { result, type VerifyResult } from '../types.js';
import type { NibblesState } from './state.js';

export function checkNibbles(s: NibblesState, moves: Dir[]): VerifyResult {
  const key = (r: number, c: number): number => r * s.cols + c;
  // cells runs tail → head: a move appends the new head and advances `tail` past the vacated cell, so each step is
  // O(1); occupied mirrors cells[tail..] as a set.
  const cells = s.snake.map(([r, c]) => key(r, c)).reverse();
  const occupied = new Set(cells);
  const apples = new Set(s.apples.map(([r, c]) => key(r, c)));
  let tail = 0;
  let dir = s.direction;
  for (let i = 0; i < moves.length; i++) {
    const move = moves[i];
    const cur = cells[cells.length - 1];
    const r = Math.floor(cur / s.cols);
    const c = cur % s.cols;
    const tag = `move ${i + 1} (${move}) from ${cell(r, c)}`;
    if (move === OPPOSITE[dir]) return result(false, `${tag} reverses the snake moving ${dir}`);
    const nr = r + DELTA[move][0];
    const nc = c + DELTA[move][1];
    if (nr < 0 || nr >= s.rows || nc < 0 || nc >= s.cols) return result(false, `${tag} hits the wall of the ${s.rows}x${s.cols} grid`);
    const next = key(nr, nc);
    if (occupied.has(next)) return result(false, `${tag} runs into the snake's own body at ${cell(nr, nc)}`);
    cells.push(next);
    occupied.add(next);
    if (apples.has(next)) apples.delete(next);
    else occupied.delete(cells[tail++]);
    dir = move;
  }
  if (apples.size > 0) {
    const left = [...apples]
      .sort((a, b) => a - b)
      .map((k) => cell(Math.floor(k / s.cols), k % s.cols))
      .join(', ');
    return result(false, `after ${moves.length} moves ${apples.size} apple(s) remain uneaten: ${left}`);
  }
  return result(true, `all ${moves.length} moves legal; all ${s.apples.length} apple(s) eaten`);
}
