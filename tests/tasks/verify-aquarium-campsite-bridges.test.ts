// Verifier truth tables for aquarium, campsite and bridges (placements on a grid): references pass in any order and
// spelling, moved or extra items fail with the broken rule named (floating water, tents on trees or touching,
// crossing or over-island bridges, disconnection), and alternative placements pass. (Hostile responses and unusable
// states: robustness.test.ts, over every registered task.)
import { describe, expect, it } from 'vitest';
import { boxed, check } from './verify-check.js';

describe('aquarium', () => {
  const state = JSON.stringify({
    regions: [
      [0, 0, 1, 1],
      [0, 2, 2, 1],
      [3, 3, 2, 1],
      [3, 3, 3, 1],
    ],
    row_clues: [0, 0, 4, 4],
    col_clues: [2, 2, 2, 2],
    grid_size: [4, 4],
  });
  const ref = '[(0, 2), (1, 2), (2, 2), (3, 2), (0, 3), (1, 3), (2, 3), (3, 3)]';
  it('accepts the reference in any order and rejects a moved cell', () => {
    expect(check('aquarium', state, boxed(ref)).correct).toBe(true);
    expect(check('aquarium', state, boxed('[(3, 3), (2, 3), (1, 3), (0, 3), (3, 2), (2, 2), (1, 2), (0, 2)]')).correct).toBe(true);
    expect(check('aquarium', state, boxed(ref.replace('(0, 2)', '(0, 1)'))).correct).toBe(false);
  });
  it('rejects floating water even when the counts match', () => {
    const s = {
      regions: [
        [0, 1],
        [0, 1],
      ],
      row_clues: [1, 1],
      col_clues: [1, 1],
      grid_size: [2, 2],
    };
    expect(check('aquarium', s, boxed('[(0, 1), (1, 1)]')).correct).toBe(false); // counts wrong anyway
    expect(check('aquarium', s, boxed('[(0, 0), (1, 1)]')).reason).toMatch(/region 0 has water in row 0/);
  });
});

describe('campsite', () => {
  const state = JSON.stringify({
    input_grid: [
      ['X', 'T', 'X', 'X'],
      ['X', 'X', 'X', 'T'],
      ['T', 'X', 'X', 'X'],
      ['X', 'X', 'X', 'X'],
    ],
    row_constraints: [2, 0, 0, 1],
    col_constraints: [2, 0, 0, 1],
  });
  it('accepts the reference and its reorderings', () => {
    expect(check('campsite', state, boxed('[[1, 1], [1, 4], [4, 1]]')).correct).toBe(true);
    expect(check('campsite', state, boxed('[(4, 1), (1, 1), (1, 4)]')).correct).toBe(true);
  });
  it('names the violated rule', () => {
    expect(check('campsite', state, boxed('[[1, 1], [1, 4], [3, 2]]')).correct).toBe(false);
    expect(check('campsite', state, boxed('[[1, 2], [1, 4], [4, 1]]')).reason).toMatch(/on a tree/);
    const s2 = { input_grid: ['TXX', 'XXX', 'XXT'], row_constraints: [1, 1, 0], col_constraints: [0, 2, 0] };
    expect(check('campsite', s2, boxed('[[1, 2], [2, 2]]')).reason).toMatch(/tent at \[1,2\] touches tent at \[2,2\]/);
  });
  it('accepts an alternative placement', () => {
    const s = { input_grid: ['XTX', 'XXX', 'XXX'], row_constraints: [1, 0, 0], col_constraints: [1, 0, 0] };
    expect(check('campsite', s, boxed('[[1, 1]]')).correct).toBe(true);
    const s2 = { input_grid: ['XTX', 'XXX', 'XXX'], row_constraints: [1, 0, 0], col_constraints: [0, 0, 1] };
    expect(check('campsite', s2, boxed('[[1, 3]]')).correct).toBe(true);
  });
});

describe('bridges', () => {
  const state = JSON.stringify({
    islands: [
      { x: 0, y: 0, num: 1 },
      { x: 2, y: 0, num: 3 },
      { x: 2, y: 2, num: 2 },
    ],
    bridges: [],
  });
  it('accepts the reference and rejects a changed count', () => {
    expect(check('bridges', state, boxed('(0,0)-(2,0):1\n(2,0)-(2,2):2')).correct).toBe(true);
    expect(check('bridges', state, 'Answer:\n(0,0)-(2,0):1\n(2,2)-(2,0):2').correct).toBe(true);
    expect(check('bridges', state, boxed('(0,0)-(2,0):1\n(2,0)-(2,2):1')).reason).toMatch(/island \(2,0\) has 2 bridges, needs 3/);
  });
  it('rejects crossings, over-islands, triples and disconnection', () => {
    const cross = {
      islands: [
        { x: 1, y: 0, num: 1 },
        { x: 1, y: 2, num: 1 },
        { x: 0, y: 1, num: 1 },
        { x: 2, y: 1, num: 1 },
      ],
    };
    expect(check('bridges', cross, boxed('(1,0)-(1,2):1\n(0,1)-(2,1):1')).reason).toMatch(/crosses/);
    const line = {
      islands: [
        { x: 0, y: 0, num: 1 },
        { x: 1, y: 0, num: 0 },
        { x: 2, y: 0, num: 1 },
      ],
    };
    expect(check('bridges', line, boxed('(0,0)-(2,0):1')).reason).toMatch(/passes over/);
    const pairs = {
      islands: [
        { x: 0, y: 0, num: 2 },
        { x: 2, y: 0, num: 2 },
        { x: 0, y: 2, num: 2 },
        { x: 2, y: 2, num: 2 },
      ],
    };
    expect(check('bridges', pairs, boxed('(0,0)-(2,0):2\n(0,2)-(2,2):2')).reason).toMatch(/not connected/);
    expect(check('bridges', pairs, boxed('(0,0)-(2,0):1\n(2,0)-(2,2):1\n(2,2)-(0,2):1\n(0,2)-(0,0):1')).correct).toBe(true);
    expect(check('bridges', pairs, boxed('(0,0)-(2,0):3')).reason).toMatch(/at most 2/);
  });
});
