// Verifier truth tables for kakuro, numbrix, nonogram, shingoki, tapa, wordsearch, snake, wordladder, sudoku:
// reference answers pass, one-edit corruptions fail, alternative valid answers pass, stricter checks reject lax cases.
import { describe, expect, it } from 'vitest';
import { getTask } from '../../src/tasks/registry.js';
import * as F from './puzzles-b-fixtures.js';

function check(task: string, state: unknown, response: string, question = '', answer: unknown = null) {
  const spec = getTask(task);
  return spec.verify(F.inst(spec.key, state, answer, question), response);
}
const ok = (task: string, state: unknown, text: string, q = '', ref: unknown = null) =>
  expect(check(task, state, F.boxed(text), q, ref)).toMatchObject({ correct: true, reward: 1 });
const bad = (task: string, state: unknown, text: string, why: RegExp, q = '', ref: unknown = null) => {
  const r = check(task, state, F.boxed(text), q, ref);
  expect(r.correct).toBe(false);
  expect(r.reward).toBe(0);
  expect(r.reason).toMatch(why);
};

describe('registry', () => {
  it('finds each family by key and official category', () => {
    for (const [key, official] of [
      ['wordladder', 'WordLadder'],
      ['sudoku', 'sudoku'],
      ['snake', 'snake'],
      ['kakuro', 'kakuro'],
      ['numbrix', 'numbrix'],
      ['nonogram', 'nonogram'],
      ['shingoki', 'shingoki'],
      ['tapa', 'tapa'],
      ['wordsearch', 'wordsearch'],
    ]) {
      expect(getTask(key).officialName).toBe(official);
      expect(getTask(official).key).toBe(key);
    }
  });
});

describe('sudoku', () => {
  const { state, answer, rows } = F.sudoku;
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
  const { state, answer, alternative } = F.kakuro;
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
  const { state, answer } = F.numbrix;
  it('accepts the reference (official text-block state)', () => ok('numbrix', state, answer));
  it('rejects swapped numbers, a changed given and a wrong shape', () => {
    bad('numbrix', state, answer.replace('|6|5|', '|5|6|'), /not orthogonally adjacent/);
    bad('numbrix', state, '|3|2|1|\n|4|5|6|\n|9|8|7|', /given 1/);
    bad('numbrix', state, '|1|2|3|\n|6|5|4|', /puzzle is 3×3/);
  });
});

