// Generator for sokoban. Official level parameters: board side drawn from 5–7 / 7–9 / 7–9 / 11–13 / 11–13 (width
// and height separately, outer walls included), 1 / 1 / 2 / 2 / 3 boxes, interior wall density 0.1 / 0.15 / 0.2 /
// 0.25 / 0.3, and solutions of at most 15 / 25 / 40 / 50 / 60 moves (longer ones are redrawn). We also ask for a
// minimum length (3 / 6 / 10 / 14 / 18 moves) so that a level is never solved by a push or two.
// Boards are random walls inside a frame, cut down to their largest connected floor area. Solvability is built in
// by playing backwards: boxes start on their targets and the player walks and pulls them away; the position reached
// becomes the puzzle. The forward solver (solve.ts) then finds the answer, and its pushes, dead squares, dead ends
// and backtracks are the trace.
import { DIRS, OPPOSITE } from '../common/game-moves.js';
import { buildTrace, isCompactLevel, TraceRecorder } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';
import { renderSokoban } from './render.js';
import { at, boardOf, pushDistances, solveSokoban, stepCell, type Board } from './solve.js';
import { sokobanToText, type SokobanState } from './state.js';

const SCREEN_STATES = 1500;

interface SokobanLevel {
  side: [number, number];
  boxes: number;
  density: number;
  maxMoves: number;
  minMoves: number;
}

export const SOKOBAN_LEVELS: Record<Level, SokobanLevel> = {
  1: { side: [5, 7], boxes: 1, density: 0.1, maxMoves: 15, minMoves: 3 },
  2: { side: [7, 9], boxes: 1, density: 0.15, maxMoves: 25, minMoves: 6 },
  3: { side: [7, 9], boxes: 2, density: 0.2, maxMoves: 40, minMoves: 10 },
  4: { side: [11, 13], boxes: 2, density: 0.25, maxMoves: 50, minMoves: 14 },
  5: { side: [11, 13], boxes: 3, density: 0.3, maxMoves: 60, minMoves: 18 },
};

/** Random interior walls, then every floor cell outside the largest connected area becomes wall. */
function randomRoom(rows: number, cols: number, density: number, rng: Rng): boolean[][] {
  const walls = Array.from({ length: rows }, (_, r) =>
    Array.from({ length: cols }, (_, c) => r === 0 || c === 0 || r === rows - 1 || c === cols - 1 || rng.next() < density),
  );
  const comp = new Array<number>(rows * cols).fill(-1);
  const sizes: number[] = [];
  for (let k = 0; k < rows * cols; k++) {
    if (walls[Math.floor(k / cols)][k % cols] || comp[k] >= 0) continue;
    const id = sizes.length;
    let size = 0;
    const stack = [k];
    comp[k] = id;
    while (stack.length) {
      const v = stack.pop() as number;
      size++;
      for (const n of [v - 1, v + 1, v - cols, v + cols]) {
        if (!walls[Math.floor(n / cols)][n % cols] && comp[n] < 0) ((comp[n] = id), stack.push(n));
      }
    }
    sizes.push(size);
  }
  const best = sizes.indexOf(Math.max(...sizes));
  return walls.map((row, r) => row.map((w, c) => w || comp[r * cols + c] !== best));
}

/** Reverse play from the solved position: random walks that pull a box behind the player most of the time. */
function pullAway(b: Board, boxes: Set<number>, player: number, steps: number, rng: Rng): number {
  for (let i = 0; i < steps; i++) {
    const d = rng.pick(DIRS);
    const next = stepCell(b, player, d);
    if (next < 0 || boxes.has(next)) continue;
    const behind = stepCell(b, player, OPPOSITE[d]);
    if (behind >= 0 && boxes.has(behind) && rng.next() < 0.8) {
      boxes.delete(behind);
      boxes.add(player);
    }
    player = next;
  }
  return player;
}

/** A random solvable position for the level, or null when this draw failed. */
function drawPosition(L: SokobanLevel, rng: Rng): SokobanState | null {
  const rows = rng.int(...L.side);
  const cols = rng.int(...L.side);
  const walls = randomRoom(rows, cols, L.density, rng);
  const floor: number[] = [];
  walls.forEach((row, r) => row.forEach((w, c) => w || floor.push(r * cols + c)));
  // Walls can wall off much of the room; a puzzle should fill most of its frame (and never be trivially small).
  if (floor.length < 3 * L.boxes + 4 || floor.length < 0.5 * (rows - 2) * (cols - 2)) return null;
  const cells = rng.shuffle([...floor]);
  const targets = cells.slice(0, L.boxes);
  const b: Board = { rows, cols, floor: walls.flat().map((w) => !w), targets };
  const boxes = new Set(targets);
  const player = pullAway(b, boxes, cells[L.boxes], rng.int(3 * L.maxMoves, 6 * L.maxMoves), rng);
  // Every box should start off its target, so each one has to be moved.
  if ([...boxes].some((k) => targets.includes(k))) return null;
  const pair = (k: number): [number, number] => [Math.floor(k / cols), k % cols];
  return { rows, cols, walls, player: pair(player), boxes: [...boxes].sort((x, y) => x - y).map(pair), targets: [...targets].sort((x, y) => x - y).map(pair) };
}

