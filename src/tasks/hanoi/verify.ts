// Tower of Hanoi verifier: `(disk,peg)` moves with 1-based pegs, simulated from the initial state; every move must
// take a top disk onto an empty peg or a larger disk, and all disks must end on the last peg. Same rules as the
// official hanoi_check, except that stray text between the pairs is reported instead of ignored.
import { result, type VerifyResult } from '../types.js';
import type { HanoiState } from './state.js';

export function checkHanoi(state: HanoiState, moves: Array<[number, number]>): VerifyResult {
  if (moves.length === 0) return result(false, 'answer holds no (disk,peg) moves');
  const pegs = state.pegs.map((p) => [...p]);
  for (let i = 0; i < moves.length; i++) {
    const [disk, to] = moves[i];
    const tag = `move ${i + 1} (${disk},${to})`;
    if (to < 1 || to > pegs.length) return result(false, `${tag}: there is no peg ${to} (pegs are 1..${pegs.length})`);
    const from = pegs.findIndex((p) => p.includes(disk));
    if (from < 0) return result(false, `${tag}: there is no disk ${disk}`);
    const src = pegs[from];
    if (src[src.length - 1] !== disk) return result(false, `${tag}: disk ${disk} is under disk ${src[src.length - 1]} on peg ${from + 1}`);
    if (from === to - 1) return result(false, `${tag}: disk ${disk} is already on peg ${to}`);
    const dst = pegs[to - 1];
    const top = dst[dst.length - 1];
    if (top !== undefined && top < disk) return result(false, `${tag}: disk ${disk} placed on smaller disk ${top}`);
    dst.push(src.pop() as number);
  }
  const last = pegs.length;
  const stray = pegs.findIndex((p, i) => i < last - 1 && p.length > 0);
  if (stray >= 0)
    return result(false, `after ${moves.length} moves peg ${stray + 1} still holds disks [${pegs[stray].join(', ')}]; all must end on peg ${last}`);
  return result(true, `all ${moves.length} moves legal; every disk ends on peg ${last}`);
}
