// Generators of the puzzle families in part A: the reference answer and the expert trace
// pass the verifier at every level, the question states the answer format and the \boxed{} instruction, and the
// image rasterises and decodes at 448 px and 112 px.
// (Determinism by seed and level descriptions: generators.test.ts, over every registered task.)
import { describe, expect, it } from 'vitest';
import { makeRng } from '../../src/tasks/common/rng.js';
import { getTask } from '../../src/tasks/registry.js';
import type { Level, TaskInstance } from '../../src/tasks/types.js';
import { expectPngAt } from './render-check.js';

const GENERATED = ['futoshiki', 'binairo', 'kukurasu'];
const LEVELS: Level[] = [1, 2, 3, 4, 5];

for (const key of GENERATED) {
  describe(`${key} generator`, () => {
    const spec = getTask(key);
    const gen = spec.generator;
    for (const level of LEVELS) {
      it(`level ${level}: answer and trace verify over several seeds`, () => {
        for (let seed = 0; seed < 4; seed++) {
          const g = gen!.generate(level, makeRng(seed, `${key}/${level}`));
          const inst: TaskInstance = { ...g.instance, task: key, difficulty: level, images: ['x.png'] };
          const ref = spec.verify(inst, `\\boxed{${String(g.instance.answer)}}`);
          expect(ref.reason).toMatch(/./);
          expect(ref.correct).toBe(true);
          const tr = spec.verify(inst, g.trace);
          expect(tr.correct, tr.reason).toBe(true);
          expect(g.trace.trimEnd().endsWith('}')).toBe(true);
          for (const q of [g.instance.question, g.instance.questionLanguage]) {
            expect(q).toContain('The final answer MUST BE enclosed within \\boxed{}');
            expect(q).toMatch(/(Answer|Output) format/i);
          }
          // The state round-trips through a JSON string, as official records store it.
          expect(spec.verify({ ...inst, initialState: JSON.stringify(g.instance.initialState) }, g.trace).correct).toBe(true);
        }
      });
    }
    it('renders an image that decodes at 448 px and 112 px', async () => {
      const g = gen!.generate(5, makeRng(3, key));
      for (const size of [448, 112]) {
        const stats = await expectPngAt(g.svgs[0], size);
        // Not a blank page: some dark ink is drawn.
        expect(stats.channels[0].min).toBeLessThan(100);
      }
    });
  });
}
