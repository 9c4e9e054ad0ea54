import { defineConfig } from 'vitest/config';

/**
 * Two projects. The infra tests share one synthesized app, so they run in one worker
 * without isolation (a synth is 10 s or more on a busy 2-core machine); the rest run
 * in parallel. Budgets are generous: the suite must hold on a machine with another
 * job beside it, where a hook that takes 3 s alone can take 20.
 */
export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          isolate: false,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'system',
          include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
        },
      },
    ],
  },
});
