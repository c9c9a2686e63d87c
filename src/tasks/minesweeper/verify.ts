// Minesweeper verifier. The official evaluator compares the answer's (r, c) set with the reference set. Every
// non-mine cell of the official board is revealed (numbers shown, zeros blank), so a mine set can be checked by the
// rules instead: mines only on blank cells, every number sees exactly that many mines among its 8 neighbours, and
// every blank cell left unmarked is a 0 and so touches no mine. Any set passing those checks is indistinguishable
// from the reference on the board, so it passes too (a documented difference when a board is ambiguous). Without
// an initial_state the verifier falls back to the official set match.
import { NEIGHBOURS_8 } from '../common/grid.js';
import { cell, parseIntPairs } from '../common/game-moves.js';
import { result, type TaskInstance, type VerifyResult } from '../types.js';
import type { MinesweeperState } from './state.js';

/** Rule-based on the board when the instance has one; the official set match against the reference otherwise. */
export function checkMinesweeper(s: MinesweeperState | null, mines: Array<[number, number]>, instance: TaskInstance): VerifyResult {
  return s === null ? matchReference(instance.answer, mines) : checkRules(s, mines);
}

export function checkRules(s: MinesweeperState, mines: Array<[number, number]>): VerifyResult {
  const isMine: boolean[][] = s.clues.map((row) => row.map(() => false));
  for (const [r, c] of mines) {
    if (r >= s.rows || c >= s.cols) return result(false, `mine ${cell(r, c)} is outside the ${s.rows}×${s.cols} board`);
    if (s.clues[r][c] !== null) return result(false, `mine ${cell(r, c)} is on a revealed number ${s.clues[r][c]}`);
    isMine[r][c] = true;
  }
  const count = (r: number, c: number): number => NEIGHBOURS_8.reduce((n, [dr, dc]) => n + (isMine[r + dr]?.[c + dc] ? 1 : 0), 0);
  for (let r = 0; r < s.rows; r++) {
    for (let c = 0; c < s.cols; c++) {
      const clue = s.clues[r][c];
      if (clue !== null) {
        const n = count(r, c);
        if (n !== clue) return result(false, `cell ${cell(r, c)} shows ${clue} but the answer puts ${n} mine(s) around it`);
      } else if (!isMine[r][c] && count(r, c) > 0) {
        return result(false, `blank cell ${cell(r, c)} is not marked as a mine, so it is a 0, yet the answer puts ${count(r, c)} mine(s) next to it`);
      }
    }
  }
  const n = new Set(mines.map(([r, c]) => r * s.cols + c)).size;
  return result(true, `${n} mine(s) agree with every number on the board`);
}

function matchReference(reference: unknown, mines: Array<[number, number]>): VerifyResult {
  const ref =
    typeof reference === 'string'
      ? parseIntPairs(reference, 'mine')
      : Array.isArray(reference)
        ? { ok: true as const, value: reference.filter((p): p is [number, number] => Array.isArray(p) && p.length === 2) }
        : null;
  if (!ref || !ref.ok) return result(false, 'cannot check: no initial_state and no readable reference answer');
  const key = ([r, c]: [number, number]): string => `${r},${c}`;
  const want = new Set(ref.value.map(key));
  const got = new Set(mines.map(key));
  const extra = [...got].find((k) => !want.has(k));
  if (extra) return result(false, `(${extra}) is not a mine`);
  const missing = [...want].find((k) => !got.has(k));
  if (missing) return result(false, `mine (${missing}) is missing`);
  return result(true, `all ${want.size} mines found`);
}