describe('nonogram', () => {
  const { state, answer, alternative } = F.nonogram;
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

describe('shingoki', () => {
  const { state, answer } = F.shingoki;
  it('accepts the reference in any segment order and direction', () => {
    ok('shingoki', state, answer);
    ok(
      'shingoki',
      state,
      answer
        .split(' ')
        .reverse()
        .map((s) => s.split('-').reverse().join('-'))
        .join(' '),
    );
  });
  it('rejects an open path, a branch and a wrong circle value', () => {
    bad('shingoki', state, answer.replace(' (1,0)-(0,0)', ''), /has 1 segments/);
    bad('shingoki', state, `${answer} (1,1)-(1,2)`, /has 3 segments|has 1 segments/);
    const small = '(0,0)-(0,1) (0,1)-(0,2) (0,2)-(1,2) (1,2)-(1,1) (1,1)-(1,0) (1,0)-(0,0)';
    bad('shingoki', state, small, /add up to 3/);
  });
  it('rejects two separate loops', () => {
    const big = JSON.stringify([
      ['B2', '.', '.', '.'],
      ['.', '.', '.', '.'],
      ['.', '.', '.', '.'],
      ['.', '.', '.', '.'],
    ]);
    const two = '(0,0)-(0,1) (0,1)-(1,1) (1,1)-(1,0) (1,0)-(0,0) (2,2)-(2,3) (2,3)-(3,3) (3,3)-(3,2) (3,2)-(2,2)';
    bad('shingoki', big, two, /more than one loop/);
  });
});

describe('tapa', () => {
  const { state, answer, alternative } = F.tapa;
  it('accepts the reference and an alternative shading', () => {
    ok('tapa', state, answer);
    ok('tapa', state, alternative);
  });
  it('rejects a removed cell, a 2×2 block, a disconnected shading and a shaded clue', () => {
    bad('tapa', state, answer.replace(', (2,2)', ''), /clue 5 at \(1,1\) sees black groups \[4\]/);
    bad('tapa', state, `${answer}, (0,3), (1,3)`, /2×2/);
    bad('tapa', state, `${answer}, (3,0)`, /single orthogonally connected/);
    bad('tapa', state, `${answer}, (1,1)`, /clue cell/);
  });
});

describe('wordsearch', () => {
  const { state, answer } = F.wordsearch;
  it('accepts the asked form and the form the official evaluator parses', () => {
    ok('wordsearch', state, answer, '', answer);
    ok('wordsearch', state, 'FOX E @ (2, 3)', '', answer);
    ok('wordsearch', state, 'fox e (2,3) @', '', answer);
  });
  it('rejects a wrong position, a wrong direction and a different word', () => {
    bad('wordsearch', state, 'FOX E (3, 2) @', /letter 1/, '', answer);
    bad('wordsearch', state, 'FOX S (2, 3) @', /letter 2/, '', answer);
    bad('wordsearch', state, 'QWE E (1, 1) @', /not a word of this puzzle/, '', answer);
  });
  it('accepts the word read backwards where the grid really spells it', () => {
    const grid = [
      ['X', 'O', 'F'],
      ['A', 'B', 'C'],
      ['D', 'E', 'G'],
    ];
    ok('wordsearch', { grid, words: ['FOX'] }, 'FOX W (3, 1) @');
  });
});

describe('snake (stricter than the official set comparison)', () => {
  const { state, answer, question } = F.snake;
  const cells = answer.split(' ');
  it('accepts the reference and the same snake listed from E to S', () => {
    ok('snake', state, answer, question);
    ok('snake', state, [...cells].reverse().join(' '), question);
  });
  it('rejects the right cell set in a wrong order', () => {
    const shuffled = [cells[0], cells[2], cells[1], ...cells.slice(3)].join(' ');
    bad('snake', state, shuffled, /not a move to an orthogonally adjacent cell/, question);
  });
  it('rejects a disconnected answer, a wrong endpoint and count mismatches', () => {
    bad('snake', state, cells.filter((_, i) => i !== 4).join(' '), /not a move/, question);
    bad('snake', state, cells.slice(0, -1).join(' '), /must run from S/, question);
    const other = '(0,0) (1,0) (2,0) (3,0) (4,0) (4,1) (4,2) (4,3) (4,4)';
    bad('snake', state, other, /row 0 has 1 snake cells, clue is 3/, question);
  });
  it('rejects a snake that touches itself', () => {
    const grid = [
      ['S', null, null],
      [null, null, null],
      [null, null, 'E'],
    ];
    bad('snake', grid, '(0,0) (0,1) (1,1) (1,0) (2,0) (2,1) (2,2)', /touches itself/, 'Row counts: 2, 2, 3\nColumn counts: 3, 3, 1');
  });
});

describe('wordladder', () => {
  const { state, answer } = F.wordladder;
  it('accepts the reference, the list form and another valid ladder', () => {
    ok('WordLadder', state, answer);
    ok('WordLadder', state, '["cat", "cot", "cog", "dog"]');
    ok('WordLadder', state, 'cat -> cot -> dot -> dog');
  });
  it('rejects a two-letter step, a non-word, a repeat and a wrong start', () => {
    bad('WordLadder', state, 'cat -> cog -> dog', /changes 2 letters/);
    bad('WordLadder', state, 'cat -> cxt -> cot -> cog -> dog', /not in the dictionary/);
    bad('WordLadder', state, 'cat -> cot -> cat -> cot -> cog -> dog', /appears twice/);
    bad('WordLadder', state, 'bat -> bot -> bog -> dog', /must start with 'cat'/);
  });
});
