// Generator for container with most water (official parameters: ARRAY_LEVELS; from level 3, 2–3 bars are raised to
// 70–100% of the maximum). The solver is the two-pointer sweep: each step computes the current container, then moves
// the shorter side inward (the only move that can find a larger one).
import { ARRAY_LEVELS } from '../common/array-levels.js';
import { arrayInstance } from '../common/array-instance.js';
import { TraceRecorder } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';
import { maxContainer } from './solve.js';

export function containerInstance(heights: number[], level: Level, rng: Rng): GeneratedInstance {
  const rec = new TraceRecorder();
  let best = 0;
  for (let i = 0, j = heights.length - 1; i < j;) {
    const area = Math.min(heights[i], heights[j]) * (j - i);
    best = Math.max(best, area);
    const move = heights[i] < heights[j] ? `move left (${heights[i]} is shorter)` : `move right (${heights[j]} is not taller)`;
    rec.step(`lines ${i} and ${j}: min(${heights[i]}, ${heights[j]}) × ${j - i} = ${area}; ${move}`, { check: `best ${best}` });
    if (heights[i] < heights[j]) i++;
    else j--;
  }
  const answer = maxContainer(heights);
  return arrayInstance(
    {
      key: 'heights',
      values: heights,
      answer,
      rec,
      question: (list) =>
        list === null
          ? 'Given a row of vertical bars where consecutive bars are adjacent with no gaps between them. Pick any two bars and form the sides of a water container, with the x-axis as the base. How much water can the biggest possible container hold?'
          : `Given a list of non-negative integers ${list}, where each number represents a point at coordinate (i, ai). n vertical lines are drawn such that the two endpoints of line i is at (i, ai) and (i, 0). Find two lines, which together with x-axis forms a container, such that the container contains the most water. Return the maximum amount of water a container can store.`,
      format: 'Answer format: a single integer (the area), e.g. 49.',
      rules: ['Container between lines i < j holds min(h_i, h_j) × (j - i).', 'Two pointers from both ends; always move the shorter side.'],
      reading: [`${heights.length} lines: [${heights.join(', ')}].`],
      validation: [`Largest area seen = ${answer}.`],
      chart: { axisLabel: 'index', barColor: '#00838f' },
    },
    level,
    rng,
  );
}

export const containerGenerator: TaskGenerator = {
  describeLevel: (level) => `${ARRAY_LEVELS[level].length.join('-')} lines of height ${ARRAY_LEVELS[level].values.join('-')}`,
  generate: (level, rng) => {
    const {
      values: [lo, hi],
      length,
    } = ARRAY_LEVELS[level];
    const n = rng.int(...length);
    const h = Array.from({ length: n }, () => rng.int(lo, hi));
    if (level >= 3) for (const k of rng.shuffle(h.map((_, i) => i)).slice(0, rng.int(2, 3))) h[k] = rng.int(Math.floor(hi * 0.7), hi);
    return containerInstance(h, level, rng);
  },
};
