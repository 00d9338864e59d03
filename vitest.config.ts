import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Redis-backed suites use their own key prefixes, so files may run in parallel.
    fileParallelism: true,
  },
});
