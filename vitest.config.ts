import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // one worker process runs many test files: each file no longer loads @mtcute/tl, the
    // testkit and the engine again (half the suite's CPU went there); tests keep no global
    // state between files (env changes are restored, fake timers put back)
    isolate: false,
    globalSetup: ['./vitest.global-setup.ts'],
  },
})
