// The threaded wasm backend (src/runtime/wasm-threads.ts): it starts in Node with the requested threads, a training
// step's loss and gradients are bit-identical to one thread's, the process exits on its own, and AHPO_THREADS is
// checked. Each thread count needs a fresh process (the wasm module is initialised once), so both run as children.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { wasmThreadCount } from '../../src/runtime/wasm-threads.js';

const probe = join(__dirname, 'wasm-threads-probe.ts');

function runProbe(threads: string): { threads: number; hash: string; status: number | null; stderr: string } {
  // A hang (workers keeping the event loop alive) fails by the timeout, which only bounds a process that never ends.
  const r = spawnSync(process.execPath, ['--import', 'tsx', probe], { env: { ...process.env, AHPO_THREADS: threads }, encoding: 'utf8', timeout: 100_000 });
  const out = r.stdout.trim().split('\n').at(-1) ?? '';
  const parsed = out.startsWith('{') ? (JSON.parse(out) as { threads: number; hash: string }) : { threads: -1, hash: '' };
  return { ...parsed, status: r.status, stderr: r.stderr };
}

describe('wasm backend on several threads', () => {
  it('runs with 2 threads, gives bit-identical loss and gradients to 1 thread, and exits by itself', () => {
    const one = runProbe('1');
    const two = runProbe('2');
    expect(one.status, one.stderr.slice(-2000)).toBe(0);
    expect(two.status, two.stderr.slice(-2000)).toBe(0);
    expect([one.threads, two.threads]).toEqual([1, 2]);
    expect(two.hash).toBe(one.hash);
  });

  it('reads AHPO_THREADS, and refuses a value that is not a positive integer', () => {
    expect(wasmThreadCount({ AHPO_THREADS: '3' })).toBe(3);
    expect(wasmThreadCount({})).toBe(1);
    expect(() => wasmThreadCount({ AHPO_THREADS: '0' })).toThrow('AHPO_THREADS="0": expected an integer ≥ 1');
    expect(() => wasmThreadCount({ AHPO_THREADS: 'two' })).toThrow(/AHPO_THREADS="two".*unset it for one thread/);
  });
});
