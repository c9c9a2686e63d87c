// Verifier truth tables for the six game families: official-style references pass, one-edit corruptions fail with a
// reason naming the rule, other valid answers pass, the stricter-than-official checks reject the lax cases, and no
// input makes a verifier throw or run long.
import { describe, expect, it } from 'vitest';
import { getTask } from '../../src/tasks/registry.js';
import type { TaskInstance } from '../../src/tasks/types.js';
import { cpuMs } from '../cpu-time.js';

function inst(task: string, initialState: unknown, answer: unknown = ''): TaskInstance {
  return { task, question: '', questionLanguage: '', answer, initialState, difficulty: 1, images: [] };
}

function check(task: string, state: unknown, response: string, answer: unknown = '') {
  return getTask(task).verify(inst(task, state, answer), response);
}

const box = (s: string): string => `reasoning...\n\\boxed{${s}}`;

// Produced by the official MM-HELIX maze generator (seeds 1, 42), with its BFS answers.
const MAZE_3 = '+-+-+-+\n|0 0 E|\n+ +-+-+\n|0|0 S|\n+ +-+ +\n|0 0 0|\n+-+-+-+';
const MAZE_5 = '+-+-+-+-+-+\n|E|0 0 0 0|\n+ + +-+-+ +\n|0 0|0|0 0|\n+-+-+ + +-+\n|S|0 0 0|0|\n+ + +-+-+ +\n|0|0|0 0 0|\n+ + + +-+ +\n|0 0 0|0 0|\n+-+-+-+-+-+';

describe('maze', () => {
  it('accepts the official references', () => {
    expect(check('maze', MAZE_3, box('down left left up up right right')).correct).toBe(true);
    expect(check('maze', MAZE_5, box('down down right up up right right up right up left left left down left up')).correct).toBe(true);
  });
  it('accepts other separators, letters, Answer: lines and a longer valid path', () => {
    expect(check('maze', MAZE_3, box('down, left, left, up, up, right, right')).correct).toBe(true);
    expect(check('maze', MAZE_3, box('\\text{d l l u u r r}')).correct).toBe(true);
    expect(check('maze', MAZE_3, 'Answer: down left left up up right right').correct).toBe(true);
    // A detour (left, then back right) is still a valid path ending on E.
    expect(check('maze', MAZE_3, box('down left right left left up up right right')).correct).toBe(true);
  });
  it('rejects a path through a wall, which the official maze_check lets pass', () => {
    // From S (1,2), "up" crosses the wall below E; the official checker (it compares chars with ' - ') accepts it.
    const r = check('maze', MAZE_3, box('up'));
    expect(r.correct).toBe(false);
    expect(r.reason).toBe('move 1 (up) crosses a wall at (1,2)');
  });
  it('rejects one-edit corruptions with the first violated rule', () => {
    expect(check('maze', MAZE_3, box('down left left up up right')).reason).toMatch(/ends at \(0,1\), not at the end cell E \(0,2\)/);
    expect(check('maze', MAZE_3, box('down left up up up right right')).reason).toMatch(/^move 3 \(up\) crosses a wall at \(2,1\)/);
    expect(check('maze', MAZE_3, box('right')).reason).toMatch(/^move 1 \(right\) leaves the 3×3 maze/);
    expect(check('maze', MAZE_3, box('down left left up up right rite')).reason).toMatch(/'rite' is not a move/);
    expect(check('maze', MAZE_3, 'no answer here').reason).toMatch(/no final answer/);
  });
  it('parses every state shape and names a broken state', () => {
    const spec = getTask('maze');
    const m = spec.parseState?.(MAZE_3.split('\n')) as { rows: number; start: number[]; end: number[] };
    expect(m.rows).toBe(3);
    expect(m.start).toEqual([1, 2]);
    expect(m.end).toEqual([0, 2]);
    expect(check('maze', { initial_state: MAZE_3 }, box('down left left up up right right')).correct).toBe(true);
    expect(check('maze', m, box('down left left up up right right')).correct).toBe(true);
    expect(() => spec.parseState?.(MAZE_3.replace('S', '0'))).toThrow(/no start cell S/);
    // An unusable state is a verifier fault (scored 0 and counted), with the one prefix every task uses.
    const broken = check('maze', 42, box('up'));
    expect(broken).toMatchObject({ reward: 0, correct: false, fault: broken.reason });
    expect(broken.reason).toMatch(/^initial_state unusable: maze initial_state/);
  });
});

