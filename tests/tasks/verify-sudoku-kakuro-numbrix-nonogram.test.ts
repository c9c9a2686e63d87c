// Verifier truth tables for sudoku, kakuro, numbrix and nonogram (filled number and cell grids): references pass
// in every accepted spelling and state shape, one-edit corruptions fail with the broken rule named, alternative
// valid fillings pass (nonogram more leniently than the official exact match), givens and shapes are enforced.
// (Hostile responses and unusable states: robustness.test.ts, over every registered task.)
import { describe, it } from 'vitest';
import { bad, ok } from './verify-check.js';

// Official-style records (initial_state shapes as the MM-HELIX generators write them).
const SUDOKU_SOLUTION = ['534678912', '672195348', '198342567', '859761423', '426853791', '713924856', '961537284', '287419635', '345286179'];
const SUDOKU_PUZZLE = ['53..7....', '6..195...', '.98....6.', '8...6...3', '4..8.3..1', '7...2...6', '.6....28.', '...419..5', '....8..79'];

const sudoku = {
  rows: SUDOKU_SOLUTION,
  answer: SUDOKU_SOLUTION.join('').split('').join(' '),
  // The official initial_state: rows of space-separated digits, '.' for blanks.
  state: SUDOKU_PUZZLE.map((r) => r.split('').join(' ')).join('\n'),
};

const kakuro = {
  // 3×3: clue cells on the top row / left column, a 2×2 block of white cells.
  state: [
    [{ type: 'black' }, { type: 'black', down: 5 }, { type: 'black', down: 5 }],
    [{ type: 'black', right: 3 }, { type: 'white' }, { type: 'white' }],
    [{ type: 'black', right: 7 }, { type: 'white' }, { type: 'white' }],
  ],
  answer: '(1,1):1 (1,2):2 (2,1):4 (2,2):3',
  alternative: '(1,1):2 (1,2):1 (2,1):3 (2,2):4',
};

const numbrix = {
  state: '\n|1| |3|\n| | | |\n|7| |9|',
  answer: '|1|2|3|\n|6|5|4|\n|7|8|9|',
};

const nonogram = {
  // Two solutions (either diagonal): the official exact match accepts one, our rule check both.
  state: [
    [[1], [1]],
    [[1], [1]],
  ],
  answer: 'X.\n.X',
  alternative: '.X\nX.',
};

describe('sudoku', () => {
  const { state, answer, rows } = sudoku;
  it('accepts the reference and the grid / list forms', () => {
    ok('sudoku', state, answer);
    ok('sudoku', state, rows.join('\n'));
    ok('sudoku', state, JSON.stringify(rows.map((r) => r.split('').map(Number))));
    ok(
      'sudoku',
      rows.map((r) => r.split('').map(Number)),
      answer,
    ); // state as a 2-D list
  });
  it('rejects a one-digit edit, a changed given and a short answer', () => {
    bad('sudoku', state, answer.replace(/^5/, '1'), /given 5/);
    const swapped = answer.split(' ');
    [swapped[2], swapped[3]] = [swapped[3], swapped[2]]; // cells 3,4 of row 1 are blanks: rules break, not givens
    bad('sudoku', state, swapped.join(' '), /column|box|row/);
    bad('sudoku', state, answer.slice(0, 40), /expected 81 digits/);
    bad('sudoku', '', answer, /initial_state/);
  });
});

describe('kakuro', () => {
  const { state, answer, alternative } = kakuro;
  it('accepts the reference, an alternative filling and a Python-text state', () => {
    ok('kakuro', state, answer);
    ok('kakuro', state, alternative);
    ok('kakuro', JSON.stringify(state).replace(/"/g, "'"), answer);
  });
  it('rejects a changed digit, a missing cell and a filled clue cell', () => {
    bad('kakuro', state, answer.replace('(2,2):3', '(2,2):5'), /sums to/);
    bad('kakuro', state, answer.replace(' (2,2):3', ''), /not filled/);
    bad('kakuro', state, `${answer} (0,0):1`, /black clue cell/);
  });
});

describe('numbrix', () => {
  const { state, answer } = numbrix;
  it('accepts the reference (official text-block state)', () => ok('numbrix', state, answer));
  it('rejects swapped numbers, a changed given and a wrong shape', () => {
    bad('numbrix', state, answer.replace('|6|5|', '|5|6|'), /not orthogonally adjacent/);
    bad('numbrix', state, '|3|2|1|\n|4|5|6|\n|9|8|7|', /given 1/);
    bad('numbrix', state, '|1|2|3|\n|6|5|4|', /puzzle is 3×3/);
  });
});

describe('nonogram', () => {
  const { state, answer, alternative } = nonogram;
  it('accepts the reference and (more leniently than the exact match) another grid meeting every clue', () => {
    ok('nonogram', state, answer);
    ok('nonogram', state, alternative);
    ok('nonogram', { rows: [[1], [1]], columns: [[1], [1]] }, answer);
  });
  it('rejects a flipped cell and a wrong size', () => {
    bad('nonogram', state, 'XX\n.X', /row 1 has blocks \[2\]/);
    bad('nonogram', state, 'X.\n.X\n..', /expected 2 rows/);
  });
});
