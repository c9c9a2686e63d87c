// `ahpo sweep --launcher slurm` on a real Slurm (scripts/setup-slurm.sh sets up a one-node one here; .ci/run does it
// in CI). A tiny 2-point × 2-seed sweep goes through sbatch and ends with the local launcher's summary, one task
// cancelled (scancel) while it runs and resumed by a rerun; a rerun while tasks are queued submits nothing twice;
// sbatch's refusals and invalid points queue nothing. Without Slurm these tests are skipped with the reason; under
// CI (CI=true) or with AHPO_REQUIRE_SLURM=1 a missing Slurm is a failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSlurmRecord, slurmTaskStates, type TaskState } from '../../src/train/sweep-slurm.js';
import { pointProgress, readPlanFile } from '../../src/train/sweep-status.js';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'ahpo.js');
const REWARDS = join(__dirname, '..', 'fixtures', 'rewards');
const REQUIRED = process.env.CI === 'true' || process.env.AHPO_REQUIRE_SLURM === '1';

/** Why Slurm cannot be used here, or undefined when sinfo shows a node that takes jobs. */
function slurmMissing(): string | undefined {
  const r = spawnSync('sinfo', ['--noheader', '--format=%T'], { encoding: 'utf8', timeout: 20_000 });
  if (r.error) return `sinfo cannot run (${r.error.message})`;
  if (r.status !== 0) return `sinfo exited ${r.status}: ${r.stderr.trim()}`;
  if (!/^(idle|mixed|allocated|completing)/m.test(r.stdout)) return `no node takes jobs (sinfo: ${r.stdout.trim() || 'no nodes'})`;
  return undefined;
}
const missing = slurmMissing();
const SKIP = missing && !REQUIRED ? `no Slurm here: ${missing}; run bash scripts/setup-slurm.sh` : undefined;
if (SKIP) console.warn(`SKIPPED Slurm sweep tests — ${SKIP}`);

