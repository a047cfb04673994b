import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ByteSource } from './byte-source.js'
import { MediaNotFoundError } from './errors.js'
import { fileByteSource } from './file-byte-source.js'
import { type StreamServer, startStreamServer } from './server.js'
import { slowedSource } from './test-helpers.js'

const CHROMIUM = '/usr/bin/chromium'
const DURATION = 20

/** Video codecs to try, best first; MP4 in both cases, as the product serves it. */
const CODECS = [
  {
    encoder: 'libx264',
    args: ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p'],
    type: 'avc1.42E01E',
  },
  {
    encoder: 'libvpx-vp9',
    args: ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8'],
    type: 'vp09.00.10.08',
  },
]

function missingTools(): string | undefined {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is missing (apt-get install chromium)`
  const ffmpeg = spawnSync('ffmpeg', ['-hide_banner', '-encoders'], { encoding: 'utf8' })
  if (ffmpeg.status !== 0) return 'ffmpeg is missing (apt-get install ffmpeg)'
  if (!CODECS.some((c) => ffmpeg.stdout.includes(` ${c.encoder} `)))
    return 'ffmpeg has neither libx264 nor libvpx-vp9'
  return undefined
}

const missing = missingTools()

/** What the functions run inside the page see (this project compiles without the DOM library). */
interface PageVideo {
  paused: boolean
  readyState: number
  currentTime: number
  error: { message: string } | null
  canPlayType(type: string): string
}
declare const document: {
  querySelector(selector: 'video'): PageVideo
  createElement(tag: 'video'): PageVideo
}

/** 20 s of test pattern with noise (so it is not tiny), a key frame every second, moov first. */
function makeMp4(path: string, codecArgs: string[]): void {
  const lavfi = `testsrc=duration=${DURATION}:size=320x240:rate=25,noise=alls=12:allf=t`
  const args = ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', lavfi, ...codecArgs]
  const run = spawnSync('ffmpeg', [...args, '-b:v', '800k', '-g', '25', '-movflags', '+faststart', path])
  if (run.status !== 0) throw new Error(`ffmpeg failed: ${run.stderr}`)
}

/** Waits until the video plays at or after `from` and its currentTime advances on its own. */
async function expectPlayingFrom(page: Page, from: number): Promise<void> {
  await page.waitForFunction(
    (t) => {
      const v = document.querySelector('video')
      return !v.paused && v.readyState >= 3 && v.currentTime >= t + 0.2
    },
    from,
    { timeout: 30_000 },
  )
  const before = await page.evaluate(() => document.querySelector('video').currentTime)
  await page.waitForTimeout(500)
  const after = await page.evaluate(() => document.querySelector('video').currentTime)
  expect(after).toBeGreaterThan(before + 0.2)
}

/** The first codec ffmpeg can encode and the page can play in MP4. */
async function pickCodec(page: Page): Promise<(typeof CODECS)[number]> {
  const encoders = spawnSync('ffmpeg', ['-hide_banner', '-encoders'], { encoding: 'utf8' }).stdout
  for (const codec of CODECS) {
    if (!encoders.includes(` ${codec.encoder} `)) continue
    const type = `video/mp4; codecs="${codec.type}"`
    if ((await page.evaluate((t) => document.createElement('video').canPlayType(t), type)) !== '')
      return codec
  }
  throw new Error('Chromium plays neither H.264 nor VP9 in MP4')
}

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
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required'],
      })
      const codec = await pickCodec(await browser.newPage())
      makeMp4(join(dir, 'clip.mp4'), codec.args)
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
        await page.evaluate((t) => {
          document.querySelector('video').currentTime = t
        }, at)
        await expectPlayingFrom(page, at)
      }
      // the seeks were served as Range requests from the middle of the file
      expect(reads.some((start) => start > file.size / 3)).toBe(true)
      expect(await page.evaluate(() => document.querySelector('video').error)).toBeNull()
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
