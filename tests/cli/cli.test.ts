// The command line as a user meets it: the real `ahpo` binary in a child process (about a second each). Bad input
// (a usage mistake, a config that cannot be used, a repeated flag) exits 2 with a message naming it; a failure while
// running exits 1. Also the raw-argument scan that finds repeated flags, which yargs' parse result cannot show.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { longFlags, rejectRepeatedFlags, repeatedFlags } from '../../src/cli/repeated-flags.js';
import { InputError } from '../../src/errors.js';
import { planSweep } from '../../src/train/sweep.js';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'ahpo.js');
const scratch = mkdtempSync(join(tmpdir(), 'ahpo-cli-'));

function ahpo(...args: string[]): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stderr: r.stderr };
}

describe('repeated flags in the raw arguments', () => {
  it('reads --k=v, --k v, booleans, --no-k and negative numbers, and stops at --', () => {
    expect(longFlags(['train', '--a.b=1', '--c', 'x', '--force', 'pos', '--no-force', '--lr', '-1', '--d', '--', '--e=1'], { boolean: ['force'] })).toEqual([
      { name: 'a.b', value: '1' },
      { name: 'c', value: 'x' },
      { name: 'force', value: 'true' },
      { name: 'force', value: 'false' },
      { name: 'lr', value: '-1' },
      { name: 'd', value: '' },
    ]);
  });

  it('finds single-valued flags given more than once; array options may repeat', () => {
    const args = ['sweep', '--grid', 'a.x=1', '--grid', 'b.y=2', '--set', 'c.z=1', '--set', 'c.z=2', '--seeds', '1', '--seeds=2', '--seeds', '3'];
    expect(repeatedFlags(args, { array: ['grid', 'set'] })).toEqual([{ name: 'seeds', values: ['1', '2', '3'] }]);
    expect(() => rejectRepeatedFlags(['--train.steps=5', '--train.steps=1'])).toThrow(InputError);
    expect(() => rejectRepeatedFlags(['--train.steps=5', '--train.steps=1'])).toThrow(/^--train\.steps given twice \(5 and 1\); give each key once$/);
    expect(() => rejectRepeatedFlags(['--train.steps=5', '--train.lr=1', '--data.exclude=[a,b]'])).not.toThrow();
  });
});

describe('exit codes of the ahpo binary', () => {
  it('exits 2 for a config file that does not exist, or is empty, or an empty --config', () => {
    const missing = ahpo('train', '--config', '/nonexistent.yaml');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^ahpo: cannot read config \/nonexistent\.yaml: ENOENT/);
    const emptyFile = join(scratch, 'empty.yaml');
    writeFileSync(emptyFile, '\n');
    const empty = ahpo('train', '--config', emptyFile);
    expect(empty.status).toBe(2);
    expect(empty.stderr).toContain(`ahpo: ${emptyFile}: the config file is empty`);
    const blank = ahpo('train', '--config', '');
    expect(blank.status).toBe(2);
    expect(blank.stderr).toMatch(/^ahpo: --config is empty\. HINT: give a YAML file/);
    const sweep = ahpo('sweep', '--config', '', '--seeds', '1', '--dry-run');
    expect(sweep.status).toBe(2);
    expect(sweep.stderr).toMatch(/^ahpo: --config is empty\./);
  });

  it('exits 2 for a usage mistake: an unknown option (yargs-checked or a train override section), a failed argument check', () => {
    const verify = ahpo('verify', '--input', join(scratch, 'x.jsonl'), '--bogus');
    expect(verify.status).toBe(2);
    expect(verify.stderr).toMatch(/^Unknown argument: bogus\nRun with --help for usage\./);
    const train = ahpo('train', '--bogus.key=1');
    expect(train.status).toBe(2);
    expect(train.stderr).toMatch(/^ahpo: unknown option --bogus\. HINT: overrides are --section\.key=value/);
    const evalCheck = ahpo('eval', '--dataset', join(scratch, 'x.jsonl'));
    expect(evalCheck.status).toBe(2);
    expect(evalCheck.stderr).toBe('ahpo: give --responses FILE (model-free) or --model M --out DIR (model-driven)\n');
  });

  it("keeps a sweep point's config error bad input when it adds the point's name", () => {
    let err: unknown;
    try {
      planSweep({ configPath: join(ROOT, 'configs', 'ahpo.yaml'), grid: ['ahpo.threshold=1,9'] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/^sweep point \S+threshold_9\S*: invalid configuration .*\n {2}ahpo\.threshold: R̂ = 9 exceeds/s);
  });

  it('exits 2 for a repeated override key, naming it and both values, and keeps YAML list values working', () => {
    const out = `--run.outDir=${scratch}`;
    // warmupSteps=6 makes either wrong reading fail validation at once (5+1 summed to 6, or the last value 1), so a
    // regression shows up as a different message, never as a training run.
    const twice = ahpo('train', '--config', 'configs/ahpo.yaml', out, '--train.warmupSteps=6', '--train.steps=5', '--train.steps=1');
    expect(twice.status).toBe(2);
    expect(twice.stderr).toBe('ahpo: --train.steps given twice (5 and 1); give each key once\n');
    const set = ahpo('sweep', '--config', 'configs/ahpo.yaml', '--seeds', '1', '--set', 'train.steps=5', '--set', 'train.steps=1', '--dry-run');
    expect(set.status).toBe(2);
    expect(set.stderr).toBe('ahpo: --set train.steps given twice (5 and 1); give each key once\n');
    // A list value arrives as one string: the only complaint is the misspelt key beside it.
    const list = ahpo('train', '--config', 'configs/ahpo.yaml', out, '--data.exclude=[gen:tasks=maze,gen:tasks=24_points]', '--ahpo.thresold=1');
    expect(list.status).toBe(2);
    expect(list.stderr).toBe(
      "ahpo: invalid configuration (configs/ahpo.yaml + overrides):\n  ahpo: unknown key(s) 'thresold' (see docs/config.md for every key)\n",
    );
  });

  it('exits 1 for a failure while running (a reward plug-in that crashes when loaded)', () => {
    const dir = mkdtempSync(join(scratch, 'crash-'));
    writeFileSync(join(dir, 'crash.mjs'), "throw new Error('plug-in crashed while loading');\n");
    const config = join(dir, 'config.yaml');
    writeFileSync(
      config,
      [
        `run: { outDir: ${JSON.stringify(dir)}, name: crash }`,
        'model: { backend: wasm, source: "preset:tiny-test" }',
        'data: { train: "gen:tasks=maze,levels=1,n=2,seed=1", eval: "gen:tasks=maze,levels=1,n=1,seed=77", variant: text }',
        'rewards: { plugins: [{ module: ./crash.mjs }] }',
        '',
      ].join('\n'),
    );
    const r = ahpo('train', '--config', config);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/ahpo: reward plug-in \.\/crash\.mjs: import of .*crash\.mjs failed: plug-in crashed while loading/);
  });
});
