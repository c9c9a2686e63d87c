// Generator for CryptoMath (cryptarithms). Official level parameters: 2 terms of 3 digits = 4 digits (L1), 2×4 = 5
// (L2), 3×3 = 4 (L3), 3×4 = 5 (L4), 3×5 = 6 (L5); random terms whose sum has the required length and at most 10 distinct
// digits, each digit replaced by a letter A, B, C… in shuffled order, no leading zero. The solver works column by
// column from the right with the carry: it assigns the free letters of the terms smallest digit first, derives the
// result letter's digit, and backs up when that digit clashes; assignments, clashes and backtracks are the trace.
import { FINAL_ANSWER_LINE } from '../common/array-levels.js';
import { buildTrace, isCompactLevel, TraceRecorder } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';
import { renderEquation } from './render.js';
import { solveCrypto } from './solve.js';
import { parseEquation } from './state.js';

export const CRYPTO_LEVELS: Record<Level, { terms: number; len: number; result: number }> = {
  1: { terms: 2, len: 3, result: 4 },
  2: { terms: 2, len: 4, result: 5 },
  3: { terms: 3, len: 3, result: 4 },
  4: { terms: 3, len: 4, result: 5 },
  5: { terms: 3, len: 5, result: 6 },
};

function randomEquation(level: Level, rng: Rng): string | null {
  const p = CRYPTO_LEVELS[level];
  const terms = Array.from({ length: p.terms }, () => rng.int(10 ** (p.len - 1), 10 ** p.len - 1));
  const total = terms.reduce((a, b) => a + b, 0);
  const parts = [...terms, total].map(String);
  if (parts[parts.length - 1].length !== p.result) return null;
  const digits = [...new Set(parts.join(''))];
  if (digits.length > 10) return null;
  rng.shuffle(digits);
  const letter = new Map(digits.map((d, k) => [d, String.fromCharCode(65 + k)]));
  const words = parts.map((s) => [...s].map((d) => letter.get(d)).join(''));
  return `${words.slice(0, -1).join('+')}=${words[words.length - 1]}`;
}

const INTRO = 'Solve this cryptarithmetic puzzle, where each letter represents a unique digit (0-9).';
const RULES = 'Different letters must correspond to different values, and no leading letter can be zero.';
const FORMAT = 'Please provide your answer as a list of comma-separated "letter"=number pairs.\nExample answer format: ["A"=5,"B"=3,...,"Z"=9].';

export function cryptoInstance(equation: string, level: Level, rng: Rng): GeneratedInstance | null {
  const eq = parseEquation(equation);
  const rec = new TraceRecorder();
  const sol = solveCrypto(eq, rec);
  if (!sol) return null;
  const letters = [...sol.keys()].sort();
  const answer = `[${letters.map((l) => `"${l}"=${sol.get(l)}`).join(',')}]`;
  const asDigits = (w: string): string => [...w].map((ch) => sol.get(ch)).join('');
  const c = rec.counts();
  const trace = buildTrace(
    {
      rules: ['Each letter is one digit; different letters, different digits.', 'No word starts with 0; the sum must hold.'],
      reading: [`Equation ${equation}: ${eq.letters.length} letters.`, 'Work column by column from the right, carrying as in addition.'],
      steps: rec.steps,
      validation: [`${eq.left.map((t) => asDigits(t.word)).join(' + ')} = ${asDigits(eq.right[0].word)} (${c.deadEnds} clashes on the way).`],
      answer,
    },
    rng,
    { compact: isCompactLevel(level), maxSteps: 40 },
  );
  return {
    instance: {
      question: [INTRO, RULES, FORMAT, FINAL_ANSWER_LINE].join('\n'),
      questionLanguage: [INTRO, `Equation: ${equation}`, RULES, FORMAT, FINAL_ANSWER_LINE].join('\n'),
      answer: JSON.stringify(Object.fromEntries(letters.map((l) => [l, sol.get(l)]))),
      initialState: { equation },
    },
    svgs: [renderEquation(eq)],
    trace,
  };
}

export const cryptoGenerator: TaskGenerator = {
  describeLevel: (level) => {
    const p = CRYPTO_LEVELS[level];
    return `${p.terms} terms of ${p.len} letters, ${p.result}-letter sum`;
  },
  generate: (level, rng) => {
    for (let attempt = 0; attempt < 1000; attempt++) {
      const equation = randomEquation(level, rng);
      const g = equation ? cryptoInstance(equation, level, rng) : null;
      if (g) return g;
    }
    throw new Error(`crypto_math: no solvable equation at level ${level} in 1000 attempts`);
  },
};
