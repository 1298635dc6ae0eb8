import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/globalSetup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration and browser tests start real servers and Chromium; two cores do not like
    // many of those at once.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
