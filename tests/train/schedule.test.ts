import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/train/config.js';
import { lrAt, lrAtTime } from '../../src/train/schedule.js';
import { lrChangeOnResume, stepPlan } from '../../src/train/stages.js';

describe('lrAt: linear warm-up then cosine to minLrRatio·lr', () => {
  const o = { lr: 1e-3, warmupSteps: 4, steps: 25, minLrRatio: 0.1 };

  it('warms up linearly from the first step', () => {
    expect(lrAt(0, o)).toBeCloseTo(1e-3 / 5, 15);
    expect(lrAt(3, o)).toBeCloseTo((4 * 1e-3) / 5, 15);
  });

  it('peaks at the end of warm-up, is halfway at mid-cosine, and hits the floor on the last step', () => {
    expect(lrAt(4, o)).toBe(1e-3);
    // p = (14 − 4) / (24 − 4) = 0.5: cos(π/2) = 0, so lrMin + (lr − lrMin)/2.
    expect(lrAt(14, o)).toBeCloseTo(1e-4 + 0.5 * 9e-4, 15);
    // p = 0.25: ½(1 + cos(π/4)).
    expect(lrAt(9, o)).toBeCloseTo(1e-4 + 9e-4 * 0.5 * (1 + Math.SQRT1_2), 15);
    expect(lrAt(24, o)).toBeCloseTo(1e-4, 18);
    expect(lrAt(40, o)).toBeCloseTo(1e-4, 18);
  });

  it('is monotone after warm-up and handles no warm-up and a single step', () => {
    const z = { ...o, warmupSteps: 0 };
    expect(lrAt(0, z)).toBe(1e-3);
    for (let s = 1; s < 25; s++) expect(lrAt(s, z)).toBeLessThan(lrAt(s - 1, z));
    expect(lrAt(0, { ...o, warmupSteps: 0, steps: 1 })).toBe(1e-3);
    expect(() => lrAt(-1, o)).toThrow(RangeError);
    expect(() => lrAt(1.5, o)).toThrow(RangeError);
  });
});

describe('lrAtTime (train.schedule: time): the cosine over the training-time budget', () => {
  const o = { lr: 1e-3, warmupSteps: 0, maxSeconds: 300, minLrRatio: 0.1 };

  it('depends on the training time, not the step: runs at different step rates end at the same lr', () => {
    // p = t / T: peak at 0, halfway at 150 s, the floor at 300 s and beyond, whatever the step.
    expect(lrAtTime(0, 0, o)).toBe(1e-3);
    for (const step of [5, 60, 400]) {
      expect(lrAtTime(step, 150, o)).toBeCloseTo(1e-4 + 0.5 * 9e-4, 15);
      expect(lrAtTime(step, 75, o)).toBeCloseTo(1e-4 + 9e-4 * 0.5 * (1 + Math.SQRT1_2), 15);
      expect(lrAtTime(step, 300, o)).toBeCloseTo(1e-4, 18);
      expect(lrAtTime(step, 999, o)).toBeCloseTo(1e-4, 18);
    }
  });

  it('warms up in steps, scaling the cosine, and refuses a budget of 0', () => {
    const w = { ...o, warmupSteps: 3 };
    // Step 1 of 3 warm-up steps at t = 75 s: (1 + 1)/(3 + 1) of the cosine's value there.
    expect(lrAtTime(1, 75, w)).toBeCloseTo(0.5 * (1e-4 + 9e-4 * 0.5 * (1 + Math.SQRT1_2)), 15);
    expect(lrAtTime(3, 0, w)).toBe(1e-3);
    expect(() => lrAtTime(0, 0, { ...o, maxSeconds: 0 })).toThrow(RangeError);
    expect(() => lrAtTime(0, -1, o)).toThrow(RangeError);
  });

  it('is what stepPlan gives with train.schedule=time; the config refuses it without a budget or with sft-grpo', () => {
    const cfg = resolveConfig({ train: { schedule: 'time', maxSeconds: 300, steps: 1000, lr: 1e-3, minLrRatio: 0.1 } });
    expect(stepPlan(cfg, 7, 150).lr).toBeCloseTo(1e-4 + 0.5 * 9e-4, 15);
    // The step schedule ignores the time: 7 of 1000 steps is still near the peak.
    expect(stepPlan({ ...cfg, train: { ...cfg.train, schedule: 'steps' } }, 7, 150).lr).toBeGreaterThan(0.99e-3);
    expect(() => resolveConfig({ train: { schedule: 'time' } })).toThrow(
      /train\.schedule: train\.schedule = time runs the lr cosine over train\.maxSeconds, which is 0/,
    );
    expect(() => resolveConfig({ ahpo: { mode: 'sft-grpo', switchAtStep: 2 }, train: { steps: 4, schedule: 'time', maxSeconds: 60 } })).toThrow(
      /train\.schedule = time cannot split its time budget between the stages of ahpo\.mode=sft-grpo/,
    );
  });
});

describe('lrChangeOnResume', () => {
  const saved = resolveConfig({ train: { steps: 100, lr: 1e-3, minLrRatio: 0.1 } });

  it('says how the next lr moves when train.steps changes on resume, and the flag that keeps the schedule', () => {
    const longer = resolveConfig({ train: { steps: 200, lr: 1e-3, minLrRatio: 0.1 } });
    // Step index 50 (logged as step 51): p = 50/99 before, 50/199 after.
    const was = 1e-4 + 9e-4 * 0.5 * (1 + Math.cos((Math.PI * 50) / 99));
    const now = 1e-4 + 9e-4 * 0.5 * (1 + Math.cos((Math.PI * 50) / 199));
    const note = lrChangeOnResume(longer, JSON.parse(JSON.stringify(saved)), 50, 12);
    expect(note).toBe(
      `the lr of step 51 changes from ${was.toExponential(3)} (the run's schedule so far) to ${now.toExponential(3)} (this configuration: train.steps 100 → 200). ` +
        "Hint: to keep the run's schedule, resume with its own train settings (--train.steps=100)",
    );
  });

  it('is silent when the lr stays, and says so when the checkpoint records no configuration', () => {
    expect(lrChangeOnResume(saved, JSON.parse(JSON.stringify(saved)), 50, 12)).toBeUndefined();
    // A constant lr (minLrRatio 1) does not depend on train.steps: nothing moves.
    const flat = (steps: number) => resolveConfig({ train: { steps, minLrRatio: 1 } });
    expect(lrChangeOnResume(flat(200), JSON.parse(JSON.stringify(flat(100))), 50, 12)).toBeUndefined();
    expect(lrChangeOnResume(saved, null, 50, 12)).toMatch(/records no runConfig/);
  });
});
