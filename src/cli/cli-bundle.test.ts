import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { bundled, cliMain } from './cli-bundle.test-helper.js'

describe('the CLI bundle', () => {
  // one non-ASCII character makes V8 hold the whole source two bytes per character: twice the time to read it
  it.each([
    ['main', cliMain()],
    ['start', bundled('start')],
  ])('%s is ASCII only', (_name, file) => {
    const source = readFileSync(file)
    const first = source.findIndex((byte) => byte > 0x7f)
    expect(first, source.subarray(Math.max(0, first - 60), first + 20).toString()).toBe(-1)
  })
})
