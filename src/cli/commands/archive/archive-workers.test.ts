/**
 * Three `archive run` processes on one Redis queue and one shared folder,
 * four accounts: one worker is killed -9 mid-file and Redis is killed and
 * restarted (AOF) mid-run. Every file ends byte-identical, fetched once
 * (but for the killed worker's unfinished part), a file posted in two
 * chats is downloaded once, and no account sends during a FLOOD_WAIT.
 * Then two machines (two data folders) on one Redis: a file one of them
 * archived, or is downloading, is linked by the other, not fetched again.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ArchiveStatus } from '../../../archive/archive-status.js'
import { readManifest } from '../../../archive/manifest.js'
import { noRedis, type RunningRedis, startRedis } from '../../../archive/queue/redis-server.test-helper.js'
import { loadProfile } from '../../../testkit/network/profiles.js'
import { generateWorld } from '../../../testkit/world/generate.js'
import type { WorldChannel } from '../../../testkit/world/types.js'
import { type CliTestkit, sha256File, startCliTestkit } from '../../cli-testkit.test-helper.js'

/** tgfetch_media with its video at 3 MiB, and a channel reposting two of its files */
function archiveWorld() {
  const world = generateWorld({ seed: 61, largeFileSize: 3 * 1024 * 1024 })
  const media = world.channels.find((c) => c.username === 'tgfetch_media')!
  const repost: WorldChannel = {
    ...media,
    id: 1_500_000_099,
    title: 'tgfetch repost',
    username: 'tgfetch_repost',
    linkedChatId: undefined,
    participantsCount: 10,
    messages: [1, 4].map((id, i) => ({ ...media.messages.find((m) => m.id === id)!, id: i + 1 })),
  }
  world.channels.push(repost)
  return world
}

/** files take a while (1.5 MB/s per account), so the kill lands mid-file */
const slow = { ...loadProfile('lan'), name: 'archive-slow', accountBytesPerSecond: 1_500_000 }

