// The lines `ahpo train` ends with: the held-out change paired by problem (Wilson interval, exact McNemar), the
// retention set before/after when one is configured, and the ξ share by phase — read from the run folder's files.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeSummary } from '../../src/cli/commands/train.js';
import { resolveConfig } from '../../src/train/config.js';
import type { EvalRow } from '../../src/train/metrics.js';

function evalFile(dir: string, name: string, correct: boolean[]): void {
  writeFileSync(
    join(dir, 'eval', `${name}.jsonl`),
    correct.map((c, i) => `${JSON.stringify({ key: `t/L1-${i}@gen:seed=1`, correct: c, reward: c ? 1 : 0 })}\n`).join(''),
  );
}

const row = (step: number, overall: number, n: number, retention?: number): EvalRow => ({
  kind: 'eval',
  step,
  time: step,
  overall,
  tasks: {},
  cells: {},
  n,
  ...(retention === undefined ? {} : { retention: { overall: retention, tasks: {}, cells: {}, n: 4 } }),
});

describe('describeSummary', () => {
  it('pairs the first and last evaluations by problem, for the held-out and the retention sets', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ahpo-summary-'));
    mkdirSync(join(dir, 'eval'));
    // Held-out: 12 problems; 1 solved at step 0, 11 at step 40 (10 gained, 0 lost → p = 2/1024).
    evalFile(
      dir,
      'step-0',
      Array.from({ length: 12 }, (_, i) => i === 0),
    );
    evalFile(
      dir,
      'step-40',
      Array.from({ length: 12 }, (_, i) => i !== 11),
    );
    evalFile(dir, 'step-0-retention', [true, true, true, false]);
    evalFile(dir, 'step-40-retention', [true, false, true, false]);
    const cfg = resolveConfig({ train: { steps: 40 } });
    const text = describeSummary(
      { dir, status: 'done', step: 40, firstEval: row(0, 1 / 12, 12, 0.75), lastEval: row(40, 11 / 12, 12, 0.5), xiShares: [1, 1, 0.5, 0.5, 0] },
      cfg,
    );
    const lines = text.split('\n');
    expect(lines[1]).toBe('held-out greedy accuracy, step 0 → 40: 8.3% → 91.7% (95% CI 64.6–98.5) on 12 problems; 10 gained, 0 lost, exact McNemar p = 0.002');
    expect(lines[2]).toBe(
      'retention (problems the start model solved), step 0 → 40: 75.0% → 50.0% (95% CI 15.0–85.0) on 4 problems; 0 gained, 1 lost, exact McNemar p = 1.000',
    );
    expect(lines[3]).toBe('ξ share over the run (5 phases): 1.00 → 1.00 → 0.50 → 0.50 → 0.00');
    expect(lines[lines.length - 1]).toBe(`read the completions: ahpo board ${dir}; every mode and R̂ measured against the base: docs/results.md`);
  });

  it('falls back to the two accuracies when there is only one evaluation', () => {
    const cfg = resolveConfig({});
    const text = describeSummary({ dir: '/nowhere', status: 'stopped', step: 3, firstEval: row(0, 0.25, 8), lastEval: row(0, 0.25, 8), xiShares: [] }, cfg);
    expect(text.split('\n')[1]).toBe('held-out greedy accuracy: start 25.0% (step 0) → end 25.0% (step 0), 8 problems');
  });
});
