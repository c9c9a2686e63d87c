// Official-style records (initial_state shapes as the MM-HELIX generators write them) for the puzzles-b verifier tests.
import type { TaskInstance } from '../../src/tasks/types.js';

export function inst(task: string, initialState: unknown, answer: unknown, question = ''): TaskInstance {
  return { task, question, questionLanguage: question, answer, initialState, difficulty: 1, images: [] };
}

export const boxed = (s: string): string => `Let me think.\n\\boxed{${s}}`;

const SUDOKU_SOLUTION = ['534678912', '672195348', '198342567', '859761423', '426853791', '713924856', '961537284', '287419635', '345286179'];
const SUDOKU_PUZZLE = ['53..7....', '6..195...', '.98....6.', '8...6...3', '4..8.3..1', '7...2...6', '.6....28.', '...419..5', '....8..79'];
export const sudoku = {
  rows: SUDOKU_SOLUTION,
  answer: SUDOKU_SOLUTION.join('').split('').join(' '),
  // The official initial_state: rows of space-separated digits, '.' for blanks.
  state: SUDOKU_PUZZLE.map((r) => r.split('').join(' ')).join('\n'),
};

export const kakuro = {
  // 3×3: clue cells on the top row / left column, a 2×2 block of white cells.
  state: [
    [{ type: 'black' }, { type: 'black', down: 5 }, { type: 'black', down: 5 }],
    [{ type: 'black', right: 3 }, { type: 'white' }, { type: 'white' }],
    [{ type: 'black', right: 7 }, { type: 'white' }, { type: 'white' }],
  ],
  answer: '(1,1):1 (1,2):2 (2,1):4 (2,2):3',
  alternative: '(1,1):2 (1,2):1 (2,1):3 (2,2):4',
};

export const numbrix = {
  state: '\n|1| |3|\n| | | |\n|7| |9|',
  answer: '|1|2|3|\n|6|5|4|\n|7|8|9|',
};

export const nonogram = {
  // Two solutions (either diagonal): the official exact match accepts one, our rule check both.
  state: [
    [[1], [1]],
    [[1], [1]],
  ],
  answer: 'X.\n.X',
  alternative: '.X\nX.',
};

export const shingoki = {
  state: JSON.stringify([
    ['B4', 'W2', '.'],
    ['.', '.', '.'],
    ['.', '.', '.'],
  ]),
  answer: '(0,0)-(0,1) (0,1)-(0,2) (0,2)-(1,2) (1,2)-(2,2) (2,2)-(2,1) (2,1)-(2,0) (2,0)-(1,0) (1,0)-(0,0)',
};

export const tapa = {
  state: '....\n.5..\n....\n...1',
  answer: '(0,0), (0,1), (0,2), (1,2), (2,2)',
  alternative: '(1,0), (2,0), (2,1), (2,2), (1,2)',
};

export const wordsearch = {
  state: [
    ['Q', 'W', 'E', 'R', 'T'],
    ['A', 'S', 'D', 'F', 'G'],
    ['Z', 'F', 'O', 'X', 'B'],
    ['P', 'L', 'K', 'J', 'H'],
    ['M', 'N', 'B', 'V', 'C'],
  ],
  answer: 'FOX E (2, 3) @',
};

export const snake = {
  state: [
    ['S', null, null, null, null],
    [null, null, null, null, null],
    [null, null, null, null, null],
    [null, null, null, null, null],
    [null, null, null, null, 'E'],
  ],
  question: 'Grid size: 5×5\nRow counts: 3, 1, 3, 1, 1\nColumn counts: 1, 1, 3, 1, 3\n',
  answer: '(0,0) (0,1) (0,2) (1,2) (2,2) (2,3) (2,4) (3,4) (4,4)',
};

export const wordladder = {
  state: { solution: ['cat', 'cot', 'cog', 'dog'], start_word: 'cat', target_word: 'dog' },
  answer: 'cat -> cot -> cog -> dog',
};
