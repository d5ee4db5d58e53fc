import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Vitest's default is one worker fewer than the CPUs: on a 2-core CI machine that is one, and the
    // files run one after another. Each file has its own database copy and queue prefix, and most of
    // their time is spent waiting on timers and I/O, so two at a time fit on two cores.
    maxWorkers: 2,
  },
});
