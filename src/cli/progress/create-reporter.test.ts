import { describe, expect, it } from 'vitest'
import { createReporter } from './create-reporter.js'
import { FakeTty } from './fake-tty.test-helper.js'
import { JsonReporter } from './json-reporter.js'
import { PlainReporter } from './plain-reporter.js'
import { QuietReporter } from './quiet-reporter.js'
import { TtyReporter } from './tty-reporter.js'

interface Case {
  isTTY: boolean
  env?: Record<string, string>
  json?: boolean
  quiet?: boolean
}

describe('createReporter', () => {
  it.each<[string, Case, abstract new (...args: never[]) => unknown]>([
    ['a terminal', { isTTY: true }, TtyReporter],
    ['a terminal with NO_COLOR', { isTTY: true, env: { NO_COLOR: '1' } }, TtyReporter],
    ['a dumb terminal', { isTTY: true, env: { TERM: 'dumb' } }, PlainReporter],
    ['a pipe', { isTTY: false }, PlainReporter],
    ['--quiet', { isTTY: true, quiet: true }, QuietReporter],
    ['--json', { isTTY: true, json: true }, JsonReporter],
    ['--json --quiet', { isTTY: false, json: true, quiet: true }, JsonReporter],
  ])('picks the right display for %s', (_, { isTTY, env = {}, ...flags }, kind) => {
    expect(createReporter({ stream: new FakeTty(80, isTTY), env, ...flags })).toBeInstanceOf(kind)
  })

  it('--quiet writes failures and nothing else', () => {
    const stream = new FakeTty(80, true)
    const reporter = createReporter({ stream, quiet: true, env: {} })
    reporter.fileStarted(1, 'a\u001b[2J.mp4', 100)
    reporter.notice(1, { kind: 'reconnect', message: 'reconnected' })
    reporter.fileFailed(1, new Error('FILE_REFERENCE_EXPIRED'))
    reporter.finish({ done: 0, failed: 1, skipped: 0, bytes: 0, seconds: 1 })
    expect(stream.output).toBe('tgfetch: a.mp4: FILE_REFERENCE_EXPIRED\n')
  })
})
