import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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
import type { ByteSource } from './byte-source.js'
import { MediaNotFoundError } from './errors.js'
import { fileByteSource } from './file-byte-source.js'
import { type StreamServer, startStreamServer } from './server.js'
import { slowedSource } from './stream.test-helper.js'

const missing = missingTools()

describe.skipIf(missing !== undefined)(
  `a <video> in Chromium${missing ? ` (skipped: ${missing})` : ''}`,
  () => {
    let dir: string
    let browser: Browser
    let server: StreamServer
    let file: ByteSource
    const reads: number[] = []

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'tgfetch-browser-'))
      browser = await launchChromium()
      const codec = await pickCodec(await browser.newPage())
      makeMp4(join(dir, 'clip.mp4'), codec)
      file = await fileByteSource(join(dir, 'clip.mp4'), { mime: 'video/mp4' })
      // about a quarter of the file per second, like a network: seeks land on bytes not fetched yet
      const slow = slowedSource(file, file.size / 4)
      const counted: ByteSource = {
        ...slow,
        read: (start, end, signal) => {
          reads.push(start)
          return slow.read(start, end, signal)
        },
      }
      await writeFile(join(dir, 'page.html'), '<script>document.title = "script ran"</script>')
      const html = await fileByteSource(join(dir, 'page.html'), { mime: 'text/html' })
      const sources: Record<string, ByteSource> = { slow: counted, html }
      server = await startStreamServer({
        resolve: async (chat) => sources[chat] ?? Promise.reject(new MediaNotFoundError(chat)),
        resolveLink: () => Promise.reject(new Error('not used')),
      })
    }, 60_000)
    afterAll(async () => {
      await server?.close()
      await browser?.close()
      await rm(dir, { recursive: true, force: true })
    })

    it('plays an MP4 from a slow source, then after seeking to the middle and near the end', async () => {
      const page = await browser.newPage()
      await page.setContent(`<video muted autoplay preload="auto" src="${server.url}slow/1"></video>`)
      await expectPlayingFrom(page, 0)
      for (const at of [DURATION / 2, DURATION - 3]) {
        await seekVideo(page, at)
        await expectPlayingFrom(page, at)
      }
      // the seeks were served as Range requests from the middle of the file
      expect(reads.some((start) => start > file.size / 3)).toBe(true)
      expect(await videoError(page)).toBeNull()
    }, 120_000)

    it('opened directly, the URL plays in Chromium’s own player; a stranger’s HTML runs no script', async () => {
      const page = await browser.newPage()
      await page.goto(`${server.url}slow/1`)
      await expectPlayingFrom(page, 0)
      await page.goto(`${server.url}html/1`)
      expect(await page.title()).toBe('')
    }, 60_000)
  },
)
