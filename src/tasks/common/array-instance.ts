// The shared shape of the array-algorithm generators: official question text for the image and text variants (the
// text variant embeds the list where the official one does), an integer answer, `{key: list}` as initial_state, a bar
// chart, and a trace from the solver's recorded steps (compact at levels 1–2, long sweeps summarised from level 3);
// and the shared shape of their verifiers (arrayIntegerRules).
import type { TaskDefinition } from '../define.js';
import { checkInteger, parseIntArrayState, readInteger } from './answer-shapes.js';
import { renderBarChart, type BarChartOptions } from './bar-chart.js';
import { FINAL_ANSWER_LINE } from './array-levels.js';
import { buildTrace, isCompactLevel, type TraceRecorder } from '../trace.js';
import type { GeneratedInstance, Level, Rng } from '../types.js';

export interface ArrayInstanceSpec {
  key: string;
  values: number[];
  answer: number;
  /** Question with the list omitted (image variant) or given (text variant). */
  question: (list: string | null) => string;
  format: string;
  rules: string[];
  reading: string[];
  rec: TraceRecorder;
  validation: string[];
  chart?: BarChartOptions;
}

export function arrayInstance(s: ArrayInstanceSpec, level: Level, rng: Rng): GeneratedInstance {
  const trace = buildTrace({ rules: s.rules, reading: s.reading, steps: s.rec.steps, validation: s.validation, answer: String(s.answer) }, rng, {
    compact: isCompactLevel(level),
    maxSteps: isCompactLevel(level) ? undefined : 60,
  });
  return {
    instance: {
      question: [s.question(null), s.format, FINAL_ANSWER_LINE].join('\n'),
      questionLanguage: [s.question(`[${s.values.join(', ')}]`), s.format, FINAL_ANSWER_LINE].join('\n'),
      answer: String(s.answer),
      initialState: { [s.key]: s.values },
    },
    svgs: [renderBarChart(s.values, s.chart)],
    trace,
  };
}

type ArrayState = Record<string, number[]>;

/**
 * State, answer and rules of a task whose answer is one integer computed from one integer list (`{key: [...]}` as
 * initial_state): rule-based, the answer must equal `compute(list)` recomputed from the state, so a wrong reference
 * cannot fail a right answer (the official check string-matches the reference; "12.0", "+12" and thousands
 * separators spell the same integer here). `what` names the quantity in reasons.
 */
export function arrayIntegerRules(
  key: string,
  compute: (list: number[]) => number,
  what: string,
): Pick<TaskDefinition<ArrayState, bigint>, 'needsInitialState' | 'parseState' | 'parseAnswer' | 'check'> {
  return {
    needsInitialState: true,
    parseState: (raw) => ({ [key]: parseIntArrayState(raw, key) }),
    parseAnswer: readInteger,
    check: (state, got) => checkInteger(got, compute(state[key]), what),
  };
}
