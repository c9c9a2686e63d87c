// Maze generator: a perfect maze carved by a randomised depth-first backtracker (as the official generator does),
// S at a random cell and E at the cell farthest from it. Official sizes are 3, 5, 7, 9, 11 for levels 1–5; level 2
// uses 4×4 instead of 5×5 so that levels 1–2 stay tiny for the small-image demo.
// The solver is a depth-first search that prefers the move closest to E; it records every move, every dead end
// and every backtrack, and those records are the expert trace. In a perfect maze the path it finds is the unique
// simple path, hence also the shortest.
import { DELTA, DIRS, type Dir } from '../common/game-moves.js';
import { buildTrace, isCompactLevel } from '../trace.js';
import { BOXED_INSTRUCTION } from '../prompt.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';
import { renderMaze } from './render.js';
import { blocked, mazeToText, type MazeState } from './state.js';
import { at, solveMaze, wallFollow } from './solve.js';

export const MAZE_SIZES: Record<Level, number> = { 1: 3, 2: 4, 3: 7, 4: 9, 5: 11 };

export function carveMaze(n: number, rng: Rng): MazeState {
  const right = Array.from({ length: n }, () => Array<boolean>(n).fill(true));
  const down = Array.from({ length: n }, () => Array<boolean>(n).fill(true));
  const seen = Array.from({ length: n }, () => Array<boolean>(n).fill(false));
  const stack: Array<[number, number]> = [[rng.int(0, n - 1), rng.int(0, n - 1)]];
  seen[stack[0][0]][stack[0][1]] = true;
  while (stack.length > 0) {
    const [r, c] = stack[stack.length - 1];
    const open = DIRS.filter((d) => {
      const nr = r + DELTA[d][0];
      const nc = c + DELTA[d][1];
      return nr >= 0 && nr < n && nc >= 0 && nc < n && !seen[nr][nc];
    });
    if (open.length === 0) {
      stack.pop();
      continue;
    }
    const d = rng.pick(open);
    const nr = r + DELTA[d][0];
    const nc = c + DELTA[d][1];
    if (d === 'right') right[r][c] = false;
    else if (d === 'left') right[r][nc] = false;
    else if (d === 'down') down[r][c] = false;
    else down[nr][c] = false;
    seen[nr][nc] = true;
    stack.push([nr, nc]);
  }
  const start: [number, number] = [rng.int(0, n - 1), rng.int(0, n - 1)];
  const partial = { rows: n, cols: n, start, end: start, right, down };
  return { ...partial, end: farthest(partial) };
}

/** The cell farthest from S by BFS through open passages (first in BFS order on ties). */
function farthest(m: MazeState): [number, number] {
  const dist = new Map<number, number>([[m.start[0] * m.cols + m.start[1], 0]]);
  const queue: Array<[number, number]> = [m.start];
  let best = m.start;
  for (let i = 0; i < queue.length; i++) {
    const [r, c] = queue[i];
    const d = dist.get(r * m.cols + c) as number;
    if (d > (dist.get(best[0] * m.cols + best[1]) as number)) best = [r, c];
    for (const dir of DIRS) {
      const [dr, dc] = DELTA[dir];
      const k = (r + dr) * m.cols + c + dc;
      if (!blocked(m, r, c, dr, dc) && !dist.has(k)) {
        dist.set(k, d + 1);
        queue.push([r + dr, c + dc]);
      }
    }
  }
  return best;
}

const RULES = [
  'Move up/down/left/right to the adjacent cell only when no wall lies between the two cells.',
  'Find a path from the start S to the end E; cells are (row, col) counted from (0,0) at the top left.',
];
// Levels 1–2 train tiny models: the same rules in as few tokens as possible.
const RULES_COMPACT = ['Step to a neighbour cell only if no wall is between.', 'Go from S to E; cells are (row,col).'];

// The questions follow the official generator's PROMPT_MAZE_IMAGE / PROMPT_MAZE word for word (their typo
// "circule" included), so prompts read like the benchmark's; only the surrounding blank lines are trimmed.
const MAZE_HEAD = `Your task is to solve the maze game according to the rules and current state below:

### Game Rules:
1. The maze consists of a grid of cells
2. Walls are represented by {WALLS} between cells, not as cells themselves
3. You can move horizontally or vertically between adjacent cells if there is no wall between them
4. You can only move through one cell at a time in any direction
5. The goal is to find a path from the start cell ({START}) to the end cell ({END})

### Direction Definitions:
- "up": Move to the cell above the current position
- "down": Move to the cell below the current position
- "left": Move to the cell to the left of the current position
- "right": Move to the cell to the right of the current position`;

const MAZE_FORMAT = `### Output Format Requirements:
Your final answer should be in the format like: right down left up`;

