/**
 * Runs around every test file. Files share their worker process (isolate:
 * false in vitest.config.ts), so a file that leaves fake timers installed or
 * the environment changed would break whichever file runs next in that
 * process, depending on scheduling. This guard fails the file that did it.
 */
import { afterAll, beforeAll, vi } from 'vitest'

let env: Record<string, string | undefined> = {}

beforeAll(() => {
  env = { ...process.env }
})

afterAll(() => {
  const left: string[] = []
  if (vi.isFakeTimers()) {
    vi.useRealTimers()
    left.push('fake timers installed')
  }
  for (const key of new Set([...Object.keys(env), ...Object.keys(process.env)])) {
    if (process.env[key] === env[key]) continue
    left.push(`process.env.${key} changed`)
    if (env[key] === undefined) delete process.env[key]
    else process.env[key] = env[key]
  }
  if (left.length > 0) throw new Error(`this test file left global state behind: ${left.join(', ')}`)
})
