// A run folder has one writer, survives supervisors' signals, and is only created once setup succeeded.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { initBackend } from '../../src/runtime/backend.js';
import { loadConfig } from '../../src/train/config.js';
import { train } from '../../src/train/loop.js';
import { LOCK_FILE, lockRunDir, RunLockedError } from '../../src/train/run-lock.js';
import { naming, namingSync } from '../../src/train/write-errors.js';
import { waitForChild } from '../child-poll.js';

const BIN = join(__dirname, '..', '..', 'bin', 'ahpo.js');
const root = mkdtempSync(join(tmpdir(), 'ahpo-runfolder-'));

/** A tiny text-only SFT run: every step is fast and needs no reward signal. */
const tiny = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  'run.outDir': root,
  'run.name': name,
  'model.backend': 'wasm',
  'data.train': 'gen:tasks=maze,levels=1,n=3,seed=1',
  'data.eval': 'gen:tasks=maze,levels=1,n=2,seed=77',
  'data.variant': 'text',
  'ahpo.mode': 'sft',
  'train.promptsPerStep': 2,
  'eval.every': 0,
  'checkpoint.every': 0,
  ...extra,
});

beforeAll(async () => {
  await initBackend('wasm');
});

describe('run lock', () => {
  it('refuses a second writer by pid and host, takes over a dead process’s lock, and releases only its own', () => {
    const dir = join(root, 'lock');
    mkdirSync(dir);
    const lock = lockRunDir(dir);
    const held = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'));
    expect([held.pid, held.host]).toEqual([process.pid, hostname()]);
    expect(() => lockRunDir(dir)).toThrow(RunLockedError);
    expect(() => lockRunDir(dir)).toThrow(new RegExp(`in use by process ${process.pid} on ${hostname()}.*delete .*${LOCK_FILE}`, 's'));
    expect(new RunLockedError('x')).toBeInstanceOf(InputError); // exit 2
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);

    // kill -9 left a lock behind: same host, pid gone.
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: 99_999_999, host: hostname(), started: 'then', argv: [] }));
    const said: string[] = [];
    const taken = lockRunDir(dir, (m) => said.push(m));
    expect(said).toEqual([expect.stringMatching(/taking over the lock of .*: process 99999999 is no longer running/)]);
    // Someone took it over from us (we were presumed dead): our release leaves theirs alone.
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: 99_999_998, host: hostname(), started: 'now', argv: [] }));
    taken.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);

    // Another host's lock cannot be checked from here; an unreadable one is a writer still starting, unless old.
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: 1, host: 'elsewhere', started: 'now', argv: [] }));
    expect(() => lockRunDir(dir)).toThrow(/process 1 on elsewhere/);
    writeFileSync(join(dir, LOCK_FILE), '');
    expect(() => lockRunDir(dir)).toThrow(/another process \(unreadable lock file\)/);
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(dir, LOCK_FILE), old, old);
    lockRunDir(dir).release();
  });
});

describe('write errors', () => {
  it('name the file and, for a full disk, what to do; errors that name it already pass through', async () => {
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    expect(() =>
      namingSync('/runs/a/metrics.jsonl', 'appending to', () => {
        throw full;
      }),
    ).toThrow(/^appending to \/runs\/a\/metrics\.jsonl: ENOSPC: no space left on device, write\. Hint: free disk space .*--resume/);
    const own = new InputError('/runs/a/x: bad');
    await expect(
      naming('/runs/a/x', 'writing', () => {
        throw own;
      }),
    ).rejects.toBe(own);
  });
});

describe('run folder', () => {
  it('is not created when setup fails, so the same command works once the input is fixed', async () => {
    const bad = loadConfig(undefined, Object.entries(tiny('setup-fails', { 'data.train': 'gen:tasks=no_such_task,levels=1,n=3' })));
    await expect(train(bad, { log: () => undefined })).rejects.toThrow(/no_such_task/);
    expect(existsSync(join(root, 'setup-fails'))).toBe(false);
    const fixed = loadConfig(undefined, Object.entries(tiny('setup-fails', { 'train.steps': 1 })));
    expect((await train(fixed, { log: () => undefined })).status).toBe('done');
  });

  it('refuses a second trainer while one runs, and saves when a supervisor signals process and group at once', async () => {
    const name = 'supervised';
    const flags = Object.entries(tiny(name, { 'train.steps': 1_000_000 })).map(([k, v]) => `--${k}=${v}`);
    // Its own process group, as under GNU timeout, Slurm or a container runtime.
    const child = spawn(process.execPath, [BIN, 'train', ...flags], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const metrics = join(root, name, 'metrics.jsonl');
    const rows = () => (existsSync(metrics) ? readFileSync(metrics, 'utf8').split('\n').filter(Boolean).length : 0);
    let code: unknown;
    try {
      await waitForChild(
        child,
        () => rows() >= 2,
        'two metrics rows',
        () => stderr,
      );
      const second = spawnSync(process.execPath, [BIN, 'train', '--resume', join(root, name)], { encoding: 'utf8' });
      expect(second.status, second.stderr).toBe(2);
      expect(second.stderr).toMatch(new RegExp(`in use by process ${child.pid} on `));
      // GNU timeout: SIGTERM to the child, then to its whole group a moment later. (Sent back to back, Linux merges
      // the two pending signals into one; the repeat that used to skip the save arrives once the first was handled.)
      process.kill(child.pid!, 'SIGTERM');
      await waitForChild(
        child,
        () => stderr.includes('SIGTERM: saving'),
        "'SIGTERM: saving' on stderr",
        () => stderr,
        5,
      );
      process.kill(-child.pid!, 'SIGTERM');
      code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('still running 60 s after SIGTERM'), 60_000))]);
    } finally {
      child.kill('SIGKILL');
    }
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/SIGTERM again at once .*still saving/);
    const stopped = Number(/stopped at step (\d+)/.exec(stderr)?.[1]);
    expect(readFileSync(join(root, name, 'latest'), 'utf8').trim()).toBe(`step-${stopped}`);
    expect(existsSync(join(root, name, `step-${stopped}`, 'trainer', 'state.json'))).toBe(true);
    expect(existsSync(join(root, name, LOCK_FILE))).toBe(false);
  }, 120_000);
});
