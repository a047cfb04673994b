import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createReporter } from './create-reporter.js'
import { progressOf, resultOf } from './download-events.test-helper.js'
import { FakeTty, strayControls } from './fake-tty.test-helper.js'

const MIB = 1024 * 1024

beforeEach(() => {
  vi.useFakeTimers()
  vi.setSystemTime(1_700_000_000_000)
})
afterEach(() => {
  vi.useRealTimers()
})

function plainReporter(columns = 80) {
  const stream = new FakeTty(columns, false)
  return {
    stream,
    reporter: createReporter({ stream, env: {} }),
    lines: () => stream.output.split('\n').slice(0, -1),
  }
}

describe('PlainReporter', () => {
  it('writes a line per file event and no escape codes, even for hostile names', () => {
    const { stream, reporter, lines } = plainReporter()
    const started = Date.now()
    reporter.fileStarted(1, '\u001b[31mred\u001b[0m\u009b2J.mp4', 10 * MIB)
    reporter.fileStarted(2, 'two\nlines.mp4', 10 * MIB)
    reporter.progress(progressOf(1, 10 * MIB, 5 * MIB))
    reporter.notice(1, { kind: 'reconnect', message: 'DC 2 \u001b]0;title\u0007reconnected' })
    vi.advanceTimersByTime(2000)
    reporter.fileDone(1, resultOf(10 * MIB, started, Date.now()))
    reporter.fileFailed(2, new Error('FILE_REFERENCE_EXPIRED\u001b[2K'))
    reporter.fileSkipped(3, 'there.jpg', 'exists')
    reporter.fileSkipped(4, 'checked.jpg', 'matches', 'cd'.repeat(32))
    reporter.finish({ done: 1, failed: 1, skipped: 2, bytes: 10 * MIB, seconds: 2 })
    expect(stream.output).not.toContain('\u001b')
    expect(strayControls(stream.output)).toEqual([])
    expect(lines()).toEqual([
      'start    red.mp4  10.0 MiB',
      'start    two lines.mp4  10.0 MiB',
      'notice   red.mp4: DC 2 reconnected',
      `done     red.mp4  10.0 MiB in 0:02  5.24 MB/s  sha256 ${'ab'.repeat(32)}`,
      'failed   two lines.mp4: FILE_REFERENCE_EXPIRED',
      'skipped  there.jpg: exists',
      `skipped  checked.jpg: matches  sha256 ${'cd'.repeat(32)}`,
      'finished 1 done, 1 failed, 2 skipped, 10.0 MiB in 0:02, 5.24 MB/s',
    ])
  })

  it('says where a download resumed and which CDN DC sent a file', () => {
    const { reporter, lines } = plainReporter()
    const started = Date.now()
    reporter.fileStarted(1, 'a.mp4', 10 * MIB)
    reporter.notice(1, { kind: 'resume', message: 'resuming at 4.0 MiB of 10.0 MiB', bytes: 4 * MIB })
    vi.advanceTimersByTime(2000)
    reporter.fileDone(1, { ...resultOf(10 * MIB, started, Date.now()), sha256: undefined, cdnDcId: 201 })
    expect(lines()).toEqual([
      'start    a.mp4  10.0 MiB',
      'notice   a.mp4: resuming at 4.0 MiB of 10.0 MiB',
      'done     a.mp4  10.0 MiB in 0:02  5.24 MB/s  via CDN DC 201',
    ])
  })

  it('writes a total progress line every 5 s, not on every progress event', () => {
    const { reporter, lines } = plainReporter()
    reporter.fileStarted(1, 'a.bin', 100 * MIB)
    reporter.fileStarted(2, 'b.bin', 100 * MIB)
    for (let tick = 1; tick <= 120; tick++) {
      vi.advanceTimersByTime(100)
      reporter.progress(progressOf(1, 100 * MIB, (tick * 100 * MIB) / 120))
      reporter.progress(progressOf(2, 100 * MIB, (tick * 50 * MIB) / 120))
    }
    const progress = lines().filter((l) => l.startsWith('progress'))
    expect(progress).toEqual([
      'progress 62.1 MiB/200 MiB (31%)  20.0 MB/s  ETA 0:07  2 active',
      'progress 125 MiB/200 MiB (62%)  20.0 MB/s  ETA 0:04  2 active',
    ])
  })
})