function ahpo(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: ROOT, env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Polls until fn returns a value; the generous limit only ends a test that would otherwise hang. */
async function until<T>(what: string, fn: () => T | undefined, limitMs = 400_000): Promise<T> {
  const end = Date.now() + limitMs;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`still waiting after ${limitMs / 1000} s: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * A tiny GRPO run of the demo's base model (GRPO has no expert traces to train on: the fastest mode): text prompts,
 * 8 steps, a checkpoint every step, an evaluation every 4. The varied reward and the two learning rates make every
 * point's numbers differ (a mixed-up point would show); the gate plug-in (weight 0) slows steps while its file
 * exists. (A text-only preset model would not do: its saved config.json drops the image token ids that the fresh
 * run suppresses when sampling, so a resumed preset run samples differently from its first step on.)
 */
function setup(): { root: string; config: string; gate: string } {
  const root = mkdtempSync(join(tmpdir(), 'ahpo-slurm-'));
  const config = join(root, 'tiny.yaml');
  writeFileSync(
    config,
    [
      `run: { name: tiny, outDir: ${JSON.stringify(join(root, 'runs'))} }`,
      `model: { backend: wasm, source: ${JSON.stringify(join(ROOT, 'models', 'tiny-vl-base'))} }`,
      'data: { train: "gen:tasks=maze,levels=1,n=4,seed=1", eval: "gen:tasks=maze,levels=1,n=2,seed=77", variant: text }',
      'ahpo: { groupSize: 2, mode: grpo }',
      'rollout: { maxNewTokens: 6 }',
      'train: { steps: 8, promptsPerStep: 2, microBatch: 4 }',
      'eval: { every: 4, maxNewTokens: 4 }',
      'checkpoint: { every: 1 }',
      `rewards: { plugins: [{ module: ${JSON.stringify(join(REWARDS, 'varied.ts'))} }, { module: ${JSON.stringify(join(REWARDS, 'gate.ts'))}, weight: 0 }] }`,
      '',
    ].join('\n'),
  );
  return { root, config, gate: join(root, 'gate') };
}

const sweepArgs = (config: string, outDir: string, ...more: string[]) => [
  'sweep',
  '--config',
  config,
  '--grid',
  'train.lr=0.001,0.003',
  '--seeds',
  '1,2',
  '--set',
  `run.outDir=${outDir}`,
  ...more,
];

function states(sweepDir: string): TaskState[] {
  return slurmTaskStates(readPlanFile(sweepDir).plan, readSlurmRecord(sweepDir));
}

/** summary.csv without its wall-clock column. */
function summaryRows(sweepDir: string): string[] {
  const rows = readFileSync(join(sweepDir, 'summary.csv'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(','));
  const wall = rows[0].indexOf('wall_seconds');
  return rows.map((r) => r.filter((_, i) => i !== wall).join(','));
}

/** metrics.jsonl without wall-clock figures. */
function metrics(dir: string): unknown[] {
  const clockFree = ({ time: _t, rolloutTokensPerSec: _r, trainTokensPerSec: _s, ...rest }: Record<string, unknown>) => rest;
  return readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => clockFree(JSON.parse(l)));
}

/** The sweep's tasks that squeue lists, by the job ids its record holds (leftovers of other runs do not count). */
function queued(sweepDir: string): string[] {
  const rec = readSlurmRecord(sweepDir)!;
  const ids = new Set(rec.submissions.map((s) => s.jobId));
  const out = spawnSync('squeue', ['--noheader', '--array', `--name=${rec.jobName}`, '--format=%F %i'], { encoding: 'utf8' }).stdout;
  return out
    .split('\n')
    .filter((l) => ids.has(l.trim().split(' ')[0]))
    .map((l) => l.trim().split(' ')[1]);
}

describe.runIf(!SKIP)('ahpo sweep --launcher slurm', () => {
  it('has a Slurm to run on', () => {
    // Reached only when Slurm is required (CI) or present: then a missing one fails here, with the reason.
    expect(missing, 'HINT: bash scripts/setup-slurm.sh').toBeUndefined();
  });

  it("ends with the local launcher's summary, a task cancelled while running resumed by a rerun to identical metrics", async () => {
    const { root, config, gate } = setup();
    const local = ahpo(sweepArgs(config, join(root, 'local'), '--parallel', '2'));
    expect(local.status, local.stderr).toBe(0);

    writeFileSync(gate, '');
    const slurmDir = join(root, 'slurm', 'sweep-tiny');
    const first = ahpo(sweepArgs(config, join(root, 'slurm'), '--launcher', 'slurm', '--cpus', '1'), { AHPO_TEST_GATE: gate });
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^\[1\/4\] submit +tiny--train\.lr_0\.001--seed_1 \(new\)$/m);
    const jobId = /submitted 4 task\(s\) as Slurm job (\d+)/.exec(first.stdout)![1];
    expect(readFileSync(join(slurmDir, 'slurm', 'sweep.sbatch'), 'utf8')).toContain('#SBATCH --signal=B:TERM@300');

    // Point 0 runs, slowed by the gate: cancel its task once it has saved a checkpoint past step 1.
    const target = readPlanFile(slurmDir).plan.points[0];
    await until('point 0 running at step 2', () => {
      const s = states(slurmDir)[0];
      return s.status === 'running' && (pointProgress(target.dir).step ?? 0) >= 2 && existsSync(join(target.dir, 'latest')) ? s : undefined;
    });
    expect(spawnSync('scancel', [`${jobId}_0`]).status).toBe(0);
    const stopped = await until('the cancelled task to leave the queue', () => {
      const s = states(slurmDir)[0];
      return s.status === 'running' || s.status === 'pending' ? undefined : s;
    });
    // SIGTERM reached the trainer: it saved and exited 0 before its last step.
    expect(stopped).toMatchObject({ status: 'stopped', task: `${jobId}_0`, detail: expect.stringContaining('exited 0') });
    expect(existsSync(join(target.dir, 'done.json'))).toBe(false);

    // The rerun resubmits only the stopped point; the others are running, queued or done, never submitted twice.
    const rerun = ahpo(sweepArgs(config, join(root, 'slurm'), '--launcher', 'slurm', '--cpus', '1'), { AHPO_TEST_GATE: gate });
    expect(rerun.status, rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(/^\[1\/4\] submit +tiny--train\.lr_0\.001--seed_1 \(stopped, task \d+_0/m);
    expect(rerun.stdout.match(/^\[\d\/4\] skip /gm)).toHaveLength(3);
    expect(rerun.stdout).toMatch(/submitted 1 task\(s\) as Slurm job \d+/);
    rmSync(gate);

    const end = await until('every point done', () => {
      const s = states(slurmDir);
      return s.every((x) => x.status === 'done') ? s : undefined;
    });
    expect(end.map((s) => s.task)).toEqual([expect.not.stringMatching(new RegExp(`^${jobId}_`)), `${jobId}_1`, `${jobId}_2`, `${jobId}_3`]);
    expect(readSlurmRecord(slurmDir)!.submissions.map((s) => Object.keys(s.tasks))).toEqual([['0', '1', '2', '3'], ['0']]);
    expect(readFileSync(join(slurmDir, 'logs', `${target.name}.log`), 'utf8')).toMatch(/resume: step [2-9]/);

    const summary = ahpo(['sweep', 'summary', slurmDir]);
    expect(summary.status, summary.stderr).toBe(0);
    expect(summaryRows(slurmDir)).toEqual(summaryRows(join(root, 'local', 'sweep-tiny')));
    expect(summaryRows(slurmDir)[1]).toMatch(/^tiny--train\.lr_0\.001--seed_1,0\.001,1,done,8,/);
    expect(metrics(target.dir)).toEqual(metrics(join(root, 'local', target.name)));

    const status = ahpo(['sweep', 'status', slurmDir]);
    expect(status.stdout).toMatch(/^tiny--train\.lr_0\.003--seed_2 +done +\d+_3 +8 +\d\.\d{3} @ 8/m);
    expect(status.stdout).toMatch(/^4 points: 4 done$/m);
    rmSync(root, { recursive: true, force: true }); // 8 run folders with checkpoints; a failure keeps them to inspect
  }, 900_000);

  it('submits nothing twice while tasks are queued; cancel DIR empties the queue and a rerun resubmits', () => {
    const { root, config } = setup();
    const sweepDir = join(root, 'runs', 'sweep-tiny');
    const held = ['--launcher', 'slurm', '--sbatch=--hold'];
    const first = ahpo(sweepArgs(config, join(root, 'runs'), ...held));
    expect(first.status, first.stderr).toBe(0);
    expect(queued(sweepDir)).toHaveLength(4);

    const again = ahpo(sweepArgs(config, join(root, 'runs'), ...held));
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^\[4\/4\] skip +tiny--train\.lr_0\.003--seed_2 \(pending, task \d+_3, JobHeldUser\)$/m);
    expect(again.stdout).toContain('nothing to submit');
    expect(queued(sweepDir)).toHaveLength(4);
    expect(readSlurmRecord(sweepDir)!.submissions).toHaveLength(1);
    expect(ahpo(['sweep', 'status', sweepDir]).stdout).toMatch(/^4 points: 4 pending$/m);

    const cancel = ahpo(['sweep', 'cancel', sweepDir]);
    expect(cancel.stdout).toContain('cancelled 4 task(s)');
    expect(queued(sweepDir)).toEqual([]);
    expect(states(sweepDir).map((s) => s.status)).toEqual(['stopped', 'stopped', 'stopped', 'stopped']);

    const resubmit = ahpo(sweepArgs(config, join(root, 'runs'), ...held));
    expect(resubmit.stdout).toMatch(/submitted 4 task\(s\)/);
    expect(readSlurmRecord(sweepDir)!.submissions).toHaveLength(2);
    expect(ahpo(['sweep', 'cancel', sweepDir]).stdout).toContain('cancelled 4 task(s)');
    expect(queued(sweepDir)).toEqual([]);
  }, 300_000);

  it("shows sbatch's refusal and records nothing; an invalid point queues nothing", () => {
    const { root, config } = setup();
    const sweepDir = join(root, 'runs', 'sweep-tiny');
    const refused = ahpo(sweepArgs(config, join(root, 'runs'), '--launcher', 'slurm', '--partition', 'no-such-partition'));
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^ahpo: sbatch refused the sweep's job, nothing was submitted: sbatch exited 1: .*invalid partition/im);
    expect(existsSync(join(sweepDir, 'slurm.json'))).toBe(false);

    const invalid = ahpo(['sweep', '--config', config, '--grid', 'train.lr=0.001,5', '--set', `run.outDir=${join(root, 'bad')}`, '--launcher', 'slurm']);
    expect(invalid.status).toBe(2);
    expect(invalid.stderr).toMatch(/sweep point tiny--train\.lr_5--seed_0: invalid configuration/);
    expect(existsSync(join(root, 'bad'))).toBe(false);
  }, 300_000);

  it('shows a task whose trainer failed as failed, with its exit status, and a rerun resubmits it', async () => {
    const { root } = setup();
    writeFileSync(join(root, 'crash.mjs'), "throw new Error('plug-in crashed while loading');\n");
    const config = join(root, 'crash.yaml');
    writeFileSync(
      config,
      [
        `run: { name: crash, outDir: ${JSON.stringify(join(root, 'runs'))} }`,
        'model: { backend: wasm, source: "preset:tiny-test" }',
        'data: { train: "gen:tasks=maze,levels=1,n=2,seed=1", eval: "gen:tasks=maze,levels=1,n=1,seed=77", variant: text }',
        `rewards: { plugins: [{ module: ${JSON.stringify(join(root, 'crash.mjs'))} }] }`,
        '',
      ].join('\n'),
    );
    const sweep = ['sweep', '--config', config, '--seeds', '1', '--launcher', 'slurm'];
    expect(ahpo(sweep).status).toBe(0);
    const sweepDir = join(root, 'runs', 'sweep-crash');
    const failed = await until('the task to fail', () => states(sweepDir).find((s) => s.status === 'failed'), 240_000);
    expect(failed.detail).toBe('trainer exit 1');
    expect(readFileSync(join(sweepDir, 'logs', 'crash--seed_1.log'), 'utf8')).toContain('plug-in crashed while loading');
    expect(ahpo(['sweep', 'status', sweepDir]).stdout).toMatch(/^crash--seed_1 +failed +\d+_0 +- +- +trainer exit 1$/m);
    const rerun = ahpo(sweep);
    expect(rerun.stdout).toMatch(/^\[1\/1\] submit +crash--seed_1 \(failed, task \d+_0, trainer exit 1\)$/m);
    expect(rerun.stdout).toContain('submitted 1 task(s)');
    ahpo(['sweep', 'cancel', sweepDir]);
  }, 300_000);
});

if (SKIP) {
  describe('ahpo sweep --launcher slurm', () => {
    it.skip(`needs Slurm: ${SKIP}`, () => undefined);
  });
}
