// Robustness of the puzzles-b verifiers: arbitrary text never throws, rewards stay in {0, 1}, and a 1 MB response is
// judged within the stated bound (500 ms of CPU per call, tests/cpu-time.ts; typically a few ms).
import { describe, expect, it } from 'vitest';
import { makeRng } from '../../src/tasks/common/rng.js';
import { getTask } from '../../src/tasks/registry.js';
import * as F from './puzzles-b-fixtures.js';
import { cpuMs } from '../cpu-time.js';

const CASES: [string, unknown, string][] = [
  ['sudoku', F.sudoku.state, F.sudoku.answer],
  ['kakuro', F.kakuro.state, F.kakuro.answer],
  ['numbrix', F.numbrix.state, F.numbrix.answer],
  ['nonogram', F.nonogram.state, F.nonogram.answer],
  ['shingoki', F.shingoki.state, F.shingoki.answer],
  ['tapa', F.tapa.state, F.tapa.answer],
  ['wordsearch', F.wordsearch.state, F.wordsearch.answer],
  ['snake', F.snake.state, F.snake.answer],
  ['wordladder', F.wordladder.state, F.wordladder.answer],
];
const ALPHABET = [
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

function hostile(seed: number): string[] {
  const rng = makeRng(seed, 'fuzz');
  const out = ['', '\\boxed{', '\\boxed{}', '}}}{{{', '\u0000\uffff', `\\boxed{${'('.repeat(5000)}}`];
  for (let i = 0; i < 200; i++) {
    let s = '';
    const n = rng.int(0, 60);
    for (let k = 0; k < n; k++) s += rng.pick(ALPHABET);
    out.push(s);
  }
  return out;
}

describe('puzzles-b verifiers on hostile text', () => {
  for (const [task, state, answer] of CASES) {
    const spec = getTask(task);
    const instance = F.inst(spec.key, state, answer, F.snake.question);
    it(`${task}: never throws, reward in {0,1}`, () => {
      for (const text of hostile(7)) {
        const r = spec.verify(instance, text);
        expect([0, 1]).toContain(r.reward);
        expect(r.correct).toBe(r.reward === 1);
        expect(typeof r.reason).toBe('string');
      }
      for (const bad of [null, 42, 'garbage', [[1]], { a: 1 }]) {
        expect(spec.verify({ ...instance, initialState: bad }, F.boxed(answer)).correct).toBe(false);
      }
    });
    it(`${task}: 1 MB responses are judged within 500 ms`, () => {
      for (const text of [`\\boxed{${answer} ${'(1,2) X|3| cat -> '.repeat(60_000)}}`, 'x'.repeat(1 << 20), `${'\\boxed{'.repeat(100_000)}`]) {
        const { value: r, ms } = cpuMs(() => spec.verify(instance, text));
        expect(ms, 'CPU ms').toBeLessThan(500);
        expect([0, 1]).toContain(r.reward);
      }
    });
  }
});
