// Verifier truth tables for shingoki, tapa, snake, wordsearch and wordladder (loops, shadings, paths and words):
// references pass in every accepted spelling and order, alternative valid answers pass, one-edit corruptions fail
// with the broken rule named, and the stricter checks reject what the official comparison lets through (a snake's
// cell set in the wrong order). (Hostile responses and unusable states: robustness.test.ts, over every registered
// task.)
import { describe, it } from 'vitest';
import { bad, ok } from './verify-check.js';

// Official-style records (initial_state shapes as the MM-HELIX generators write them).
const shingoki = {
  state: JSON.stringify([
    ['B4', 'W2', '.'],
    ['.', '.', '.'],
    ['.', '.', '.'],
  ]),
  answer: '(0,0)-(0,1) (0,1)-(0,2) (0,2)-(1,2) (1,2)-(2,2) (2,2)-(2,1) (2,1)-(2,0) (2,0)-(1,0) (1,0)-(0,0)',
};

const tapa = {
  state: '....\n.5..\n....\n...1',
  answer: '(0,0), (0,1), (0,2), (1,2), (2,2)',
  alternative: '(1,0), (2,0), (2,1), (2,2), (1,2)',
};

const wordsearch = {
  state: [
    ['Q', 'W', 'E', 'R', 'T'],
    ['A', 'S', 'D', 'F', 'G'],
    ['Z', 'F', 'O', 'X', 'B'],
    ['P', 'L', 'K', 'J', 'H'],
    ['M', 'N', 'B', 'V', 'C'],
  ],
  answer: 'FOX E (2, 3) @',
};

const snake = {
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

const wordladder = {
  state: { solution: ['cat', 'cot', 'cog', 'dog'], start_word: 'cat', target_word: 'dog' },
  answer: 'cat -> cot -> cog -> dog',
};

describe('shingoki', () => {
  const { state, answer } = shingoki;
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
  const { state, answer, alternative } = tapa;
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
  const { state, answer } = wordsearch;
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
  const { state, answer, question } = snake;
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
  const { state, answer } = wordladder;
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
