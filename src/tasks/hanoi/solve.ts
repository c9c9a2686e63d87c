// Tower of Hanoi solvers: the recursive decomposition (for 3 pegs, from any legal position) and a BFS that measures
// the optimal distance, used to pick instances by difficulty.
import { TraceRecorder } from '../trace.js';
import { hanoiToText, type HanoiState } from './state.js';

export type HanoiMove = [disk: number, from: number, to: number];

const pegOf = (pegs: number[][], disk: number): number => pegs.findIndex((p) => p.includes(disk));

/** Optimal moves (pegs 0-based) that bring every disk onto the last peg, recording each subgoal and move. */
export function solveHanoi(start: HanoiState, rec = new TraceRecorder()): HanoiMove[] {
  const pegs = start.pegs.map((p) => [...p]);
  const moves: HanoiMove[] = [];
  const show = (): string => hanoiToText({ pegs, disks: start.disks });
  const move = (disk: number, to: number): void => {
    const from = pegOf(pegs, disk);
    const below = pegs[to][pegs[to].length - 1];
    pegs[from].pop();
    pegs[to].push(disk);
    moves.push([disk, from, to]);
    rec.step(`move disk ${disk} from peg ${from + 1} to peg ${to + 1}`, {
      check: `disk ${disk} was on top; peg ${to + 1} ${below === undefined ? 'was empty' : `has larger disk ${below}`}`,
      state: show(),
    });
  };
  // Put disks 1..k, wherever they are, onto peg `target` as one tower.
  const gather = (k: number, target: number): void => {
    if (k === 0) return;
    const from = pegOf(pegs, k);
    if (from === target) {
      gather(k - 1, target);
      return;
    }
    const spare = 3 - from - target;
    if (k > 1)
      rec.note(`Disk ${k} must go from peg ${from + 1} to peg ${target + 1}; first park ${k === 2 ? 'disk 1' : `disks 1-${k - 1}`} on peg ${spare + 1}.`);
    gather(k - 1, spare);
    move(k, target);
    gather(k - 1, target);
  };
  if (pegs.length !== 3) throw new Error(`solveHanoi: the decomposition needs exactly 3 pegs, got ${pegs.length}`);
  gather(start.disks, pegs.length - 1);
  return moves;
}

/** Minimum number of moves to the goal, by BFS over all positions (3^disks of them). */
export function bfsDistance(start: HanoiState): number {
  const n = start.disks;
  const encode = (pegs: number[][]): string => {
    const where = Array<number>(n).fill(0);
    pegs.forEach((p, i) => p.forEach((d) => (where[d - 1] = i)));
    return where.join('');
  };
  const goal = '2'.repeat(n);
  const seen = new Set([encode(start.pegs)]);
  let frontier = [start.pegs.map((p) => [...p])];
  for (let depth = 0; frontier.length > 0; depth++) {
    const next: number[][][] = [];
    for (const pegs of frontier) {
      if (encode(pegs) === goal) return depth;
      for (let a = 0; a < 3; a++) {
        for (let b = 0; b < 3; b++) {
          const top = pegs[a][pegs[a].length - 1];
          const under = pegs[b][pegs[b].length - 1];
          if (a === b || top === undefined || (under !== undefined && under < top)) continue;
          const copy = pegs.map((p) => [...p]);
          copy[b].push(copy[a].pop() as number);
          const key = encode(copy);
          if (!seen.has(key)) {
            seen.add(key);
            next.push(copy);
          }
        }
      }
    }
    frontier = next;
  }
  throw new Error('bfsDistance: goal unreachable');
}
