import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AccountSessions } from '../client/account-session.js'
import { DownloadEngine } from '../download/engine.js'
import { type EngineFixture, engineFixture } from '../download/engine.test-helper.js'
import { openChat } from '../media/open-chat.js'
import { generateWorld } from '../testkit/world/generate.js'
import { type ArchiveDatabase, openArchiveDatabase } from './archive-db.js'
import { ArchiveMetrics } from './archive-metrics.js'
import { SqliteDedupStore } from './dedup-store.js'
import type { ChatJobData, FileJobData } from './jobs/job-data.js'
import { MemoryQueue } from './queue/memory-queue.test-helper.js'
import { archiveRunners } from './services.js'
import type { JobRunners } from './worker.js'

/** the FLOOD_WAIT metric's line for `account` and `method` in the registry's text, if any */
const floodLine = (text: string, account: string, method: string): string | undefined =>
  text
    .split('\n')
    .find((l) =>
      l.startsWith(`tgfetch_archive_flood_wait_seconds_total{account="${account}",method="${method}"}`),
    )

describe('archive jobs count every FLOOD_WAIT they meet in the metrics (lan)', () => {
  let fx: EngineFixture
  let me: AccountSessions
  let engine: DownloadEngine
  let db: ArchiveDatabase
  let queue: MemoryQueue
  let metrics: ArchiveMetrics
  let runners: JobRunners
  let chat: ChatJobData

  beforeAll(async () => {
    fx = await engineFixture({ world: generateWorld({ seed: 33, largeFileSize: 1024 * 1024 }) })
    me = await fx.account((a) => a.dc === 2 && !a.premium)
    queue = new MemoryQueue()
    metrics = new ArchiveMetrics(queue)
    // as `archive run` wires it: the engine's notices reach the metrics
    engine = new DownloadEngine({
      accounts: [me],
      onNotice: (n) => metrics.notice(n, n.account ?? ''),
    })
    db = openArchiveDatabase(join(fx.dir, 'archive.db'))
    const held = { key: 'k', account: me, signal: new AbortController().signal }
    runners = archiveRunners({
      account: () => held,
      engine,
      queue,
      dedup: new SqliteDedupStore(db),
      metrics,
    })
    const opened = await me.onHome((s) => openChat(s, { kind: 'username', username: 'tgfetch_media' }))
    chat = {
      chat: {
        channelId: opened.channel.channelId,
        accessHash: opened.channel.accessHash.toString(),
        label: opened.label,
      },
      out: join(fx.dir, 'archive', opened.label),
      lastId: 0,
    }
  })
  afterAll(async () => {
    await engine.close()
    db.close()
    await fx.close()
  })

  it("a chat job's listing waits out a FLOOD_WAIT and counts its seconds under messages.getHistory", async () => {
    fx.testkit.faults.floodNext(1, 1, { method: 'messages.getHistory' })
    const listed = await runners.chat(chat, new AbortController().signal)
    expect(listed.filesAdded).toBeGreaterThan(0)
    const text = await metrics.registry.metrics()
    expect(floodLine(text, me.label, 'messages.getHistory')).toMatch(/ 1$/)
    expect(floodLine(text, me.label, 'upload.getFile')).toBeUndefined()
  })

  it("a file job's message fetch and its download count theirs under their methods", async () => {
    const lease = await queue.lease<FileJobData>(['file'], 'w1', 60_000)
    if (!lease) throw new Error('the chat job queued no file job')
    // without the listed location the job asks for the message first: both FLOOD_WAITs are waited out
    const { location: _, ...unlocated } = lease.job.data
    fx.testkit.faults.floodNext(1, 2, { method: 'channels.getMessages' })
    fx.testkit.faults.floodNext(1, 1, { method: 'upload.getFile' })
    const done = await runners.file(unlocated, new AbortController().signal)
    expect(done).toMatchObject({ deduped: false, bytes: lease.job.data.size })
    const text = await metrics.registry.metrics()
    expect(floodLine(text, me.label, 'channels.getMessages')).toMatch(/ 2$/)
    // the parts in flight beside the one refused are told to wait too: as many 1 s as there were
    expect(Number(floodLine(text, me.label, 'upload.getFile')?.split(' ')[1])).toBeGreaterThanOrEqual(1)
    expect(floodLine(text, me.label, 'messages.getHistory')).toMatch(/ 1$/)
  })
})
