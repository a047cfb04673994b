import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateWorld } from '../testkit/world/generate.js'
import { cliMain } from './cli-bundle.test-helper.js'
import { type CliTestkit, sha256File, startCliTestkit } from './cli-testkit.test-helper.js'
import { displayWidth } from './progress/display-width.js'

const TMUX = '/usr/bin/tmux'
const hasTmux = existsSync(TMUX)

/** `tgfetch get` itself, in an 80×24 tmux pane, against a testkit on the free profile. */
describe.skipIf(!hasTmux)(`tgfetch get in a real terminal${hasTmux ? '' : ` (skipped: no ${TMUX})`}`, () => {
  let kit: CliTestkit
  let socketDir = ''
  const tmux = (...args: string[]): string =>
    execFileSync(TMUX, ['-u', '-S', join(socketDir, 'socket'), ...args], {
      encoding: 'utf8',
      env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', NO_COLOR: '' },
    })

  beforeAll(async () => {
    kit = await startCliTestkit(43, {
      world: generateWorld({ seed: 43, largeFileSize: 40 * 1024 * 1024 }),
      profile: 'free',
    })
    await kit.login(2)
    socketDir = mkdtempSync(join(tmpdir(), 'tgfetch-tmux-'))
  }, 60_000)
  afterAll(async () => {
    if (socketDir) {
      execFileSync(TMUX, ['-S', join(socketDir, 'socket'), 'kill-server'], { stdio: 'ignore' })
      rmSync(socketDir, { recursive: true, force: true })
    }
    await kit.close()
  })

  it('draws bars that grow in place, fit 80 columns, and end with the summary', async () => {
    const out = join(kit.dir, 'terminal')
    const env = `TGFETCH_SERVERS=${join(kit.dir, 'servers.json')} TGFETCH_HOME=${join(kit.dir, 'home')}`
    const command = `env ${env} ${process.execPath} ${cliMain()} --proxy none get https://t.me/tgfetch_media/2 https://t.me/tgfetch_media/1 -o ${out}; sleep 60`
    tmux('new-session', '-d', '-s', 'get', '-x', '80', '-y', '24', command)
    const captures: string[][] = []
    for (const deadline = Date.now() + 40_000; Date.now() < deadline; ) {
      const screen = tmux('capture-pane', '-p', '-J', '-t', 'get')
        .split('\n')
        .map((l) => l.trimEnd())
        .filter(Boolean)
      captures.push(screen)
      if (screen.some((l) => /^✔ 2 done/.test(l))) break
      await sleep(200)
    }
    const final = captures.at(-1)!
    expect(final.some((l) => /^✔ 2 done {2}0 failed/.test(l))).toBe(true)
    for (const screen of captures)
      for (const line of screen) expect(displayWidth(line)).toBeLessThanOrEqual(80)
    // the display was redrawn with growing totals while the big file came in
    const totals = captures
      .map((s) => s.find((l) => l.startsWith(' total'))?.match(/([\d.]+) MiB\//)?.[1])
      .filter((t): t is string => t !== undefined)
      .map(Number)
    expect(new Set(totals).size).toBeGreaterThanOrEqual(3)
    for (let i = 1; i < totals.length; i++) expect(totals[i]).toBeGreaterThanOrEqual(totals[i - 1]!)
    const media = kit.media('tgfetch_media', 2)
    expect(sha256File(join(out, media.file))).toBe(media.sha256)
  }, 90_000)
})
