import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bundled } from '../cli/cli-bundle.test-helper.js'
import { rsaPublicKeyToPem } from '../crypto/index.js'
import { seededRandom } from '../crypto/random.js'
import { expectedSha256, sha256 } from '../testkit/e2e/e2e.test-helper.js'
import { type EngineFixture, engineFixture } from './engine.test-helper.js'
import { workFilesOf } from './work-files.js'

const ROUNDS = 20

describe('kill -9 at any moment loses nothing', () => {
  let fx: EngineFixture
  beforeAll(async () => {
    fx = await engineFixture({ largeFileSize: 48 * 1024 * 1024, profile: 'free' })
  })
  afterAll(() => fx.close())

  it(`${ROUNDS} SIGKILLs at random moments, resumed by two accounts in turn: the file is byte-identical`, async () => {
    const accounts = [
      await fx.account((a) => a.dc === 2 && !a.premium),
      await fx.account((a) => a.dc === 1 && !a.premium),
    ]
    const [item] = await fx.resolve(accounts[0]!, 'https://t.me/tgfetch_media/2')
    const path = join(fx.dir, 'crash.mp4')
    const { cluster, network } = fx.testkit
    const answered = () =>
      accounts.reduce(
        (sum, a) =>
          sum + (network.accounting.snapshot().accounts[`user:${a.account.userId}`]?.answerBytes ?? 0),
        0,
      )
    const before = answered()
    const random = seededRandom(2026)
    const run = (round: number): { child: ChildProcess; output: Promise<string> } => {
      const input = {
        dir: fx.dir,
        dcs: cluster.addresses(),
        rsaKeyPem: rsaPublicKeyToPem(cluster.rsaKey),
        apiId: cluster.world.apiId,
        label: accounts[round % 2]!.label,
        link: 'https://t.me/tgfetch_media/2',
        path,
      }
      // node itself, no wrapper: SIGKILL must hit the process that downloads
      const child = spawn(process.execPath, [bundled('crash-child')], {
        env: { ...process.env, TGFETCH_CRASH_CHILD: JSON.stringify(input) },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let out = ''
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString()
      })
      child.stderr?.on('data', (d: Buffer) => {
        out += d.toString()
      })
      return { child, output: new Promise((resolve) => child.on('exit', () => resolve(out))) }
    }
    let kills = 0
    let progressed = 0
    for (let round = 0; round < ROUNDS; round++) {
      const { child, output } = run(round)
      // wait for the first durable bytes of this round (or the end), then kill at a random moment after
      await new Promise<void>((resolve) => {
        child.stdout?.on('data', (d: Buffer) => {
          if (/bytes [1-9]/.test(d.toString())) resolve()
        })
        child.on('exit', () => resolve())
      })
      await new Promise((r) => setTimeout(r, random() * 400))
      child.kill('SIGKILL')
      const out = await output
      // killed between the rename and its last line: the file is there, and must be whole
      if (out.includes('done ') || existsSync(path)) break
      kills++
      const last = [...out.matchAll(/bytes (\d+)/g)].at(-1)
      progressed = Math.max(progressed, Number(last?.[1] ?? 0))
    }
    const expected = expectedSha256(fx.fileOf(item!))
    if (!existsSync(path)) expect(await run(ROUNDS).output).toContain(`done ${expected}`)
    expect(sha256(readFileSync(path))).toBe(expected)
    expect(existsSync(workFilesOf(path).partial)).toBe(false)
    const refetched = answered() - before - item!.size
    console.log(`crash test: ${kills} kills, ${(refetched / 2 ** 20).toFixed(1)} MiB fetched twice`)
    expect(kills).toBeGreaterThanOrEqual(ROUNDS / 2)
    // what a kill can lose: the requests in flight and the parts not yet journaled (≤ flushMs of data)
    expect(refetched).toBeLessThan(kills * 32 * 1024 * 1024)
  }, 240_000)
})
