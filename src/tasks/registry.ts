// The one registry of task families: look-up by generator key or by the official `category` spelling. Each family is
// a folder src/tasks/<key>/ whose index.ts exports `task` (made by defineTask; the category is a field of it), and
// adding a family is adding its folder and one line to TASKS.
import { task as twentyFourPoints } from './24_points/index.js';
import { task as aquarium } from './aquarium/index.js';
import { task as bestTimeToBuyAndSellStock } from './best_time_to_buy_and_sell_stock/index.js';
import { task as binairo } from './binairo/index.js';
import { task as bridges } from './bridges/index.js';
import { task as calcudoku } from './calcudoku/index.js';
import { task as campsite } from './campsite/index.js';
import { task as containerWithMostWater } from './container_with_most_water/index.js';
import { task as countHillsAndValleys } from './count_hills_and_valleys/index.js';
import { task as cryptoMath } from './crypto_math/index.js';
import { task as eulerianCycle } from './eulerian_cycle/index.js';
import { task as eulerianPath } from './eulerian_path/index.js';
import { task as eulero } from './eulero/index.js';
import { task as futoshiki } from './futoshiki/index.js';
import { task as hIndex } from './h_index/index.js';
import { task as hamiltonianCycle } from './hamiltonian_cycle/index.js';
import { task as hamiltonianPath } from './hamiltonian_path/index.js';
import { task as hanoi } from './hanoi/index.js';
import { task as hitori } from './hitori/index.js';
import { task as isomorphism } from './isomorphism/index.js';
import { task as kakuro } from './kakuro/index.js';
import { task as kukurasu } from './kukurasu/index.js';
import { task as largestRectangleInHistogram } from './largest_rectangle_in_histogram/index.js';
import { task as longestIncreasingSubsequence } from './longest_increasing_subsequence/index.js';
import { task as maxFlow } from './max_flow/index.js';
import { task as maze } from './maze/index.js';
import { task as minesweeper } from './minesweeper/index.js';
import { task as nibbles } from './nibbles/index.js';
import { task as nonogram } from './nonogram/index.js';
import { task as numbrix } from './numbrix/index.js';
import { task as shingoki } from './shingoki/index.js';
import { task as shortestPath } from './shortest_path/index.js';
import { task as skyscrapers } from './skyscrapers/index.js';
import { task as slidingpuzzle } from './slidingpuzzle/index.js';
import { task as snake } from './snake/index.js';
import { task as sokoban } from './sokoban/index.js';
import { task as sudoku } from './sudoku/index.js';
import { task as tapa } from './tapa/index.js';
import { task as topologicalSort } from './topological_sort/index.js';
import { task as trappingRainWater } from './trapping_rain_water/index.js';
import { task as wordladder } from './wordladder/index.js';
import { task as wordsearch } from './wordsearch/index.js';
import type { TaskSpec } from './types.js';

/**
 * Every task, graphs first, then algorithms, puzzles and games. The order is part of the data format: a task's
 * position numbers its generated records (recordIndex in src/dataset/generate.ts), so a new task goes at the end.
 */
export const TASKS: readonly TaskSpec[] = [
  shortestPath,
  maxFlow,
  isomorphism,
  topologicalSort,
  hamiltonianPath,
  hamiltonianCycle,
  eulerianPath,
  eulerianCycle,
  twentyFourPoints,
  cryptoMath,
  bestTimeToBuyAndSellStock,
  containerWithMostWater,
  countHillsAndValleys,
  hIndex,
  longestIncreasingSubsequence,
  largestRectangleInHistogram,
  trappingRainWater,
  aquarium,
  binairo,
  bridges,
  calcudoku,
  campsite,
  eulero,
  futoshiki,
  hitori,
  kukurasu,
  skyscrapers,
  kakuro,
  nonogram,
  numbrix,
  shingoki,
  snake,
  sudoku,
  tapa,
  wordladder,
  wordsearch,
  sokoban,
  hanoi,
  maze,
  minesweeper,
  slidingpuzzle,
  nibbles,
];

const byName = new Map<string, TaskSpec>();
for (const spec of TASKS) {
  for (const name of [spec.key, spec.officialName]) {
    const prev = byName.get(name.toLowerCase());
    if (prev && prev !== spec) throw new Error(`task registry: name '${name}' is used by both ${prev.key} and ${spec.key}`);
    byName.set(name.toLowerCase(), spec);
  }
}

/** The task for a generator key (`24_points`) or official category (`24Points`), case-insensitive; undefined if none. */
export function findTask(name: string): TaskSpec | undefined {
  return byName.get(name.trim().toLowerCase());
}

/** Like findTask, but throws an error that lists every valid key. */
export function getTask(name: string): TaskSpec {
  const spec = findTask(name);
  if (!spec) {
    const keys = TASKS.map((t) => t.key).join(', ');
    throw new Error(`unknown task '${name}'. Valid tasks: ${keys}`);
  }
  return spec;
}
