// Generator for the h-index (official parameters: ARRAY_LEVELS; levels 1–2 plant a clear target h in 3–7, higher
// levels draw citations at random and raise a few to 70–100% of the maximum). The solver sorts the citations in
// descending order and walks the ranks while the paper at rank k still has at least k citations.
import { ARRAY_LEVELS } from '../common/array-levels.js';
import { arrayInstance } from '../common/array-instance.js';
import { TraceRecorder } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';
import { hIndex } from './solve.js';

export function hIndexInstance(citations: number[], level: Level, rng: Rng): GeneratedInstance {
  const sorted = [...citations].sort((a, b) => b - a);
  const rec = new TraceRecorder();
  let h = 0;
  while (h < sorted.length && sorted[h] > h) {
    rec.step(`rank ${h + 1}: ${sorted[h]} citations ≥ ${h + 1}`, { check: `h ≥ ${h + 1}` });
    h++;
  }
  if (h < sorted.length) rec.deadEnd(`rank ${h + 1}: ${sorted[h]} citations`, `${sorted[h]} < ${h + 1}, so h cannot reach ${h + 1}`);
  const answer = hIndex(citations);
  const q = (list: string | null): string =>
    `Here is a bar chart${list === null ? '' : ` ${list}`} showing how many times each of a researcher's papers was cited. Determine the researcher's h-index: the largest value h such that at least h papers have at least h citations each.`;
  return arrayInstance(
    {
      key: 'citations',
      values: citations,
      answer,
      rec,
      question: q,
      format: 'Answer format: a single integer, e.g. 3.',
      rules: ['h = the largest number such that h papers have at least h citations each.'],
      reading: [`${citations.length} papers; sorted descending: [${sorted.join(', ')}].`],
      validation: [`${answer} papers have ≥ ${answer} citations${answer < sorted.length ? `, but not ${answer + 1} with ≥ ${answer + 1}` : ''}.`],
      chart: { axisLabel: 'paper', barColor: '#616161' },
    },
    level,
    rng,
  );
}

export const hIndexGenerator: TaskGenerator = {
  describeLevel: (level) => `${ARRAY_LEVELS[level].length.join('-')} papers, citations up to ${ARRAY_LEVELS[level].values[1]}`,
  generate: (level, rng) => {
    const {
      values: [lo, hi],
      length,
    } = ARRAY_LEVELS[level];
    const n = rng.int(...length);
    let c: number[];
    if (level <= 2) {
      const target = rng.int(3, Math.min(7, n));
      c = [...Array.from({ length: target }, () => rng.int(target, hi)), ...Array.from({ length: n - target }, () => rng.int(0, target - 1))];
      rng.shuffle(c);
    } else {
      c = Array.from({ length: n }, () => rng.int(lo, hi));
      for (const k of rng.shuffle(c.map((_, i) => i)).slice(0, rng.int(2, Math.floor(n / 3)))) c[k] = rng.int(Math.floor(hi * 0.7), hi);
    }
    return hIndexInstance(c, level, rng);
  },
};