const HANOI = '[[3, 2], [], [1]]';

describe('hanoi', () => {
  it('accepts the official-style reference and other legal solutions', () => {
    // Official records: initial_state = str(list of pegs, bottom → top), answer = "(disk,peg) ..." (BFS-optimal).
    expect(check('hanoi', HANOI, box('(2,2) (1,2) (3,3) (1,1) (2,3) (1,3)')).correct).toBe(true);
    expect(check('hanoi', '[[], [3, 2, 1], []]', box('(1,3) (2,1) (1,1) (3,3) (1,2) (2,3) (1,3)')).correct).toBe(true);
    // A longer legal detour also solves it.
    expect(check('hanoi', HANOI, box('(1,2) (1,3) (2,2) (1,2) (3,3) (1,1) (2,3) (1,3)')).correct).toBe(true);
    expect(check('hanoi', [[3, 2], [], [1]], box('(2, 2), (1, 2), (3, 3), (1, 1), (2, 3), (1, 3)')).correct).toBe(true);
  });
  it('names the violated rule', () => {
    expect(check('hanoi', HANOI, box('(2,3)')).reason).toBe('move 1 (2,3): disk 2 placed on smaller disk 1');
    expect(check('hanoi', HANOI, box('(3,2)')).reason).toBe('move 1 (3,2): disk 3 is under disk 2 on peg 1');
    expect(check('hanoi', HANOI, box('(2,4)')).reason).toMatch(/no peg 4/);
    expect(check('hanoi', HANOI, box('(9,2)')).reason).toMatch(/no disk 9/);
    expect(check('hanoi', HANOI, box('(1,3)')).reason).toMatch(/already on peg 3/);
    expect(check('hanoi', HANOI, box('(2,2) (1,2) (3,3) (1,1) (2,3)')).reason).toMatch(/peg 1 still holds disks \[1\]/);
    expect(check('hanoi', HANOI, box('(2,2) then (1,2)')).reason).toMatch(/unexpected text 'then'/);
  });
  it('reads pegs from text lines and objects', () => {
    expect(getTask('hanoi').parseState?.('Peg 1: [3, 2]\nPeg 2: []\nPeg 3: [1]')).toEqual({ pegs: [[3, 2], [], [1]], disks: 3 });
    expect(getTask('hanoi').parseState?.({ pegs: [[3, 2], [], [1]] })).toEqual({ pegs: [[3, 2], [], [1]], disks: 3 });
    expect(() => getTask('hanoi').parseState?.('[[2, 3], [], [1]]')).toThrow(/disk 3 above smaller disk 2/);
  });
});

const SOKOBAN = ['######', '#    #', '# @$.#', '#    #', '######'].join('\n');
const SOKOBAN2 = ['######', '#.  .#', '# $$ #', '#  @ #', '######'].join('\n');
const SOKOBAN2_SOLUTION = 'up down left left up up right right down down left up right up left';

describe('sokoban', () => {
  it('accepts the reference, letters, LURD runs and a longer valid solution', () => {
    expect(check('sokoban', SOKOBAN, box('right')).correct).toBe(true);
    expect(check('sokoban', SOKOBAN, box('R')).correct).toBe(true);
    expect(check('sokoban', SOKOBAN, box('left right right')).correct).toBe(true);
    expect(check('sokoban', SOKOBAN2, box(SOKOBAN2_SOLUTION)).correct).toBe(true);
    expect(check('sokoban', SOKOBAN2, box('udlluurrddlurul')).correct).toBe(true);
    // A different solution: the left box first, then the right box pushed sideways and up.
    expect(check('sokoban', SOKOBAN2, box('left up right up left down down right right up')).correct).toBe(true);
  });
  it('names the violated rule', () => {
    expect(check('sokoban', SOKOBAN, box('right right')).reason).toBe('move 2 (right) from (2,3) pushes the box at (2,4) into the wall at (2,5)');
    expect(check('sokoban', SOKOBAN, box('up up')).reason).toBe('move 2 (up) from (1,2) walks into the wall at (0,2)');
    expect(check('sokoban', SOKOBAN2, box('up up')).reason).toBe('move 2 (up) from (2,3) pushes the box at (1,3) into the wall at (0,3)');
    expect(check('sokoban', SOKOBAN2, box('left left up right')).reason).toBe('move 4 (right) from (2,1) pushes the box at (2,2) into another box at (2,3)');
    expect(check('sokoban', SOKOBAN, box('up')).reason).toMatch(/not on targets: \(2,3\)/);
    // One-edit corruption of the two-box solution: the last push goes the wrong way.
    expect(check('sokoban', SOKOBAN2, box(SOKOBAN2_SOLUTION.replace(/left$/, 'right'))).correct).toBe(false);
  });
  it('normalises states and refuses broken ones', () => {
    expect(check('sokoban', SOKOBAN.split('\n'), box('right')).correct).toBe(true);
    expect(() => getTask('sokoban').parseState?.('#####\n#@$ #\n#####')).toThrow(/1 boxes but 0 targets/);
  });
});

