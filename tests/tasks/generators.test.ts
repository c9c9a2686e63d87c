// Every registered task's generator, by one test over the registry (TASKS): it exists, describes each level, is
// deterministic by seed while another seed gives another puzzle, its reference answer and trace verify at every level
// 1-5 (as generated, with the state as a JSON string, and after the record round trip), the question leaves the
// \boxed{} instruction to the prompt, and its images decode at 448 px and 112 px with ink on them. A task added to the
// registry is checked here without a new file; where families genuinely differ (image count, image shape, how the
// trace spells its answer) the PROFILES table says so, with the reason. What is the family's own (one-edit
// corruptions, uniqueness, official sizes, question wording, speed) stays in its generate-<family>….test.ts file.
import { describe, expect, it } from 'vitest';
import { answerText, generateChecked, instanceForVerify } from '../../src/dataset/generate.js';
import { makeRng } from '../../src/tasks/common/rng.js';
import { TASKS } from '../../src/tasks/registry.js';
import type { Level, TaskInstance } from '../../src/tasks/types.js';
import { expectBoxedOnlyInPrompt } from './boxed-prompt.js';
import { expectPngAt } from './render-check.js';

const LEVELS: Level[] = [1, 2, 3, 4, 5];
/** Instances per level in the verify check (seeds 0-5): as many as the most any family's own test used before. */
const SEEDS = 6;

/** What differs by family; a task not listed takes the defaults (one square image; the trace boxes the record's answer). */
interface Profile {
  /** Images per instance. */
  images: number;
  /** Whether both sides of the image equal the requested size (else only the longest side does). */
  square: boolean;
  /** Whether the trace ends in \boxed{} of the record's answer text, or in the task's own spelling of the same answer. */
  traceBoxesRecordAnswer: boolean;
}
const DEFAULT: Profile = { images: 1, square: true, traceBoxesRecordAnswer: true };
const PROFILES: Record<string, Partial<Profile>> = {
  // The two graphs to compare, one image each.
  isomorphism: { images: 2 },
  // The grid with a "Find: WORD" band above it: taller than wide.
  wordsearch: { square: false },
  // The record's answer is a list (written as JSON, [1,2]); the trace boxes the list as the question asks, [1, 2].
  topological_sort: { traceBoxesRecordAnswer: false },
  // The record's answer is an object ({"A":1}); the trace boxes the asked form, ["A"=1, …].
  crypto_math: { traceBoxesRecordAnswer: false },
};
const profileOf = (key: string): Profile => ({ ...DEFAULT, ...PROFILES[key] });

describe('the generator profiles', () => {
  it('name registered tasks only', () => {
    const keys = new Set(TASKS.map((t) => t.key));
    for (const key of Object.keys(PROFILES)) expect(keys.has(key), key).toBe(true);
  });
});

describe.each(TASKS.map((spec) => [spec.key, spec] as const))('%s generator', (key, spec) => {
  const profile = profileOf(key);

  it('exists and describes every level', () => {
    expect(spec.generator).toBeDefined();
    for (const l of LEVELS) {
      const text = spec.generator!.describeLevel(l);
      expect(text).toMatch(/\w{3}/);
      expect(text.length).toBeGreaterThan(5);
    }
  });

  it('is deterministic by seed, and another seed gives another instance (and starting state, where it has one)', () => {
    const gen = spec.generator!;
    const a = gen.generate(3, makeRng(11, key));
    const b = gen.generate(3, makeRng(11, key));
    const c = gen.generate(3, makeRng(12, key));
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(c.instance)).not.toBe(JSON.stringify(a.instance));
    // Some tasks keep their data in the question alone (shortest_path: initialState null).
    if (a.instance.initialState != null) expect(JSON.stringify(c.instance.initialState)).not.toBe(JSON.stringify(a.instance.initialState));
  });

  it(`the reference answer and the trace verify at every level 1-5 (${SEEDS} seeds each); the prompt alone asks for \\boxed{}`, () => {
    for (const level of LEVELS) {
      for (let seed = 0; seed < SEEDS; seed++) {
        const where = `${key} L${level} seed ${seed}`;
        const g = generateChecked(spec, level, seed); // throws unless trace and reference verify after the record round trip
        const ref = answerText(g.instance.answer);
        const asGenerated: TaskInstance = { ...g.instance, task: key, difficulty: level, images: ['x.png'] };
        const instances: Array<[string, TaskInstance]> = [
          ['as generated', asGenerated],
          ['after the record round trip', instanceForVerify(spec, g, level, ['x.png'])],
        ];
        // Official records store an object state as a JSON string; a string state is stored as it is.
        const state = g.instance.initialState;
        if (state !== null && typeof state === 'object') instances.push(['state as a JSON string', { ...asGenerated, initialState: JSON.stringify(state) }]);
        for (const [how, inst] of instances) {
          const byRef = spec.verify(inst, `\\boxed{${ref}}`);
          expect(byRef.correct, `${where} ${how}: reference: ${byRef.reason}`).toBe(true);
          expect(byRef.reason).toMatch(/./);
          const byTrace = spec.verify(inst, g.trace);
          expect(byTrace.correct, `${where} ${how}: trace: ${byTrace.reason}`).toBe(true);
        }
        const end = g.trace.trimEnd();
        if (profile.traceBoxesRecordAnswer) expect(end.endsWith(`\\boxed{${ref}}`), `${where}: the trace ends in \\boxed{reference}`).toBe(true);
        else expect(end.endsWith('}') && end.includes('\\boxed{'), `${where}: the trace ends in a \\boxed{}`).toBe(true);
        expectBoxedOnlyInPrompt(g.instance, where);
      }
    }
  });

  it(`renders ${profile.images} image(s) that decode at 448 px and 112 px, with ink on them`, async () => {
    for (const level of [1, 5] as Level[]) {
      const g = spec.generator!.generate(level, makeRng(3, key));
      expect(g.svgs).toHaveLength(profile.images);
      for (const svg of g.svgs) {
        for (const size of [448, 112]) {
          const stats = await expectPngAt(svg, size, { square: profile.square });
          // Not a blank page: some dark ink is drawn, and some channel varies.
          expect(stats.channels[0].min, `${key} L${level} ${size} px: darkest red`).toBeLessThan(100);
          expect(
            stats.channels.some((ch) => ch.stdev > 10),
            `${key} L${level} ${size} px: contrast`,
          ).toBe(true);
        }
      }
    }
  });
});
