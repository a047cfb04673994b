import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // four child processes, each running many files one after another
    // (isolate: false): a fresh process per file spent more CPU starting vitest
    // and transforming the same modules than most unit files spend testing
    // (suite 5:39 → 3:50 on 2 cores). Files must therefore leave no global
    // state behind (real timers, env restored): vitest.file-guard.ts checks.
    // min = max: tinypool otherwise retires idle workers mid-run, and a
    // worker retired while its file's sockets close is reported as an error
    pool: 'forks',
    isolate: false,
    maxWorkers: 4,
    minWorkers: 4,
    setupFiles: ['./vitest.file-guard.ts'],
    globalSetup: ['./vitest.global-setup.ts'],
  },
})
