import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores: keep workers to two so suites never oversubscribe the machine.
    maxWorkers: 2,
    pool: 'forks',
    // …and each worker (and every CLI it spawns) computes on one thread whatever the caller's environment says;
    // tests/runtime/wasm-threads.test.ts runs the threaded backend in a child process of its own.
    env: { AHPO_THREADS: '1' },
  },
});
