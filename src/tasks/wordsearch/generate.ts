// Word search generator following the official level parameters (grid 5/7/10/12/15; one animal word from the
// official list, placed E, S, SE or NE as the official generator does). The filler letters are redrawn until the word
// occurs exactly once in any of the 8 directions, so the reference is the only correct placement. The trace is
// the real scan: every cell holding the first letter, the directions tried from it and where each one broke off.
// Answers are written `WORD DIRECTION @ (x, y)`: the official question text shows `WORD DIRECTION (x, y) @`, but the
// official evaluator's regex parses only the `@ (x, y)` order, for the reference and the response alike.
import { TraceRecorder, buildTrace, isCompactLevel } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';
import { DIRECTIONS } from './state.js';
import { placementViolation, type Placement } from './verify.js';
import { renderWordSearch } from './render.js';

export const SIZES: Record<Level, number> = { 1: 5, 2: 7, 3: 10, 4: 12, 5: 15 };
const WORDS = [
  'dog',
  'cat',
  'pig',
  'horse',
  'donkey',
  'turtle',
  'goat',
  'sheep',
  'cow',
  'lion',
  'tiger',
  'elephant',
  'giraffe',
  'zebra',
  'monkey',
  'bird',
  'fish',
  'bear',
  'deer',
  'wolf',
  'fox',
  'rabbit',
  'mouse',
  'duck',
  'bee',
];
const PLACE_DIRS = ['E', 'S', 'SE', 'NE'];
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

// The questions follow the official PROMPT_WORDSEARCH_IMAGE / PROMPT_WORDSEARCH word for word, with two changes:
// the answer format reads `WORD DIRECTION @ (x, y)`, the order the official evaluator parses (see above), and the
// text variant names the word (the official one shows it only in the image, so its text-only question cannot be
// solved). The state is the official `Find the hidden word in this NxN grid.` line and the grid as Python's str().
const RULES = [
  'Words can be hidden horizontally, vertically or diagonally, reading forwards or backwards, always in a straight line.',
  'A location is the starting cell (x, y) of the first letter, x = column from the left and y = row from the top, both 1-based, plus the direction the word extends: N, S, E, W, NE, NW, SE or SW.',
];

const WORDSEARCH_RULES = `Your task is to solve the wordsearch game according to the rules and current state below:

### Task
You are given a word search puzzle. Your task is to find the listed word hidden in the grid and provide their exact locations in the specified format.

### Game Rules
1. Words can be hidden horizontally, vertically, or diagonally.
2. Words can read forwards or backwards.
3. Words always follow a straight line (no zigzagging).
4. Each word's location should be identified by:
   - The starting position (coordinate where the first letter appears)
   - The direction in which the word extends

### Coordinate System
- The grid uses coordinates where (x, y) represents the position.
- x-axis: Numbers from 1 to width, running horizontally from left to right.
- y-axis: Numbers from 1 to height, running vertically from top to bottom.
- Example: Position (3, 4) means column 3 from left, row 4 from top.`;

const WORDSEARCH_DIRECTIONS = `### Direction Notation
- N: North (upward)
- S: South (downward)
- E: East (rightward)
- W: West (leftward)
- NE: Northeast (up and right)
- NW: Northwest (up and left)
- SE: Southeast (down and right)
- SW: Southwest (down and left)`;

const WORDSEARCH_FORMAT = `### Output Format Requirements:
Your final answer format should be given like: WORD DIRECTION @ (x, y), where WORD is the word you found, DIRECTION is the direction in which the word extends, and (x, y) is the starting position of the word.`;

function question(g: string[][], word: string, variant: 'image' | 'text'): string {
  const n = g.length;
  if (variant === 'image') {
    return `${WORDSEARCH_RULES}\n\n${WORDSEARCH_DIRECTIONS}\n\n### WordSearch State:\nThe current state of the WordSearch is shown in the image given below\n\n\n${WORDSEARCH_FORMAT}`;
  }
  // The official text variant has two blank lines between its last sections.
  const grid = `[${g.map((row) => `[${row.map((ch) => `'${ch}'`).join(', ')}]`).join(', ')}]`;
  const state = `### WordSearch State:\nThe current state of the WordSearch is shown:\nFind the hidden word ${word} in this ${n}x${n} grid.\n${grid}`;
  return [WORDSEARCH_RULES, WORDSEARCH_DIRECTIONS, state, WORDSEARCH_FORMAT].join('\n\n\n');
}

