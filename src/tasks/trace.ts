// SERG-style expert traces (docs/ahpo.md "SERG"): a rule-based skeleton built around a solver's real steps —
// rules recap → reading the state → step-by-step strategy with explicit checks, dead ends and backtracking →
// validation → \boxed{answer}. The paper has an LLM rewrite the skeleton into reflective prose; this project's
// default instead varies templated reflective phrasing, picked from the instance's rng so traces are
// deterministic by seed yet not one fixed string a model could memorise.
import type { Level, Rng } from './types.js';

/** One thing the solver did. Record these while solving (TraceRecorder) rather than inventing them afterwards. */
export type TraceStep =
  /** A forward move: what was done, the state after it, and the check that justified it. */
  | { kind: 'step'; text: string; state?: string; check?: string }
  /** A move or branch that turned out impossible, and why. */
  | { kind: 'dead-end'; text: string; reason: string; state?: string }
  /** The solver undid choices and returned to an earlier point (`to` describes it). */
  | { kind: 'backtrack'; to: string }
  /** Free commentary (e.g. a deduction that made no move). */
  | { kind: 'note'; text: string };

export interface TraceInput {
  /** Rules recap, one rule per entry, in the task's own words. */
  rules: string[];
  /** What the solver read from the state (sizes, givens, clues), one fact per entry. */
  reading: string[];
  steps: TraceStep[];
  /** Final checks of the answer against every rule, one per entry (phrased as facts that hold). */
  validation: string[];
  /** Exactly the text that goes inside \boxed{}; must be what the verifier accepts. */
  answer: string;
}

export interface TraceOptions {
  /** Short headings, no reflective filler: for levels 1–2, so a tiny model can learn the format. */
  compact?: boolean;
  /**
   * Keep at most this many steps: the first half and the last half, with an honest note in between saying how
   * many steps (and dead ends) were left out. Unlimited when absent.
   */
  maxSteps?: number;
}

/** Levels 1–2 get compact traces (issue 3: short traces at low levels for tiny models). */
export function isCompactLevel(level: Level): boolean {
  return level <= 2;
}

/** Collects steps while a solver runs; pass `recorder.steps` to buildTrace. */
export class TraceRecorder {
  readonly steps: TraceStep[] = [];
  step(text: string, extra: { state?: string; check?: string } = {}): this {
    this.steps.push({ kind: 'step', text, ...extra });
    return this;
  }
  deadEnd(text: string, reason: string, state?: string): this {
    this.steps.push(state === undefined ? { kind: 'dead-end', text, reason } : { kind: 'dead-end', text, reason, state });
    return this;
  }
  backtrack(to: string): this {
    this.steps.push({ kind: 'backtrack', to });
    return this;
  }
  note(text: string): this {
    this.steps.push({ kind: 'note', text });
    return this;
  }
  /** Counts by kind, for the trace's own summary lines and for tests. */
  counts(): { steps: number; deadEnds: number; backtracks: number } {
    let steps = 0;
    let deadEnds = 0;
    let backtracks = 0;
    for (const s of this.steps) {
      if (s.kind === 'step') steps++;
      else if (s.kind === 'dead-end') deadEnds++;
      else if (s.kind === 'backtrack') backtracks++;
    }
    return { steps, deadEnds, backtracks };
  }
}

// Reflective phrasing. Each list is a set of interchangeable openers; one is picked per use from the rng.
const PHRASES = {
  rules: [
    'Let me first restate the rules so I apply them exactly.',
    'Before solving, let me recall what the rules require.',
    'First, the rules of this problem:',
    'I will start by writing down the rules I have to satisfy.',
  ],
  reading: [
    'Now let me read the given state carefully.',
    'Next, what does the input show?',
    'Reading the state:',
    'Let me extract the relevant facts from the input.',
  ],
  strategy: [
    'Now I work through it step by step, checking each move.',
    'Let me solve it systematically and verify every step.',
    'Strategy: make one justified move at a time, and back up when something fails.',
    'I will proceed move by move and check each one against the rules.',
  ],
  check: ['Check:', 'Verify:', 'Is this allowed?', 'Checking:', 'Does it hold?'],
  deadEnd: ['Wait, this fails:', 'Hmm, this does not work:', 'That leads to a contradiction:', 'This is a dead end:'],
  backtrack: ['So I undo that and go back to', 'Let me backtrack to', 'I return to', 'Backing up to'],
  validation: [
    'Finally, let me validate the complete answer against every rule.',
    'Before answering, I double-check the whole solution.',
    'Let me verify the final answer once more.',
    'Validation of the result:',
  ],
  final: ['All checks pass, so the answer is:', 'Everything is consistent. Final answer:', 'So the answer is:'],
} as const;