// Official nibbles text block: head first, Direction = the way the head moves.
const NIBBLES = 'Grid: 6x6\nSnake: (2,2) (2,1)\nDirection: right\nApples: (2,4) (0,4)\nGoal: Eat 2 apples';

describe('nibbles', () => {
  it('accepts the BFS reference and another valid route', () => {
    expect(check('nibbles', NIBBLES, box('right right up up')).correct).toBe(true);
    expect(check('nibbles', NIBBLES, box('up up right right down down'))).toMatchObject({ correct: true });
    expect(
      check(
        'nibbles',
        {
          grid_size: { rows: 6, cols: 6 },
          initial_snake: [
            [2, 2],
            [2, 1],
          ],
          initial_direction: 'right',
          apples: [
            [2, 4],
            [0, 4],
          ],
        },
        box('right right up up'),
      ).correct,
    ).toBe(true);
  });
  it('names the violated rule', () => {
    expect(check('nibbles', NIBBLES, box('left')).reason).toBe('move 1 (left) from (2,2) reverses the snake moving right');
    expect(check('nibbles', NIBBLES, box('right right up')).reason).toMatch(/1 apple\(s\) remain uneaten: \(0,4\)/);
    expect(check('nibbles', NIBBLES, box('right right up up up')).reason).toBe('move 5 (up) from (0,4) hits the wall of the 6x6 grid');
    // A 4-long snake turning a tight square meets its tail: the tail cell still counts as occupied (official rule).
    const long = 'Grid: 5x5\nSnake: (2,3) (2,2) (2,1) (2,0)\nDirection: right\nApples: (4,4)';
    expect(check('nibbles', long, box('down left up')).reason).toBe("move 3 (up) from (3,2) runs into the snake's own body at (2,2)");
  });
  it('refuses a state whose Direction contradicts the body', () => {
    expect(() => getTask('nibbles').parseState?.(NIBBLES.replace('right', 'up'))).toThrow(/contradicts the snake body/);
    expect(getTask('nibbles').parseState?.(NIBBLES.replace('Direction: right\n', ''))).toMatchObject({ direction: 'right' });
  });
});

const PUZZLE = '[[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 0, 15]]';
const PUZZLE2 = [
  [1, 2, 3, 4],
  [5, 6, 0, 8],
  [9, 10, 7, 11],
  [13, 14, 15, 12],
];

describe('slidingpuzzle', () => {
  it('accepts references, tile lists (as the official check does) and longer solutions', () => {
    expect(check('slidingpuzzle', PUZZLE, box('left')).correct).toBe(true);
    expect(check('slidingpuzzle', PUZZLE2, box('up left up')).correct).toBe(true);
    expect(check('slidingpuzzle', PUZZLE2, box('7, 11, 12')).correct).toBe(true);
    expect(check('slidingpuzzle', PUZZLE, box('right left left')).correct).toBe(true);
    expect(
      check(
        'slidingpuzzle',
        [
          [1, 2, 3],
          [4, 5, 6],
          [7, 0, 8],
        ],
        box('left'),
      ).correct,
    ).toBe(true); // 3×3
  });
  it('names the violated rule', () => {
    expect(check('slidingpuzzle', PUZZLE, box('up')).reason).toBe('move 1 (up): no tile can move up into the blank at (3,2)');
    expect(check('slidingpuzzle', PUZZLE2, box('up left down')).reason).toMatch(/not solved: 2 tile\(s\) out of place/);
    expect(check('slidingpuzzle', PUZZLE2, box('7 12')).reason).toBe('move 2: tile 12 is not next to the blank at (2,2)');
    expect(() => getTask('slidingpuzzle').parseState?.('[[1, 2], [2, 0]]')).toThrow(/tile 2 appears twice/);
  });
});

