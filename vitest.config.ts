import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores: keep workers to two so suites never oversubscribe the machine.
    maxWorkers: 2,
    pool: 'forks',
  },
});
