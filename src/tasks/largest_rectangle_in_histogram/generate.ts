// Generator for the largest rectangle in a histogram (official parameters: ARRAY_LEVELS, uniform heights). The solver
// is the monotonic stack: a bar is popped when a lower bar appears to its right, and that pop fixes the widest
// rectangle of the popped bar's height — each pop is a trace step.
import { ARRAY_LEVELS } from '../common/array-levels.js';
import { arrayInstance } from '../common/array-instance.js';
import { TraceRecorder } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';
import { largestRectangle } from './solve.js';

export function histogramInstance(heights: number[], level: Level, rng: Rng): GeneratedInstance {
  const rec = new TraceRecorder();
  const answer = largestRectangle(heights, (top, left, right, area, best) =>
    rec.step(`bar ${top} (h=${heights[top]}) spans ${left}..${right}: ${heights[top]} × ${right - left + 1} = ${area}`, { check: `best ${best}` }),
  );
  return arrayInstance(
    {
      key: 'heights',
      values: heights,
      answer,
      rec,
      question: (list) =>
        `Here is a histogram made of bars${list === null ? '' : ` ${list}`} where each 1 unit wide and packed tightly together. What's the biggest rectangle you can fit entirely inside the histogram?`,
      format: 'Answer format: a single integer (the area), e.g. 10.',
      rules: [
        'A rectangle of height h may span any run of adjacent bars all at least h tall.',
        'For each bar, its widest rectangle ends at the first lower bar on each side (monotonic stack).',
      ],
      reading: [`${heights.length} bars: [${heights.join(', ')}].`],
      validation: [`Largest area found = ${answer}.`],
      chart: { axisLabel: 'index', barColor: '#ef7d00' },
    },
    level,
    rng,
  );
}

export const histogramGenerator: TaskGenerator = {
  describeLevel: (level) => `${ARRAY_LEVELS[level].length.join('-')} bars of height ${ARRAY_LEVELS[level].values.join('-')}`,
  generate: (level, rng) => {
    const {
      values: [lo, hi],
      length,
    } = ARRAY_LEVELS[level];
    return histogramInstance(
      Array.from({ length: rng.int(...length) }, () => rng.int(lo, hi)),
      level,
      rng,
    );
  },
};
