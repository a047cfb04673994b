/** `tgfetch archive add / run / status` as a user runs them, on the local queue and on Redis. */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ArchiveStatus } from '../../../archive/archive-status.js'
import { readManifest } from '../../../archive/manifest.js'
import { noRedis, startRedis } from '../../../archive/queue/redis-server.test-helper.js'
import { type CliTestkit, sha256File, startCliTestkit } from '../../cli-testkit.test-helper.js'

describe('tgfetch archive', () => {
  let cli: CliTestkit
  beforeAll(async () => {
    cli = await startCliTestkit(47, { profile: 'lan' })
    await cli.login(2)
  }, 60_000)
  afterAll(() => cli.close())

  const smallBytes = (): number =>
    cli.line.channels
      .find((c) => c.username === 'tgfetch_small')!
      .messages.reduce((n, m) => n + m.media.size, 0)

  const tgfetch = async (args: string[]): Promise<string> => {
    const run = await cli.tgfetch(['--proxy', 'none', 'archive', ...args])
    expect(run.code, run.stderr).toBe(0)
    return run.stdout
  }

  /**
   * add, run until idle, status: the archive of tgfetch_small in `out`, and
   * what status says; `passes`: how many folders this queue has archived it into, this one included.
   */
  async function archiveSmall(out: string, queue: string[], passes = 1): Promise<ArchiveStatus> {
    await tgfetch(['add', 'tgfetch_small', '-o', out, ...queue])
    await tgfetch(['run', '--until-idle', ...queue])
    const channel = cli.line.channels.find((c) => c.username === 'tgfetch_small')!
    const folder = join(out, 'tgfetch_small')
    const files = readdirSync(folder).filter((f) => f !== 'messages.jsonl')
    // one file per media post, named by message id, byte-identical to the testkit's
    expect(files.sort()).toHaveLength(channel.messages.length)
    for (const m of channel.messages) {
      const name = files.find((f) => f.startsWith(`${m.id}.`))!
      expect(sha256File(join(folder, name))).toBe(m.media.sha256)
    }
    const manifest = readManifest(folder)
    expect(manifest.filter((l) => l.type === 'message').map((l) => l.id)).toEqual(
      channel.messages.map((m) => m.id),
    )
    const status = JSON.parse(await tgfetch(['status', '--json', ...queue])) as ArchiveStatus
    expect(status.counts.chat).toMatchObject({ waiting: 0, active: 0, completed: passes, failed: 0 })
    expect(status.counts.file).toMatchObject({
      waiting: 0,
      active: 0,
      completed: passes * channel.messages.length,
      failed: 0,
    })
    expect(status.failed).toEqual([])
    expect(status.bytesDone).toBe(passes * smallBytes())
    return status
  }

  // the cases share the data folder's dedup store: the later ones link what the first downloaded
  it('archives a channel on the local queue: every file byte-identical, every post in messages.jsonl', async () => {
    const status = await archiveSmall(join(cli.dir, 'local'), [])
    expect(status.bytesSaved).toBe(0)
  }, 120_000)

  it('archives it again into another folder by linking every file, not downloading', async () => {
    const status = await archiveSmall(join(cli.dir, 'local-copy'), [], 2)
    expect(status.bytesSaved).toBe(smallBytes())
    for (const name of readdirSync(join(cli.dir, 'local', 'tgfetch_small')).filter(
      (f) => f !== 'messages.jsonl',
    ))
      expect(statSync(join(cli.dir, 'local-copy', 'tgfetch_small', name)).ino).toBe(
        statSync(join(cli.dir, 'local', 'tgfetch_small', name)).ino,
      )
  }, 120_000)

  it('run drains on SIGTERM with exit 0 and on Ctrl-C with 130', async () => {
    for (const [signal, code] of [
      ['SIGTERM', 0],
      ['SIGINT', 130],
    ] as const) {
      const child = cli.spawnTgfetch(['--proxy', 'none', 'archive', 'run'])
      child.stdin.end()
      const exited = new Promise<number | null>((r) => child.on('close', r))
      // signalled once its handlers are in place, which the first line says
      await new Promise<void>((ready) => {
        child.stderr.on('data', (d: Buffer) => {
          if (d.toString().includes('job loops')) ready()
        })
      })
      child.kill(signal)
      expect(await exited).toBe(code)
    }
  }, 120_000)

  it.skipIf(noRedis !== undefined)(
    `does the same on a Redis queue${noRedis ? ` (skipped: ${noRedis})` : ''}`,
    async () => {
      const redis = await startRedis()
      try {
        const status = await archiveSmall(join(cli.dir, 'redis'), [
          '--queue',
          `redis://127.0.0.1:${redis.port}/0`,
        ])
        // dedup lives beside the queue, on Redis: it knows none of the local queue's files
        expect(status.bytesSaved).toBe(0)
      } finally {
        await redis.stop()
      }
    },
    120_000,
  )

  /** The sum of a metric's series in Prometheus's text format, those with every label in `labels`. */
  const metric = (text: string, name: string, labels: Record<string, string> = {}): number =>
    text
      .split('\n')
      .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
      .filter((l) => Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)))
      .reduce((n, l) => n + Number(l.slice(l.lastIndexOf(' ') + 1)), 0)

  it('a filtered add queues only the matching files; run --metrics-port counts their bytes and files', async () => {
    const channel = cli.line.channels.find((c) => c.username === 'tgfetch_media')!
    const small = channel.messages.filter((m) => m.media.size <= 1024 * 1024)
    expect(small.length).toBeGreaterThan(2)
    expect(small.length).toBeLessThan(channel.messages.length)
    const out = join(cli.dir, 'filtered')
    await tgfetch(['add', 'tgfetch_media', '-o', out, '--max-size', '1M'])
    const child = cli.spawnTgfetch(['--proxy', 'none', 'archive', 'run', '--metrics-port', '0'])
    child.stdin.end()
    const exited = new Promise<number | null>((r) => child.on('close', r))
    let stderr = ''
    // the worker says where its metrics are, then one line per job done
    const port = await new Promise<number>((resolve, reject) => {
      let resolved = false
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString()
        const at = /metrics at http:\/\/127\.0\.0\.1:(\d+)\/metrics/.exec(stderr)
        if (at && !resolved && (stderr.match(/^tgfetch: file .* done$/gm) ?? []).length === small.length) {
          resolved = true
          resolve(Number(at[1]))
        }
      })
      child.on('close', () => reject(new Error(stderr)))
    })
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()
    child.kill('SIGTERM')
    expect(await exited).toBe(0)

    const folder = join(out, 'tgfetch_media')
    const files = readdirSync(folder).filter((f) => f !== 'messages.jsonl')
    expect(files.map((f) => Number(f.split('.')[0])).sort((a, b) => a - b)).toEqual(small.map((m) => m.id))
    for (const m of small) {
      const name = files.find((f) => f.startsWith(`${m.id}.`))!
      expect(sha256File(join(folder, name))).toBe(m.media.sha256)
    }
    // what was downloaded and what was linked, by the manifest's file lines
    const fileLines = readManifest(folder).filter((l) => l.type === 'file') as Array<{
      id: number
      deduped: boolean
    }>
    expect(fileLines.map((l) => l.id).sort((a, b) => a - b)).toEqual(small.map((m) => m.id))
    const sizeOf = (id: number): number => small.find((m) => m.id === id)!.media.size
    const downloaded = fileLines.filter((l) => !l.deduped)
    for (const dc of new Set(small.map((m) => m.media.dc))) {
      const here = downloaded.filter((l) => small.find((m) => m.id === l.id)!.media.dc === dc)
      expect(metric(text, 'tgfetch_archive_downloaded_bytes_total', { dc: String(dc) })).toBe(
        here.reduce((n, l) => n + sizeOf(l.id), 0),
      )
      expect(metric(text, 'tgfetch_archive_downloaded_files_total', { dc: String(dc) })).toBe(here.length)
    }
    expect(metric(text, 'tgfetch_archive_downloaded_bytes_total')).toBe(
      downloaded.reduce((n, l) => n + sizeOf(l.id), 0),
    )
    expect(downloaded.length).toBeGreaterThan(0)
    const linked = fileLines.filter((l) => l.deduped)
    expect(metric(text, 'tgfetch_archive_dedup_hits_total')).toBe(linked.length)
    expect(metric(text, 'tgfetch_archive_dedup_saved_bytes_total')).toBe(
      linked.reduce((n, l) => n + sizeOf(l.id), 0),
    )
    expect(metric(text, 'tgfetch_archive_jobs_total', { kind: 'file', outcome: 'completed' })).toBe(
      small.length,
    )
    expect(metric(text, 'tgfetch_archive_jobs_total', { kind: 'chat', outcome: 'completed' })).toBe(1)
    expect(metric(text, 'tgfetch_archive_queue_jobs', { kind: 'file', state: 'waiting' })).toBe(0)
    expect(metric(text, 'tgfetch_archive_queue_jobs', { kind: 'file', state: 'active' })).toBe(0)
    expect(text).toMatch(/^# TYPE tgfetch_archive_flood_wait_seconds_total counter$/m)

    const status = JSON.parse(await tgfetch(['status', '--json'])) as ArchiveStatus
    expect(status.chats.find((c) => c.label === 'tgfetch_media')).toMatchObject({
      folders: [folder],
      queued: 0,
      active: 0,
      done: small.length,
      failed: 0,
      bytesDone: small.reduce((n, m) => n + m.media.size, 0),
      bytesTotal: small.reduce((n, m) => n + m.media.size, 0),
      etaSeconds: 0,
    })
  }, 120_000)

  it('pause keeps a chat’s jobs from running until resume; remove drops its jobs and watch, not its files', async () => {
    const chatOf = (s: ArchiveStatus) => s.chats.find((c) => c.label === 'tgfetch_small')
    const out = join(cli.dir, 'photos')
    await tgfetch(['add', 'tgfetch_small', '-o', out, '--kind', 'photo'])
    await tgfetch(['pause', 'tgfetch_small'])
    await tgfetch(['run', '--until-idle'])
    expect(existsSync(join(out, 'tgfetch_small'))).toBe(false)
    let status = JSON.parse(await tgfetch(['status', '--json'])) as ArchiveStatus
    expect(chatOf(status)?.mark).toBe('paused')
    expect(status.counts.chat.paused).toBe(1)
    const doneBefore = chatOf(status)!.done

    await tgfetch(['resume', 'tgfetch_small'])
    await tgfetch(['run', '--until-idle'])
    const photo = cli.line.channels
      .find((c) => c.username === 'tgfetch_small')!
      .messages.filter((m) => m.media.kind === 'photo')
    expect(photo).toHaveLength(1)
    expect(readdirSync(join(out, 'tgfetch_small')).sort()).toEqual(
      [expect.stringMatching(new RegExp(`^${photo[0]!.id}\\.`)), 'messages.jsonl'].sort(),
    )
    status = JSON.parse(await tgfetch(['status', '--json'])) as ArchiveStatus
    expect(chatOf(status)?.mark).toBeUndefined()
    expect(chatOf(status)?.done).toBe(doneBefore + 1)

    await tgfetch(['pause'])
    expect((JSON.parse(await tgfetch(['status', '--json'])) as ArchiveStatus).paused).toBe(true)
    expect(await tgfetch(['status'])).toMatch(/^archive paused/)
    await tgfetch(['resume'])
    expect((JSON.parse(await tgfetch(['status', '--json'])) as ArchiveStatus).paused).toBe(false)

    await tgfetch(['add', 'tgfetch_small', '-o', join(cli.dir, 'watched'), '--watch', '--interval', '3600'])
    expect(chatOf(JSON.parse(await tgfetch(['status', '--json'])) as ArchiveStatus)?.watching).toBe(true)
    const removed = await cli.tgfetch(['--proxy', 'none', 'archive', 'remove', 'tgfetch_small'])
    expect(removed.code, removed.stderr).toBe(0)
    expect(removed.stderr).toMatch(/tgfetch_small removed \(\d+ jobs\); its files stay/)
    status = JSON.parse(await tgfetch(['status', '--json'])) as ArchiveStatus
    expect(chatOf(status)).toBeUndefined()
    expect(readdirSync(join(out, 'tgfetch_small'))).toHaveLength(2)
    expect(readdirSync(join(cli.dir, 'local', 'tgfetch_small')).length).toBeGreaterThan(1)
    const unknown = await cli.tgfetch(['--proxy', 'none', 'archive', 'pause', 'no_such_chat'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/no such chat in the archive/)
  }, 300_000) // fourteen CLI runs: on a loaded 2-core machine each may take several seconds

  it('add --only-new starts after the newest post: a removed chat added again archives no old file', async () => {
    const channel = cli.line.channels.find((c) => c.username === 'tgfetch_small')!
    const out = join(cli.dir, 'only-new')
    const add = await cli.tgfetch([
      '--proxy',
      'none',
      'archive',
      'add',
      'tgfetch_small',
      '-o',
      out,
      '--only-new',
    ])
    expect(add.code, add.stderr).toBe(0)
    expect(add.stderr).toContain(`posts after ${Math.max(...channel.messages.map((m) => m.id))}`)
    await tgfetch(['run', '--until-idle'])
    const status = JSON.parse(await tgfetch(['status', '--json'])) as ArchiveStatus
    expect(status.chats.find((c) => c.label === 'tgfetch_small')).toMatchObject({
      folders: [join(out, 'tgfetch_small')],
      queued: 0,
      done: 0,
      bytesTotal: 0,
    })
    expect(status.counts.chat).toMatchObject({ waiting: 0, active: 0, paused: 0 })
  }, 120_000)
})
