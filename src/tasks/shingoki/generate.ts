// Shingoki generator following the official level parameters: n×n grid points with n = level + 2, a loop of at
// least 2n, 2.4n, 3n, 3.6n, 4.4n segments, and max(3, 8%), max(4, 12%), max(4, 15%), max(5, 18%), max(6, 22%) of
// the points as circles on the loop. The official generator never checks uniqueness; ours runs the solver and,
// while it finds a second loop, adds the circle of a loop point that the second loop gets wrong (so some puzzles
// carry more circles than the official count). The loop is the boundary of a random hole-free region of cells.
import { TraceRecorder, buildTrace, isCompactLevel } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';
import { board, segmentsOf, shingokiText, solveShingoki } from './solve.js';
import { shingokiViolation, type Segment } from './verify.js';
import type { Circle, ShingokiState } from './state.js';
import { renderShingoki } from './render.js';

export const sizeFor = (level: Level): number => level + 2;
const LOOP_FACTOR: Record<Level, number> = { 1: 1, 2: 1.2, 3: 1.5, 4: 1.8, 5: 2.2 };
const CIRCLE_SHARE: Record<Level, [number, number]> = { 1: [3, 0.08], 2: [4, 0.12], 3: [4, 0.15], 4: [5, 0.18], 5: [6, 0.22] };
export const minLoop = (level: Level): number => Math.floor(2 * sizeFor(level) * LOOP_FACTOR[level]);
export const circleCount = (level: Level): number => Math.max(CIRCLE_SHARE[level][0], Math.floor(sizeFor(level) ** 2 * CIRCLE_SHARE[level][1]));

const RULES = [
  'Draw exactly one continuous closed loop along the grid lines between adjacent points, without crossings or branches.',
  'White circles must be passed straight through (no turning on a white circle).',
  'Black circles must be turned on (the loop changes direction there).',
  'The number in a circle is the sum of the lengths of the two straight lines leaving it (counted in segments up to the next turn).',
];

/** Segments (as point pairs) of the boundary of a set of cells, or null when it is not one simple loop. */
function boundary(n: number, cells: Set<number>): [number, number][] | null {
  const k = n - 1; // cells per side
  const segs: [number, number][] = [];
  const has = (r: number, c: number): boolean => r >= 0 && c >= 0 && r < k && c < k && cells.has(r * k + c);
  for (const id of cells) {
    const r = Math.floor(id / k);
    const c = id % k;
    if (!has(r - 1, c)) segs.push([r * n + c, r * n + c + 1]);
    if (!has(r + 1, c)) segs.push([(r + 1) * n + c, (r + 1) * n + c + 1]);
    if (!has(r, c - 1)) segs.push([r * n + c, (r + 1) * n + c]);
    if (!has(r, c + 1)) segs.push([r * n + c + 1, (r + 1) * n + c + 1]);
  }
  const deg = new Map<number, number>();
  for (const [a, b] of segs) (deg.set(a, (deg.get(a) ?? 0) + 1), deg.set(b, (deg.get(b) ?? 0) + 1));
  if ([...deg.values()].some((d) => d !== 2)) return null;
  // One loop: walking it from the first segment must use every segment.
  const adj = new Map<number, number[]>();
  for (const [a, b] of segs) (adj.set(a, [...(adj.get(a) ?? []), b]), adj.set(b, [...(adj.get(b) ?? []), a]));
  let prev = segs[0][0];
  let cur = segs[0][1];
  let steps = 1;
  while (cur !== segs[0][0]) {
    const [x, y] = adj.get(cur) as number[];
    [prev, cur] = [cur, x === prev ? y : x];
    steps++;
  }
  return steps === segs.length ? segs : null;
}

function randomLoop(level: Level, rng: Rng): [number, number][] {
  const n = sizeFor(level);
  const k = n - 1;
  for (;;) {
    const cells = new Set<number>([rng.int(0, k * k - 1)]);
    let loop = boundary(n, cells) as [number, number][];
    for (let tries = 0; tries < 200 && (loop.length < minLoop(level) || rng.next() < 0.3); tries++) {
      const frontier = [...cells]
        .flatMap((id) => [id - k, id + k, id % k > 0 ? id - 1 : -1, id % k < k - 1 ? id + 1 : -1])
        .filter((x) => x >= 0 && x < k * k && !cells.has(x));
      if (frontier.length === 0) break;
      const add = rng.pick(frontier);
      cells.add(add);
      const next = boundary(n, cells);
      if (next) loop = next;
      else cells.delete(add);
    }
    if (loop.length >= minLoop(level)) return loop;
  }
}

