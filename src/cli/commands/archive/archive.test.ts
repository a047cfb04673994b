/** `tgfetch archive add / run / status` as a user runs them, on the local queue and on Redis. */
import { readdirSync, statSync } from 'node:fs'
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
        // the dedup store's total: the second folder's links, then these
        expect(status.bytesSaved).toBe(2 * smallBytes())
      } finally {
        await redis.stop()
      }
    },
    120_000,
  )
})
