// Generator for best time to buy and sell stock (unlimited transactions). Official level parameters: prices in
// [1, 20·level] (1–100 at level 5), 5–10 / 10–20 / 20–30 / 30–50 / 50–70 days; from level 3 prices move in runs of
// ±1..5 like the official generator's volatility pass. The solver walks the days once and banks every rise; each
// banked rise is a trace step, each fall is skipped with its reason.
import { renderBarChart } from '../common/bar-chart.js';
import { ARRAY_LEVELS, FINAL_ANSWER_LINE } from '../common/array-levels.js';
import { buildTrace, isCompactLevel, TraceRecorder } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';
import { maxProfit } from './solve.js';

const LENGTHS: Record<Level, [number, number]> = { 1: [5, 10], 2: [10, 20], 3: [20, 30], 4: [30, 50], 5: [50, 70] };

export function randomPrices(level: Level, rng: Rng): number[] {
  const [lo, hi] = ARRAY_LEVELS[level].values;
  const n = rng.int(...LENGTHS[level]);
  const prices = Array.from({ length: n }, () => rng.int(lo, hi));
  if (level >= 3) {
    for (let i = 1; i < n; i++) {
      const r = rng.next();
      if (r < 0.3) prices[i] = prices[i - 1] + rng.int(1, 5);
      else if (r < 0.6) prices[i] = Math.max(1, prices[i - 1] - rng.int(1, 5));
    }
  }
  return prices;
}

const TAIL =
  'You can buy and sell as much as you want, but can only hold one stock at a time. ' +
  'Calculate the maximum profit you can get from this transaction. If you cannot get any profit, answer 0.';
const FORMAT = 'Answer format: a single integer, e.g. 7.';

export function stockInstance(prices: number[], level: Level, rng: Rng): GeneratedInstance {
  const answer = maxProfit(prices);
  const rec = new TraceRecorder();
  let total = 0;
  let falls = 0;
  for (let i = 1; i < prices.length; i++) {
    const d = prices[i] - prices[i - 1];
    if (d > 0) {
      total += d;
      rec.step(`day ${i - 1}→${i}: ${prices[i - 1]}→${prices[i]}, buy and sell for +${d}`, { check: `profit so far ${total}` });
    } else {
      falls++;
    }
  }
  if (total === 0) rec.note('No day is higher than the day before, so no trade makes money.');
  const trace = buildTrace(
    {
      rules: ['Any number of trades, holding at most one share.', 'Profit = sum of (sell - buy); so every day-to-day rise can be banked.'],
      reading: [`${prices.length} prices: [${prices.join(', ')}].`, `${prices.length - 1 - falls} rises, ${falls} falls or flat days.`],
      steps: rec.steps,
      validation: [`Sum of all rises = ${answer}.`],
      answer: String(answer),
    },
    rng,
    { compact: isCompactLevel(level), maxSteps: isCompactLevel(level) ? undefined : 60 },
  );
  return {
    instance: {
      question: ["Given a bar chart of stock prices over time and each bar's height is the price on that day. " + TAIL, FORMAT, FINAL_ANSWER_LINE].join('\n'),
      questionLanguage: [`Given a list of stock prices [${prices.join(', ')}] over time. ` + TAIL, FORMAT, FINAL_ANSWER_LINE].join('\n'),
      answer: String(answer),
      initialState: { prices },
    },
    svgs: [renderBarChart(prices, { axisLabel: 'day', barColor: '#2e7d32' })],
    trace,
  };
}

export const stockGenerator: TaskGenerator = {
  describeLevel: (level) => `${LENGTHS[level].join('-')} daily prices in ${ARRAY_LEVELS[level].values.join('-')}${level >= 3 ? ', trending runs' : ''}`,
  generate: (level, rng) => stockInstance(randomPrices(level, rng), level, rng),
};
