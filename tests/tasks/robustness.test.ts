// Fuzz/robustness test over EVERY registered task (new families are picked up automatically): hostile response
// texts must never make a verifier throw, rewards stay in [0, 1], correct === (reward === 1), and each call returns
// within CALL_BOUND_MS (docs/verifiers.md states the bound). Short hostile texts (a seeded fuzz over the characters
// answer parsers care about, and a fixed set of malformed boxes) get a reward of exactly 0 or 1. An unusable
// initial_state (null, 42, 'garbage', …) never throws, scores 0 or 1, and does not make the reference answer correct
// unless the task legitimately judges without the state (JUDGED_WITHOUT_STATE, reasons written there). Instances come
// from the task's generator when it has one, else from an official-shaped fixture record read through the real
// record reader.
import { describe, expect, it } from 'vitest';
import { makeRng } from '../../src/tasks/common/rng.js';
import { parseRecordsText } from '../../src/dataset/records.js';
import { TASKS } from '../../src/tasks/registry.js';
import type { TaskInstance, TaskSpec, VerifyResult } from '../../src/tasks/types.js';
import { FIXTURES } from './robustness-fixtures.js';
import { cpuMs } from '../cpu-time.js';

/** CPU time per verifier call (tests/cpu-time.ts), the best of up to 3 tries; docs/verifiers.md states the bound. */
const CALL_BOUND_MS = 200;
/** CPU time of the first try of each short or per-family hostile text (the bound the per-family fuzz tests had). */
const FIRST_TRY_BOUND_MS = 500;

type Made = { instance: TaskInstance; source: string; generatorError?: string } | { skip: string; generatorError?: string };

function fromFixture(spec: TaskSpec): Made {
  const fixture = FIXTURES[spec.key];
  if (!fixture) return { skip: `no generator and no fixture in tests/tasks/robustness-fixtures.ts — add one` };
  const text = JSON.stringify({ task: spec.key, difficulty: '2', ...fixture });
  const read = parseRecordsText(text, `fixture-${spec.key}.jsonl`, { checkImages: false });
  if (read.records.length === 0) {
    return { skip: `fixture record is malformed (${read.malformed[0]?.reason}) — fix the fixture or parseState` };
  }
  return { instance: read.records[0].instance, source: 'fixture record' };
}

function instanceFor(spec: TaskSpec): Made {
  if (!spec.generator) return fromFixture(spec);
  try {
    const g = spec.generator.generate(2, makeRng(1, spec.key));
    return { instance: { ...g.instance, task: spec.key, difficulty: 2, images: [] }, source: 'generator (level 2, seed 1)' };
  } catch (err) {
    // A broken generator must not hide its verifier from the fuzz: fall back to the fixture, and fail separately.
    return { ...fromFixture(spec), generatorError: err instanceof Error ? err.message : String(err) };
  }
}

/** Deterministic pseudo-random text over an alphabet rich in the characters answer parsers care about. */
function randomText(length: number, seed: number): string {
  const rng = makeRng(seed, 'fuzz');
  const alphabet = 'abcXYZ0123456789 \n\t{}[]()<>,.;:-+*/=|@#\\_^"\'→中€🙂';
  const pieces = ['\\boxed{', '}', '<answer>', '</answer>', 'Answer:', '(1,2)', 'up ', '->', 'None', '1e308', '\\frac{'];
  const out: string[] = [];
  let n = 0;
  while (n < length) {
    const piece = rng.next() < 0.05 ? rng.pick(pieces) : alphabet[rng.int(0, alphabet.length - 1)];
    out.push(piece);
    n += piece.length;
  }
  return out.join('');
}

