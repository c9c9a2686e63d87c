// Minimal official-shaped records ({initial_state, answer} as the MM-HELIX generators write them) for the robustness
// fuzz test, used for tasks that have no generator yet. They only need to parse; the fuzz test never asserts that
// the reference passes (the per-family tests do that).

const SUDOKU_SOLUTION = ['534678912', '672195348', '198342567', '859761423', '426853791', '713924856', '961537284', '287419635', '345286179'];
const SUDOKU_PUZZLE = SUDOKU_SOLUTION.map((row, r) => [...row].map((d, c) => ((r + c) % 3 === 0 ? '0' : d)));

export const FIXTURES: Record<string, { initial_state: unknown; answer: unknown }> = {
  // Algorithms
  '24_points': { initial_state: { numbers: [1, 2, 3, 4] }, answer: '1*2*3*4' },
  crypto_math: { initial_state: { equation: 'A + B = C' }, answer: { A: 1, B: 2, C: 3 } },
  best_time_to_buy_and_sell_stock: { initial_state: { prices: [7, 1, 5, 3, 6, 4] }, answer: '7' },
  container_with_most_water: { initial_state: { heights: [1, 8, 6, 2, 5, 4, 8, 3, 7] }, answer: '49' },
  count_hills_and_valleys: { initial_state: { terrain: [2, 4, 1, 1, 6, 5] }, answer: '3' },
  h_index: { initial_state: { citations: [3, 0, 6, 1, 5] }, answer: '3' },
  longest_increasing_subsequence: { initial_state: { sequence: [10, 9, 2, 5, 3, 7, 101, 18] }, answer: 4 },
  largest_rectangle_in_histogram: { initial_state: { heights: [2, 1, 5, 6, 2, 3] }, answer: 10 },
  trapping_rain_water: { initial_state: { height: [0, 1, 0, 2, 1, 0, 1, 3, 2, 1, 2, 1] }, answer: 6 },
  // Graphs (adjacency dicts; shortest_path, max_flow and isomorphism carry their state only in the image)
  topological_sort: { initial_state: { '0': [1, 2], '1': [3], '2': [3], '3': [] }, answer: '[0, 1, 2, 3]' },
  hamiltonian_path: { initial_state: { '0': [1], '1': [0, 2], '2': [1, 3], '3': [2] }, answer: '[0, 1, 2, 3]' },
  hamiltonian_cycle: { initial_state: { '0': [1, 3], '1': [0, 2], '2': [1, 3], '3': [2, 0] }, answer: '[0, 1, 2, 3, 0]' },
  eulerian_path: { initial_state: { '0': [1], '1': [0, 2], '2': [1, 3], '3': [2] }, answer: '[0, 1, 2, 3]' },
  eulerian_cycle: { initial_state: { '0': [1, 3], '1': [0, 2], '2': [1, 3], '3': [2, 0] }, answer: '[0, 1, 2, 3, 0]' },
  shortest_path: { initial_state: null, answer: '20' },
  max_flow: { initial_state: null, answer: '7' },
  isomorphism: { initial_state: null, answer: 'Yes' },
  // Games
  hanoi: { initial_state: '[[3, 2], [], [1]]', answer: '(2,2) (1,2) (3,3) (1,1) (2,3) (1,3)' },
  maze: { initial_state: '+-+-+-+\n|0 0 E|\n+ +-+-+\n|0|0 S|\n+ +-+ +\n|0 0 0|\n+-+-+-+', answer: 'down left left up up right right' },
  sokoban: { initial_state: ['######', '#    #', '# @$.#', '#    #', '######'].join('\n'), answer: 'right' },
  nibbles: { initial_state: 'Grid: 6x6\nSnake: (2,2) (2,1)\nDirection: right\nApples: (2,4) (0,4)\nGoal: Eat 2 apples', answer: 'right right up up' },
  slidingpuzzle: { initial_state: '[[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 0, 15]]', answer: 'left' },
  minesweeper: { initial_state: ['|1|1|1| |', '|1| |1| |', '|1|1|1| |', '| | | | |'].join('\n'), answer: '(1, 1)' },
  // Puzzles
  sudoku: { initial_state: SUDOKU_PUZZLE.map((r) => r.join(' ')).join('\n'), answer: SUDOKU_SOLUTION.join('').split('').join(' ') },
  binairo: {
    initial_state: [
      [0, null, null, 1],
      [null, null, null, null],
      [null, null, null, null],
      [1, null, null, 0],
    ],
    answer: '0 0 1 1\n1 1 0 0\n0 1 0 1\n1 0 1 0',
  },
  kukurasu: {
    initial_state: { size: 3, row_sums: [1, 2, 3], col_sums: [1, 2, 3] },
    answer: [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ],
  },
  skyscrapers: {
    initial_state: { n: 3, top: [2, 2, 1], bottom: [1, 2, 2], left: [2, 2, 1], right: [1, 2, 2] },
    answer: [
      [1, 2, 3],
      [2, 3, 1],
      [3, 1, 2],
    ],
  },
  futoshiki: {
    initial_state: {
      size: 3,
      grid: [
        [0, 0, 0],
        [0, 0, 0],
        [0, 0, 0],
      ],
      inequalities: [{ cell1: [0, 0], cell2: [0, 1], symbol: '<' }],
    },
    answer: [
      [1, 2, 3],
      [2, 3, 1],
      [3, 1, 2],
    ],
  },
  calcudoku: {
    initial_state: {
      size: 2,
      regions: [
        {
          cells: [
            [1, 1],
            [1, 2],
          ],
          operator: '+',
          target: 3,
        },
        {
          cells: [
            [2, 1],
            [2, 2],
          ],
          operator: '+',
          target: 3,
        },
      ],
    },
    answer: [
      [1, 2],
      [2, 1],
    ],
  },
  aquarium: {
    initial_state: JSON.stringify({
      grid_size: [2, 2],
      regions: [
        [0, 0],
        [1, 1],
      ],
      row_clues: [0, 2],
      col_clues: [1, 1],
    }),
    answer: '[(0, 1), (1, 1)]',
  },
  campsite: {
    initial_state: JSON.stringify({
      input_grid: [
        ['T', 'X'],
        ['X', 'X'],
      ],
      row_constraints: [0, 1],
      col_constraints: [0, 1],
    }),
    answer: '[[2, 2]]',
  },
  bridges: {
    initial_state: JSON.stringify({
      islands: [
        { x: 0, y: 0, num: 1 },
        { x: 2, y: 0, num: 1 },
      ],
      size: 3,
    }),
    answer: '(0,0)-(2,0):1',
  },
  eulero: { initial_state: 'A1| \n |A1', answer: 'A1|B2\nB2|A1' },
  hitori: {
    initial_state: {
      grid: [
        [1, 1],
        [2, 1],
      ],
    },
    answer: '{(0, 0)}',
  },
  kakuro: {
    initial_state: {
      grid: [
        [{ type: 'black' }, { type: 'black', down: 3 }],
        [{ type: 'black', right: 3 }, { type: 'white' }],
      ],
    },
    answer: '(1,1):3',
  },
  numbrix: { initial_state: '|1| |\n| | |', answer: '|1|2|\n|4|3|' },
  nonogram: {
    initial_state: [
      [[1], [1]],
      [[1], [1]],
    ],
    answer: 'X.\n.X',
  },
  shingoki: {
    initial_state: {
      grid: [
        ['.', '.'],
        ['.', 'B2'],
      ],
    },
    answer: '(0,0)-(0,1) (0,1)-(1,1) (1,1)-(1,0) (1,0)-(0,0)',
  },
  tapa: { initial_state: '1..\n...\n...', answer: '(0,1), (0,2), (1,2)' },
  snake: {
    initial_state: {
      grid: [
        ['S', '.'],
        ['.', 'E'],
      ],
      rows: 2,
      cols: 2,
    },
    answer: '(0,0) (0,1) (1,1)',
  },
  wordsearch: {
    initial_state: {
      grid: [
        ['F', 'O', 'X'],
        ['A', 'B', 'C'],
        ['D', 'E', 'G'],
      ],
      words: ['FOX'],
    },
    answer: 'FOX E (1, 1) @',
  },
  wordladder: {
    initial_state: { solution: ['cold', 'cord', 'card', 'ward', 'warm'], start_word: 'cold', target_word: 'warm' },
    answer: 'cold -> cord -> card -> ward -> warm',
  },
};
