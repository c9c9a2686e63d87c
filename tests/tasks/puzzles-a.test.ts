// Verifier truth tables for the puzzle families aquarium, binairo, bridges, calcudoku, campsite, eulero,
// futoshiki, hitori, kukurasu, skyscrapers: official-style references pass, one-edit corruptions fail,
// alternative valid answers pass, givens are enforced, and hostile text never throws.
import { describe, expect, it } from 'vitest';
import { getTask } from '../../src/tasks/registry.js';
import type { TaskInstance } from '../../src/tasks/types.js';
import { visible } from '../../src/tasks/skyscrapers/verify.js';
import { cpuMs } from '../cpu-time.js';

function inst(task: string, initialState: unknown, answer: unknown = ''): TaskInstance {
  return { task, question: '', questionLanguage: '', answer, initialState, difficulty: 1, images: [] };
}
function check(task: string, state: unknown, response: string): { correct: boolean; reason: string } {
  const r = getTask(task).verify(inst(task, state), response);
  expect(r.reward).toBe(r.correct ? 1 : 0);
  return r;
}
const boxed = (s: string): string => `Reasoning...\n\\boxed{${s}}`;
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

describe('robustness of all ten verifiers', () => {
  const samples: Record<string, unknown> = {
    futoshiki: {
      grid: [
        [0, 0],
        [0, 0],
      ],
      inequalities: [],
      size: 2,
    },
    calcudoku: { size: 2, regions: [] },
    skyscrapers: { n: 2, top: [0, 0], bottom: [0, 0], left: [0, 0], right: [0, 0] },
    kukurasu: { row_sums: [1, 1], col_sums: [1, 1], size: 2 },
    binairo: [
      [null, null],
      [null, null],
    ],
    aquarium: {
      regions: [
        [0, 0],
        [1, 1],
      ],
      row_clues: [0, 0],
      col_clues: [0, 0],
      grid_size: [2, 2],
    },
    campsite: { input_grid: ['TX', 'XX'], row_constraints: [0, 0], col_constraints: [0, 0] },
    bridges: {
      islands: [
        { x: 0, y: 0, num: 1 },
        { x: 1, y: 0, num: 1 },
      ],
    },
    eulero: ' | \n | ',
    hitori: [
      [1, 2],
      [2, 1],
    ],
  };
  const hostile = [
    '',
    '\\boxed{',
    '\\boxed{}}}}',
    '\\boxed{' + '['.repeat(5000) + '}',
    '\\boxed{' + '9'.repeat(400) + '}',
    '💥\u0000\\boxed{[[1e999, -0]]}',
    '\\boxed{(1,2)-(3,4):99999999999}',
    '\\boxed{' + '(1, 2), '.repeat(100_000) + '}',
    'x'.repeat(1_000_000),
  ];
  for (const [task, state] of Object.entries(samples)) {
    it(`${task}: never throws, reward in {0,1}, bounded time`, () => {
      for (const text of hostile) {
        const { value: r, ms } = cpuMs(() => getTask(task).verify(inst(task, state), text));
        expect([0, 1]).toContain(r.reward);
        expect(ms, 'CPU ms').toBeLessThan(500);
      }
      const broken = getTask(task).verify(inst(task, 'not a state {'), '\\boxed{[[1]]}');
      expect(broken.correct).toBe(false);
    });
  }
});
