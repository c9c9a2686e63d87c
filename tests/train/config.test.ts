import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, resolveConfig } from '../../src/train/config.js';
import { configDocs } from '../../src/train/config-docs.js';

describe('training config', () => {
  it('defaults to the paper where it speaks: N = 5, R̂ = 2, ε = 0.2, token normalisation, no KL', () => {
    const c = resolveConfig({});
    expect([c.ahpo.groupSize, c.ahpo.threshold, c.ahpo.clipLow, c.ahpo.clipHigh, c.ahpo.normalize, c.ahpo.klCoef, c.ahpo.mode]).toEqual([5, 2, 0.2, 0.2, 'token', 0, 'ahpo']);
  });
  it('applies dotted overrides over the file, parsing YAML scalars and lists', () => {
    const c = loadConfig(join(__dirname, '..', '..', 'configs', 'ahpo.yaml'), [['ahpo.threshold', '3'], ['train.freeze', '[visual.*]'], ['run.name', 'x']]);
    expect(c.ahpo.threshold).toBe(3);
    expect(c.train.freeze).toEqual(['visual.*']);
    expect(c.run.name).toBe('x');
  });
  it('names the key, the value, the expectation and the fix', () => {
    expect(() => resolveConfig({ ahpo: { threshold: 7 } })).toThrow(/ahpo\.threshold: R̂ = 7 exceeds ahpo\.groupSize = 5.*Set ahpo\.threshold ≤ 5/);
    expect(() => resolveConfig({ train: { lr: -1 } })).toThrow(/train\.lr: .*got -1/);
    expect(() => resolveConfig({ ahpo: { mode: 'ppo' } })).toThrow(/ahpo\.mode: .*got "ppo"/);
    expect(() => resolveConfig({ ahpo: { thresold: 2 } })).toThrow(/ahpo: unknown key\(s\) 'thresold'/);
    expect(() => resolveConfig({ extra: {} })).toThrow(/unknown key\(s\) 'extra'/);
    expect(() => loadConfig('/nonexistent.yaml')).toThrow(/cannot read config \/nonexistent\.yaml/);
  });
  it('docs/config.md is generated from the schema and up to date', () => {
    expect(readFileSync(join(__dirname, '..', '..', 'docs', 'config.md'), 'utf8')).toBe(configDocs());
  });
});
