import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createReporter } from './create-reporter.js'
import { displayWidth } from './display-width.js'
import { progressOf, resultOf } from './download-events.test-helper.js'
import { escapeSequences, FakeTty, strayControls } from './fake-tty.test-helper.js'
import type { DownloadReporter } from './reporter.js'

const MIB = 1024 * 1024
const NAMES = [
  'holiday-video.mp4',
  '東京の夜景_2024年_最終版_本当に最終版_4K_HDR_リマスター.mp4',
  'família 👨‍👩‍👧 reunião de verão — vídeo completo sem cortes, versão do diretor.mov',
]

beforeEach(() => {
  vi.useFakeTimers()
  vi.setSystemTime(1_700_000_000_000)
})
afterEach(() => {
  vi.useRealTimers()
})

function ttyReporter(
  columns: number,
  env: Record<string, string> = {},
  rows = 24,
): [FakeTty, DownloadReporter] {
  const tty = new FakeTty(columns, true, rows)
  return [tty, createReporter({ stream: tty, env })]
}

/** three files over 3 s: one done, one failed, one done at the end; a notice and a skip on the way */
function downloadThree(reporter: DownloadReporter, afterEachStep: () => void = () => {}): void {
  const started = Date.now()
  NAMES.forEach((name, i) => {
    reporter.fileStarted(i + 1, name, (i + 1) * 100 * MIB)
  })
  reporter.fileSkipped(9, 'already-there.jpg', 'exists, same size')
  for (let step = 1; step <= 30; step++) {
    for (const id of [1, 2, 3]) {
      const size = id * 100 * MIB
      if ((id === 1 && step > 10) || (id === 2 && step > 20)) continue
      reporter.progress(progressOf(id, size, Math.min(size, (size * step) / (id === 3 ? 30 : id * 10))))
    }
    if (step === 10) reporter.fileDone(1, resultOf(100 * MIB, started, Date.now()))
    if (step === 15) reporter.notice(3, { kind: 'flood-wait', message: 'FLOOD_WAIT_7 on DC 2, waiting 7 s' })
    if (step === 20)
      reporter.fileFailed(2, new Error('FILE_REFERENCE_EXPIRED, and the message refetch failed too'))
    vi.advanceTimersByTime(100)
    afterEachStep()
  }
  reporter.fileDone(3, resultOf(300 * MIB, started, Date.now()))
  reporter.finish({ done: 2, failed: 1, skipped: 1, bytes: 400 * MIB, seconds: 3 })
  afterEachStep()
}