function hostileInputs(reference: string): Array<[string, string]> {
  const megabyte = 1 << 20;
  const digits = '9'.repeat(100_000);
  return [
    ['empty string', ''],
    ['whitespace only', ' \n\t '.repeat(1000)],
    ['1 MB random text', randomText(megabyte, 1)],
    ['1 MB random text ending in a box', randomText(megabyte, 2) + '\\boxed{' + reference + '}'],
    ['unbalanced braces', '\\boxed{{{{'],
    ['unclosed box over 100k braces', '\\boxed{' + '{'.repeat(100_000)],
    ['unicode and lone surrogates', '\\boxed{🙂∑中文\u0000\uFFFF\uD800 é ́}'],
    ['1e308', '\\boxed{1e308}'],
    ['-1e309 / NaN / Infinity', '\\boxed{-1e309} \\boxed{NaN} \\boxed{Infinity}'],
    ['100k-digit integer', `\\boxed{${digits}}`],
    ['100k-digit negative pair', `\\boxed{(-${digits}, ${digits})}`],
    ['deeply nested brackets', '\\boxed{' + '['.repeat(50_000) + ']'.repeat(50_000) + '}'],
    ['deeply nested parens and braces', '\\boxed{' + '('.repeat(30_000) + '{'.repeat(30_000) + '}'.repeat(30_000) + ')'.repeat(30_000) + '}'],
    ['100k empty boxes', '\\boxed{}'.repeat(100_000)],
    ['50k boxes with numbers', '\\boxed{1} '.repeat(50_000)],
    ['answer tag and Answer: line', `<answer>${reference}</answer>\nAnswer: ${reference}`],
    ['reference repeated 10k times', '\\boxed{' + Array(10_000).fill(reference).join(' ') + '}'],
    ['300k move words', '\\boxed{' + 'up down left right '.repeat(75_000) + '}'],
    ['100k coordinate pairs', '\\boxed{' + '(1, 2), '.repeat(100_000) + '}'],
    ['100k list entries', '\\boxed{[' + '0, '.repeat(100_000) + '0]}'],
    ['1 MB of grid rows', '\\boxed{' + Array(700).fill('1 '.repeat(700)).join('\n') + '}'],
    ['the reference answer', `\\boxed{${reference}}`],
  ];
}

function referenceText(answer: unknown): string {
  if (typeof answer === 'string') return answer;
  return JSON.stringify(answer) ?? '';
}

/** The symbols of the short fuzz: what grid, list, move and path answers are made of, and the answer markers. */
const SHORT_ALPHABET = [
  '\\boxed{',
  '}',
  '{',
  '(',
  ')',
  ',',
  ':',
  '-',
  '->',
  '|',
  '\n',
  ' ',
  'X',
  '.',
  '@',
  'E',
  '9',
  '0',
  '99999999999999999999',
  'é',
  '🙂',
  '[',
  ']',
  "'",
  '"',
  'Answer:',
  '<answer>',
];

/** Malformed boxes and separators, then 200 seeded random strings of up to 60 symbols of SHORT_ALPHABET. */
function shortHostileTexts(seed: number): string[] {
  const rng = makeRng(seed, 'fuzz');
  const out = ['', '\\boxed{', '\\boxed{}', '}}}{{{', '\u0000\uffff', `\\boxed{${'('.repeat(5000)}}`];
  for (let i = 0; i < 200; i++) {
    let s = '';
    const n = rng.int(0, 60);
    for (let k = 0; k < n; k++) s += rng.pick(SHORT_ALPHABET);
    out.push(s);
  }
  return out;
}

/** Hostile texts of the former per-family fuzz tests (puzzles-a, puzzles-b-fuzz) that hostileInputs does not hold. */
function familyHostileInputs(reference: string): Array<[string, string]> {
  return [
    ['box closed four times', '\\boxed{}}}}'],
    ['5000 unclosed brackets in a box', '\\boxed{' + '['.repeat(5000) + '}'],
    ['400-digit integer', '\\boxed{' + '9'.repeat(400) + '}'],
    ['emoji, NUL, 1e999 and -0', '💥\u0000\\boxed{[[1e999, -0]]}'],
    ['a bridge of 99999999999', '\\boxed{(1,2)-(3,4):99999999999}'],
    ['10⁶ letters', 'x'.repeat(1_000_000)],
    ['1 MiB of letters', 'x'.repeat(1 << 20)],
    ['the reference then 1 MB of mixed tokens', `\\boxed{${reference} ${'(1,2) X|3| cat -> '.repeat(60_000)}}`],
    ['100k unclosed box openers', '\\boxed{'.repeat(100_000)],
    // Also in hostileInputs, whose test allows any reward in [0, 1]; the per-family tests held it to 0 or 1.
    ['100k coordinate pairs, held to 0 or 1', '\\boxed{' + '(1, 2), '.repeat(100_000) + '}'],
  ];
}

