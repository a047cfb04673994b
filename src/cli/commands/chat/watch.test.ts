/** `tgfetch watch` as a user runs it: a long-running child process, posts added to the testkit meanwhile, Ctrl-C. */
import { type ChildProcess, spawn } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cliMain } from '../../cli-bundle.test-helper.js'
import { type CliTestkit, sha256File, startCliTestkit } from '../../cli-testkit.test-helper.js'
import { documentPost } from './testkit-posts.test-helper.js'

interface JsonEvent {
  event: string
  chat?: string
  topic?: number | null
  afterId?: number
  path?: string
}

/** A running `tgfetch watch --json`: its events as they come, and how it ended. */
class Watcher {
  readonly events: JsonEvent[] = []
  stderr = ''
  readonly exited: Promise<number | null>
  private readonly child: ChildProcess
  private waiters: Array<() => void> = []

  constructor(cli: CliTestkit, args: string[]) {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TGFETCH_HOME: join(cli.dir, 'home'),
      TGFETCH_SERVERS: join(cli.dir, 'servers.json'),
    }
    this.child = spawn(process.execPath, [cliMain(), '--proxy', 'none', 'watch', '--json', ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      this.events.push(JSON.parse(line) as JsonEvent)
      for (const w of this.waiters) w()
    })
    this.child.stderr!.on('data', (d: Buffer) => {
      this.stderr += d.toString()
    })
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)))
  }

  /** Resolves with the first event that matches, waiting up to `ms`. */
  waitFor(match: (e: JsonEvent) => boolean, ms = 30_000): Promise<JsonEvent> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no such event in ${ms} ms; stderr: ${this.stderr}`)),
        ms,
      )
      const check = () => {
        const found = this.events.find(match)
        if (!found) return
        clearTimeout(timer)
        this.waiters = this.waiters.filter((w) => w !== check)
        resolve(found)
      }
      this.waiters.push(check)
      check()
    })
  }

  interrupt(): Promise<number | null> {
    this.child.kill('SIGINT')
    return this.exited
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('tgfetch watch', () => {
  let cli: CliTestkit
  beforeAll(async () => {
    cli = await startCliTestkit(43)
    await cli.login(2)
  }, 60_000)
  afterAll(() => cli.close())

  it('downloads a post added while it runs; Ctrl-C exits 130; a restart gets what came meanwhile and nothing twice', async () => {
    const channel = cli.line.channels.find((c) => c.username === 'tgfetch_small')!
    const newestAtStart = Math.max(...channel.messages.map((m) => m.id))
    const out = join(cli.dir, 'watched')
    const folder = join(out, 'tgfetch_small')
    const args = ['tgfetch_small', '--interval', '1', '-o', out]

    const first = new Watcher(cli, args)
    // the first run starts at the newest post: what was there before is not downloaded
    await first.waitFor(
      (e) => e.event === 'watching' && e.chat === 'tgfetch_small' && e.afterId === newestAtStart,
    )
    const a = documentPost('first-new.bin', 300 * 1024, 3)
    const postedA = cli.testkit.cluster.state.postMessage(channel.id, a.post, a.files)
    await first.waitFor((e) => e.event === 'done' && e.path === join(folder, 'first-new.bin'))
    expect(sha256File(join(folder, 'first-new.bin'))).toBe(a.sha256)
    expect(await first.interrupt()).toBe(130)
    expect(first.events.filter((e) => e.event === 'start')).toHaveLength(1)

    // posted while nobody watches
    const b = documentPost('while-stopped.bin', 200 * 1024, 3)
    cli.testkit.cluster.state.postMessage(channel.id, b.post, b.files)
    const getFiles = () => cli.testkit.network.accounting.snapshot().total.requests['upload.getFile'] ?? 0

    const second = new Watcher(cli, args)
    await second.waitFor((e) => e.event === 'watching' && e.afterId === postedA.id)
    await second.waitFor((e) => e.event === 'done' && e.path === join(folder, 'while-stopped.bin'))
    const afterB = getFiles()
    await sleep(3000) // a few more polls: nothing else comes
    expect(await second.interrupt()).toBe(130)
    expect(getFiles()).toBe(afterB)
    const started = second.events.filter((e) => e.event === 'start' || e.event === 'skipped')
    expect(started).toHaveLength(1)
    expect(sha256File(join(folder, 'while-stopped.bin'))).toBe(b.sha256)
    expect(readdirSync(folder).sort()).toEqual(['first-new.bin', 'while-stopped.bin'])
    expect(second.stderr).toMatch(/stopped; the same command continues/)
  }, 120_000)
  it('downloads a published post as soon as Telegram pushes it, long before its 10-minute poll', async () => {
    const out = join(cli.dir, 'pushed')
    const folder = join(out, 'tgfetch_small')
    const watcher = new Watcher(cli, ['tgfetch_small', '--interval', '600', '-o', out])
    await watcher.waitFor((e) => e.event === 'watching' && e.chat === 'tgfetch_small')
    // the first may come by the first poll, which starts now; after it the next poll is 10 minutes away
    const first = await cli.testkit.publish({
      chat: 'tgfetch_small',
      media: { kind: 'document', size: 120 * 1024, name: 'pushed-1.bin' },
    })
    await watcher.waitFor((e) => e.event === 'done' && e.path === join(folder, 'pushed-1.bin'))
    const second = await cli.testkit.publish({
      chat: 'tgfetch_small',
      media: { kind: 'document', size: 250 * 1024, name: 'pushed-2.bin' },
    })
    await watcher.waitFor((e) => e.event === 'done' && e.path === join(folder, 'pushed-2.bin'))
    expect(await watcher.interrupt()).toBe(130)
    expect(sha256File(join(folder, 'pushed-1.bin'))).toBe(first.media!.sha256)
    expect(sha256File(join(folder, 'pushed-2.bin'))).toBe(second.media!.sha256)
    expect(readdirSync(folder).sort()).toEqual(['pushed-1.bin', 'pushed-2.bin'])
  }, 120_000)

  it('--topic watches one topic of a forum: a post in another topic is left alone', async () => {
    const forum = cli.line.channels.find((c) => c.username === 'tgfetch_forum')!
    const out = join(cli.dir, 'forum-watch')
    const folder = join(out, 'tgfetch_forum')
    const watcher = new Watcher(cli, ['tgfetch_forum', '--topic', '3', '--interval', '1', '-o', out])
    await watcher.waitFor((e) => e.event === 'watching' && e.chat === 'tgfetch_forum' && e.topic === 3)
    const elsewhere = documentPost('other-topic.bin', 100 * 1024, 3)
    cli.testkit.cluster.state.postMessage(forum.id, { ...elsewhere.post, topicId: 1 }, elsewhere.files)
    const mine = documentPost('in-topic.bin', 150 * 1024, 3)
    cli.testkit.cluster.state.postMessage(forum.id, { ...mine.post, topicId: 3 }, mine.files)
    await watcher.waitFor((e) => e.event === 'done' && e.path === join(folder, 'in-topic.bin'))
    await sleep(2500) // a few more polls
    expect(await watcher.interrupt()).toBe(130)
    expect(readdirSync(folder)).toEqual(['in-topic.bin'])
    expect(sha256File(join(folder, 'in-topic.bin'))).toBe(mine.sha256)
  }, 120_000)

  it('--topic with two chats is a usage error before anything is opened', async () => {
    const watcher = new Watcher(cli, ['tgfetch_forum', 'tgfetch_small', '--topic', '3'])
    expect(await watcher.exited).toBe(2)
    expect(watcher.stderr).toMatch(/exactly one chat/)
  }, 60_000)
})
