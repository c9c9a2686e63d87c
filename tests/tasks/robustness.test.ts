// Fuzz/robustness test over EVERY registered task (new families are picked up automatically): hostile response
// texts must never make a verifier throw, rewards stay in [0, 1], correct === (reward === 1), and each call returns
// within CALL_BOUND_MS (docs/verifiers.md states the bound). Instances come from the task's generator when it has
// one, else from an official-shaped fixture record read through the real record reader.
import { describe, expect, it } from 'vitest';
import { makeRng } from '../../src/tasks/common/rng.js';
import { parseRecordsText } from '../../src/dataset/records.js';
import { TASKS } from '../../src/tasks/registry.js';
import type { TaskInstance, TaskSpec } from '../../src/tasks/types.js';
import { FIXTURES } from './robustness-fixtures.js';
import { cpuMs } from '../cpu-time.js';

/** CPU time per verifier call (tests/cpu-time.ts), the best of up to 3 tries; docs/verifiers.md states the bound. */
const CALL_BOUND_MS = 200;

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
        let best = Infinity;
        for (let attempt = 0; attempt < 3 && best > CALL_BOUND_MS; attempt++) {
          let r;
          let ms;
          try {
            ({ value: r, ms } = cpuMs(() => spec.verify(instance, text)));
          } catch (err) {
            throw new Error(`${spec.key} threw on input '${name}': ${err instanceof Error ? err.stack : String(err)}`);
          }
          best = Math.min(best, ms);
          expect(typeof r.reason, `${spec.key} / ${name}: reason`).toBe('string');
          expect(Number.isFinite(r.reward) && r.reward >= 0 && r.reward <= 1, `${spec.key} / ${name}: reward ${r.reward}`).toBe(true);
          expect(r.correct, `${spec.key} / ${name}: correct must equal reward === 1 (reward ${r.reward})`).toBe(r.reward === 1);
        }
        expect(best, `${spec.key} / ${name}: ${best.toFixed(0)} ms CPU > ${CALL_BOUND_MS} ms`).toBeLessThanOrEqual(CALL_BOUND_MS);
      }
    }, 120_000);
  }
});
