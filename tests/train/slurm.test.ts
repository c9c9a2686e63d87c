// The Slurm launcher's parts that need no Slurm: the batch script (run by bash with a fake trainer, as a Slurm task
// would run it), the sbatch settings and their checks, the refusal without sbatch, the sweep folder's plan file and
// the local status table. tests/train/sweep-slurm.test.ts runs the whole thing on a real Slurm.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSweepStatus } from '../../src/cli/commands/sweep-folder.js';
import { runSweepCommand, type SweepArgs } from '../../src/cli/commands/sweep.js';
import { InputError } from '../../src/errors.js';
import { arraySpec, checkSlurmOptions, shellQuote, type SlurmOptions } from '../../src/train/slurm.js';
import { sweepBatchScript } from '../../src/train/sweep-slurm.js';
import { localTaskStates, readPlanFile, statusTable, writePlanFile } from '../../src/train/sweep-status.js';
import { planSweep } from '../../src/train/sweep.js';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'ahpo.js');

// A stand-in trainer: prints its arguments, then exits with FAKE_EXIT, or on SIGTERM prints "saving" and exits 0
// (as the real trainer does after its checkpoint) when FAKE_WAIT is set.
const FAKE_TRAINER = `
console.log('args ' + process.argv.slice(2).join(' '));
if (process.env.FAKE_WAIT) {
  process.on('SIGTERM', () => { console.log('saving'); process.exit(0); });
  setInterval(() => {}, 1000);
} else process.exit(Number(process.env.FAKE_EXIT ?? 0));
`;

function setup(): { root: string; config: string; out: string; fake: string } {
  const root = mkdtempSync(join(tmpdir(), 'ahpo-slurm-unit-'));
  const out = join(root, 'runs');
  const config = join(root, 'base.yaml');
  writeFileSync(config, `run:\n  name: base\n  outDir: ${out}\n`);
  const fake = join(root, 'fake-train.mjs');
  writeFileSync(fake, FAKE_TRAINER);
  return { root, config, out, fake };
}

const OPTS: SlurmOptions = { signalSeconds: 300, extra: [] };
const io = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t) } };
};
const args = (config: string, more: Partial<SweepArgs> = {}): SweepArgs => ({
  config,
  grid: ['ahpo.threshold=0,2'],
  set: [],
  summarize: false,
  'dry-run': false,
  ...more,
});

