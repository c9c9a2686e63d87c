// Hanoi generator, following the official one: 3 disks on 3 pegs in a random legal position, the level set by the
// minimum number of moves to gather all disks on peg 3 (official buckets: ≤2, 3, 4–5, 6, ≥7 moves).
// Solver: the classic goal decomposition — the largest disk not yet on its target needs the smaller ones parked on
// the third peg first — which is optimal from any position to a full tower; a BFS over all positions confirms the
// length in the trace's validation. The decomposition never backtracks, so the trace has no dead ends.
import { buildTrace, isCompactLevel, TraceRecorder } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';
import { renderHanoi } from './render.js';
import { hanoiToText, type HanoiState } from './state.js';

export const HANOI_DISKS = 3;
/** Minimum-move range per level (inclusive), the official `_difficulty_from_steps` buckets. */
export const HANOI_MOVES: Record<Level, readonly [number, number]> = { 1: [1, 2], 2: [3, 3], 3: [4, 5], 4: [6, 6], 5: [7, 7] };

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
    if (k > 1) rec.note(`Disk ${k} must go from peg ${from + 1} to peg ${target + 1}; first park ${k === 2 ? 'disk 1' : `disks 1-${k - 1}`} on peg ${spare + 1}.`);
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

/** A random position whose minimum solution length falls in the level's bucket. */
export function randomHanoi(level: Level, rng: Rng): HanoiState {
  const [lo, hi] = HANOI_MOVES[level];
  for (let attempt = 0; attempt < 1000; attempt++) {
    const pegs: number[][] = [[], [], []];
    for (let d = HANOI_DISKS; d >= 1; d--) pegs[rng.int(0, 2)].push(d);
    const state = { pegs, disks: HANOI_DISKS };
    const dist = bfsDistance(state);
    if (dist >= lo && dist <= hi) return state;
  }
  throw new Error(`randomHanoi: no position with ${lo}-${hi} moves in 1000 draws`);
}

function describe(s: HanoiState): string {
  return s.pegs.map((p, i) => `peg ${i + 1}: ${p.length === 0 ? 'empty' : `[${p.join(', ')}]`}`).join('; ');
}

// The questions follow the official PROMPT_HANOI_IMAGE / PROMPT_HANOI word for word (their goal lists cover the 3-,
// 4- and 5-disk towers the official rules allow; ours always have 3), so prompts read like the benchmark's.
const HANOI_HEAD = `Your task is to solve the hanoi game according to the rules and current state below:

### Game Rules:
1. The Tower of Hanoi consists of three pegs (numbered 1, 2, and 3) and n(maybe 3 or 4 or 5) disks of different sizes (from 1 to n)
2. Disks are stacked on pegs with larger disks always below smaller ones
3. Only one disk can be moved at a time, from the top of one peg to the top of another
4. A larger disk cannot be placed on top of a smaller disk`;

const HANOI_FORMAT = `### Output Format Requirements:
Your final solution format should be given like:(x,y) (x,y) (x,y)..., where x is the disk number and y is the destination peg number`;

const towerText = (n: number): string => `[
   [],
   [],
   [${Array.from({ length: n }, (_, i) => n - i).join(', ')}],
]`;

function question(s: HanoiState, variant: 'image' | 'text'): string {
  if (variant === 'image') {
    return `${HANOI_HEAD}

### Current Hanoi State:
The current state of the Tower of Hanoi is in the image shown below

### Goal State:
The goal is to move all disks to peg 3, maintaining the size order (largest at bottom, smallest at top).

For 3 disks: Peg 1: [], Peg 2: [], Peg 3: [3, 2, 1]
For 4 disks: Peg 1: [], Peg 2: [], Peg 3: [4, 3, 2, 1]
For 5 disks: Peg 1: [], Peg 2: [], Peg 3: [5, 4, 3, 2, 1]

In this representation:
- Each peg is shown with its contents in array format
- Numbers represent disk sizes (higher numbers = larger disks)
- Disks are listed from bottom to top (first element = bottom disk, last element = top disk)

${HANOI_FORMAT}`;
  }
  return `${HANOI_HEAD}

### Current Hanoi State:
The current state of the Tower of Hanoi is represented as follows:
${hanoiToText(s)}

### Goal State:
#### For 3 disks

${towerText(3)}

#### For 4 disks
${towerText(4)}

#### For 5 disks
${towerText(5)}

In text representation:
- Each array [] represents a peg (from 1 to 3)
- Numbers inside the arrays represent disks (higher numbers = larger disks)
- The first/top elements in an array are at the bottom of the peg
- The last/bottom elements in an array are at the top of the peg

${HANOI_FORMAT}`;
}

export function generateHanoiFrom(s: HanoiState, level: Level, rng: Rng): GeneratedInstance {
  const rec = new TraceRecorder();
  const moves = solveHanoi(s, rec);
  const answer = moves.map(([d, , to]) => `(${d},${to + 1})`).join(' ');
  const compact = isCompactLevel(level);
  const trace = buildTrace(
    {
      rules: compact
        ? ['Move one top disk at a time; never onto a smaller disk.', 'All disks must end on peg 3.']
        : ['Only the top disk of a peg may move, one disk per move.', 'A disk may never sit on a smaller disk.', 'Goal: every disk on peg 3.'],
      reading: [`${describe(s)} (bottom to top).`],
      steps: rec.steps,
      validation: [`${moves.length} legal move${moves.length > 1 ? 's' : ''}; all disks are now on peg 3.`, `BFS over all positions: ${bfsDistance(s)} is the minimum.`],
      answer,
    },
    rng,
    { compact },
  );
  return {
    instance: { question: question(s, 'image'), questionLanguage: question(s, 'text'), answer, initialState: hanoiToText(s) },
    svgs: [renderHanoi(s)],
    trace,
  };
}

export const hanoiGenerator: TaskGenerator = {
  describeLevel: (level) => `${HANOI_DISKS} disks, random position needing ${HANOI_MOVES[level].join('-')} moves`,
  generate: (level, rng) => generateHanoiFrom(randomHanoi(level, rng), level, rng),
};
