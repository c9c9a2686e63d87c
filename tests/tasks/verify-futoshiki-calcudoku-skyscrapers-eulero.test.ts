// Verifier truth tables for futoshiki, calcudoku, skyscrapers and eulero (Latin squares with extra rules):
// official-style references pass in every accepted spelling and state shape (text blocks included), one-edit
// corruptions fail with the broken rule named, alternative valid answers pass, givens are enforced, and calcudoku's
// division is exact. (Hostile responses and unusable states: robustness.test.ts, over every registered task.)
import { describe, expect, it } from 'vitest';
import { visible } from '../../src/tasks/skyscrapers/verify.js';
import { boxed, check } from './verify-check.js';

const LATIN3 = [
  [1, 2, 3],
  [2, 3, 1],
  [3, 1, 2],
];

describe('futoshiki', () => {
  const state = JSON.stringify({
    grid: [
      [1, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ],
    inequalities: [{ cell1: [2, 0], cell2: [2, 1], symbol: '>' }],
    size: 3,
  });
  it('accepts the reference and an alternative solution', () => {
    expect(check('futoshiki', state, boxed(JSON.stringify(LATIN3))).correct).toBe(true);
    expect(check('futoshiki', state, boxed('[[1, 3, 2], [2, 1, 3], [3, 2, 1]]')).correct).toBe(true);
    expect(check('futoshiki', state, '"answer": [[1, 2, 3], [2, 3, 1], [3, 1, 2]]').correct).toBe(false); // no box, no Answer:
    expect(check('futoshiki', state, 'Answer: [[1, 2, 3], [2, 3, 1], [3, 1, 2]]').correct).toBe(true);
  });
  it('rejects a one-edit corruption, a broken inequality and a changed given', () => {
    expect(check('futoshiki', state, boxed('[[1, 2, 3], [2, 3, 1], [3, 1, 3]]')).reason).toMatch(/row 2 has 3 twice/);
    const ineq = check(
      'futoshiki',
      JSON.stringify({
        grid: [
          [0, 0, 0],
          [0, 0, 0],
          [0, 0, 0],
        ],
        inequalities: [{ cell1: [2, 0], cell2: [2, 1], symbol: '<' }],
        size: 3,
      }),
      boxed(JSON.stringify(LATIN3)),
    );
    expect(ineq.reason).toMatch(/inequality \(2,0\) < \(2,1\) fails/);
    expect(check('futoshiki', state, boxed('[[2, 1, 3], [3, 2, 1], [1, 3, 2]]')).reason).toMatch(/given 1 at \(0,0\)/);
  });
  it('reads the text-block state of question_language', () => {
    const text = 'Grid (_ for empty cells):\n1 _ _\n_ _ _\n_ _ _\n\n### Inequality constraints:\n1. Cell (2,0) > Cell (2,1) (horizontal)';
    expect(check('futoshiki', text, boxed(JSON.stringify(LATIN3))).correct).toBe(true);
  });
});

describe('calcudoku', () => {
  const state =
    "{'size': 3, 'regions': [{'cells': [(1, 1), (1, 2)], 'operator': '+', 'target': 3}, {'cells': [(1, 3), (2, 3)], 'operator': '*', 'target': 3}, {'cells': [(2, 1), (3, 1)], 'operator': '-', 'target': 1}, {'cells': [(2, 2), (3, 2)], 'operator': '÷', 'target': 3}, {'cells': [(3, 3)], 'operator': '+', 'target': 2}]}";
  it('accepts the reference in list and row-per-line spellings', () => {
    expect(check('calcudoku', state, boxed('[[1, 2, 3], [2, 3, 1], [3, 1, 2]]')).correct).toBe(true);
    expect(check('calcudoku', state, boxed('[[1 2 3, 2 3 1, 3 1 2]]')).correct).toBe(true);
    expect(check('calcudoku', state, boxed('1 2 3\n2 3 1\n3 1 2')).correct).toBe(true);
  });
  it('rejects a wrong cage and a non-Latin grid', () => {
    expect(check('calcudoku', state, boxed('[[2, 1, 3], [1, 3, 2], [3, 2, 1]]')).reason).toMatch(/cage at \(1,3\) needs 3×/);
    expect(check('calcudoku', state, boxed('[[1, 2, 3], [2, 3, 1], [3, 1, 1]]')).reason).toMatch(/twice/);
  });
  it('accepts any grid meeting the cages (alternative solution)', () => {
    const loose = {
      size: 3,
      regions: [
        {
          cells: [
            [1, 1],
            [1, 2],
            [1, 3],
          ],
          operator: '+',
          target: 6,
        },
        { cells: [[3, 3]], operator: '+', target: 2 },
      ],
    };
    expect(check('calcudoku', loose, boxed('[[1, 2, 3], [2, 3, 1], [3, 1, 2]]')).correct).toBe(true);
    expect(check('calcudoku', loose, boxed('[[2, 1, 3], [3, 2, 1], [1, 3, 2]]')).correct).toBe(true);
  });
  it('requires exact division (stricter than the official floor division)', () => {
    const div = {
      size: 3,
      regions: [
        {
          cells: [
            [1, 2],
            [1, 3],
          ],
          operator: '÷',
          target: 1,
        },
      ],
    };
    expect(check('calcudoku', div, boxed('[[1, 2, 3], [2, 3, 1], [3, 1, 2]]')).correct).toBe(false); // 3 // 2 = 1 officially
  });
});

describe('skyscrapers', () => {
  const clues = (g: number[][]) => ({
    n: g.length,
    top: g[0].map((_, c) => visible(g.map((r) => r[c]))),
    bottom: g[0].map((_, c) => visible(g.map((r) => r[c]).reverse())),
    left: g.map((r) => visible(r)),
    right: g.map((r) => visible([...r].reverse())),
  });
  const sol = [
    [1, 2, 3, 4],
    [2, 3, 4, 1],
    [3, 4, 1, 2],
    [4, 1, 2, 3],
  ];
  it('accepts the reference and rejects a corruption', () => {
    expect(check('skyscrapers', clues(sol), boxed(JSON.stringify(sol))).correct).toBe(true);
    const bad = [
      [2, 1, 3, 4],
      [1, 3, 4, 2],
      [3, 4, 2, 1],
      [4, 2, 1, 3],
    ];
    expect(check('skyscrapers', clues(sol), boxed(JSON.stringify(bad))).reason).toMatch(/from the (top|left|bottom|right) shows/);
  });
  it('ignores 0 clues, so any Latin square meeting the rest passes', () => {
    const s = { n: 3, top: [3, 0, 0], bottom: [0, 0, 0], left: [0, 0, 0], right: [0, 0, 0] };
    expect(check('skyscrapers', s, boxed('[[1, 2, 3], [2, 3, 1], [3, 1, 2]]')).correct).toBe(true);
    expect(check('skyscrapers', s, boxed('[[1, 3, 2], [2, 1, 3], [3, 2, 1]]')).correct).toBe(true);
  });
  it('reads the text-block grid layout', () => {
    const c = clues(sol);
    const text = `Grid: Grid Layout:\n  ${c.top.join(' ')}\n${sol.map((_, r) => `${c.left[r]} X X X X ${c.right[r]}`).join('\n')}\n  ${c.bottom.join(' ')}\n`;
    expect(check('skyscrapers', text, boxed(JSON.stringify(sol))).correct).toBe(true);
  });
});

describe('eulero', () => {
  const state = 'A1| |C3\n |C1| \nC2| |B1';
  const ref = 'A1|B2|C3\nB3|C1|A2\nC2|A3|B1';
  it('accepts the reference, literal \\n separators and spaces around pipes', () => {
    expect(check('eulero', state, boxed(ref)).correct).toBe(true);
    expect(check('eulero', state, boxed(ref.replace(/\n/g, '\\n'))).correct).toBe(true);
    expect(check('eulero', state, `<answer>${ref.replace(/\|/g, ' | ')}</answer>`).correct).toBe(true);
  });
  it('rejects corruptions and changed givens', () => {
    expect(check('eulero', state, boxed(ref.replace('B2', 'B3'))).correct).toBe(false);
    const other = 'A2|B1|C3\nB3|C2|A1\nC1|A3|B2';
    expect(check('eulero', state, boxed(other)).reason).toMatch(/given A1/);
  });
  it('accepts an alternative square when the givens allow it', () => {
    expect(check('eulero', ' | | \n | | \n | | ', boxed('A2|B1|C3\nB3|C2|A1\nC1|A3|B2')).correct).toBe(true);
  });
});