function pick(rng: Rng, list: readonly string[]): string {
  return list[Math.floor(rng.next() * list.length)];
}

/** Keeps the first and last halves of `steps` and summarises the middle honestly. */
export function limitSteps(steps: TraceStep[], maxSteps: number | undefined): TraceStep[] {
  if (maxSteps === undefined || steps.length <= maxSteps) return steps;
  if (!Number.isInteger(maxSteps) || maxSteps < 2) throw new Error(`buildTrace: maxSteps must be an integer >= 2, got ${maxSteps}`);
  const head = Math.ceil(maxSteps / 2);
  const tail = maxSteps - head;
  const middle = steps.slice(head, steps.length - tail);
  const deadEnds = middle.filter((s) => s.kind === 'dead-end').length;
  const backtracks = middle.filter((s) => s.kind === 'backtrack').length;
  const summary: TraceStep = {
    kind: 'note',
    text: `(${middle.length} further steps of the same search, including ${deadEnds} dead ends and ${backtracks} backtracks, are summarised here.)`,
  };
  return [...steps.slice(0, head), summary, ...steps.slice(steps.length - tail)];
}

function renderFull(input: TraceInput, steps: TraceStep[], rng: Rng): string {
  const out: string[] = [pick(rng, PHRASES.rules), ...input.rules.map((r) => `- ${r}`), ''];
  out.push(pick(rng, PHRASES.reading), ...input.reading.map((r) => `- ${r}`), '');
  out.push(pick(rng, PHRASES.strategy));
  let n = 0;
  for (const s of steps) {
    if (s.kind === 'step') {
      out.push(`Step ${++n}: ${s.text}`);
      if (s.check) out.push(`  ${pick(rng, PHRASES.check).trim()} ${s.check}`);
      if (s.state) out.push(indent(s.state));
    } else if (s.kind === 'dead-end') {
      out.push(`Step ${++n}: ${s.text}`);
      if (s.state) out.push(indent(s.state));
      out.push(`  ${pick(rng, PHRASES.deadEnd)} ${s.reason}`);
    } else if (s.kind === 'backtrack') {
      out.push(`  ${pick(rng, PHRASES.backtrack)} ${s.to}.`);
    } else {
      out.push(s.text);
    }
  }
  out.push('', pick(rng, PHRASES.validation), ...input.validation.map((v) => `- ${v} ✓`), '');
  out.push(`${pick(rng, PHRASES.final)} \\boxed{${input.answer}}`);
  return out.join('\n');
}

function renderCompact(input: TraceInput, steps: TraceStep[]): string {
  const out: string[] = [`Rules: ${input.rules.join(' ')}`, `Given: ${input.reading.join(' ')}`];
  let n = 0;
  for (const s of steps) {
    if (s.kind === 'step') {
      out.push(`${++n}. ${s.text}${s.check ? ` (${s.check})` : ''}`);
      if (s.state) out.push(s.state);
    } else if (s.kind === 'dead-end') {
      out.push(`${++n}. ${s.text}: fails, ${s.reason}`);
      if (s.state) out.push(s.state);
    } else if (s.kind === 'backtrack') {
      out.push(`Back to ${s.to}.`);
    } else {
      out.push(s.text);
    }
  }
  out.push(`Check: ${input.validation.join(' ')}`, `\\boxed{${input.answer}}`);
  return out.join('\n');
}

function indent(block: string): string {
  return block
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

/**
 * The trace text for one solved instance. Ends with `\boxed{answer}` as its last line, so the benchmark's
 * last-box extraction reads exactly `input.answer`. Throws when a section the format needs is empty.
 */
export function buildTrace(input: TraceInput, rng: Rng, o: TraceOptions = {}): string {
  if (input.rules.length === 0) throw new Error('buildTrace: rules is empty; expected at least one rule to recap');
  if (input.reading.length === 0) throw new Error('buildTrace: reading is empty; expected the facts read from the state');
  if (input.validation.length === 0) throw new Error('buildTrace: validation is empty; expected at least one final check');
  if (input.answer.includes('\n\n')) throw new Error(`buildTrace: answer must not contain blank lines, got ${JSON.stringify(input.answer)}`);
  const steps = limitSteps(input.steps, o.maxSteps);
  return o.compact ? renderCompact(input, steps) : renderFull(input, steps, rng);
}
