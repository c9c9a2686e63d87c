// Generator for CryptoMath (cryptarithms). Official level parameters: 2 terms of 3 digits = 4 digits (L1), 2×4 = 5
// (L2), 3×3 = 4 (L3), 3×4 = 5 (L4), 3×5 = 6 (L5); random terms whose sum has the required length and at most 10 distinct
// digits, each digit replaced by a letter A, B, C… in shuffled order, no leading zero. The solver works column by
// column from the right with the carry: it assigns the free letters of the terms smallest digit first, derives the
// result letter's digit, and backs up when that digit clashes; assignments, clashes and backtracks are the trace.
import { FINAL_ANSWER_LINE } from '../common/array-levels.js';
import { CANVAS, line, PALETTE, STROKE, svgDoc, textPath } from '../render/index.js';
import { buildTrace, isCompactLevel, TraceRecorder } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';
import { parseEquation, type Equation } from './equation.js';

export const CRYPTO_LEVELS: Record<Level, { terms: number; len: number; result: number }> = {
  1: { terms: 2, len: 3, result: 4 },
  2: { terms: 2, len: 4, result: 5 },
  3: { terms: 3, len: 3, result: 4 },
  4: { terms: 3, len: 4, result: 5 },
  5: { terms: 3, len: 5, result: 6 },
};

const SEARCH_BUDGET = 200_000;

/** Column-wise backtracking for sums (terms on the left, one word on the right); null when none within budget. */
export function solveCrypto(eq: Equation, rec?: TraceRecorder): Map<string, number> | null {
  const terms = eq.left.map((t) => t.word);
  const result = eq.right[0].word;
  const width = result.length;
  const leading = new Set([...terms, result].filter((w) => w.length > 1).map((w) => w[0]));
  const digit = new Map<string, number>();
  const used = new Set<number>();
  let budget = SEARCH_BUDGET;
  const colLetters = (col: number): string[] => terms.map((w) => w[w.length - 1 - col]).filter((ch): ch is string => ch !== undefined);

  const column = (col: number, carry: number): boolean => {
    if (col === width) return carry === 0;
    const free = [...new Set(colLetters(col))].filter((ch) => !digit.has(ch));
    const assign = (k: number): boolean => {
      if (--budget < 0) return false;
      if (k < free.length) {
        const ch = free[k];
        for (let d = leading.has(ch) ? 1 : 0; d <= 9; d++) {
          if (used.has(d)) continue;
          digit.set(ch, d);
          used.add(d);
          if (assign(k + 1)) return true;
          digit.delete(ch);
          used.delete(d);
        }
        return false;
      }
      const sum = colLetters(col).reduce((s, ch) => s + (digit.get(ch) ?? 0), carry);
      const r = result[width - 1 - col];
      const need = sum % 10;
      const fixed = free.map((ch) => `${ch}=${digit.get(ch)}`).join(', ');
      const head = `column ${col + 1} from the right${fixed ? `: ${fixed}` : ''}, sum ${sum}`;
      if (digit.has(r)) {
        if (digit.get(r) !== need) {
          rec?.deadEnd(head, `${r} is ${digit.get(r)} but the column needs ${need}`);
          return false;
        }
      } else if (used.has(need) || (need === 0 && leading.has(r))) {
        rec?.deadEnd(head, `${r} would be ${need}, ${need === 0 && leading.has(r) ? 'a leading zero' : 'already used'}`);
        return false;
      }
      const assigned = !digit.has(r);
      if (assigned) digit.set(r, need), used.add(need);
      rec?.step(`${head} → ${r}=${need}, carry ${Math.floor(sum / 10)}`);
      if (column(col + 1, Math.floor(sum / 10))) return true;
      if (assigned) digit.delete(r), used.delete(need);
      rec?.backtrack(`column ${col + 1}`);
      return false;
    };
    return assign(0);
  };
  return column(0, 0) ? digit : null;
}

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

/** The sum written in columns: terms right-aligned, a rule, the result. */
export function renderEquation(eq: Equation): string {
  const rows = [...eq.left.map((t) => t.word), eq.right[0].word];
  const width = Math.max(...rows.map((w) => w.length)) + 1;
  const cell = Math.min(60, (CANVAS - 60) / width);
  const size = cell * 1.2;
  const rowH = Math.min(90, (CANVAS - 60) / (rows.length + 0.5));
  const x0 = (CANVAS - width * cell) / 2;
  const y0 = (CANVAS - rowH * (rows.length + 0.3)) / 2 + rowH / 2;
  const body: string[] = [];
  rows.forEach((w, k) => {
    const y = y0 + k * rowH + (k === rows.length - 1 ? rowH * 0.3 : 0);
    [...w].forEach((ch, i) => body.push(textPath(ch, x0 + (width - w.length + i + 0.5) * cell, y, size, { anchor: 'middle', baseline: 'middle', weight: 'bold', color: k === rows.length - 1 ? PALETTE.blue : PALETTE.purple })));
    if (k > 0 && k < rows.length - 1) body.push(textPath('+', x0 + cell * 0.5, y, size, { anchor: 'middle', baseline: 'middle', weight: 'bold', color: PALETTE.orange }));
  });
  const ruleY = y0 + (rows.length - 1) * rowH - rowH * 0.2;
  body.push(line(x0, ruleY, x0 + width * cell, ruleY, { stroke: PALETTE.orange, width: STROKE.thick }));
  return svgDoc(CANVAS, CANVAS, body);
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
