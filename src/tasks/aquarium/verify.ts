// Aquarium: the grid is split into regions (tanks); water settles, so in every region the filled cells are
// exactly those at or below one water line, and the filled counts match the row and column clues.
// Answer: water cells as [(x, y), ...], x = column, y = row, 0-based from the top-left.
import { result, type VerifyResult } from '../types.js';
import type { AquariumState } from './state.js';

/** The first region whose water is not "all cells at or below one line", described, or null. */
export function regionViolation(s: AquariumState, wet: boolean[][]): string | null {
  const top = new Map<number, number>(); // region → highest (smallest) wet row
  for (let r = 0; r < s.rows; r++) {
    for (let c = 0; c < s.cols; c++) {
      const id = s.regions[r][c];
      if (wet[r][c] && !top.has(id)) top.set(id, r);
    }
  }
  for (let r = 0; r < s.rows; r++) {
    for (let c = 0; c < s.cols; c++) {
      const line = top.get(s.regions[r][c]);
      if (line !== undefined && r >= line && !wet[r][c]) {
        return `region ${s.regions[r][c]} has water in row ${line} but cell (${c}, ${r}) at or below that level is dry`;
      }
    }
  }
  return null;
}

export function checkAquarium(s: AquariumState, cells: number[][]): VerifyResult {
  const wet = Array.from({ length: s.rows }, () => new Array<boolean>(s.cols).fill(false));
  for (const [x, y] of cells) {
    if (x < 0 || y < 0 || x >= s.cols || y >= s.rows) return result(false, `cell (${x}, ${y}) is off the ${s.cols}×${s.rows} grid (x = column, y = row)`);
    wet[y][x] = true;
  }
  for (let r = 0; r < s.rows; r++) {
    const n = wet[r].filter(Boolean).length;
    if (n !== s.rowClues[r]) return result(false, `row ${r} has ${n} water cells, clue says ${s.rowClues[r]}`);
  }
  for (let c = 0; c < s.cols; c++) {
    const n = wet.filter((row) => row[c]).length;
    if (n !== s.colClues[c]) return result(false, `column ${c} has ${n} water cells, clue says ${s.colClues[c]}`);
  }
  const v = regionViolation(s, wet);
  if (v) return result(false, v);
  return result(true, 'clues match and every tank is filled to one level');
}
