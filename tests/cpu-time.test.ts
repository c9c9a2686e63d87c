import { describe, expect, it } from 'vitest';
import { cpuMs } from './cpu-time.js';

describe('cpuMs (the suite’s speed bounds)', () => {
  it('does not count time spent waiting, which is what a busy machine adds', () => {
    const { ms } = cpuMs(() => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300));
    expect(ms).toBeLessThan(100);
  });
  it('counts the work done and returns the value', () => {
    const { value, ms } = cpuMs(() => {
      let s = 0;
      for (let i = 0; i < 3e7; i++) s = (s + i * i) % 1_000_003;
      return s;
    });
    expect(typeof value).toBe('number');
    expect(ms).toBeGreaterThan(1);
  });
});