// The questions follow the official PROMPT_SOKOBAN_IMAGE / PROMPT_SOKOBAN word for word (their "shown in the image"
// in the text variant and ". circles" included), so prompts read like the benchmark's. Our picture draws what the
// image legend names, walls in brown too (render.ts).
const SOKOBAN_HEAD = `Your task is to solve the Sokoban puzzle according to the rules and current state shown in the image:

### Game Rules:
1. You are the player and can move up, down, left, or right
2. You can push boxes one space at a time
3. You cannot pull boxes
4. Boxes can only be pushed if there's an empty space behind them
5. The goal is to push all boxes onto target positions
6. Walls cannot be moved through or pushed`;

const SOKOBAN_TAIL = `### Direction Definitions:
- "up": Move up
- "down": Move down
- "left": Move left
- "right": Move right`;

const SOKOBAN_FORMAT = `### Output Format Requirements:
Your final answer should be in the format of a space-separated sequence of moves like: up right down left`;

function question(s: SokobanState, variant: 'image' | 'text'): string {
  if (variant === 'image') {
    return `${SOKOBAN_HEAD}

### You will be given an image, in the image:

1. Red circles represent the player
2. Blue squares represent boxes
3. Yellow circles represent target positions
4. Brown blocks represent walls
5. Other blocks represent empty spaces

${SOKOBAN_TAIL}

${SOKOBAN_FORMAT}`;
  }
  return `${SOKOBAN_HEAD}

### You will be given sokoban state

1. @ represent the player
2. $ represent boxes
3. . circles represent target positions
4. # blocks represent walls

${SOKOBAN_TAIL}

### Current Sokoban State is shown below:
${sokobanToText(s)}

${SOKOBAN_FORMAT}`;
}

export function sokobanInstance(s: SokobanState, level: Level, rng: Rng): GeneratedInstance {
  const rec = new TraceRecorder();
  const sol = solveSokoban(s, rec, SCREEN_STATES);
  if (!sol) throw new Error('sokoban: the solver found no solution');
  const b = boardOf(s);
  const dist = pushDistances(b);
  const dead = b.floor.map((f, k) => (f && dist[k] === Infinity ? at(b, k) : '')).filter((x) => x);
  const answer = sol.moves.join(' ');
  const c = rec.counts();
  const trace = buildTrace(
    {
      rules: [
        'Move up/down/left/right; walking into a box pushes it if the cell beyond is free.',
        'Goal: every box on a target. A box on a dead square (from which no target can be reached by pushing) is lost.',
      ],
      reading: [
        `${s.rows}x${s.cols} board; player at ${at(b, s.player[0] * s.cols + s.player[1])}.`,
        `Boxes ${s.boxes.map(([r, cc]) => `(${r},${cc})`).join(' ')}; targets ${s.targets.map(([r, cc]) => `(${r},${cc})`).join(' ')}.`,
        `Dead squares: ${dead.length ? dead.join(' ') : 'none'}.`,
      ],
      steps: rec.steps,
      validation: [
        `${sol.moves.length} moves with ${sol.pushes} pushes, none into a wall or a second box (${c.deadEnds} dead end(s), ${c.backtracks} backtrack(s) on the way).`,
        'Every box ends on a target.',
      ],
      answer,
    },
    rng,
    { compact: isCompactLevel(level), maxSteps: isCompactLevel(level) ? 30 : 50 },
  );
  return {
    instance: { question: question(s, 'image'), questionLanguage: question(s, 'text'), answer, initialState: sokobanToText(s) },
    svgs: [renderSokoban(s)],
    trace,
  };
}

export const sokobanGenerator: TaskGenerator = {
  describeLevel: (level) => {
    const L = SOKOBAN_LEVELS[level];
    return `${L.side.join('-')} per side, ${L.boxes} box(es), wall density ${L.density}, ${L.minMoves}-${L.maxMoves} moves`;
  },
  generate: (level, rng) => {
    const L = SOKOBAN_LEVELS[level];
    for (let attempt = 0; attempt < 300; attempt++) {
      const s = drawPosition(L, rng);
      if (!s) continue;
      // A tighter search cap while screening draws: a position that needs a long search is redrawn, which bounds
      // the time per instance; the recorded solve below repeats the same search and so stays within the cap.
      const sol = solveSokoban(s, undefined, SCREEN_STATES);
      if (!sol || sol.moves.length > L.maxMoves || sol.moves.length < L.minMoves) continue;
      return sokobanInstance(s, level, rng);
    }
    throw new Error(`sokoban: no puzzle of ${L.minMoves}-${L.maxMoves} moves at level ${level} in 300 attempts`);
  },
};
