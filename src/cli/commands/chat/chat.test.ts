/** `tgfetch chat` as a user runs it: the real CLI in child processes against a testkit. */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CliTestkit, sha256File, startCliTestkit } from '../../cli-testkit.test-helper.js'
import { documentPost, photoPost } from './testkit-posts.test-helper.js'

interface JsonEvent {
  event: string
  name?: string
  path?: string
  done?: number
  skipped?: number
  failed?: number
}

const events = (stdout: string): JsonEvent[] =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as JsonEvent)

describe('tgfetch chat', () => {
  let cli: CliTestkit
  const chat = (args: string[]) => cli.tgfetch(['--proxy', 'none', 'chat', ...args])
  const getFileCalls = () => cli.testkit.network.accounting.snapshot().total.requests['upload.getFile'] ?? 0
  const mediaOf = (username: string) => cli.line.channels.find((c) => c.username === username)!.messages

  beforeAll(async () => {
    cli = await startCliTestkit(41)
    await cli.login(2)
  }, 60_000)
  afterAll(() => cli.close())

  it('--kind photo downloads exactly the photos, byte for byte; a rerun skips them all and fetches nothing', async () => {
    const photos = mediaOf('tgfetch_media').filter((m) => m.media.kind === 'photo')
    expect(photos.map((p) => p.id)).toEqual([3, 10, 11])
    const out = join(cli.dir, 'photos')
    const first = await chat(['tgfetch_media', '--kind', 'photo', '-o', out, '--json'])
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    expect(readdirSync(out).sort()).toEqual(photos.map((p) => `tgfetch_media_${p.id}.jpg`).sort())
    for (const p of photos) expect(sha256File(join(out, `tgfetch_media_${p.id}.jpg`))).toBe(p.media.sha256)
    expect(events(first.stdout).filter((e) => e.event === 'done')).toHaveLength(3)

    const before = getFileCalls()
    expect(before).toBeGreaterThan(0)
    const again = await chat(['tgfetch_media', '--kind', 'photo', '-o', out, '--json'])
    expect(again.code).toBe(0)
    const second = events(again.stdout)
    expect(
      second
        .filter((e) => e.event === 'skipped')
        .map((e) => e.name)
        .sort(),
    ).toEqual(photos.map((p) => join(out, `tgfetch_media_${p.id}.jpg`)).sort())
    expect(second.some((e) => e.event === 'start' || e.event === 'done')).toBe(false)
    expect(second.at(-1)).toMatchObject({ event: 'summary', done: 0, skipped: 3, failed: 0 })
    expect(getFileCalls()).toBe(before)
  }, 120_000)

  it('--export writes the media list as JSON and downloads nothing', async () => {
    const before = getFileCalls()
    const file = join(cli.dir, 'media.json')
    const out = join(cli.dir, 'export-out')
    const run = await chat(['tgfetch_media', '--export', file, '-o', out])
    expect(run.code).toBe(0)
    const records = JSON.parse(readFileSync(file, 'utf8')) as Array<Record<string, unknown>>
    const expected = mediaOf('tgfetch_media')
    expect(records.map((r) => r.msg_id)).toEqual(expected.map((m) => m.id))
    for (const [i, r] of records.entries()) {
      const m = expected[i]!
      expect(Object.keys(r)).toEqual([
        'chat',
        'chat_id',
        'msg_id',
        'date',
        'kind',
        'size',
        'name',
        'mime',
        'dc',
        'link',
        'album',
      ])
      expect(r).toMatchObject({
        chat: 'tgfetch_media',
        kind: m.media.kind,
        size: m.media.size,
        mime: m.media.mime,
        dc: m.media.dc,
      })
      // the testkit's line names each file as tgfetch saves it (voice notes, round videos and photos come unnamed)
      expect(r.name).toBe(m.media.file)
      expect(new Date(r.date as string).toISOString()).toBe(r.date)
      const inAlbum = m.id >= 10
      expect(r.link).toBe(`https://t.me/tgfetch_media/${m.id}${inAlbum ? '?single' : ''}`)
      expect(r.album === null).toBe(!inAlbum)
    }
    expect(new Set(records.filter((r) => r.album !== null).map((r) => r.album)).size).toBe(1)
    expect(getFileCalls()).toBe(before)
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([])
  }, 60_000)

  it('--topic downloads one topic of a forum, and only it', async () => {
    const out = join(cli.dir, 'forum')
    const photos = await chat(['tgfetch_forum', '--topic', '3', '-o', out, '-q'])
    expect(photos.code).toBe(0)
    expect(readdirSync(out)).toEqual(['tgfetch_forum_4.jpg'])
    expect(sha256File(join(out, 'tgfetch_forum_4.jpg'))).toBe(cli.media('tgfetch_forum', 4).sha256)
    const releases = await chat(['https://t.me/tgfetch_forum', '--topic', '1', '-o', out, '-q'])
    expect(releases.code).toBe(0)
    expect(readdirSync(out).sort()).toEqual(['release.tar', 'tgfetch_forum_4.jpg'])
    expect(sha256File(join(out, 'release.tar'))).toBe(cli.media('tgfetch_forum', 2).sha256)
  }, 120_000)

  it('--only-new lists only what came after the last complete run', async () => {
    const out = join(cli.dir, 'only-new')
    const args = ['tgfetch_media', '--kind', 'photo', '-o', out, '--json', '--only-new']
    expect((await chat(args)).code).toBe(0)
    expect(readdirSync(out)).toHaveLength(3)
    const before = getFileCalls()
    const nothing = await chat(args)
    expect(events(nothing.stdout)).toEqual([
      expect.objectContaining({ event: 'summary', done: 0, skipped: 0 }),
    ])
    expect(getFileCalls()).toBe(before)

    const channel = cli.line.channels.find((c) => c.username === 'tgfetch_media')!
    const added = photoPost(150 * 1024, 2)
    const message = cli.testkit.cluster.state.postMessage(channel.id, added.post, added.files)
    const next = await chat(args)
    expect(
      events(next.stdout)
        .filter((e) => e.event === 'done')
        .map((e) => e.path),
    ).toEqual([join(out, `tgfetch_media_${message.id}.jpg`)])
    expect(sha256File(join(out, `tgfetch_media_${message.id}.jpg`))).toBe(added.sha256)
  }, 120_000)

  it('hostile flags: a clear message and exit code 2, before anything is fetched', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--min-size', '1X'], /--min-size: "1X" is not a size/],
      [['--since', '2026-02-30'], /--since: "2026-02-30" is not a date/],
      [['--kind', 'pictures'], /--kind: "pictures" is not one of/],
      [['--match', 'a'.repeat(300)], /--match: the pattern is longer than 256/],
      [['--min-size', '2G', '--max-size', '1M'], /min-size is larger than max-size/],
      [['--from-id', '2147483648'], /--from-id: "2147483648" is not a message id/],
      [['--to-id', '4294967297'], /--to-id: "4294967297" is not a message id/],
      [['--topic', '4294967297'], /--topic 4294967297: expected a whole number from 1 to 2147483647/],
      [['-o', join(cli.dir, 'servers.json')], /-o .*servers\.json is a file, not a folder/],
    ]
    for (const [flags, message] of cases) {
      const run = await chat(['tgfetch_media', ...flags])
      expect(run.code, flags.join(' ')).toBe(2)
      expect(run.stderr).toMatch(message)
    }
    const link = await chat(['https://t.me/tgfetch_media/3'])
    expect(link.code).toBe(2)
    expect(link.stderr).toMatch(/names a message, not a chat/)
  }, 120_000)

  it("senders' names that look like the engine's own files cannot touch another download", async () => {
    const channel = cli.line.channels.find((c) => c.username === 'tgfetch_small')!
    const posts = [
      documentPost('big-video.mp4', 3 * 1024 * 1024, 2),
      documentPost('big-video.mp4.part', 2 * 1024 * 1024, 2),
      documentPost('big-video.mp4.part.journal', 70_000, 2),
      documentPost('big-video.mp4.part.journal.tmp', 50_000, 2),
    ]
    for (const p of posts) cli.testkit.cluster.state.postMessage(channel.id, p.post, p.files)
    const out = join(cli.dir, 'lookalikes')
    const args = ['tgfetch_small', '--match', 'big-video', '-o', out, '--json']
    const run = await chat(args)
    expect(run.code).toBe(0)
    expect(events(run.stdout).at(-1)).toMatchObject({ event: 'summary', done: 4, failed: 0 })
    const names = posts.map((p) => p.post.media!.name!)
    expect(readdirSync(out).sort()).toEqual([...names].sort())
    for (const p of posts) expect(sha256File(join(out, p.post.media!.name!))).toBe(p.sha256)

    const again = await chat(args)
    expect(again.code).toBe(0)
    expect(events(again.stdout).at(-1)).toMatchObject({ event: 'summary', done: 0, skipped: 4 })
    expect(readdirSync(out).sort()).toEqual([...names].sort())
  }, 120_000)
})
