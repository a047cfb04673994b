import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectedSha256, sha256 } from '../testkit/e2e/e2e-helpers.js'
import { DownloadEngine } from './engine.js'
import { type EngineFixture, engineFixture } from './engine-test-helpers.js'
import type { DownloadNotice } from './events.js'

describe('the engine downloads from the testkit (lan)', () => {
  let fx: EngineFixture
  beforeAll(async () => {
    fx = await engineFixture({ largeFileSize: 24 * 1024 * 1024 })
  })
  afterAll(() => fx.close())

  it('a file over several connections, verified, under its final name only when complete', async () => {
    const me = await fx.account((a) => a.dc === 2 && !a.premium)
    const [item] = await fx.resolve(me, 'https://t.me/tgfetch_media/2')
    const engine = new DownloadEngine({ accounts: [me], cdn: false })
    const path = join(fx.dir, 'big.mp4')
    const handle = engine.download(item!, { path })
    let sawPartial = false
    handle.on('progress', () => {
      if (existsSync(`${path}.part`) && !existsSync(path)) sawPartial = true
    })
    const result = await handle.result
    await engine.close()
    const expected = expectedSha256(fx.fileOf(item!))
    expect(result.sha256).toBe(expected)
    expect(sha256(readFileSync(path))).toBe(expected)
    expect([existsSync(`${path}.part`), existsSync(`${path}.part.journal`)]).toEqual([false, false])
    expect(sawPartial).toBe(true)
    const seen = fx.testkit.network.accounting.snapshot()
    expect(seen.violations).toEqual({ floodWaitIgnored: 0, getFileRange: 0, tooManyConnections: 0 })
    expect(seen.accounts[`user:${me.account.userId}`]?.requests['upload.getFileHashes']).toBeGreaterThan(0)
  })
})
