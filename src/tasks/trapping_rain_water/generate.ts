// Generator for trapping rain water. Official parameters: heights in 0–20 at every level (the official generator ignores
// its value range here), 5–10 / 10–20 / 20–30 / 30–40 / 40–70 bars. The solver is the two-pointer sweep: it always
// advances the side with the lower running maximum, because that maximum already bounds the water there; each
// advance is one trace step with the water it adds.
import { renderBarChart } from '../common/bar-chart.js';
import { ARRAY_LEVELS, FINAL_ANSWER_LINE } from '../common/array-levels.js';
import { buildTrace, isCompactLevel, TraceRecorder } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';
import { trappedWater, waterPerBar } from './solve.js';

const TAIL = 'where the width of each bar is 1 and consecutive bars are adjacent with no gaps between them. Compute how much water it can trap after raining.';
const FORMAT = 'Answer format: a single integer (units of water), e.g. 6.';

export function rainInstance(height: number[], level: Level, rng: Rng): GeneratedInstance {
  const answer = trappedWater(height);
  const rec = new TraceRecorder();
  let i = 0;
  let j = height.length - 1;
  let maxL = 0;
  let maxR = 0;
  let total = 0;
  while (i <= j) {
    if (maxL <= maxR) {
      maxL = Math.max(maxL, height[i]);
      const w = maxL - height[i];
      total += w;
      rec.step(`left bar ${i} (h=${height[i]}): left max ${maxL}, water ${w}`, { check: `total ${total}` });
      i++;
    } else {
      maxR = Math.max(maxR, height[j]);
      const w = maxR - height[j];
      total += w;
      rec.step(`right bar ${j} (h=${height[j]}): right max ${maxR}, water ${w}`, { check: `total ${total}` });
      j--;
    }
  }
  const trace = buildTrace(
    {
      rules: [
        'Water above a bar = min(highest bar on its left, highest on its right) - its height, never below 0.',
        'Two pointers: the side with the lower running max is settled first.',
      ],
      reading: [`${height.length} bars: [${height.join(', ')}].`],
      steps: rec.steps,
      validation: [`Per-bar water [${waterPerBar(height).join(', ')}] sums to ${answer}.`],
      answer: String(answer),
    },
    rng,
    { compact: isCompactLevel(level), maxSteps: isCompactLevel(level) ? undefined : 60 },
  );
  return {
    instance: {
      question: [`Here is a bunch of bars lined up side by side, ${TAIL}`, FORMAT, FINAL_ANSWER_LINE].join('\n'),
      questionLanguage: [`Here is a bunch of bars [${height.join(', ')}] lined up side by side, ${TAIL}`, FORMAT, FINAL_ANSWER_LINE].join('\n'),
      answer: String(answer),
      initialState: { height },
    },
    svgs: [renderBarChart(height, { axisLabel: 'index' })],
    trace,
  };
}

export const rainGenerator: TaskGenerator = {
  describeLevel: (level) => `${ARRAY_LEVELS[level].length.join('-')} bars of height 0-20`,
  generate: (level, rng) => {
    const n = rng.int(...ARRAY_LEVELS[level].length);
    return rainInstance(
      Array.from({ length: n }, () => rng.int(0, 20)),
      level,
      rng,
    );
  },
};
