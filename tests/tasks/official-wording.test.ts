// Issue 21 item 5: the ten families whose questions departed furthest from the official generators' now word them
// as those do (PhoenixZ810/MM-HELIX sandbox/generator and its utils/constants.py): the same opening line and the
// same sections in the same order, for the image and the text-only variant, with the state in the text variant
// serialised as the official generator serialises it. Levels 1 and 5 of two seeds each.
import { describe, expect, it } from 'vitest';
import { generateChecked, instanceSeed } from '../../src/dataset/generate.js';
import { getTask } from '../../src/tasks/registry.js';
import { renderSokoban } from '../../src/tasks/sokoban/render.js';
import { parseSokobanState } from '../../src/tasks/sokoban/state.js';
import { PALETTE } from '../../src/tasks/render/index.js';
import type { GeneratedInstance, Level } from '../../src/tasks/types.js';
import { expectBoxedOnlyInPrompt } from './boxed-prompt.js';

interface Wording {
  image: { first: RegExp; sections: string[] };
  text: { first: RegExp; sections: string[] };
  /** What the text question must hold: the state as the official generator prints it. */
  state: (g: GeneratedInstance) => string[];
}

const pyList = (v: unknown): string => (Array.isArray(v) ? `[${v.map(pyList).join(', ')}]` : typeof v === 'string' ? `'${v}'` : String(v));
const GAME = (name: string): RegExp => new RegExp(`^Your task is to solve the ${name} game according to the rules and current state below:$`);

const WORDING: Record<string, Wording> = {
  maze: {
    image: { first: GAME('maze'), sections: ['Game Rules:', 'Direction Definitions:', 'Current Maze State:', 'Output Format Requirements:'] },
    text: { first: GAME('maze'), sections: ['Game Rules:', 'Direction Definitions:', 'Example:', 'Current Maze State:', 'Output Format Requirements:'] },
    state: (g) => [`The maze is represented in text format as follows:\n${g.instance.initialState as string}\n`],
  },
  hanoi: {
    image: { first: GAME('hanoi'), sections: ['Game Rules:', 'Current Hanoi State:', 'Goal State:', 'Output Format Requirements:'] },
    text: {
      first: GAME('hanoi'),
      sections: ['Game Rules:', 'Current Hanoi State:', 'Goal State:', 'For 3 disks', 'For 4 disks', 'For 5 disks', 'Output Format Requirements:'],
    },
    state: (g) => [`The current state of the Tower of Hanoi is represented as follows:\n${g.instance.initialState as string}\n`],
  },
  slidingpuzzle: {
    image: { first: GAME('15-puzzle'), sections: ['Game Rules:', 'Coordinate System:', 'Current Puzzle State:', 'Output Format Requirements:'] },
    text: { first: GAME('15-puzzle'), sections: ['Game Rules:', 'Coordinate System:', 'Current Puzzle State:', 'Output Format Requirements:'] },
    state: (g) => [`The initial_state ${g.instance.initialState as string} represents a 4x4 grid`],
  },
  sokoban: {
    image: {
      first: /^Your task is to solve the Sokoban puzzle according to the rules and current state shown in the image:$/,
      sections: ['Game Rules:', 'You will be given an image, in the image:', 'Direction Definitions:', 'Output Format Requirements:'],
    },
    text: {
      first: /^Your task is to solve the Sokoban puzzle according to the rules and current state shown in the image:$/,
      sections: [
        'Game Rules:',
        'You will be given sokoban state',
        'Direction Definitions:',
        'Current Sokoban State is shown below:',
        'Output Format Requirements:',
      ],
    },
    state: (g) => [`### Current Sokoban State is shown below:\n${g.instance.initialState as string}\n`],
  },
  wordsearch: {
    image: {
      first: GAME('wordsearch'),
      sections: ['Task', 'Game Rules', 'Coordinate System', 'Direction Notation', 'WordSearch State:', 'Output Format Requirements:'],
    },
    text: {
      first: GAME('wordsearch'),
      sections: ['Task', 'Game Rules', 'Coordinate System', 'Direction Notation', 'WordSearch State:', 'Output Format Requirements:'],
    },
    state: (g) => {
      const s = g.instance.initialState as { grid: string[][]; words: string[] };
      return [`Find the hidden word ${s.words[0]} in this ${s.grid.length}x${s.grid.length} grid.\n${pyList(s.grid)}\n`];
    },
  },
  kakuro: {
    image: {
      first: /^Your task is to solve the Kakuro puzzle from the given image by filling white cells with appropriate digits\.$/,
      sections: ['Game Rules:', 'Coordinate System:', 'Output Format:'],
    },
    text: {
      first: /^# Kakuro Puzzle$/,
      sections: ['Kakuro Puzzle', 'Grid Representation', 'Initial State', 'Clues', 'White Cells to Fill', 'Game Rules', 'Output Format', 'Example:'],
    },
    state: (g) => {
      const grid = g.instance.initialState as Array<Array<{ type: string }>>;
      return [grid.flatMap((row, r) => row.flatMap((k, c) => (k.type === 'white' ? [`(${r},${c})`] : []))).join(', ')];
    },
  },
  nonogram: {
    image: {
      first: /^You will be given an image of a Nonogram puzzle and your task is to solve it\.$/,
      sections: ['Game Rules', 'Symbols', 'Output Format', 'Example:', 'Task'],
    },
    text: {
      first: /^This is a \d+x\d+ Nonogram puzzle {2}and your task is to solve it\.$/,
      sections: ['Game Rules', 'Initial State:', 'Symbols', 'Output Format', 'Example:', 'Task'],
    },
    state: (g) => {
      const [rows, cols] = g.instance.initialState as number[][][];
      return [`Row clues: ${pyList(rows)}\nColumn clues: ${pyList(cols)}\n`];
    },
  },
  shingoki: {
    image: {
      first: /^You are given a Shingoki puzzle\. This is a logic puzzle/,
      sections: ['Game Rules:', 'Coordinate system:', 'Objective:', 'Output Format:'],
    },
    // The official text variant has plain (un-hashed) headings: Game Rules:, Grid Information:, Objective:, …
    text: { first: /^You are given a Shingoki puzzle\. This is a logic puzzle/, sections: [] },
    state: (g) => {
      const grid = JSON.parse(g.instance.initialState as string) as string[][];
      const layout = grid.map((row, r) => `${String(r).padStart(2)} ${row.map((x) => x.padStart(4)).join('')}`).join('\n');
      return [
        `- Grid size: ${grid.length} rows × ${grid.length} columns\n`,
        `\nGrid Layout:\n   ${grid.map((_, c) => String(c).padStart(4)).join('')}\n${layout}\n\nLegend: `,
      ];
    },
  },
  tapa: {
    image: { first: /^Please solve this \d+x\d+ Tapa puzzle\.$/, sections: [] },
    text: {
      first: /^Please look at the displayed Tapa puzzle grid\./,
      sections: ['Task', 'Game Rules', 'Coordinate System', 'Output Format', 'Tapa Puzzle Grid:', 'Output Format'],
    },
    state: (g) =>
      (g.instance.initialState as string)
        .split('\n')
        .flatMap((row, r) =>
          [...row].flatMap((ch, c) =>
            ch === '.' ? [] : [`- Cell (${r},${c}) has clue '${ch}': exactly ${ch} connected black cells in surrounding 8 cells\n`],
          ),
        ),
  },
  aquarium: {
    image: {
      first: /^The grid is divided into multiple aquariums \(regions\)\. Your task is to determine which cells are filled with water/,
      sections: ['Game Rules:', 'Coordinate system:', 'Answer Format:'],
    },
    text: { first: /^The grid is divided into multiple aquariums \(regions\)\./, sections: ['Game Rules:', 'Region layout:', 'Coordinate system:'] },
    state: (g) => {
      const s = g.instance.initialState as { row_clues: number[]; col_clues: number[] };
      return [`Row clues: ${pyList(s.row_clues)}\nColumn clues: ${pyList(s.col_clues)}\n`];
    },
  },
};

