import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { displayWidth } from './display-width.js'

const TMUX = '/usr/bin/tmux'
const hasTmux = existsSync(TMUX)
// a server of our own on a socket of our own, so that no one else's tmux is touched
let socketDir = ''
const root = fileURLToPath(new URL('../../..', import.meta.url))
const UNITS: Record<string, number> = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 }

function tmux(...args: string[]): string {
  return execFileSync(TMUX, ['-u', '-S', join(socketDir, 'socket'), ...args], {
    encoding: 'utf8',
    // UTF-8 for the names; colors on (NO_COLOR empty), as most users have them
    env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', NO_COLOR: '' },
  })
}

/** the pane's lines; -J joins lines the terminal wrapped, so a too-wide line shows as one */
function capture(): string[] {
  const lines = tmux('capture-pane', '-p', '-J', '-t', 'feed')
    .split('\n')
    .map((l) => l.trimEnd())
  while (lines.at(-1) === '') lines.pop()
  return lines
}

function totalBytes(screen: string[]): number | undefined {
  const m = screen.find((l) => l.startsWith(' total'))?.match(/([\d.]+) (B|KiB|MiB|GiB)\//)
  return m ? Number(m[1]) * UNITS[m[2]!]! : undefined
}

describe.skipIf(!hasTmux)(
  `the live display in a real terminal${hasTmux ? '' : ` (skipped: no ${TMUX})`}`,
  () => {
    beforeAll(() => {
      socketDir = mkdtempSync(join(tmpdir(), 'tgfetch-tmux-'))
    })
    afterAll(() => {
      tmux('kill-server')
      rmSync(socketDir, { recursive: true, force: true })
    })

    it('updates in place in an 80x24 tmux pane, fits 80 columns, keeps finished files and ends with the summary', async () => {
      const feed = 'node_modules/.bin/tsx src/cli/progress/simulated-download.test-helper.ts; sleep 60'
      tmux('new-session', '-d', '-s', 'feed', '-x', '80', '-y', '24', '-c', root, feed)
      const captures: string[][] = []
      const deadline = Date.now() + 15_000
      while (Date.now() < deadline) {
        const screen = capture()
        captures.push(screen)
        if (screen.some((l) => l.startsWith('✔ 3 done'))) break
        await sleep(150)
      }
      const final = captures.at(-1)!
      expect(final.at(-1)).toMatch(/^✔ 3 done {2}0 failed {2}368 MiB in 0:0\d {2}\d+ MB\/s$/)

      for (const screen of captures)
        for (const line of screen) expect(displayWidth(line)).toBeLessThanOrEqual(80)

      // the bytes grow between captures while the bars are up
      const totals = captures.map(totalBytes).filter((t) => t !== undefined)
      expect(totals.length).toBeGreaterThanOrEqual(3)
      for (let i = 1; i < totals.length; i++) expect(totals[i]).toBeGreaterThanOrEqual(totals[i - 1]!)
      expect(totals.at(-1)).toBeGreaterThan(totals[0]!)

      // a finished file stays above the bars while the others go on
      const midway = captures.find(
        (s) => s.some((l) => l.startsWith('✔ holiday')) && totalBytes(s) !== undefined,
      )
      expect(midway).toBeDefined()
      const doneRow = midway!.findIndex((l) => l.startsWith('✔ holiday'))
      expect(midway!.findIndex((l) => l.includes('━'))).toBeGreaterThan(doneRow)

      // at the end: each file once as a permanent line, the notice, the summary, and no bars
      expect(final.filter((l) => l.startsWith('✔ holiday-video.mp4  48.0 MiB'))).toHaveLength(1)
      expect(final.filter((l) => /^✔ 東京の夜景.*….*\.mp4 {2}120 MiB/.test(l))).toHaveLength(1)
      expect(final.filter((l) => /^✔ a name far.*….*\.mkv {2}200 MiB/.test(l))).toHaveLength(1)
      expect(final.some((l) => l.startsWith('! a name far') && l.includes('FLOOD_WAIT_3'))).toBe(true)
      expect(final.some((l) => l.includes('━') || l.startsWith(' total'))).toBe(false)
    }, 25_000)
  },
)