/** The circle a loop point would carry: white on a straight point, black on a turn, value = the two legs. */
function circleFor(b: ReturnType<typeof board>, on: Set<number>, p: number): Circle {
  const r = Math.floor(p / b.m);
  const c = p % b.m;
  const dirs = (
    [
      [-1, 0],
      [0, 1],
      [1, 0],
      [0, -1],
    ] as [number, number][]
  ).filter(([dr, dc]) => on.has(b.edge(r, c, r + dr, c + dc)));
  let value = 0;
  for (const [dr, dc] of dirs) for (let i = 0; on.has(b.edge(r + dr * i, c + dc * i, r + dr * (i + 1), c + dc * (i + 1))); i++) value++;
  const straight = dirs[0][0] === -dirs[1][0] && dirs[0][1] === -dirs[1][1];
  return { r, c, color: straight ? 'white' : 'black', value };
}

const loopKey = (segs: Segment[]): string =>
  segs
    .map(([p, q]) => [`${p}`, `${q}`].sort().join('-'))
    .sort()
    .join(' ');

function puzzle(level: Level, rng: Rng): { state: ShingokiState; loop: Segment[] } | null {
  const n = sizeFor(level);
  const b = board(n, n);
  const loop = randomLoop(level, rng);
  const on = new Set(loop.map(([p, q]) => b.edge(Math.floor(p / n), p % n, Math.floor(q / n), q % n)));
  const points = rng.shuffle([...new Set(loop.flat())]);
  const circles = points.slice(0, circleCount(level)).map((p) => circleFor(b, on, p));
  const state: ShingokiState = { rows: n, cols: n, circles };
  const v = b.ends.map((_, e) => (on.has(e) ? 1 : 0) as 0 | 1);
  const intended = segmentsOf(b, v);
  for (let round = 0; round < points.length; round++) {
    const res = solveShingoki(state, 2, null);
    if (res.exhausted) return null;
    if (res.solutions.length === 1) return { state, loop: intended };
    const other = res.solutions.find((sol) => loopKey(sol) !== loopKey(intended)) as Segment[];
    // A circle that the other loop breaks (it misses the point, turns wrongly, or has other legs) rules it out.
    const fixes = points.filter((p) => !circles.some((c) => c.r * n + c.c === p) && shingokiViolation(other, { ...state, circles: [circleFor(b, on, p)] }));
    if (fixes.length === 0) return null;
    circles.push(circleFor(b, on, rng.pick(fixes)));
  }
  return null;
}

export function generateShingoki(level: Level, rng: Rng): GeneratedInstance {
  for (let attempt = 0; attempt < 50; attempt++) {
    const p = puzzle(level, rng);
    if (!p) continue;
    const rec = new TraceRecorder();
    const { solutions } = solveShingoki(p.state, 1, rec);
    return build(level, p.state, solutions[0], rec, rng);
  }
  throw new Error(`shingoki generator: no unique level-${level} puzzle in 50 attempts`);
}

/** Loop order: start at the first segment and walk around, so the answer reads as one continuous loop. */
function ordered(segs: Segment[]): Segment[] {
  const key = (p: [number, number]): string => `${p[0]},${p[1]}`;
  const adj = new Map<string, [number, number][]>();
  for (const [a, b] of segs) (adj.set(key(a), [...(adj.get(key(a)) ?? []), b]), adj.set(key(b), [...(adj.get(key(b)) ?? []), a]));
  const out: Segment[] = [];
  let [prev, cur] = segs[0];
  out.push([prev, cur]);
  while (key(cur) !== key(segs[0][0])) {
    const [x, y] = adj.get(key(cur)) as [number, number][];
    const next = key(x) === key(prev) ? y : x;
    out.push([cur, next]);
    [prev, cur] = [cur, next];
  }
  return out;
}

