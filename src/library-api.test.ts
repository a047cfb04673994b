import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type EngineFixture, engineFixture } from './download/engine.test-helper.js'
// the package's main entry, as a library user imports it (README: "Library use")
import { AccountSessions, DcConnector, DownloadEngine, type DownloadNotice, resolveLink } from './index.js'
import { expectedSha256 } from './testkit/e2e/e2e.test-helper.js'

describe("the README's library example, through the package's entry", () => {
  let fx: EngineFixture
  beforeAll(async () => {
    fx = await engineFixture({ largeFileSize: 8 * 1024 * 1024 })
  })
  afterAll(() => fx.close())

  it('opens an engine, downloads a link with progress, reads while it downloads, and closes', async () => {
    const logged = await fx.account((a) => a.dc === 2 && !a.premium)
    const connector = new DcConnector({ servers: fx.connector.opts.servers, apiId: fx.connector.opts.apiId })
    const me = new AccountSessions(logged.account, fx.store, connector)
    const engine = new DownloadEngine({ accounts: [me], sha256: true })
    const [video] = await resolveLink(await me.home(), 'https://t.me/tgfetch_media/2')
    const handle = engine.download(video!, {
      path: join(fx.dir, 'library', 'video.mp4'),
      signal: AbortSignal.timeout(60_000),
    })
    const seen: number[] = []
    const notices: DownloadNotice[] = []
    handle.on('progress', (p) => seen.push(p.bytes))
    handle.on('notice', (n) => notices.push(n))
    const head: Uint8Array[] = []
    for await (const chunk of handle.read(0, 1023, AbortSignal.timeout(30_000))) head.push(chunk)
    const result = await handle.result
    await engine.close()
    await me.close()
    expect(Buffer.concat(head)).toHaveLength(1024)
    expect(result.sha256).toBe(expectedSha256(fx.fileOf(video!)))
    expect(seen.at(-1)).toBe(video!.size)
    expect(notices).toEqual([])
  })
})