/**
 * Judges one response under the generic rules (never throws, a reason, reward finite in [0, 1], correct ⇔ reward = 1),
 * up to 3 times while a try exceeds CALL_BOUND_MS; returns the verdict, the first try's CPU ms and the best.
 */
function judge(spec: TaskSpec, instance: TaskInstance, name: string, text: string): { r: VerifyResult; first: number; best: number } {
  let best = Infinity;
  let first = Infinity;
  let r: VerifyResult | undefined;
  for (let attempt = 0; attempt < 3 && best > CALL_BOUND_MS; attempt++) {
    let ms;
    try {
      ({ value: r, ms } = cpuMs(() => spec.verify(instance, text)));
    } catch (err) {
      throw new Error(`${spec.key} threw on input '${name}': ${err instanceof Error ? err.stack : String(err)}`);
    }
    if (attempt === 0) first = ms;
    best = Math.min(best, ms);
    expect(typeof r.reason, `${spec.key} / ${name}: reason`).toBe('string');
    expect(Number.isFinite(r.reward) && r.reward >= 0 && r.reward <= 1, `${spec.key} / ${name}: reward ${r.reward}`).toBe(true);
    expect(r.correct, `${spec.key} / ${name}: correct must equal reward === 1 (reward ${r.reward})`).toBe(r.reward === 1);
  }
  return { r: r!, first, best };
}

/** initial_state values no task can use. */
const UNUSABLE_STATES: unknown[] = [null, 42, 'garbage', [[1]], { a: 1 }, 'not a state {'];

/**
 * Tasks that legitimately judge without reading initial_state (needsInitialState false), so the reference answer is
 * correct whatever the state is (`any`) or when there is none (`null`).
 */
const JUDGED_WITHOUT_STATE: Record<string, { states: 'any' | 'null'; why: string }> = {
  shortest_path: { states: 'any', why: 'the graph is only in the image: the answer is matched against the reference' },
  max_flow: { states: 'any', why: 'the network is only in the image: the answer is matched against the reference' },
  isomorphism: { states: 'any', why: 'the graphs are only in the images: Yes/No is matched against the reference' },
  minesweeper: { states: 'null', why: 'official records may carry no state; without one the mine set is matched against the reference' },
};

/** Where an "unusable" value is, for one family, a real puzzle that the response \boxed{[[1]]} solves. */
const SOLVED_BY_ONE_CELL: Record<string, { states: unknown[]; why: string }> = {
  numbrix: { states: [[[1]]], why: '[[1]] is a 1×1 grid whose given is 1, and [[1]] is its solution' },
};

const prepared = TASKS.map((spec) => ({ spec, made: instanceFor(spec) }));

