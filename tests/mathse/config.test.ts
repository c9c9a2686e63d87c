// The mathse configuration: one strict section of its own, the shared sections of `ahpo train` with the meaning they
// have there, and every key mathse would not read refused (with why and what to do), never ignored.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configDifferences } from '../../src/cli/commands/mathse.js';
import { DEFAULT_TEMPLATE, loadMathseConfig, resolveMathseConfig, savedForm } from '../../src/mathse/config.js';
import { sftConfig } from '../../src/mathse/run.js';
import { flattenOverrides } from '../../src/train/config.js';
import { stringify } from 'yaml';

describe('mathse config', () => {
  it('defaults: every SFT phase is ahpo.mode=sft for mathse.sftSteps steps; the saved form loads back to the same config', () => {
    const c = resolveMathseConfig({ mathse: { sftSteps: 7, rounds: 2 }, train: { lr: 1e-3 } });
    expect([c.base.ahpo.mode, c.base.train.steps, c.base.train.lr, c.mathse.rounds, c.mathse.samples, c.mathse.sftFrom, c.mathse.template]).toEqual([
      'sft',
      7,
      1e-3,
      2,
      4,
      'base',
      DEFAULT_TEMPLATE,
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'ahpo-mathse-config-'));
    writeFileSync(join(dir, 'c.yaml'), stringify(savedForm(c)));
    expect(loadMathseConfig(join(dir, 'c.yaml'))).toEqual(c);
    const changed = loadMathseConfig(join(dir, 'c.yaml'), [
      ['mathse.samples', '8'],
      ['train.lr', '0.01'],
    ]);
    expect(configDifferences(c, changed)).toEqual(['train.lr: 0.001 → 0.01', 'mathse.samples: 4 → 8']);
  });

  it('refuses what mathse does not read: the ahpo and rewards sections, train.steps', () => {
    expect(() => resolveMathseConfig({ ahpo: { mode: 'ahpo' } })).toThrow(/ahpo: mathse does not read this section: every SFT phase runs ahpo\.mode=sft/);
    expect(() => resolveMathseConfig({ rewards: { plugins: [] } })).toThrow(
      /rewards: mathse does not read this section: a path joins the data when the task verifier accepts it.*mathse\.feedback/,
    );
    expect(() => resolveMathseConfig({ train: { steps: 50 } })).toThrow(
      /train\.steps: = 50 is not read by mathse: each SFT phase runs mathse\.sftSteps steps; move the value there/,
    );
  });

  it('validates the mathse section strictly: unknown keys, ranges, the template, the feedback source', () => {
    expect(() => resolveMathseConfig({ mathse: { round: 2 } })).toThrow(/mathse: unknown key\(s\) 'round' \(docs\/mathse\.md lists every key\)/);
    expect(() => resolveMathseConfig({ mathse: { samples: 0 } })).toThrow(/mathse\.samples: /);
    expect(() => resolveMathseConfig({ mathse: { sftFrom: 'last' } })).toThrow(/mathse\.sftFrom: /);
    expect(() => resolveMathseConfig({ mathse: { template: '{question} {answer}' } })).toThrow(/mathse\.template: the template lacks \{feedback\}/);
    expect(() => resolveMathseConfig({ mathse: { template: '{question} {answer} {feedback} {hint}' } })).toThrow(
      /mathse\.template: unknown placeholder\(s\) \{hint\}; the template may use \{question\}, \{answer\}, \{feedback\}/,
    );
    expect(() => resolveMathseConfig({ mathse: { feedback: { url: 'http://x/v1' } } })).toThrow(/mathse\.feedback\.model: feedback\.url needs feedback\.model/);
    expect(() => resolveMathseConfig({ mathse: { feedback: { model: 'judge' } } })).toThrow(
      /mathse\.feedback\.model: feedback\.model = "judge" is read only with feedback\.url/,
    );
    expect(() => resolveMathseConfig({ mathse: { sftSteps: 4 }, train: { warmupSteps: 4 } })).toThrow(
      /train\.warmupSteps: = 4 must be below mathse\.sftSteps = 4/,
    );
    // The shared sections are validated by the train schema, with its messages.
    expect(() => resolveMathseConfig({ rollout: { temperature: 0 } })).toThrow(/rollout\.temperature: /);
  });

  it('docs/mathse.md names every key of the mathse section', () => {
    const docs = readFileSync(join(__dirname, '..', '..', 'docs', 'mathse.md'), 'utf8');
    const keys = flattenOverrides(savedForm(resolveMathseConfig({})).mathse as Record<string, unknown>, 'mathse.').map(([k]) => k);
    expect(keys.length).toBeGreaterThan(10);
    for (const k of keys) expect(docs, k).toContain(`| \`${k}\` |`);
  });

  it("round k's SFT: an ahpo train run in round-k/sft on the round's data, the held-out set defined by the original training set", () => {
    const c = resolveMathseConfig({
      run: { name: 'm', outDir: '/runs' },
      data: { train: 'gen:tasks=maze,levels=2,n=9,seed=7', exclude: ['gen:tasks=maze,levels=1,n=9,seed=1'] },
    });
    const s = sftConfig(c, '/runs/m', 2, '/runs/m/round-1/sft/step-5');
    expect([s.run.outDir, s.run.name, s.model.source, s.data.train, s.data.exclude, s.ahpo.mode]).toEqual([
      '/runs/m/round-2',
      'sft',
      '/runs/m/round-1/sft/step-5',
      '/runs/m/round-2/data',
      ['gen:tasks=maze,levels=1,n=9,seed=1', 'gen:tasks=maze,levels=2,n=9,seed=7'],
      'sft',
    ]);
  });
});