// The questions follow the official generator's word for word (`_generate_question_with_image` and
// `_generate_text_question` with its grid layout), so prompts read like the benchmark's.
const GAME_RULES = [
  '1. Draw exactly one continuous loop without crossings or branches',
  '2. The loop must eventually return to its starting point',
  '3. White circles must be passed through in a straight line (no turning at white circles)',
  '4. Black circles must be turned upon (the path must change direction at black circles)',
  '5. Each circle has a number that represents the sum of the lengths of the two straight line segments extending from that circle',
];
const COORDINATES = [
  '- (0,0) is the top-left corner',
  '- Row numbers increase downward, column numbers increase rightward',
  '- The loop connects adjacent grid points (no diagonal connections)',
];
const OBJECTIVE = [
  'Find the single continuous loop that:',
  '- Passes through all circles according to their type constraints',
  '- Satisfies all circle value constraints (sum of line segment lengths)',
  '- Forms a closed loop without crossings or branches',
];
const FORMAT = [
  '- Represent your solution as a sequence of connected line segments',
  '- Each segment connects two adjacent grid points: (r1,c1)-(r2,c2)',
  '- Adjacent points differ by exactly 1 in either row or column (no diagonals)',
  '- List all segments separated by spaces in one continuous string',
  '- The segments should form a complete closed loop',
  '- Example format: (0,0)-(0,1) (0,1)-(1,1) (1,1)-(1,0) (1,0)-(0,0)',
];
const INTRO = 'You are given a Shingoki puzzle. This is a logic puzzle where you need to draw a single continuous loop on a grid.';

const QUESTION_IMAGE = [
  INTRO,
  '',
  '### Game Rules:',
  ...GAME_RULES,
  '',
  '',
  '### Coordinate system:',
  ...COORDINATES,
  '',
  '### Objective:',
  ...OBJECTIVE,
  '',
  '### Output Format:',
  ...FORMAT,
].join('\n');

/** Each point as '.', or W<value> / B<value> for a circle (also the record's initial_state). */
function circleGrid(s: ShingokiState): string[][] {
  return Array.from({ length: s.rows }, (_, r) =>
    Array.from({ length: s.cols }, (_, c) => {
      const ci = s.circles.find((x) => x.r === r && x.c === c);
      return ci ? `${ci.color === 'white' ? 'W' : 'B'}${ci.value}` : '.';
    }),
  );
}

function questionText(s: ShingokiState): string {
  const layout = [
    `   ${Array.from({ length: s.cols }, (_, c) => String(c).padStart(4)).join('')}`,
    ...circleGrid(s).map((row, r) => `${String(r).padStart(2)} ${row.map((cell) => cell.padStart(4)).join('')}`),
    '',
    'Legend: W# = White circle with value #, B# = Black circle with value #, . = Empty cell',
  ];
  return [
    INTRO,
    '',
    'Game Rules:',
    ...GAME_RULES,
    '',
    'Grid Information:',
    `- Grid size: ${s.rows} rows × ${s.cols} columns`,
    ...COORDINATES,
    '',
    'Objective:',
    ...OBJECTIVE,
    '',
    'Output Format Requirements:',
    ...FORMAT,
    '',
    'Grid Layout:',
    ...layout,
  ].join('\n');
}

function build(level: Level, s: ShingokiState, sol: Segment[], rec: TraceRecorder, rng: Rng): GeneratedInstance {
  const n = s.rows;
  const b = board(n, n);
  const loop = ordered(sol);
  const answer = loop.map(([p, q]) => `(${p[0]},${p[1]})-(${q[0]},${q[1]})`).join(' ');
  const v = b.ends.map((_, e) => (sol.some(([p, q]) => b.edge(p[0], p[1], q[0], q[1]) === e) ? 1 : 0) as 0 | 1);
  rec.step(`All segments are decided: one closed loop of ${loop.length} segments`, { state: shingokiText(b, v, s) });
  const circleList = [...s.circles]
    .sort((x, y) => x.r - y.r || x.c - y.c)
    .map((ci) => `${ci.color === 'white' ? 'White' : 'Black'} circle at (${ci.r},${ci.c}) with value ${ci.value}`);
  const trace = buildTrace(
    {
      rules: RULES,
      reading: [`${n}x${n} points; W = white circle, B = black circle, followed by the number.`, ...circleList.map((x) => `${x}.`)],
      steps: rec.steps,
      validation: [
        'the segments form one closed loop with no branches',
        'every white circle is passed straight and every black circle is turned on',
        'each circle number equals its two straight legs',
      ],
      answer,
    },
    rng,
    { compact: isCompactLevel(level), maxSteps: 40 },
  );
  return {
    instance: {
      question: QUESTION_IMAGE,
      questionLanguage: questionText(s),
      answer,
      initialState: JSON.stringify(circleGrid(s)),
    },
    svgs: [renderShingoki(s)],
    trace,
  };
}

export const shingokiGenerator: TaskGenerator = {
  describeLevel: (level) =>
    `${sizeFor(level)}x${sizeFor(level)} points, loop of at least ${minLoop(level)} segments, ${circleCount(level)} circles plus any needed for a unique loop`,
  generate: generateShingoki,
};