describe('every registered task survives hostile responses', () => {
  it('the registry has tasks to fuzz', () => {
    expect(TASKS.length).toBeGreaterThan(0);
  });

  for (const { spec, made } of prepared) {
    if (made.generatorError !== undefined) {
      const msg = made.generatorError;
      it(`${spec.key}: generator builds a level-2 instance`, () => expect.fail(`generator threw: ${msg}`));
    }
    if ('skip' in made) {
      it.skip(`${spec.key}: SKIPPED, ${made.skip}`, () => undefined);
      continue;
    }
    it(`${spec.key} (${made.source}): never throws, reward ∈ [0,1], correct ⇔ reward = 1, ≤ ${CALL_BOUND_MS} ms CPU per call`, () => {
      const { instance } = made;
      // Warm-up: one-time costs (the word list's first load, ~0.5 s) are not per-call costs.
      spec.verify(instance, `\\boxed{${referenceText(instance.answer)}}`);
      for (const [name, text] of hostileInputs(referenceText(instance.answer))) {
        const { best } = judge(spec, instance, name, text);
        expect(best, `${spec.key} / ${name}: ${best.toFixed(0)} ms CPU > ${CALL_BOUND_MS} ms`).toBeLessThanOrEqual(CALL_BOUND_MS);
      }
    }, 120_000);

    it(`${spec.key} (${made.source}): short and per-family hostile texts get reward 0 or 1, ≤ ${FIRST_TRY_BOUND_MS} ms CPU at the first try`, () => {
      const { instance } = made;
      spec.verify(instance, `\\boxed{${referenceText(instance.answer)}}`); // warm-up, as above
      const texts: Array<[string, string]> = [
        ...shortHostileTexts(7).map((t, i): [string, string] => [`short text ${i}`, t]),
        ...familyHostileInputs(referenceText(instance.answer)),
      ];
      for (const [name, text] of texts) {
        const { r, first, best } = judge(spec, instance, name, text);
        expect([0, 1], `${spec.key} / ${name}: reward ${r.reward}`).toContain(r.reward);
        expect(first, `${spec.key} / ${name}: ${first.toFixed(0)} ms CPU at the first try`).toBeLessThan(FIRST_TRY_BOUND_MS);
        expect(best, `${spec.key} / ${name}: ${best.toFixed(0)} ms CPU > ${CALL_BOUND_MS} ms`).toBeLessThanOrEqual(CALL_BOUND_MS);
      }
    }, 120_000);

    it(`${spec.key} (${made.source}): an unusable initial_state never throws, scores 0 or 1, and does not make an answer correct`, () => {
      const { instance } = made;
      const reference = `\\boxed{${referenceText(instance.answer)}}`;
      const without = JUDGED_WITHOUT_STATE[spec.key];
      const oneCell = SOLVED_BY_ONE_CELL[spec.key];
      for (const state of UNUSABLE_STATES) {
        const label = JSON.stringify(state);
        const broken = { ...instance, initialState: state };
        const byRef = judge(spec, broken, `state ${label}, the reference answer`, reference).r;
        expect([0, 1]).toContain(byRef.reward);
        const ignoresState = without !== undefined && (without.states === 'any' || state === null);
        if (!ignoresState) expect(byRef.correct, `${spec.key}: state ${label} with the reference answer: ${byRef.reason}`).toBe(false);
        const byOneCell = judge(spec, broken, `state ${label}, \\boxed{[[1]]}`, '\\boxed{[[1]]}').r;
        expect([0, 1]).toContain(byOneCell.reward);
        if (!oneCell?.states.some((s) => JSON.stringify(s) === label)) {
          expect(byOneCell.correct, `${spec.key}: state ${label} with \\boxed{[[1]]}: ${byOneCell.reason}`).toBe(false);
        }
      }
    });
  }
});

describe('the exception tables of the unusable-state test', () => {
  it('JUDGED_WITHOUT_STATE lists exactly the tasks that declare needsInitialState false', () => {
    const declared = TASKS.filter((t) => !t.needsInitialState)
      .map((t) => t.key)
      .sort();
    expect(Object.keys(JUDGED_WITHOUT_STATE).sort()).toEqual(declared);
  });
  it('SOLVED_BY_ONE_CELL names registered tasks and unusable states only', () => {
    const keys = new Set(TASKS.map((t) => t.key));
    const states = new Set(UNUSABLE_STATES.map((s) => JSON.stringify(s)));
    for (const [key, { states: listed }] of Object.entries(SOLVED_BY_ONE_CELL)) {
      expect(keys.has(key), key).toBe(true);
      for (const s of listed) expect(states.has(JSON.stringify(s)), `${key}: ${JSON.stringify(s)}`).toBe(true);
    }
  });
});
