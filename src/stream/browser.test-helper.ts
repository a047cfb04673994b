/** Chromium and ffmpeg for the browser tests: a real MP4, a <video> that must play. */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { type Browser, chromium, type Page } from 'playwright-core'
import { expect } from 'vitest'

export const CHROMIUM = '/usr/bin/chromium'
/** seconds of every test clip */
export const DURATION = 20

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
export type VideoCodec = (typeof CODECS)[number]

/** Why the browser tests cannot run here, or undefined when they can. */
export function missingTools(): string | undefined {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is missing (apt-get install chromium)`
  const ffmpeg = spawnSync('ffmpeg', ['-hide_banner', '-encoders'], { encoding: 'utf8' })
  if (ffmpeg.status !== 0) return 'ffmpeg is missing (apt-get install ffmpeg)'
  if (!CODECS.some((c) => ffmpeg.stdout.includes(` ${c.encoder} `)))
    return 'ffmpeg has neither libx264 nor libvpx-vp9'
  return undefined
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required'],
  })
}

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
export function makeMp4(path: string, codec: VideoCodec, bitrate = '800k'): void {
  const lavfi = `testsrc=duration=${DURATION}:size=320x240:rate=25,noise=alls=12:allf=t`
  const args = ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', lavfi, ...codec.args]
  const run = spawnSync('ffmpeg', [...args, '-b:v', bitrate, '-g', '25', '-movflags', '+faststart', path])
  if (run.status !== 0) throw new Error(`ffmpeg failed: ${run.stderr}`)
}

/** Waits until the video plays at or after `from` and its currentTime advances on its own. */
export async function expectPlayingFrom(page: Page, from: number): Promise<void> {
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

/** Moves the page's <video> to `seconds`. */
export async function seekVideo(page: Page, seconds: number): Promise<void> {
  await page.evaluate((t) => {
    document.querySelector('video').currentTime = t
  }, seconds)
}

/** The page's <video> error, null when there is none. */
export function videoError(page: Page): Promise<{ message: string } | null> {
  return page.evaluate(() => document.querySelector('video').error)
}

/** The first codec ffmpeg can encode and the page can play in MP4. */
export async function pickCodec(page: Page): Promise<VideoCodec> {
  const encoders = spawnSync('ffmpeg', ['-hide_banner', '-encoders'], { encoding: 'utf8' }).stdout
  for (const codec of CODECS) {
    if (!encoders.includes(` ${codec.encoder} `)) continue
    const type = `video/mp4; codecs="${codec.type}"`
    if ((await page.evaluate((t) => document.createElement('video').canPlayType(t), type)) !== '')
      return codec
  }
  throw new Error('Chromium plays neither H.264 nor VP9 in MP4')
}