describe.skipIf(noRedis)(
  `archive run: three workers, four accounts${noRedis ? ` (skipped: ${noRedis})` : ''}`,
  () => {
    let cli: CliTestkit
    let redis: RunningRedis
    const world = archiveWorld()
    const plain = world.accounts.filter((a) => !a.password && !a.premium).slice(0, 4)
    const labels = ['a', 'b', 'c', 'd']
    beforeAll(async () => {
      cli = await startCliTestkit(61, { world, profile: slow })
      redis = await startRedis({ aof: true })
      for (const [i, a] of plain.entries()) {
        const run = await cli.tgfetch([
          '--proxy',
          'none',
          'login',
          '--phone',
          a.phone,
          '--code',
          a.code,
          '--label',
          labels[i]!,
        ])
        expect(run.code, run.stderr).toBe(0)
      }
    }, 120_000)
    afterAll(async () => {
      await redis?.stop()
      await cli?.close()
    })

    it('a worker killed mid-file and a Redis restart: every file once, byte-identical, manifests whole', async () => {
      const queue = ['--queue', `redis://127.0.0.1:${redis.port}/0`]
      const out = join(cli.dir, 'archive')
      const add = await cli.tgfetch([
        '--proxy',
        'none',
        'archive',
        'add',
        'tgfetch_media',
        'tgfetch_repost',
        '-o',
        out,
        ...queue,
      ])
      expect(add.code, add.stderr).toBe(0)

      const logs = new Map<ChildProcessWithoutNullStreams, string>()
      const worker = (accounts: string): ChildProcessWithoutNullStreams => {
        const child = cli.spawnTgfetch([
          '--proxy',
          'none',
          'archive',
          'run',
          '--until-idle',
          '--lease',
          '2',
          '--account',
          accounts,
          ...queue,
        ])
        child.stdin.end()
        logs.set(child, '')
        child.stderr.on('data', (d: Buffer) => logs.set(child, logs.get(child) + d.toString()))
        return child
      }
      const exit = (c: ChildProcessWithoutNullStreams): Promise<number | null> =>
        c.exitCode !== null || c.signalCode !== null
          ? Promise.resolve(c.exitCode)
          : new Promise((r) => c.on('close', r))

      // the victim holds a and b; the third worker takes them over once their leases lapse
      const victim = worker('a,b')
      await new Promise<void>((held) => {
        victim.stderr.on('data', () => {
          if (logs.get(victim)!.includes('job loops')) held()
        })
      })
      const others = [worker('c'), worker('d,a,b')]

      const ledger = cli.testkit.network.accounting
      const victimUsers = new Set(plain.slice(0, 2).map((a) => `user:${a.userId}`))
      // documents by the ledger's name for them (photos come in one part: never mid-file)
      const sizeOf = new Map<string, number>()
      for (const c of world.channels)
        for (const m of c.messages)
          if (m.media?.fileId)
            sizeOf.set(`doc:${m.media.id}`, world.files.find((f) => f.id === m.media!.fileId)!.size)
      // the victim's first part of a file it has not finished: kill -9 now
      for (;;) {
        const mine = ledger.fileParts().filter((p) => victimUsers.has(p.account))
        const got = new Map<string, number>()
        for (const p of mine) got.set(p.file, (got.get(p.file) ?? 0) + p.bytes)
        if ([...got].some(([file, bytes]) => bytes < (sizeOf.get(file) ?? 0))) break
        await sleep(20)
      }
      victim.kill('SIGKILL')
      await exit(victim)
      const killedAt = ledger.fileParts().length

      // Redis dies while the others work, and comes back from its append-only file
      await redis.kill()
      await redis.restart()

      for (const c of others) expect(await exit(c), logs.get(c)).toBe(0)

      const status = JSON.parse(
        (await cli.tgfetch(['--proxy', 'none', 'archive', 'status', '--json', ...queue])).stdout,
      ) as ArchiveStatus
      expect(status.failed).toEqual([])
      expect(status.counts.file).toMatchObject({ waiting: 0, active: 0, delayed: 0, failed: 0 })

      for (const username of ['tgfetch_media', 'tgfetch_repost']) {
        const channel = cli.line.channels.find((c) => c.username === username)!
        const folder = join(out, username)
        const files = readdirSync(folder).filter((f) => f !== 'messages.jsonl' && f !== '.tgfetch')
        const withMedia = channel.messages.filter((m) => m.media)
        expect(files).toHaveLength(withMedia.length)
        for (const m of withMedia) {
          const name = files.find((f) => f.startsWith(`${m.id}.`))!
          expect(sha256File(join(folder, name)), `${username}/${name}`).toBe(m.media.sha256)
        }
        const manifest = readManifest(folder)
        expect(manifest.filter((l) => l.type === 'message').map((l) => l.id)).toEqual(
          world.channels.find((c) => c.username === username)!.messages.map((m) => m.id),
        )
        expect(
          manifest
            .filter((l) => l.type === 'file')
            .map((l) => l.id)
            .sort((x, y) => x - y),
        ).toEqual(withMedia.map((m) => m.id))
      }

      // each part of each file fetched by one download over the whole run; by a second only if the
      // victim had it before the kill. After the kill an account belongs to one live worker, so a part
      // it asks again (its answer came after the engine gave up on it, on a busy machine) is still
      // that worker's one download, not a second one.
      const seen = new Map<string, { at: number; account: string }>()
      for (const [i, p] of ledger.fileParts().entries()) {
        const key = `${p.file}@${p.offset}`
        const first = seen.get(key)
        if (first === undefined) {
          seen.set(key, { at: i, account: p.account })
          continue
        }
        if (first.account === p.account && first.at >= killedAt) continue
        const history = () =>
          ledger
            .fileParts()
            .flatMap((q, j) => (`${q.file}@${q.offset}` === key ? [`#${j} ${q.account}`] : []))
            .join(', ')
        expect(
          first.at,
          `${key} fetched again (killed at #${killedAt}): ${history()}\n${[...logs.values()].join('\n---\n')}`,
        ).toBeLessThan(killedAt)
        expect(victimUsers.has(first.account)).toBe(true)
        // a third download fails the line above
        seen.set(key, { at: Number.POSITIVE_INFINITY, account: p.account })
      }
      // the reposted files were downloaded for the first chat only: the repost's are links
      expect(status.bytesSaved).toBeGreaterThan(0)
      expect(ledger.snapshot().violations.floodWaitIgnored).toBe(0)
    }, 180_000)

    it('two machines (separate data folders) on one Redis: a file in two chats is fetched once, then linked', async () => {
      // machine one is the test's data folder (account c); machine two has its own, with the fifth account
      const two = { TGFETCH_HOME: join(cli.dir, 'home-two') }
      const fifth = world.accounts.filter((a) => !a.password && !a.premium)[4]!
      const login = await cli.tgfetch(
        ['--proxy', 'none', 'login', '--phone', fifth.phone, '--code', fifth.code, '--label', 'e'],
        two,
      )
      expect(login.code, login.stderr).toBe(0)
      const machines = [
        { env: {}, account: 'c' },
        { env: two, account: 'e' },
      ]
      const logs: string[] = []
      const archive = async (args: string[], env: NodeJS.ProcessEnv): Promise<string> => {
        const run = await cli.tgfetch(['--proxy', 'none', 'archive', ...args], env)
        expect(run.code, run.stderr).toBe(0)
        logs.push(run.stderr)
        return run.stdout
      }
      // nobody is killed here: long leases, so a busy machine cannot make a claim lapse
      const run = (m: (typeof machines)[number], queue: string[]): Promise<string> =>
        archive(['run', '--until-idle', '--lease', '30', '--account', m.account, ...queue], m.env)
      const ledger = cli.testkit.network.accounting
      const repost = cli.line.channels.find((c) => c.username === 'tgfetch_repost')!
      // every repost is of a tgfetch_media file: its bytes are what dedup saves
      const repostBytes = repost.messages.reduce((n, m) => n + m.media.size, 0)
      const named = (folder: string, id: number): string =>
        join(folder, readdirSync(folder).find((f) => f.startsWith(`${id}.`))!)
      /** every file of both chats in `out` byte-identical, the reposts links to tgfetch_media's copies */
      const expectArchived = (out: string): void => {
        for (const username of ['tgfetch_media', 'tgfetch_repost']) {
          const channel = cli.line.channels.find((c) => c.username === username)!
          for (const m of channel.messages.filter((x) => x.media))
            expect(sha256File(named(join(out, username), m.id)), `${username}/${m.id}`).toBe(m.media.sha256)
        }
        for (const [i, id] of [1, 4].entries())
          expect(statSync(named(join(out, 'tgfetch_repost'), i + 1)).ino).toBe(
            statSync(named(join(out, 'tgfetch_media'), id)).ino,
          )
      }
      const status = async (queue: string[], env: NodeJS.ProcessEnv): Promise<ArchiveStatus> =>
        JSON.parse(await archive(['status', '--json', ...queue], env)) as ArchiveStatus

      // one after the other: machine two knows machine one's files only through Redis
      {
        const queue = ['--queue', `redis://127.0.0.1:${redis.port}/2`]
        const out = join(cli.dir, 'machines-in-turn')
        await archive(['add', 'tgfetch_media', '-o', out, ...queue], machines[0]!.env)
        await run(machines[0]!, queue)
        const fetched = ledger.fileParts().length
        await archive(['add', 'tgfetch_repost', '-o', out, ...queue], machines[1]!.env)
        await run(machines[1]!, queue)
        expect(ledger.fileParts().slice(fetched), 'machine two fetched a part').toEqual([])
        expectArchived(out)
        const seen = await status(queue, machines[1]!.env)
        expect(seen.failed).toEqual([])
        expect(seen.bytesSaved).toBe(repostBytes)
      }

      // at once: whichever machine claims a shared file first downloads it, the other waits and links it
      {
        const queue = ['--queue', `redis://127.0.0.1:${redis.port}/3`]
        const out = join(cli.dir, 'machines-at-once')
        await archive(['add', 'tgfetch_media', 'tgfetch_repost', '-o', out, ...queue], machines[0]!.env)
        const from = ledger.fileParts().length
        await Promise.all(machines.map((m) => run(m, queue)))
        const parts = ledger.fileParts().slice(from)
        const keys = parts.map((p) => `${p.file}@${p.offset}`)
        const fetched = parts.map((p) => `${p.file}@${p.offset} by ${p.account}`).join(', ')
        expect(new Set(keys).size, `a part fetched twice: ${fetched}\n${logs.join('\n---\n')}`).toBe(
          keys.length,
        )
        expectArchived(out)
        const seen = await status(queue, machines[0]!.env)
        expect(seen.failed).toEqual([])
        expect(seen.counts.file).toMatchObject({ waiting: 0, active: 0, delayed: 0, failed: 0 })
        expect(seen.bytesSaved).toBe(repostBytes)
      }
    }, 180_000)

    it('a watched chat survives its worker killed -9 and restarted: no post published meanwhile is missed', async () => {
      const queue = ['--queue', `redis://127.0.0.1:${redis.port}/1`]
      const out = join(cli.dir, 'watched')
      const add = await cli.tgfetch([
        '--proxy',
        'none',
        'archive',
        'add',
        'tgfetch_small',
        '-o',
        out,
        '--watch',
        '--interval',
        '1',
        ...queue,
      ])
      expect(add.code, add.stderr).toBe(0)
      const run = (): { child: ChildProcessWithoutNullStreams; saw(text: string): Promise<void> } => {
        const child = cli.spawnTgfetch([
          '--proxy',
          'none',
          'archive',
          'run',
          '--lease',
          '2',
          '--account',
          'c',
          ...queue,
        ])
        child.stdin.end()
        let log = ''
        const waiters: Array<{ text: string; done(): void }> = []
        child.stderr.on('data', (d: Buffer) => {
          log += d.toString()
          for (const w of waiters) if (log.includes(w.text)) w.done()
        })
        return {
          child,
          saw: (text) =>
            new Promise<void>((done) => (log.includes(text) ? done() : waiters.push({ text, done }))),
        }
      }
      const channel = world.channels.find((c) => c.username === 'tgfetch_small')!
      const first = run()
      await first.saw('#1 done') // the first pass and the watch's next one went through
      first.child.kill('SIGKILL')
      await new Promise((r) => first.child.on('close', r))
      const post = cli.testkit.cluster.state.postMessage(channel.id, {
        text: 'published while no worker ran',
      })
      const second = run()
      const folder = join(out, 'tgfetch_small')
      try {
        while (!readManifest(folder).some((l) => l.type === 'message' && l.id === post.id)) await sleep(100)
      } finally {
        second.child.kill('SIGTERM')
        await new Promise((r) => second.child.on('close', r))
      }
      const ids = readManifest(folder)
        .filter((l) => l.type === 'message')
        .map((l) => l.id)
      // every post once, the new one last
      expect(ids).toEqual(channel.messages.map((m) => m.id))
      expect(ids.at(-1)).toBe(post.id)
    }, 120_000)
  },
)