// Headings start with a word (a sokoban board row such as `# $ ###` is no heading).
const sections = (q: string): string[] =>
  q
    .split('\n')
    .filter((l) => /^#+ [A-Za-z]/.test(l))
    .map((l) => l.replace(/^#+ /, ''));

describe.each(Object.keys(WORDING))('%s questions use the official wording', (key) => {
  const w = WORDING[key];
  const spec = getTask(key);
  for (const level of [1, 5] as Level[]) {
    it(`level ${level}: official opening line, sections in the official order, the state as the official text prints it`, () => {
      for (const seed of [3, 4]) {
        const g = generateChecked(spec, level, instanceSeed(seed, key, level, 0));
        const { question, questionLanguage } = g.instance;
        expect(question.split('\n')[0]).toMatch(w.image.first);
        expect(questionLanguage.split('\n')[0]).toMatch(w.text.first);
        expect(sections(question)).toEqual(w.image.sections);
        expect(sections(questionLanguage)).toEqual(w.text.sections);
        for (const part of w.state(g)) expect(questionLanguage).toContain(part);
        // The image variant carries no serialised state; both leave the final-answer line to the prompt.
        for (const part of w.state(g)) expect(question).not.toContain(part);
        expectBoxedOnlyInPrompt(g.instance, `${key} L${level}`);
        expect(question).toBe(question.trim());
        expect(questionLanguage).toBe(questionLanguage.trim());
      }
    });
  }
});

describe('pictures match what the official image questions say', () => {
  it('sokoban walls are drawn brown ("Brown blocks represent walls")', () => {
    const s = parseSokobanState('#####\n#@$.#\n#####');
    const svg = renderSokoban(s);
    expect(svg).toContain(PALETTE.brown);
    expect(svg).not.toContain(PALETTE.dark);
  });
});
