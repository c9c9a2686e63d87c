// Generator for the longest strictly increasing subsequence (official parameters: values and lengths per
// ARRAY_LEVELS). The solver is the O(n²) DP the trace walks through: for each bar, the best earlier smaller bar to
// extend; the final check rebuilds one longest subsequence from the predecessor links.
import { renderBarChart } from '../common/bar-chart.js';
import { ARRAY_LEVELS, FINAL_ANSWER_LINE } from '../common/array-levels.js';
import { buildTrace, isCompactLevel, TraceRecorder } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';
import { lisTable } from './solve.js';

const TAIL =
  "Pick a subset of these bars where each one is strictly taller than the last and they appear in order from left to right. What's the longest such sequence you can find?";
const FORMAT = 'Answer format: the length of the longest such sequence, a single integer, e.g. 4.';

export function lisInstance(seq: number[], level: Level, rng: Rng): GeneratedInstance {
  const t = lisTable(seq);
  const answer = t.best.length;
  const rec = new TraceRecorder();
  for (let i = 0; i < seq.length; i++) {
    const p = t.prev[i];
    rec.step(
      p < 0
        ? `bar ${i} (${seq[i]}): no smaller bar before it, length 1`
        : `bar ${i} (${seq[i]}): extend bar ${p} (${seq[p]}, length ${t.dp[p]}), length ${t.dp[i]}`,
    );
  }
  const chain = t.best.map((k) => seq[k]);
  const trace = buildTrace(
    {
      rules: ['Keep bars in left-to-right order.', 'Each kept bar must be strictly taller than the previous one.'],
      reading: [
        `${seq.length} bars: [${seq.join(', ')}].`,
        'L(i) = longest increasing run ending at bar i = 1 + max L(j) over earlier j with a smaller height.',
      ],
      steps: rec.steps,
      validation: [`Max L = ${answer}, e.g. ${chain.join(' < ')}.`],
      answer: String(answer),
    },
    rng,
    { compact: isCompactLevel(level), maxSteps: isCompactLevel(level) ? undefined : 60 },
  );
  return {
    instance: {
      question: [`Here is a row of bars each with some height. ${TAIL}`, FORMAT, FINAL_ANSWER_LINE].join('\n'),
      questionLanguage: [`Here is a row of bars each with some height [${seq.join(', ')}]. ${TAIL}`, FORMAT, FINAL_ANSWER_LINE].join('\n'),
      answer,
      initialState: { sequence: seq },
    },
    svgs: [renderBarChart(seq, { axisLabel: 'index', barColor: '#6a1b9a' })],
    trace,
  };
}

export const lisGenerator: TaskGenerator = {
  describeLevel: (level) => `${ARRAY_LEVELS[level].length.join('-')} bars of height ${ARRAY_LEVELS[level].values.join('-')}`,
  generate: (level, rng) => {
    const [lo, hi] = ARRAY_LEVELS[level].values;
    const n = rng.int(...ARRAY_LEVELS[level].length);
    return lisInstance(
      Array.from({ length: n }, () => rng.int(lo, hi)),
      level,
      rng,
    );
  },
};
