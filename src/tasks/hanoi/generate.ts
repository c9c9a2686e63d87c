// Hanoi generator, following the official one: 3 disks on 3 pegs in a random legal position, the level set by the
// minimum number of moves to gather all disks on peg 3 (official buckets: ≤2, 3, 4–5, 6, ≥7 moves).
// Solver: the classic goal decomposition — the largest disk not yet on its target needs the smaller ones parked on
// the third peg first — which is optimal from any position to a full tower; a BFS over all positions confirms the
// length in the trace's validation. The decomposition never backtracks, so the trace has no dead ends.
import { buildTrace, isCompactLevel, TraceRecorder } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';
import { renderHanoi } from './render.js';
import { hanoiToText, type HanoiState } from './state.js';
import { bfsDistance, solveHanoi } from './solve.js';

export const HANOI_DISKS = 3;
/** Minimum-move range per level (inclusive), the official `_difficulty_from_steps` buckets. */
export const HANOI_MOVES: Record<Level, readonly [number, number]> = { 1: [1, 2], 2: [3, 3], 3: [4, 5], 4: [6, 6], 5: [7, 7] };

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
      validation: [
        `${moves.length} legal move${moves.length > 1 ? 's' : ''}; all disks are now on peg 3.`,
        `BFS over all positions: ${bfsDistance(s)} is the minimum.`,
      ],
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
