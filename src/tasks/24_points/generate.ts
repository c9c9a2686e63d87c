// Generator for 24 points. Official level parameters: four numbers in 1–9 (L1), 1–13 (L2), 1–20 (L3) with repeats,
// 1–20 (L4) and 3–25 (L5) distinct; only solvable draws are kept; numbers are shown sorted. Levels 1–2 additionally
// keep only draws our solver solves with few dead ends (≤ 2 at L1, ≤ 6 at L2), so they are genuinely easy and their
// traces stay short for the tiny-model demo. The trace is the solver's real search: every move tried on the way
// down, failed moves marked as dead ends (their whole subtree was searched), the winning line expanded.
import { FINAL_ANSWER_LINE } from '../common/array-levels.js';
import { BOXED_INSTRUCTION } from '../prompt.js';
import { buildTrace, isCompactLevel, TraceRecorder } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';
import { OP_SYMBOL, solve24Traced, type Move, type Solution24, type Step } from './solve.js';
import { renderCards } from './render.js';

interface PointsLevel {
  range: [number, number];
  repeats: boolean;
  /** Most dead ends a kept draw may cost the solver (easy levels only). */
  maxDeadEnds?: number;
}

export const POINTS_LEVELS: Record<Level, PointsLevel> = {
  1: { range: [1, 9], repeats: true, maxDeadEnds: 2 },
  2: { range: [1, 13], repeats: true, maxDeadEnds: 6 },
  3: { range: [1, 20], repeats: true },
  4: { range: [1, 20], repeats: false },
  5: { range: [3, 25], repeats: false },
};

const RULE_TEXT = 'Use these numbers exactly once, and combine them with +, -, ×, ÷, and parentheses to make 24.';
const FORMAT = [
  'Please provide your answer as an expression that includes only numbers, operators, and parentheses.',
  'Example answer format: (9 - 3) × 8 ÷ 2.',
];

/** Records the search from the root: dead-end moves, then the good move and its subtree. */
function recordSearch(root: Step, rec: TraceRecorder): void {
  let step: Step | undefined = root;
  let depth = 0;
  while (step) {
    const pad = '  '.repeat(depth);
    let good: Step | undefined;
    for (const m of step.tried) {
      const text = `${pad}${m.a} ${OP_SYMBOL[m.op]} ${m.b} = ${m.value} → [${m.after.join(', ')}]`;
      if (m.next) {
        rec.step(text, m.after.length === 1 ? { check: '= 24' } : {});
        good = m.next;
      } else {
        rec.deadEnd(text, m.after.length === 1 ? 'not 24' : 'no way to 24 from here');
      }
    }
    step = good && good.tried.length > 0 ? good : undefined;
    depth++;
  }
}

/** The short form (`style=short`): the numbers in one line and only the moves of the successful branch. */
function shortForm(numbers: number[], sol: Solution24): NonNullable<GeneratedInstance['short']> {
  const moves: string[] = [];
  for (let step: Step | undefined = sol.root; step;) {
    const good: Move | undefined = step.tried.find((m) => m.next);
    if (!good) break;
    moves.push(`${good.a}${OP_SYMBOL[good.op]}${good.b}=${good.value}`);
    step = good.next;
  }
  const ask = 'Make 24: use each number once with + - × ÷ and brackets.';
  return {
    question: `${ask}\n${BOXED_INSTRUCTION}`,
    questionLanguage: `${ask} Numbers: ${numbers.join(' ')}\n${BOXED_INSTRUCTION}`,
    trace: `${moves.join(', ')}\n\\boxed{${sol.expression}}`,
  };
}

export function pointsInstance(numbers: number[], sol: Solution24, level: Level, rng: Rng): GeneratedInstance {
  const rec = new TraceRecorder();
  recordSearch(sol.root, rec);
  const trace = buildTrace(
    {
      rules: ['Use each number exactly once with + - × ÷ and brackets.', 'The result must be exactly 24.'],
      reading: [`Numbers: ${numbers.join(', ')}.`, 'Combine two numbers at a time until one is left.'],
      steps: rec.steps,
      validation: [`${sol.expression} = 24, using ${numbers.join(', ')} once each.`],
      answer: sol.expression,
    },
    rng,
    { compact: isCompactLevel(level), maxSteps: isCompactLevel(level) ? undefined : 40 },
  );
  return {
    instance: {
      question: [RULE_TEXT, ...FORMAT, FINAL_ANSWER_LINE].join('\n'),
      questionLanguage: [RULE_TEXT, `Numbers: [${numbers.join(', ')}]`, ...FORMAT, FINAL_ANSWER_LINE].join('\n'),
      answer: sol.expression,
      initialState: { numbers },
    },
    svgs: [renderCards(numbers)],
    trace,
    short: shortForm(numbers, sol),
  };
}

export const pointsGenerator: TaskGenerator = {
  describeLevel: (level) => {
    const p = POINTS_LEVELS[level];
    return `4 numbers in ${p.range.join('-')}${p.repeats ? ' (repeats allowed)' : ' (distinct)'}${p.maxDeadEnds !== undefined ? `, solved with <= ${p.maxDeadEnds} dead ends` : ''}`;
  },
  generate: (level, rng) => {
    const p = POINTS_LEVELS[level];
    for (let attempt = 0; attempt < 5000; attempt++) {
      const numbers = draw(p, rng).sort((a, b) => a - b);
      const sol = solve24Traced(numbers);
      if (!sol || (p.maxDeadEnds !== undefined && sol.deadEnds > p.maxDeadEnds)) continue;
      return pointsInstance(numbers, sol, level, rng);
    }
    throw new Error(`24_points: no acceptable draw for level ${level} in 5000 attempts`);
  },
};

function draw(p: PointsLevel, rng: Rng): number[] {
  if (p.repeats) return Array.from({ length: 4 }, () => rng.int(...p.range));
  const pool = Array.from({ length: p.range[1] - p.range[0] + 1 }, (_, k) => p.range[0] + k);
  return rng.shuffle(pool).slice(0, 4);
}
