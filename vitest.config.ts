import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // each file in its own child process; four at once, since most of a file's
    // time is spent waiting on the testkit's shaped links, not on the CPU.
    // min = max: tinypool otherwise retires idle workers mid-run, and a
    // worker retired while its file's sockets close is reported as an error
    pool: 'forks',
    maxWorkers: 4,
    minWorkers: 4,
    globalSetup: ['./vitest.global-setup.ts'],
  },
})