describe('the batch script', () => {
  it('carries the sbatch settings as #SBATCH lines and one case per point', () => {
    const { root, fake } = setup();
    // A config path with a space: the script must keep it one word.
    mkdirSync(join(root, 'my configs'));
    const config = join(root, 'my configs', 'base.yaml');
    writeFileSync(config, `run:\n  name: base\n  outDir: ${join(root, 'runs')}\n`);
    const plan = planSweep({ configPath: config, grid: ['ahpo.threshold=0,2'], seeds: [1] });
    const o: SlurmOptions = {
      partition: 'gpu',
      time: '4:00:00',
      gpus: 1,
      cpus: 8,
      mem: '32G',
      account: 'lab',
      qos: 'high',
      signalSeconds: 120,
      extra: ['--constraint=a100', '--comment=two words'],
    };
    const script = sweepBatchScript(plan, o, { command: process.execPath, args: [fake] });
    const lines = script.split('\n').filter((l) => l.startsWith('#SBATCH'));
    expect(lines).toEqual([
      '#SBATCH --job-name=ahpo-sweep-base',
      `#SBATCH --output=${plan.sweepDir}/logs/slurm-%A_%a.out`,
      '#SBATCH --open-mode=append',
      `#SBATCH --chdir=${process.cwd()}`,
      '#SBATCH --ntasks=1',
      '#SBATCH --requeue',
      '#SBATCH --signal=B:TERM@120',
      '#SBATCH --partition=gpu',
      '#SBATCH --time=4:00:00',
      '#SBATCH --gres=gpu:1',
      '#SBATCH --cpus-per-task=8',
      '#SBATCH --mem=32G',
      '#SBATCH --account=lab',
      '#SBATCH --qos=high',
      '#SBATCH --constraint=a100',
      '#SBATCH --comment="two words"',
    ]);
    expect(script).toContain(
      `  1) NAME=base--ahpo.threshold_2--seed_1; CMD=(${process.execPath} ${fake} --config '${config}' --ahpo.threshold=2 --run.name=base--ahpo.threshold_2--seed_1 --run.seed=1 --resume auto) ;;`,
    );
    expect(sweepBatchScript(plan, { ...OPTS, signalSeconds: 0 }, { command: 'node', args: [] })).not.toContain('#SBATCH --signal');
    expect(spawnSync('bash', ['-n'], { input: script }).status).toBe(0);
  });

  it('runs the point of its array index, logs to logs/<point>.log and records the exit status', () => {
    const { config, fake } = setup();
    const plan = planSweep({ configPath: config, grid: ['ahpo.threshold=0,2'], seeds: [1] });
    const script = join(plan.sweepDir, 'sweep.sbatch');
    mkdirSync(join(plan.sweepDir, 'logs'), { recursive: true });
    writeFileSync(script, sweepBatchScript(plan, OPTS, { command: process.execPath, args: [fake] }));
    const env = { ...process.env, SLURM_ARRAY_JOB_ID: '7', SLURM_ARRAY_TASK_ID: '1', FAKE_EXIT: '3' };
    expect(spawnSync('bash', [script], { env }).status).toBe(3);
    const log = readFileSync(join(plan.sweepDir, 'logs', `${plan.points[1].name}.log`), 'utf8');
    expect(log).toMatch(/^=== \S+ Slurm job 7_1 on \S+, restart 0: /);
    expect(log).toContain(`args --config ${config} --ahpo.threshold=2 --run.name=base--ahpo.threshold_2--seed_1 --run.seed=1 --resume auto`);
    expect(readFileSync(join(plan.sweepDir, 'slurm', 'exit', '7_1'), 'utf8')).toBe('3\n');
    const unknown = spawnSync('bash', [script], { env: { ...env, SLURM_ARRAY_TASK_ID: '9' }, encoding: 'utf8' });
    expect([unknown.status, unknown.stderr]).toEqual([2, 'ahpo sweep: no point has array index 9 in this script\n']);
  });

  it("passes Slurm's early SIGTERM on to the trainer and records the trainer's own exit status", async () => {
    const { config, fake } = setup();
    const plan = planSweep({ configPath: config, grid: ['ahpo.threshold=0'], seeds: [1] });
    const script = join(plan.sweepDir, 'sweep.sbatch');
    mkdirSync(join(plan.sweepDir, 'logs'), { recursive: true });
    writeFileSync(script, sweepBatchScript(plan, OPTS, { command: process.execPath, args: [fake] }));
    const log = join(plan.sweepDir, 'logs', `${plan.points[0].name}.log`);
    // --signal=B:TERM reaches only the batch shell: signal bash alone, never the trainer directly.
    const shell = spawn('bash', [script], { env: { ...process.env, SLURM_ARRAY_JOB_ID: '8', SLURM_ARRAY_TASK_ID: '0', FAKE_WAIT: '1' } });
    const exited = new Promise<number | null>((done) => shell.once('exit', (code) => done(code)));
    for (let i = 0; i < 600 && !(existsSync(log) && readFileSync(log, 'utf8').includes('args ')); i++) await new Promise((r) => setTimeout(r, 50));
    shell.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(readFileSync(log, 'utf8')).toMatch(/saving\n$/);
    expect(readFileSync(join(plan.sweepDir, 'slurm', 'exit', '8_0'), 'utf8')).toBe('0\n');
  });

  it('writes sorted indices as ranges and quotes only what needs it', () => {
    expect(arraySpec([7, 0, 1, 2, 3, 9, 10])).toBe('0-3,7,9-10');
    expect(arraySpec([4])).toBe('4');
    expect(shellQuote('--run.name=a-b_c.1')).toBe('--run.name=a-b_c.1');
    expect(shellQuote("it's here")).toBe(`'it'\\''s here'`);
  });
});

