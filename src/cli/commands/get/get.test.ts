import { existsSync, mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { workFilesOf } from '../../../download/work-files.js'
import { type CliTestkit, sha256File, startCliTestkit } from '../../cli-testkit.test-helper.js'
import { brokenPath, hostileWorld, jsonEvents } from './get.test-helper.js'

/** Resolves at the first JSON line on `stream` that `match` accepts. */
function untilLine(stream: Readable, match: (e: Record<string, unknown>) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    let text = ''
    const onData = (d: Buffer): void => {
      text += d.toString()
      const whole = text.slice(0, text.lastIndexOf('\n') + 1)
      if (jsonEvents(whole).some(match)) {
        stream.off('data', onData)
        resolve()
      }
    }
    stream.on('data', onData)
    stream.on('end', () => reject(new Error(`no such line in: ${text}`)))
  })
}

describe('tgfetch get as scripts and people use it', () => {
  let kit: CliTestkit
  beforeAll(async () => {
    kit = await startCliTestkit(41, { world: hostileWorld(), profile: 'free' })
    truncateSync(brokenPath, 0)
    await kit.login(2)
  }, 60_000)
  afterAll(() => kit.close())

  it('--json: one parseable event per line, start → progress → done → summary, SHA-256 with --verify', async () => {
    const out = join(kit.dir, 'json')
    const run = await kit.tgfetch([
      '--proxy',
      'none',
      'get',
      'https://t.me/tgfetch_media/1',
      '-o',
      out,
      '--json',
      '--verify',
    ])
    expect(run.code).toBe(0)
    const events = jsonEvents(run.stdout)
    const kinds = events.map((e) => e.event)
    expect(kinds[0]).toBe('start')
    expect(kinds.at(-1)).toBe('summary')
    expect(kinds).toContain('done')
    const done = events.find((e) => e.event === 'done')!
    const media = kit.media('tgfetch_media', 1)
    expect(done.sha256).toBe(media.sha256)
    expect(sha256File(join(out, media.file))).toBe(media.sha256)
    expect(events.at(-1)).toMatchObject({ event: 'summary', done: 1, failed: 0 })
  }, 60_000)

  it('one file failing: the others are done, exit 3; a rerun skips what is complete', async () => {
    const out = join(kit.dir, 'partial')
    const args = [
      '--proxy',
      'none',
      'get',
      't.me/tgfetch_small/1',
      't.me/tgfetch_small/200',
      '-o',
      out,
      '--json',
    ]
    const run = await kit.tgfetch(args)
    expect(run.code).toBe(3)
    const events = jsonEvents(run.stdout)
    expect(events.filter((e) => e.event === 'failed')).toHaveLength(1)
    expect(events.at(-1)).toMatchObject({ event: 'summary', done: 1, failed: 1 })
    const again = jsonEvents((await kit.tgfetch(args)).stdout)
    expect(again.filter((e) => e.event === 'skipped')).toHaveLength(1)
  }, 120_000)

  it('--verify checks a complete file against Telegram’s hashes: a match is skipped, a changed byte is fetched again', async () => {
    const out = join(kit.dir, 'reverify')
    const args = ['--proxy', 'none', 'get', 'https://t.me/tgfetch_media/1', '-o', out, '--json']
    expect((await kit.tgfetch(args)).code).toBe(0)
    const media = kit.media('tgfetch_media', 1)
    const path = join(out, media.file)
    const getFiles = () => kit.testkit.network.accounting.snapshot().total.requests['upload.getFile'] ?? 0
    const hashCalls = () =>
      kit.testkit.network.accounting.snapshot().total.requests['upload.getFileHashes'] ?? 0

    const before = getFiles()
    const same = await kit.tgfetch([...args, '--verify'])
    expect(same.code).toBe(0)
    const skipped = jsonEvents(same.stdout).find((e) => e.event === 'skipped')
    expect(skipped?.reason).toMatch(/matches Telegram's hashes/)
    // the file it skips was read whole: its SHA-256 is said, as for a file it downloads
    expect(skipped?.sha256).toBe(media.sha256)
    expect(hashCalls()).toBeGreaterThan(0)
    expect(getFiles()).toBe(before)
    const text = await kit.tgfetch(args.filter((a) => a !== '--json').concat('--verify'))
    expect(text.stdout).toContain(
      `skipped  ${path}: already complete, and it matches Telegram's hashes  sha256 ${media.sha256}\n`,
    )

    const bytes = readFileSync(path)
    const at = Math.floor(bytes.length / 2)
    bytes[at] = bytes[at]! ^ 0xff
    writeFileSync(path, bytes)
    // without --verify a complete file is taken as it is
    expect(jsonEvents((await kit.tgfetch(args)).stdout).some((e) => e.event === 'skipped')).toBe(true)
    const again = await kit.tgfetch([...args, '--verify'])
    expect(again.code).toBe(0)
    const events = jsonEvents(again.stdout)
    const notice = events.find((e) => e.event === 'notice')
    expect(String(notice?.message)).toMatch(/differs from Telegram's at byte \d+/)
    expect(events.some((e) => e.event === 'done')).toBe(true)
    expect(getFiles()).toBeGreaterThan(before)
    expect(sha256File(path)).toBe(media.sha256)
    expect(readdirSync(out)).toEqual([media.file])
  }, 120_000)

  it('a file Telegram sends through a CDN DC says so, in the text and in --json; without --cdn it does not', async () => {
    const media = kit.media('tgfetch_media', 1)
    const get = (out: string, ...more: string[]) =>
      kit.tgfetch([
        '--proxy',
        'none',
        'get',
        'https://t.me/tgfetch_media/1',
        '-o',
        join(kit.dir, out),
        ...more,
      ])
    const text = await get('cdn-text', '--cdn')
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(/^done {5}\S+\/archive\.zip {2}.* via CDN DC 201$/m)
    const json = await get('cdn-json', '--cdn', '--json')
    expect(jsonEvents(json.stdout).find((e) => e.event === 'done')).toMatchObject({ cdn: true, cdnDcId: 201 })
    expect(sha256File(join(kit.dir, 'cdn-json', media.file))).toBe(media.sha256)
    const direct = await get('cdn-off', '--json')
    const done = jsonEvents(direct.stdout).find((e) => e.event === 'done')!
    expect(done.cdn).toBe(false)
    expect(done.cdnDcId).toBeUndefined()
  }, 120_000)

  it("a user's own <name>.part beside the output is left alone", async () => {
    const out = join(kit.dir, 'own-part')
    const media = kit.media('tgfetch_media', 1)
    const mine = join(out, `${media.file}.part`)
    mkdirSync(out, { recursive: true })
    writeFileSync(mine, 'my own notes, not a download')
    const run = await kit.tgfetch(['--proxy', 'none', 'get', 'https://t.me/tgfetch_media/1', '-o', out, '-q'])
    expect(run.code).toBe(0)
    expect(readFileSync(mine, 'utf8')).toBe('my own notes, not a download')
    expect(sha256File(join(out, media.file))).toBe(media.sha256)
    expect(readdirSync(out).sort()).toEqual([media.file, `${media.file}.part`].sort())
  }, 60_000)

  it('two processes, one file: the second names the holder and waits for it (or, --no-wait, exits 2), then skips the complete file', async () => {
    const out = join(kit.dir, 'two-processes')
    const args = ['--proxy', 'none', 'get', 'https://t.me/tgfetch_media/2', '-o', out, '--json']
    const media = kit.media('tgfetch_media', 2)
    const first = kit.spawnTgfetch(args)
    first.stdin.end()
    const firstDone = new Promise<number | null>((resolve) => first.on('close', resolve))
    await untilLine(first.stdout, (e) => e.event === 'progress' && Number(e.bytes) > 0)
    // the holder stays alive and holds the file, but makes no progress until SIGCONT
    first.kill('SIGSTOP')
    try {
      const noWait = await kit.tgfetch([...args, '--no-wait'])
      expect(noWait.code).toBe(2)
      expect(`${noWait.stdout}${noWait.stderr}`).toContain(`process ${first.pid}`)

      const second = kit.spawnTgfetch(args)
      second.stdin.end()
      let stdout = ''
      second.stdout.on('data', (d: Buffer) => {
        stdout += d.toString()
      })
      const secondDone = new Promise<number | null>((resolve) => second.on('close', resolve))
      await untilLine(
        second.stdout,
        (e) => e.event === 'notice' && String(e.message).includes(`process ${first.pid}`),
      )
      first.kill('SIGCONT')
      expect(await firstDone).toBe(0)
      expect(await secondDone).toBe(0)
      const kinds = jsonEvents(stdout).map((e) => e.event)
      expect(kinds).toEqual(['notice', 'skipped', 'summary'])
    } finally {
      first.kill('SIGCONT')
    }
    expect(sha256File(join(out, media.file))).toBe(media.sha256)
    expect(readdirSync(out)).toEqual([media.file])
  }, 120_000)

  it('Ctrl-C keeps what was fetched (exit 130); the same command resumes from it', async () => {
    const out = join(kit.dir, 'interrupted')
    const args = ['--proxy', 'none', 'get', 'https://t.me/tgfetch_media/2', '-o', out, '--json']
    const child = kit.spawnTgfetch(args)
    child.stdin.end()
    let stdout = ''
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString()
    })
    let interrupted = false
    const code = await new Promise<number | null>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString()
        const progress = jsonEvents(stdout.slice(0, stdout.lastIndexOf('\n') + 1)).filter(
          (e) => e.event === 'progress',
        )
        // one Ctrl-C (a second one would mean "quit now")
        if (!interrupted && progress.some((e) => Number(e.bytes) > 4 * 1024 * 1024)) {
          interrupted = true
          child.kill('SIGINT')
        }
      })
      child.on('close', resolve)
    })
    expect(code).toBe(130)
    // what is on disk, in words
    expect(stderr).toMatch(/interrupted; [\d.]+ MiB kept: run the same command again to resume/)
    const media = kit.media('tgfetch_media', 2)
    expect(existsSync(workFilesOf(join(out, media.file)).journal)).toBe(true)
    // the rerun, in the text a person reads, says where it picks up
    const rerun = await kit.tgfetch(args.filter((a) => a !== '--json'))
    expect(rerun.code).toBe(0)
    const resumedAt = /^notice {3}(.+): resuming at ([\d.]+) MiB of ([\d.]+) MiB$/m.exec(rerun.stdout)
    expect(resumedAt?.[1]).toBe(join(out, media.file))
    expect(Number(resumedAt?.[2])).toBeGreaterThan(2)
    expect(Number(resumedAt?.[3])).toBe(Number((media.size / 1024 / 1024).toFixed(1)))
    expect(rerun.stdout.indexOf('resuming at')).toBeLessThan(rerun.stdout.indexOf('done '))
    expect(sha256File(join(out, media.file))).toBe(media.sha256)
  }, 120_000)
})