function occurrences(g: string[][], word: string): Placement[] {
  const out: Placement[] = [];
  for (let y = 1; y <= g.length; y++) {
    for (let x = 1; x <= g[0].length; x++) {
      for (const dir of Object.keys(DIRECTIONS)) if (!placementViolation(g, { word, dir, x, y })) out.push({ word, dir, x, y });
    }
  }
  return out;
}

/** The real scan for `word`: returns its placement and records the search. */
export function scan(g: string[][], word: string, rec: TraceRecorder): Placement {
  let quick = 0;
  for (let y = 1; y <= g.length; y++) {
    for (let x = 1; x <= g[0].length; x++) {
      if (g[y - 1][x - 1] !== word[0]) continue;
      const partial: string[] = [];
      for (const dir of Object.keys(DIRECTIONS)) {
        const p = { word, dir, x, y };
        const bad = placementViolation(g, p);
        if (!bad) {
          if (quick > 0) rec.note(`${quick} earlier cell(s) holding ${word[0]} have no neighbouring ${word[1]}, so the word cannot start there.`);
          rec.step(
            `${word[0]} at (${x}, ${y}), direction ${dir}: ${[...word].map((ch, i) => `${ch}(${x + i * DIRECTIONS[dir][1]},${y + i * DIRECTIONS[dir][0]})`).join(' ')}`,
            { check: `all ${word.length} letters match` },
          );
          return p;
        }
        const [dr, dc] = DIRECTIONS[dir];
        if (g[y - 1 + dr]?.[x - 1 + dc] === word[1]) partial.push(`${dir}: ${bad.replace(/^.*?: /, '')}`);
      }
      if (partial.length > 0) rec.deadEnd(`${word[0]} at (${x}, ${y}) continues with ${word[1]}`, partial.join('; '));
      else quick++;
    }
  }
  throw new Error(`wordsearch scan: ${word} not found`);
}

export function generateWordSearch(level: Level, rng: Rng): GeneratedInstance {
  const n = SIZES[level];
  const word = rng.pick(WORDS.filter((w) => w.length <= n)).toUpperCase();
  let g: string[][] = [];
  for (let attempt = 0; ; attempt++) {
    if (attempt > 200) throw new Error('wordsearch generator: could not make the word occur exactly once');
    g = Array.from({ length: n }, () => Array.from({ length: n }, () => rng.pick([...LETTERS])));
    const dir = rng.pick(PLACE_DIRS);
    const [dr, dc] = DIRECTIONS[dir];
    const span = word.length - 1;
    const r0 = dr < 0 ? rng.int(span, n - 1) : rng.int(0, n - 1 - span * dr);
    const c0 = rng.int(0, n - 1 - span * dc);
    [...word].forEach((ch, i) => (g[r0 + i * dr][c0 + i * dc] = ch));
    if (occurrences(g, word).length === 1) break;
  }
  const rec = new TraceRecorder();
  const p = scan(g, word, rec);
  const answer = `${word} ${p.dir} @ (${p.x}, ${p.y})`;
  const rows = g.map((row) => row.join(' ')).join('\n');
  const trace = buildTrace(
    {
      rules: RULES,
      reading: [`${n}x${n} grid; the word to find is ${word}.`, `Grid, rows y = 1..${n} top to bottom:\n${rows}`],
      steps: rec.steps,
      validation: [`${word} is spelled from (${p.x}, ${p.y}) towards ${p.dir}`, 'the start cell holds the first letter'],
      answer,
    },
    rng,
    { compact: isCompactLevel(level), maxSteps: 24 },
  );
  return {
    instance: {
      question: question(g, word, 'image'),
      questionLanguage: question(g, word, 'text'),
      answer,
      initialState: { grid: g, words: [word] },
    },
    svgs: [renderWordSearch(g, word)],
    trace,
  };
}

export const wordsearchGenerator: TaskGenerator = {
  describeLevel: (level) => `${SIZES[level]}x${SIZES[level]} grid, one word placed E/S/SE/NE, occurring exactly once`,
  generate: generateWordSearch,
};
