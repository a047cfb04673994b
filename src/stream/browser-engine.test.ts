/** Chromium plays a real MP4 that `tgfetch serve` streams from the testkit through the engine (free profile). */
import { readFileSync, statSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AccountSessions } from '../client/account-session.js'
import { generateWorld } from '../testkit/world/generate.js'
import {
  DURATION,
  expectPlayingFrom,
  launchChromium,
  makeMp4,
  missingTools,
  pickCodec,
  seekVideo,
  videoError,
} from './browser.test-helper.js'
import { type ServeRun, type StreamFixture, streamFixture } from './engine-stream.test-helper.js'

const missing = missingTools()

describe.skipIf(missing !== undefined)(
  `a <video> in Chromium, served from the testkit through the engine${missing ? ` (skipped: ${missing})` : ''}`,
  () => {
    let dir: string
    let browser: Browser
    let fx: StreamFixture
    let me: AccountSessions
    let run: ServeRun
    let clip: Buffer
    let msgId: number

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'tgfetch-browser-engine-'))
      browser = await launchChromium()
      const codec = await pickCodec(await browser.newPage())
      const path = join(dir, 'clip.mp4')
      // about 15 MB: one 2 MB/s connection needs seconds for it, so seeks land on bytes not fetched yet
      makeMp4(path, codec, '6M')
      clip = readFileSync(path)

      const world = generateWorld({ seed: 41, largeFileSize: 4 * 1024 * 1024 })
      const channel = world.channels.find((c) => c.username === 'tgfetch_media')!
      msgId = Math.max(...channel.messages.map((m) => m.id)) + 1
      world.files.push({ id: 'real-clip', size: statSync(path).size, dc: 2, path })
      channel.messages.push({
        id: msgId,
        date: 1_767_300_000,
        text: 'a real video',
        media: {
          kind: 'video',
          id: '7000001',
          accessHash: '4242424242424242',
          dc: 2,
          fileId: 'real-clip',
          mime: 'video/mp4',
          name: 'real-clip.mp4',
          duration: DURATION,
          w: 320,
          h: 240,
        },
      })
      fx = await streamFixture(world, 'free')
      me = await fx.account((a) => a.dc === 2 && !a.premium)
      run = await fx.serve(me, { engine: { maxConnectionsPerDc: 1 } })
    }, 120_000)
    afterAll(async () => {
      await fx?.close()
      await browser?.close()
      await rm(dir, { recursive: true, force: true })
    })

    it('plays, then plays again after seeking to the middle and near the end; the file is saved too', async () => {
      const page = await browser.newPage()
      await page.setContent(
        `<video muted autoplay preload="auto" src="${run.url}tgfetch_media/${msgId}"></video>`,
      )
      await expectPlayingFrom(page, 0)
      const [download] = run.engine.downloads()
      expect(download).toBeDefined()
      const progressAt: number[] = []
      for (const at of [DURATION / 2, DURATION - 3]) {
        await seekVideo(page, at)
        await expectPlayingFrom(page, at)
        progressAt.push(download!.progress().bytes)
      }
      // the middle played before the download had the whole file: its bytes were fetched first
      expect(progressAt[0]).toBeLessThan(clip.length)
      expect(await videoError(page)).toBeNull()

      await download!.result
      const item = await fx.item(me, `https://t.me/tgfetch_media/${msgId}?single`)
      expect(readFileSync(run.stream.pathOf(item)).equals(clip)).toBe(true)
      expect(fx.errors).toEqual([])
    }, 120_000)
  },
)
