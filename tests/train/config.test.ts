import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { ConfigFileError, ConfigSchema, loadConfig, repeatedKeyMessage, resolveConfig } from '../../src/train/config.js';
import { configDocs } from '../../src/train/config-docs.js';

describe('training config', () => {
  it('writes each default once: an empty config equals every section given as {}, and a section given in part keeps the other defaults', () => {
    const sections = Object.keys(ConfigSchema.shape);
    expect(sections.length).toBeGreaterThan(8);
    const empty = ConfigSchema.parse({});
    expect(ConfigSchema.parse(Object.fromEntries(sections.map((k) => [k, {}])))).toEqual(empty);
    expect(Object.keys(empty).sort()).toEqual([...sections].sort());
    const partial = ConfigSchema.parse({ train: { lr: 1e-3 } });
    expect(partial.train).toEqual({ ...empty.train, lr: 1e-3 });
    expect(empty.ahpo.threshold).toBe(2);
  });
  it('defaults to the paper where it speaks: N = 5, R̂ = 2, ε = 0.2, token normalisation, no KL', () => {
    const c = resolveConfig({});
    expect([c.ahpo.groupSize, c.ahpo.threshold, c.ahpo.clipLow, c.ahpo.clipHigh, c.ahpo.normalize, c.ahpo.klCoef, c.ahpo.mode]).toEqual([
      5,
      2,
      0.2,
      0.2,
      'token',
      0,
      'ahpo',
    ]);
  });
  it('applies dotted overrides over the file, parsing YAML scalars and lists', () => {
    const c = loadConfig(join(__dirname, '..', '..', 'configs', 'ahpo.yaml'), [
      ['ahpo.threshold', '3'],
      ['train.freeze', '[visual.*]'],
      ['run.name', 'x'],
    ]);
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
  it('refuses terms over rollout tokens in mode sft, which has none, rather than ignoring them', () => {
    expect(() => resolveConfig({ ahpo: { mode: 'sft', klCoef: 0.05 } })).toThrow(
      /ahpo\.klCoef: ahpo\.klCoef = 0\.05 applies to rollout tokens, and ahpo\.mode=sft has none/,
    );
    expect(() => resolveConfig({ ahpo: { mode: 'sft', entropyCoef: 0.01 } })).toThrow(/ahpo\.entropyCoef = 0\.01 applies to rollout tokens/);
    // sft-grpo reads both in its GRPO stage.
    expect(resolveConfig({ ahpo: { mode: 'sft-grpo', switchAtStep: 2, klCoef: 0.05 }, train: { steps: 4 } }).ahpo.klCoef).toBe(0.05);
  });
  it('docs/config.md is generated from the schema and up to date', () => {
    expect(readFileSync(join(__dirname, '..', '..', 'docs', 'config.md'), 'utf8')).toBe(configDocs());
  });
});

describe('config files that hold no usable config', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ahpo-config-'));
  const file = (name: string, text: string): string => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  /** The error loadConfig throws for this path; it must be a ConfigFileError, which is bad input (exit 2). */
  const failure = (path: string): Error => {
    try {
      loadConfig(path, [['train.steps', '3']]);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigFileError);
      expect(err).toBeInstanceOf(InputError);
      return err as Error;
    }
    throw new Error(`loadConfig(${JSON.stringify(path)}) did not throw`);
  };

  it('refuses an empty, whitespace-only or comments-only file instead of training with the defaults', () => {
    const empty = file('empty.yaml', '');
    expect(failure(empty).message).toBe(
      `${empty}: the config file is empty (0 bytes, nothing but whitespace); refusing to train with the built-in defaults. ` +
        'HINT: restore the file (a crash can leave a config.yaml truncated; a run folder keeps its resolved config.yaml), or leave --config out to use the defaults on purpose.',
    );
    const blank = file('blank.yaml', '  \n\n');
    expect(failure(blank).message).toMatch(new RegExp(`^${blank}: the config file is empty \\(4 bytes, nothing but whitespace\\);.*HINT: `));
    const comments = file('comments.yaml', '# run:\n#   name: x\n');
    expect(failure(comments).message).toMatch(new RegExp(`^${comments}: the config file is empty \\(no settings: only comments, or a bare null\\);`));
    expect(failure(file('null.yaml', '~\n')).message).toMatch(/the config file is empty \(no settings: only comments, or a bare null\)/);
  });

  it('refuses a top level that is not a mapping, naming what it is', () => {
    expect(failure(file('list.yaml', '- run\n- model\n')).message).toMatch(
      /list\.yaml: expected a mapping of sections at the top level, got a list\. HINT: a config is a mapping of sections/,
    );
    expect(failure(file('word.yaml', 'ahpo\n')).message).toMatch(/word\.yaml: expected a mapping of sections at the top level, got the string "ahpo"\./);
    expect(failure(file('num.yaml', '42\n')).message).toMatch(/num\.yaml: expected a mapping of sections at the top level, got the number 42\./);
  });

  it('refuses YAML that does not parse, naming the file and the line', () => {
    const bad = file('bad.yaml', 'train:\n  steps: [1,\n');
    expect(failure(bad).message).toMatch(new RegExp(`^${bad}: not valid YAML:\n {2}.* at line 3, column 1:[^]*\nHINT: fix the YAML at the line shown`));
    // Every problem is listed, not only the first: here two documents and a repeated key.
    const two = failure(file('two.yaml', 'run:\n  name: a\n  name: b\n---\ntrain: {}\n')).message;
    expect(two).toMatch(/Map keys must be unique at line 3/);
    expect(two).toMatch(/Source contains multiple documents/);
  });

  it('refuses an empty path rather than reading it as "no config file"', () => {
    expect(failure('').message).toMatch(/^config path is empty\. HINT: give a YAML file/);
    expect(failure('  ').message).toMatch(/^config path is empty/);
    // No path at all still means the built-in defaults, with the overrides on top.
    expect(loadConfig(undefined, [['train.steps', '3']]).train.steps).toBe(3);
  });

  it('words a repeated key the same way wherever it is caught', () => {
    expect(repeatedKeyMessage('--train.steps', ['5', '1'])).toBe('--train.steps given twice (5 and 1); give each key once');
    expect(repeatedKeyMessage('--set run.name', ['a', '', 'c'])).toBe('--set run.name given 3 times (a, "" and c); give each key once');
  });
});
