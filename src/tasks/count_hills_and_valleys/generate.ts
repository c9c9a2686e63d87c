// Generator for counting hills and valleys (official parameters: ARRAY_LEVELS; levels 1–2 draw a wave that rises and
// falls by 0–2 with occasional plateaus, higher levels draw random heights and flatten 1–3 stretches into plateaus).
// The solver merges equal neighbours into plateaus, then checks each inner plateau against its two neighbours.
import { ARRAY_LEVELS } from '../common/array-levels.js';
import { arrayInstance } from '../common/array-instance.js';
import { TraceRecorder } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';
import { countHillsAndValleys } from './solve.js';

export function hillsInstance(terrain: number[], level: Level, rng: Rng): GeneratedInstance {
  const runs = terrain.filter((v, i) => i === 0 || v !== terrain[i - 1]);
  const rec = new TraceRecorder();
  let count = 0;
  for (let i = 1; i + 1 < runs.length; i++) {
    const [a, b, c] = [runs[i - 1], runs[i], runs[i + 1]];
    const kind = b > a && b > c ? 'hill' : b < a && b < c ? 'valley' : null;
    if (kind) count++;
    rec.step(`${a}, ${b}, ${c}: ${kind ?? 'neither (slope)'}`, { check: `count ${count}` });
  }
  const answer = countHillsAndValleys(terrain);
  const rule =
    'Hill: A flat or raised area where the land right before it is lower, and the land right after it is lower too. Valley: A flat or dipped area where the land right before is higher, and the land right after is higher too. Neighboring bars with the same height count as part of the same hill/valley. Calculate the number of hills and valleys and return the sum.';
  return arrayInstance(
    {
      key: 'terrain',
      values: terrain,
      answer,
      rec,
      question: (list) => (list === null ? `Here is a terrain made of bars. ${rule}` : `Given a terrain represented by the integer array ${list}. ${rule}`),
      format: 'Answer format: a single integer, e.g. 3.',
      rules: ['Equal neighbours form one plateau.', 'A plateau higher than both neighbours is a hill, lower than both a valley; the ends never count.'],
      reading: [`Terrain [${terrain.join(', ')}] → plateaus [${runs.join(', ')}].`],
      validation: [`${answer} hills and valleys in total.`],
      chart: { axisLabel: 'index', barColor: '#2e7d32' },
    },
    level,
    rng,
  );
}

export const hillsGenerator: TaskGenerator = {
  describeLevel: (level) => `${ARRAY_LEVELS[level].length.join('-')} bars, ${level <= 2 ? 'wave with plateaus' : 'random heights with plateaus'}`,
  generate: (level, rng) => {
    const {
      values: [lo, hi],
      length,
    } = ARRAY_LEVELS[level];
    const n = rng.int(...length);
    let t: number[] = [];
    if (level <= 2) {
      let up = rng.next() < 0.5;
      let h = rng.int(lo, lo + 3);
      while (t.length < n) {
        h += up ? rng.int(0, 2) : -rng.int(0, 2);
        if (up && (h > hi - 3 || rng.next() < 0.3)) up = false;
        else if (!up && (h < lo + 3 || rng.next() < 0.3)) up = true;
        h = Math.max(lo, Math.min(hi, h));
        t.push(h);
        if (rng.next() < 0.2 && t.length < n) t.push(h);
      }
      t = t.slice(0, n);
    } else {
      t = Array.from({ length: n }, () => rng.int(lo, hi));
      for (let k = rng.int(1, 3); k > 0; k--) {
        const s = rng.int(0, n - 3);
        const len = rng.int(2, Math.min(4, n - s));
        const v = rng.int(lo, hi);
        for (let i = s; i < s + len; i++) t[i] = v;
      }
    }
    return hillsInstance(t, level, rng);
  },
};
