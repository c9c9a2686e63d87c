// Every registered task's generator, by one test over the registry (TASKS): it exists, describes each level, and is
// deterministic by seed while another seed gives another puzzle. A task added to the registry is checked here
// without a new file; what differs by family (corruptions, uniqueness, official sizes, images, speed) stays in the
// family's own test file.
import { describe, expect, it } from 'vitest';
import { makeRng } from '../../src/tasks/common/rng.js';
import { TASKS } from '../../src/tasks/registry.js';
import type { Level } from '../../src/tasks/types.js';

const LEVELS: Level[] = [1, 2, 3, 4, 5];

describe.each(TASKS.map((spec) => [spec.key, spec] as const))('%s generator', (key, spec) => {
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
});
