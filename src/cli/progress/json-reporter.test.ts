import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createReporter } from './create-reporter.js'
import { progressOf, resultOf } from './download-events.test-helper.js'
import { FakeTty } from './fake-tty.test-helper.js'

const MIB = 1024 * 1024

beforeEach(() => {
  vi.useFakeTimers()
  vi.setSystemTime(Date.parse('2025-01-02T03:04:05.000Z'))
})
afterEach(() => {
  vi.useRealTimers()
})

function jsonReporter() {
  // a terminal, to show that --json wins over it
  const stream = new FakeTty(80, true)
  const reporter = createReporter({ stream, json: true, quiet: true, env: {} })
  const events = () =>
    stream.output
      .split('\n')
      .slice(0, -1)
      .map((line) => JSON.parse(line) as Record<string, unknown>)
  return { stream, reporter, events }
}

describe('JsonReporter', () => {
  it('writes one JSON object per line with stable field names', () => {
    const { stream, reporter, events } = jsonReporter()
    const started = Date.now()
    reporter.fileStarted(1, 'evil\u001b]0;t\u0007\u009b1m.mp4', 10 * MIB)
    reporter.progress(progressOf(1, 10 * MIB, 4 * MIB, { speed: 2e6 }))
    reporter.notice(1, { kind: 'flood-wait', message: 'FLOOD_WAIT_3', dcId: 2, seconds: 3 })
    reporter.fileDone(1, resultOf(10 * MIB, started - 5000, started, '/d/evil.mp4'))
    reporter.fileStarted(2, 'b.mp4', MIB)
    reporter.fileFailed(2, new Error('FILE_REFERENCE_EXPIRED'))
    reporter.fileSkipped(3, 'c.jpg', 'exists')
    reporter.fileSkipped(4, 'd.jpg', 'matches', 'cd'.repeat(32))
    reporter.finish({ done: 1, failed: 1, skipped: 2, bytes: 10 * MIB, seconds: 5 })
    expect(stream.output).not.toContain('\u001b')
    const time = '2025-01-02T03:04:05.000Z'
    expect(events()).toEqual([
      { event: 'start', id: 1, name: 'evil.mp4', size: 10 * MIB, time },
      {
        event: 'progress',
        id: 1,
        bytes: 4 * MIB,
        size: 10 * MIB,
        speed: 2e6,
        eta: 3,
        state: 'running',
        connections: 2,
        time,
      },
      {
        event: 'notice',
        id: 1,
        name: 'evil.mp4',
        kind: 'flood-wait',
        message: 'FLOOD_WAIT_3',
        dcId: 2,
        seconds: 3,
        time,
      },
      {
        event: 'done',
        id: 1,
        name: 'evil.mp4',
        path: '/d/evil.mp4',
        size: 10 * MIB,
        sha256: 'ab'.repeat(32),
        resumedBytes: 0,
        refetchedBytes: 0,
        seconds: 5,
        speed: 2097152,
        cdn: false,
        time,
      },
      { event: 'start', id: 2, name: 'b.mp4', size: MIB, time },
      { event: 'failed', id: 2, name: 'b.mp4', error: 'FILE_REFERENCE_EXPIRED', time },
      { event: 'skipped', id: 3, name: 'c.jpg', reason: 'exists', time },
      { event: 'skipped', id: 4, name: 'd.jpg', reason: 'matches', sha256: 'cd'.repeat(32), time },
      { event: 'summary', done: 1, failed: 1, skipped: 2, bytes: 10 * MIB, seconds: 5, time },
    ])
  })

  it('says where a download resumed (notice `resume` with its bytes) and which CDN DC sent a file', () => {
    const { reporter, events } = jsonReporter()
    const started = Date.now()
    reporter.fileStarted(1, 'a.mp4', 10 * MIB)
    reporter.notice(1, { kind: 'resume', message: 'resuming at 4.0 MiB of 10.0 MiB', bytes: 4 * MIB })
    reporter.fileDone(1, { ...resultOf(10 * MIB, started - 1000, started), cdnDcId: 201 })
    expect(events()).toMatchObject([
      { event: 'start' },
      { event: 'notice', kind: 'resume', message: 'resuming at 4.0 MiB of 10.0 MiB', bytes: 4 * MIB },
      { event: 'done', cdn: true, cdnDcId: 201 },
    ])
  })

  it('writes progress at most twice a second per file, and at once when the state changes', () => {
    const { reporter, events } = jsonReporter()
    for (let tick = 0; tick < 100; tick++) {
      reporter.progress(progressOf(1, 100 * MIB, tick * MIB))
      reporter.progress(progressOf(2, 100 * MIB, tick * MIB))
      vi.advanceTimersByTime(50)
    }
    reporter.progress(progressOf(1, 100 * MIB, 100 * MIB, { state: 'paused' }))
    const progress = events().filter((e) => e.event === 'progress')
    expect(progress.filter((e) => e.id === 1)).toHaveLength(11)
    expect(progress.filter((e) => e.id === 2)).toHaveLength(10)
    expect(progress.at(-1)).toMatchObject({ id: 1, state: 'paused' })
  })
})