describe('sbatch settings and launcher checks', () => {
  it('refuses settings that cannot work, naming the flag and the value', () => {
    expect(() => checkSlurmOptions({ ...OPTS, gpus: 1, gres: 'gpu:a100:1' })).toThrow('--gpus 1 and --gres gpu:a100:1 both given');
    expect(() => checkSlurmOptions({ ...OPTS, cpus: 0 })).toThrow('--cpus: expected an integer ≥ 1, got 0');
    expect(() => checkSlurmOptions({ ...OPTS, signalSeconds: -5 })).toThrow('--signal-seconds: expected an integer from 0 to 65535');
    expect(() => checkSlurmOptions({ ...OPTS, extra: ['--array=0-3'] })).toThrow(
      /--sbatch "--array=0-3": expected an sbatch option .* that the sweep does not set itself/,
    );
    expect(() => checkSlurmOptions({ ...OPTS, extra: ['constraint=a100'] })).toThrow(InputError);
    expect(() => checkSlurmOptions({ ...OPTS, extra: ['--exclusive', '--nodelist=n1'] })).not.toThrow();
  });

  it('without sbatch on PATH: an error that names --launcher local, and nothing written', async () => {
    const { config, out, root } = setup();
    const emptyBin = join(root, 'bin');
    mkdirSync(emptyBin);
    const path = process.env.PATH;
    process.env.PATH = emptyBin;
    try {
      await expect(runSweepCommand(args(config, { launcher: 'slurm' }), io().io)).rejects.toThrow(
        /--launcher slurm: sbatch not found on PATH .*HINT: run the sweep on this machine with --launcher local/,
      );
    } finally {
      process.env.PATH = path;
    }
    expect(existsSync(out)).toBe(false);
  });

  it('refuses sbatch settings for a local sweep and sweep flags on a sweep folder command', async () => {
    const { config, out } = setup();
    await expect(runSweepCommand(args(config, { partition: 'gpu', sbatch: ['--exclusive'] }), io().io)).rejects.toThrow(
      '--partition, --sbatch: sbatch settings, for --launcher slurm only',
    );
    const r = spawnSync(process.execPath, [BIN, 'sweep', 'status', join(out, 'sweep-base'), '--grid', 'a.b=1'], { cwd: ROOT, encoding: 'utf8' });
    expect([r.status, r.stderr]).toEqual([2, 'ahpo: sweep status DIR reads the sweep from DIR/sweep.json; --grid cannot be given there\n']);
  });

  it("lists none of the sweep's own options in the help of sweep status, summary and cancel", () => {
    const help = (...a: string[]) => spawnSync(process.execPath, [BIN, ...a, '--help'], { cwd: ROOT, encoding: 'utf8' }).stdout;
    const flags = (text: string) => new Set([...text.matchAll(/^ {2}--([\w-]+)/gm)].map((m) => m[1]));
    const sweep = flags(help('sweep'));
    expect(sweep).toContain('grid');
    expect(sweep).toContain('partition');
    for (const sub of ['status', 'summary', 'cancel']) {
      expect([...flags(help('sweep', sub))].sort(), sub).toEqual(['help', 'version']);
    }
  });

  it('--dry-run prints what it would submit and the script, without Slurm and without writing', async () => {
    const { config, out } = setup();
    const o = io();
    expect(await runSweepCommand(args(config, { launcher: 'slurm', 'dry-run': true, time: '10' }), o.io)).toBe(0);
    const text = o.out.join('');
    expect(text).toMatch(
      /^\[1\/2\] submit  base--ahpo\.threshold_0--seed_0 \(new\)\n\[2\/2\] submit  base--ahpo\.threshold_2--seed_0 \(new\)\n--- batch script/,
    );
    expect(text).toContain('#SBATCH --time=10\n');
    expect(existsSync(out)).toBe(false);
  });
});

describe('the sweep folder', () => {
  it('records the plan with absolute paths and reads it back', async () => {
    const { config } = setup();
    const plan = planSweep({ configPath: config, grid: ['ahpo.threshold=0,2'], seeds: [1, 2], set: ['train.steps=3'] });
    await writePlanFile(plan, 'slurm');
    const back = readPlanFile(plan.sweepDir);
    expect(back.launcher).toBe('slurm');
    expect(back.plan).toEqual(plan);
    expect(() => readPlanFile(join(plan.sweepDir, 'logs'))).toThrow(/no sweep\.json; expected a sweep folder .*HINT: /);
  });

  it('shows a local sweep per point: done, running (a live train.lock), stopped, new', async () => {
    const { config } = setup();
    const plan = planSweep({ configPath: config, grid: ['ahpo.threshold=0,1,2,3'] });
    const [done, running, stopped] = plan.points;
    for (const p of [done, running, stopped]) mkdirSync(p.dir, { recursive: true });
    writeFileSync(join(done.dir, 'done.json'), '{}');
    writeFileSync(
      join(done.dir, 'metrics.jsonl'),
      `${JSON.stringify({ kind: 'train', step: 5, time: 1 })}\n${JSON.stringify({ kind: 'eval', step: 5, time: 1, overall: 0.25 })}\n`,
    );
    writeFileSync(join(running.dir, 'train.lock'), JSON.stringify({ pid: process.pid, host: (await import('node:os')).hostname() }));
    expect(localTaskStates(plan).map((s) => s.status)).toEqual(['done', 'running', 'stopped', 'new']);
    const table = statusTable(localTaskStates(plan)).split('\n');
    expect(table[1]).toMatch(/^base--ahpo\.threshold_0--seed_0 +done +- +5 +0\.250 @ 5$/);
    expect(table[5]).toBe('4 points: 1 done, 1 running, 1 stopped, 1 new');
    await writePlanFile(plan, 'local');
    const o = io();
    expect(await runSweepStatus(plan.sweepDir, o.io)).toBe(0);
    expect(o.out.join('')).toContain('4 points: 1 done, 1 running, 1 stopped, 1 new');
  });
});