// Official minesweeper text: digits for numbers, ' ' for a mine or a 0 (both look blank).
const MINES = ['|1|1|1| |', '|1| |1| |', '|1|1|1| |', '| | | | |'].join('\n');

describe('minesweeper', () => {
  it('accepts the reference by the rules and falls back to set match without a state', () => {
    expect(check('minesweeper', MINES, box('(1, 1)'), '(1, 1)').correct).toBe(true);
    expect(check('minesweeper', MINES, box('(1,1)')).correct).toBe(true);
    expect(check('minesweeper', null, box('(1, 1)'), '(1, 1)').correct).toBe(true);
    expect(check('minesweeper', null, box('(1, 2)'), '(1, 1)').reason).toBe('(1,2) is not a mine');
    // An ambiguous board: either blank may hold the mine; the rules accept both, the official set match only one.
    expect(check('minesweeper', '| |1| |', box('(0, 0)'), '(0, 2)').correct).toBe(true);
    expect(check('minesweeper', '| |1| |', box('(0, 2)'), '(0, 2)').correct).toBe(true);
    expect(check('minesweeper', '| |1| |', box('(0, 0), (0, 2)'), '(0, 2)').correct).toBe(false);
  });
  it('names the violated rule', () => {
    expect(check('minesweeper', MINES, box('(0, 0)')).reason).toBe('mine (0,0) is on a revealed number 1');
    expect(check('minesweeper', MINES, box('(1, 1), (3, 3)')).reason).toBe('cell (2,2) shows 1 but the answer puts 2 mine(s) around it');
    expect(check('minesweeper', MINES, box('(0, 3)')).reason).toBe('cell (0,0) shows 1 but the answer puts 0 mine(s) around it');
    expect(check('minesweeper', '| | |\n| | |', box('(0, 0)')).reason).toBe(
      'blank cell (0,1) is not marked as a mine, so it is a 0, yet the answer puts 1 mine(s) next to it',
    );
    expect(check('minesweeper', MINES, box('(9, 9)')).reason).toMatch(/outside the 4×4 board/);
    expect(check('minesweeper', MINES, box('(1, 1) x')).reason).toMatch(/unexpected text 'x'/);
  });
});

describe('every game verifier is total and bounded', () => {
  const states: Record<string, unknown> = { maze: MAZE_5, hanoi: HANOI, sokoban: SOKOBAN2, nibbles: NIBBLES, slidingpuzzle: PUZZLE, minesweeper: MINES };
  const hostile = [
    '',
    '\\boxed{',
    '\\boxed{}}}}',
    '}{'.repeat(1000),
    '\\boxed{' + 'up '.repeat(400_000) + '}',
    '\\boxed{' + '(1,2) '.repeat(200_000) + '}',
    '\\boxed{' + '9'.repeat(100_000) + '}',
    '\\boxed{(99999999999999999999, 1)}',
    '\\boxed{🙂 ↑ → ⬇}',
    'x'.repeat(1_000_000),
    '\\boxed{' + '('.repeat(500_000) + '}',
  ];
  for (const [task, state] of Object.entries(states)) {
    it(`${task}: never throws, reward in {0,1}, < 2 s on 1 MB`, () => {
      for (const text of hostile) {
        const { value: r, ms } = cpuMs(() => check(task, state, text));
        expect(ms, 'CPU ms').toBeLessThan(2000);
        expect([0, 1]).toContain(r.reward);
        expect(r.correct).toBe(r.reward === 1);
        expect(r.reason.length).toBeGreaterThan(0);
      }
      for (const bad of [null, 42, 'garbage', { a: 1 }, [[]], ['x']]) expect(check(task, bad, box('up')).correct).toBe(false);
    });
  }
});
