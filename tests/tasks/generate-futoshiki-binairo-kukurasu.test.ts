// Generators of futoshiki, binairo and kukurasu: the question as the generator writes it (before records strip the
// final-answer line) states the answer format and the \boxed{} instruction, at every level, over several seeds.
// (Determinism, level descriptions, the reference and trace verifying at every level — as generated, with the state
// as a JSON string and after the record round trip — the \boxed{} rule of records and prompts, and the images at 448
// and 112 px: generators.test.ts, over every registered task.)
import { describe, expect, it } from 'vitest';
import { makeRng } from '../../src/tasks/common/rng.js';
import { getTask } from '../../src/tasks/registry.js';
import type { Level } from '../../src/tasks/types.js';

const GENERATED = ['futoshiki', 'binairo', 'kukurasu'];
const LEVELS: Level[] = [1, 2, 3, 4, 5];

for (const key of GENERATED) {
  describe(`${key} generator`, () => {
    const gen = getTask(key).generator;
    for (const level of LEVELS) {
      it(`level ${level}: the generated question states the answer format and the \\boxed{} instruction, over several seeds`, () => {
        for (let seed = 0; seed < 4; seed++) {
          const g = gen!.generate(level, makeRng(seed, `${key}/${level}`));
          for (const q of [g.instance.question, g.instance.questionLanguage]) {
            expect(q).toContain('The final answer MUST BE enclosed within \\boxed{}');
            expect(q).toMatch(/(Answer|Output) format/i);
          }
        }
      });
    }
  });
}