function question(m: MazeState, variant: 'image' | 'text'): string {
  if (variant === 'image') {
    const head = MAZE_HEAD.replace('{WALLS}', '**bold black line**').replace('{START}', 'Green Circle').replace('{END}', 'Red Cross');
    return `${head}

### Current Maze State:
The maze is represented in the image shown below

In this representation:
- green circule marks the start position
- red cross marks the end position

${MAZE_FORMAT}`;
  }
  const head = MAZE_HEAD.replace('{WALLS}', "the '+', '-', and '|' characters").replace('{START}', 'S').replace('{END}', 'E');
  return `${head}

### Example:
Here's a simple maze:
+-+-+
|S 0|
+ + +
|0|E|
+-+-+

The solution to this maze would be: right down
Because:
1. From S, move right (to the cell with 0)
2. From that cell, move down (to the cell with 0)

### Current Maze State:
The maze is represented in text format as follows:
${mazeToText(m)}

In this representation:
- '+' characters are wall intersections
- '-' characters are horizontal walls
- '|' characters are vertical walls
- '0' represent the cells (paths)
- 'S' marks the start position
- 'E' marks the end position

${MAZE_FORMAT}`;
}

// One letter per set of open moves (bit mask up 1, down 2, left 4, right 8; E and S skipped, which name the ends).
const OPEN_CODE = '-ABCDFGHIJKLMNOP';

/**
 * The short form (`style=short`), built so that a 2-layer model can solve it from what it has just written. The
 * question gives each cell its own line, `bK: down left right` — the cell's letter (cells lettered row by row, a
 * line-start letter is one token), a one-letter code for its set of open moves, then the moves in words for the
 * reader. The trace is the right-hand wall follower's walk, one line per cell, `bK right`: finding a cell's exits
 * is copying the ONE token after the same letter in the question (the textbook induction-head lookup; copying a
 * list of repeated words was what earlier forms failed at, docs/demo.md), and the move follows from that code and
 * the previous move alone. The last line marks E; the answer repeats the walk's moves (any path that follows open
 * passages to E is correct). Mazes of more than 26 cells (levels 3+) name cells `(r,c)`.
 */
function shortForm(m: MazeState): NonNullable<GeneratedInstance['short']> {
  const size = `${m.rows}x${m.cols}`;
  const lettered = m.rows * m.cols <= 26;
  const name = (r: number, c: number): string => (lettered ? String.fromCharCode(97 + r * m.cols + c) : at(r, c));
  const openDirs = (r: number, c: number): Dir[] => DIRS.filter((d) => !blocked(m, r, c, ...DELTA[d]));
  const code = (r: number, c: number): string => OPEN_CODE[openDirs(r, c).reduce((mask, d) => mask | (1 << DIRS.indexOf(d)), 0)];
  const lines: string[] = [];
  for (let r = 0; r < m.rows; r++) for (let c = 0; c < m.cols; c++) lines.push(`${name(r, c)}${code(r, c)}: ${openDirs(r, c).join(' ')}`);
  const cells = lettered ? `${m.rows * m.cols} cells lettered by rows from the top left` : 'cells (row,col) from (0,0) at the top left';
  const moves = wallFollow(m);
  let [r, c] = m.start;
  const walk: string[] = [];
  for (const d of moves) {
    walk.push(`${name(r, c)}${code(r, c)} ${d}`);
    r += DELTA[d][0];
    c += DELTA[d][1];
  }
  walk.push(`${name(r, c)}${code(r, c)} = E`);
  return {
    question: `Maze ${size} in the image: go from S (green) to E (red).\nMoves: up, down, left, right.\n${BOXED_INSTRUCTION}`,
    // `S=p`, not `S at p`: after a space a letter is another token (" p"), and the trace must copy the start cell.
    questionLanguage: `Maze ${size}, ${cells}; go from S=${name(...m.start)} to E=${name(...m.end)}.\nOpen moves of each cell, after a one-letter code:\n${lines.join('\n')}\n${BOXED_INSTRUCTION}`,
    trace: `${walk.join('\n')}\n\\boxed{${moves.join(' ')}}`,
  };
}

export function generateMazeFrom(m: MazeState, level: Level, rng: Rng): GeneratedInstance {
  const { moves, recorder } = solveMaze(m);
  const answer = moves.join(' ');
  const counts = recorder.counts();
  const trace = buildTrace(
    {
      rules: isCompactLevel(level) ? RULES_COMPACT : RULES,
      reading: [`${m.rows}x${m.cols} grid.`, `S at ${at(...m.start)}, E at ${at(...m.end)}.`],
      steps: recorder.steps,
      validation: [
        `${moves.length} moves, none crosses a wall (${counts.deadEnds} dead end${counts.deadEnds === 1 ? '' : 's'} abandoned on the way).`,
        `The path ends on E ${at(...m.end)}.`,
      ],
      answer,
    },
    rng,
    { compact: isCompactLevel(level), maxSteps: isCompactLevel(level) ? undefined : 80 },
  );
  return {
    instance: { question: question(m, 'image'), questionLanguage: question(m, 'text'), answer, initialState: mazeToText(m) },
    svgs: [renderMaze(m)],
    trace,
    short: shortForm(m),
  };
}

export const mazeGenerator: TaskGenerator = {
  describeLevel: (level) => `${MAZE_SIZES[level]}x${MAZE_SIZES[level]} perfect maze, E farthest from S`,
  generate: (level, rng) => generateMazeFrom(carveMaze(MAZE_SIZES[level], rng), level, rng),
};