describe('TtyReporter', () => {
  it.each([
    [80, {}],
    [40, {}],
    [80, { NO_COLOR: '1' }],
    [40, { NO_COLOR: '1' }],
  ])('keeps every line of every frame within %i columns (env %j)', (columns, env) => {
    const [tty, reporter] = ttyReporter(columns, env)
    downloadThree(reporter, () => expect(tty.widest).toBeLessThan(columns))
    expect(tty.widest).toBeGreaterThan(columns / 2)
    expect(tty.output).toContain('…')
  })

  it('shows a bar per active file and a total line, names cut in the middle', () => {
    const [tty, reporter] = ttyReporter(80)
    NAMES.forEach((name, i) => {
      reporter.fileStarted(i + 1, name, 100 * MIB)
      reporter.progress(progressOf(i + 1, 100 * MIB, 45 * MIB, { speed: 12.3e6 }))
    })
    vi.advanceTimersByTime(100)
    const screen = tty.screen()
    expect(screen).toHaveLength(4)
    expect(screen[0]).toMatch(/^ holiday-video\.mp4 +━+ {3}45% +45\.0 MiB\/100 MiB {2}12\.3 MB\/s {3}0:05$/)
    expect(screen[1]).toMatch(/^ 東京の.*….*\.mp4/)
    expect(screen[2]).toMatch(/^ família.*….*\.mov/)
    expect(screen[3]).toBe(' total  0/3 files  135 MiB/300 MiB  36.9 MB/s  ETA 0:05  6 conns')
    // the bars start in the same column
    const barColumns = screen.slice(0, 3).map((l) => displayWidth(l.slice(0, l.indexOf('━'))))
    expect(barColumns).toEqual([25, 25, 25])
  })

  it('prints a finished file once, as a permanent line above the bars', () => {
    const [tty, reporter] = ttyReporter(80, { NO_COLOR: '1' })
    reporter.fileStarted(1, 'first.mp4', 10 * MIB)
    reporter.fileStarted(2, 'second.mp4', 10 * MIB)
    reporter.fileDone(1, resultOf(10 * MIB, Date.now() - 2000, Date.now()))
    for (let i = 1; i <= 10; i++) {
      reporter.progress(progressOf(2, 10 * MIB, i * MIB))
      vi.advanceTimersByTime(100)
    }
    const screen = tty.screen()
    expect(screen[0]).toMatch(/^✔ first\.mp4 {2}10\.0 MiB {2}0:02 {2}5\.24 MB\/s$/)
    expect(screen.slice(1).join('\n')).not.toContain('first.mp4')
    expect(tty.output.split(' first.mp4  10.0 MiB  0:02')).toHaveLength(2)
    expect(screen.at(-1)).toMatch(/^ total {2}1\/2 files/)
  })

  it('redraws at most every 100 ms and always ends on the latest state', () => {
    const [tty, reporter] = ttyReporter(80)
    reporter.fileStarted(1, 'file.bin', 1000 * MIB)
    for (let i = 1; i <= 200; i++) {
      reporter.progress(progressOf(1, 1000 * MIB, i * 4 * MIB))
      vi.advanceTimersByTime(5)
    }
    expect(tty.writes.length).toBeLessThanOrEqual(11)
    expect(tty.writes.length).toBeGreaterThanOrEqual(9)
    vi.advanceTimersByTime(100)
    expect(tty.screen()[0]).toContain('800 MiB/0.98 GiB')
  })

  it('replaces the bars with the summary when finished', () => {
    const [tty, reporter] = ttyReporter(80)
    downloadThree(reporter)
    const screen = tty.screen()
    expect(screen.filter((l) => l.startsWith('✔ '))).toHaveLength(2)
    expect(screen.find((l) => l.startsWith('✘ '))).toMatch(/^✘ 東京の.*: FILE_REFERENCE_EXPIRED/)
    expect(screen.find((l) => l.startsWith('! '))).toContain('FLOOD_WAIT_7')
    expect(screen.find((l) => l.startsWith('- '))).toBe('- already-there.jpg: exists, same size')
    expect(screen.some((l) => l.startsWith(' total') || l.includes('━'))).toBe(false)
    expect(screen.at(-1)).toBe('✘ 2 done  1 failed  1 skipped  400 MiB in 0:03  140 MB/s')
  })

  it('uses colors unless NO_COLOR is set, and ASCII bars without them', () => {
    const [colored, a] = ttyReporter(80)
    const [plain, b] = ttyReporter(80, { NO_COLOR: '1' })
    downloadThree(a)
    downloadThree(b)
    expect(escapeSequences(colored.output)).toContain('[32m')
    for (const sequence of escapeSequences(plain.output)) expect(sequence).toMatch(/^\[(?:\d+A|K|J)$/)
    expect(plain.output).toContain('[###')
    expect(plain.output).toContain('\u001b[K')
  })

  it('shows as many bars as the screen has room for', () => {
    const [tty, reporter] = ttyReporter(80, {}, 8)
    for (let id = 1; id <= 12; id++) reporter.fileStarted(id, `file-${id}.bin`, MIB)
    vi.advanceTimersByTime(100)
    const screen = tty.screen()
    expect(screen).toHaveLength(7)
    expect(screen[5]).toBe(' … and 7 more')
  })

  it('prints names and messages from strangers without their escape sequences', () => {
    const [tty, reporter] = ttyReporter(80)
    reporter.fileStarted(1, '\u001b]0;pwned\u0007evil\u001b[2J\u009b1;1H.mp4', MIB)
    reporter.progress(progressOf(1, MIB, 1000))
    reporter.fileFailed(1, new Error('bad\u001b[8m hidden\u001b[0m\r\noverwrite'))
    reporter.finish({ done: 0, failed: 1, skipped: 0, bytes: 0, seconds: 1 })
    // our own sequences only (colors, cursor up, erase), and no other control character
    for (const sequence of escapeSequences(tty.output)) expect(sequence).toMatch(/^\[(?:\d+m|\d+A|K|J)$/)
    expect(strayControls(tty.output)).toEqual([])
    expect(tty.screen()[0]).toBe('✘ evil.mp4: bad hidden overwrite')
  })
})
