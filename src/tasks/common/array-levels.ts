// Level parameters shared by the official array-algorithm generators (best time to buy/sell stock, container, hills and
// valleys, h-index, LIS, largest rectangle, trapping rain water): value range and list length per level.
import type { Level } from '../types.js';

export interface ArrayLevel {
  values: [number, number];
  length: [number, number];
}

export const ARRAY_LEVELS: Record<Level, ArrayLevel> = {
  1: { values: [1, 20], length: [5, 10] },
  2: { values: [1, 40], length: [10, 20] },
  3: { values: [1, 60], length: [20, 30] },
  4: { values: [1, 80], length: [30, 40] },
  5: { values: [1, 100], length: [40, 70] },
};

export const FINAL_ANSWER_LINE = 'The final answer MUST BE enclosed within \\boxed{}.';
