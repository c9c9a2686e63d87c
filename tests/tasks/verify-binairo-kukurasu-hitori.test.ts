// Verifier truth tables for binairo, kukurasu and hitori (shading and binary grids): references pass in every
// accepted spelling and state shape, one-edit corruptions fail with the broken rule named, every grid meeting the
// clues passes when several do, and givens are enforced. (Hostile responses and unusable states: robustness.test.ts,
// over every registered task.)
import { describe, expect, it } from 'vitest';
import { boxed, check } from './verify-check.js';

describe('binairo', () => {
  const ref = '0 1 1 0 0 1\n1 0 1 0 1 0\n0 1 0 1 0 1\n1 0 0 1 1 0\n1 0 1 0 0 1\n0 1 0 1 1 0';
  const grid = ref.split('\n').map((l) => l.split(' ').map(Number));
  const givens = grid.map((row, r) => row.map((v, c) => ((r + c) % 3 === 0 ? v : null)));
  it('accepts the reference (rows of digits, lists, compact rows)', () => {
    expect(check('binairo', JSON.stringify(givens), boxed(ref)).correct).toBe(true);
    expect(check('binairo', givens, boxed(JSON.stringify(grid))).correct).toBe(true);
    expect(check('binairo', givens, boxed(grid.map((r) => r.join('')).join('\n'))).correct).toBe(true);
  });
  it('rejects a flipped cell, a triple and a changed given', () => {
    const flipped = ref.replace(/^0/, '1');
    expect(check('binairo', givens, boxed(flipped)).correct).toBe(false);
    const empty = grid.map((row) => row.map(() => null));
    const t = grid.map((row) => [...row]);
    [t[0][2], t[0][3]] = [t[0][3], t[0][2]]; // row 1 becomes 010101, a copy of row 3
    expect(check('binairo', empty, boxed(t.map((r) => r.join(' ')).join('\n'))).correct).toBe(false);
    expect(check('binairo', empty, boxed('0 0 0 1 1 1\n' + ref.split('\n').slice(1).join('\n'))).reason).toMatch(/three 0s in a row|ones/);
    const swapped = [grid[1], grid[0], ...grid.slice(2)];
    expect(check('binairo', givens, boxed(swapped.map((r) => r.join(' ')).join('\n'))).reason).toMatch(/given/);
  });
  it('accepts an alternative valid grid when givens allow it (the transpose)', () => {
    const empty = grid.map((row) => row.map(() => null));
    const tr = grid.map((_, c) => grid.map((row) => row[c]));
    expect(check('binairo', empty, boxed(tr.map((r) => r.join(' ')).join('\n'))).correct).toBe(true);
  });
  it('reads the Row i: text block', () => {
    const text = givens.map((row, i) => `Row ${i + 1}: ${row.map((v) => (v === null ? '_' : v)).join(' ')}`).join('\n');
    expect(check('binairo', text, boxed(ref)).correct).toBe(true);
  });
});

describe('kukurasu', () => {
  const state = {
    row_sums: [3, 4, 3],
    col_sums: [3, 1, 5],
    size: 3,
    solution: [
      [1, 1, 0],
      [1, 0, 1],
      [0, 0, 1],
    ],
  };
  it('accepts the reference and rejects a flipped cell and non-binary values', () => {
    expect(check('kukurasu', state, boxed('[[1, 1, 0], [1, 0, 1], [0, 0, 1]]')).correct).toBe(true);
    expect(check('kukurasu', state, boxed('[[1, 1, 0], [1, 0, 1], [0, 1, 1]]')).reason).toMatch(/row 3 sums to 5, needs 3/);
    expect(check('kukurasu', state, boxed('[[1, 1, 0], [1, 0, 1], [0, 0, 2]]')).reason).toMatch(/must be 0 or 1/);
  });
  it('accepts every grid meeting the clues when several exist', () => {
    // Brute force 3×3: find clues with two solutions; both must pass.
    const byClue = new Map<string, number[][][]>();
    for (let m = 0; m < 512; m++) {
      const g = [0, 1, 2].map((r) => [0, 1, 2].map((c) => (m >> (r * 3 + c)) & 1));
      const rs = g.map((row) => row.reduce((a, v, c) => a + v * (c + 1), 0));
      const cs = [0, 1, 2].map((c) => g.reduce((a, row, r) => a + row[c] * (r + 1), 0));
      const k = JSON.stringify([rs, cs]);
      byClue.set(k, [...(byClue.get(k) ?? []), g]);
    }
    const [key, grids] = [...byClue.entries()].find(([, v]) => v.length >= 2) as [string, number[][][]];
    const [rs, cs] = JSON.parse(key) as number[][];
    for (const g of grids) expect(check('kukurasu', { row_sums: rs, col_sums: cs, size: 3 }, boxed(JSON.stringify(g))).correct).toBe(true);
  });
});

describe('hitori', () => {
  const state = [
    [1, 2, 3, 4],
    [2, 2, 4, 1],
    [3, 4, 1, 2],
    [4, 1, 1, 3],
  ];
  it('accepts the reference set and list spellings', () => {
    expect(check('hitori', state, boxed('{(1, 1), (3, 2)}')).correct).toBe(true);
    expect(check('hitori', JSON.stringify(state), boxed('[[3, 2], [1, 1]]')).correct).toBe(true);
  });
  it('names the violated rule', () => {
    expect(check('hitori', state, boxed('{(1, 0), (3, 2)}')).reason).toMatch(/column 1 has 2 unshaded twice/);
    expect(check('hitori', state, boxed('{(1, 1), (3, 2), (3, 3)}')).reason).toMatch(/touch/);
    const ring = [
      [1, 1, 1],
      [1, 2, 1],
      [1, 1, 1],
    ];
    expect(check('hitori', ring, boxed('{(0, 1), (1, 0), (1, 2), (2, 1)}')).reason).toMatch(/more than one region|twice/);
  });
});
