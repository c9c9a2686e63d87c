// The algorithms task families. Each family lives in its own folder src/tasks/<key>/ whose index.ts exports a TaskSpec;
// adding a family = adding its folder and one line here.
import { task as twentyFourPoints } from './24_points/index.js';
import { task as bestTimeToBuyAndSellStock } from './best_time_to_buy_and_sell_stock/index.js';
import { task as containerWithMostWater } from './container_with_most_water/index.js';
import { task as countHillsAndValleys } from './count_hills_and_valleys/index.js';
import { task as cryptoMath } from './crypto_math/index.js';
import { task as hIndex } from './h_index/index.js';
import { task as largestRectangleInHistogram } from './largest_rectangle_in_histogram/index.js';
import { task as longestIncreasingSubsequence } from './longest_increasing_subsequence/index.js';
import { task as trappingRainWater } from './trapping_rain_water/index.js';
import type { TaskSpec } from './types.js';

export const ALGORITHMS: TaskSpec[] = [
  twentyFourPoints,
  cryptoMath,
  bestTimeToBuyAndSellStock,
  containerWithMostWater,
  countHillsAndValleys,
  hIndex,
  longestIncreasingSubsequence,
  largestRectangleInHistogram,
  trappingRainWater,
];
