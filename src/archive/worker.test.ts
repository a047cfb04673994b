import { describe, expect, it } from 'vitest'
import { RpcError } from '../mtproto/index.js'
import { FileGoneError } from './jobs/fetch-file.js'
import { type ChatJobData, chatJobId, type FileJobData } from './jobs/job-data.js'
import type { Lease } from './queue/job-queue.js'
import { MemoryQueue } from './queue/memory-queue.test-helper.js'
import { type JobRunners, runWorker, type WorkerEvent } from './worker.js'

const chat = { channelId: 7, accessHash: '1', label: 'c7' }
const chatData = (extra: Partial<ChatJobData> = {}): ChatJobData => ({ chat, out: '/x', lastId: 0, ...extra })
const fileData = (msgId: number): FileJobData => ({
  identity: `doc:${msgId}@2`,
  chat,
  msgId,
  out: '/x',
  relativePath: `${msgId}.txt`,
  size: 10,
})

/** Chat passes of 2 messages up to id 5, each adding one file job; file 3 is gone. */
function fakeRunners(queue: MemoryQueue): JobRunners {
  return {
    async chat(data) {
      const lastId = Math.min(data.lastId + 2, 5)
      for (let id = data.lastId + 1; id <= lastId; id++)
        await queue.add('file', fileData(id), { jobId: `f${id}` })
      return { lastId, messages: lastId - data.lastId, filesAdded: lastId - data.lastId, more: lastId < 5 }
    },
    async file(data) {
      if (data.msgId === 3) throw new FileGoneError('gone')
      return { bytes: data.size, deduped: false, sha256: 'ab' }
    },
  }
}

describe('runWorker', () => {
  it('runs passes until the chat has no more, fails a gone file for good, returns when idle', async () => {
    const queue = new MemoryQueue()
    await queue.add('chat', chatData(), { jobId: chatJobId(chatData()) })
    await runWorker({
      queue,
      runners: fakeRunners(queue),
      name: 'w',
      untilIdle: true,
      idleMs: 1,
      signal: new AbortController().signal,
    })
    expect(await queue.counts('chat')).toMatchObject({ completed: 3, failed: 0, waiting: 0 })
    expect(await queue.counts('file')).toMatchObject({ completed: 4, failed: 1 })
    const [gone] = await queue.list({ kind: 'file', states: ['failed'] })
    expect(gone).toMatchObject({ id: 'f3', attemptsMade: 1, failedReason: 'gone' })
  })

  it('a watched chat gets its next pass delayed, with the new last id', async () => {
    const queue = new MemoryQueue()
    const first = chatData({ lastId: 4, watchMs: 60_000 })
    await queue.add('chat', first, { jobId: chatJobId(first) })
    await runWorker({
      queue,
      runners: fakeRunners(queue),
      name: 'w',
      untilIdle: true,
      idleMs: 1,
      signal: new AbortController().signal,
    })
    const [next] = await queue.list<ChatJobData>({ kind: 'chat', states: ['delayed'] })
    expect(next?.data).toMatchObject({ lastId: 5, pass: 1, watchMs: 60_000 })
  })

  it('an aborted worker leases nothing more', async () => {
    const queue = new MemoryQueue()
    await queue.add('chat', chatData(), { jobId: chatJobId(chatData()) })
    const drain = new AbortController()
    drain.abort()
    await runWorker({ queue, runners: fakeRunners(queue), name: 'w', signal: drain.signal })
    expect((await queue.counts('chat')).waiting).toBe(1)
  })

  it('a FLOOD_WAIT puts the retry off by the seconds Telegram asked for', async () => {
    let clock = 1_000_000
    const queue = new MemoryQueue(() => clock)
    await queue.add('file', fileData(1), { jobId: 'f1' })
    const drain = new AbortController()
    await runWorker({
      queue,
      runners: {
        ...fakeRunners(queue),
        async file() {
          drain.abort()
          throw new RpcError(420, 'FLOOD_WAIT_30', 'channels.getMessages')
        },
      },
      name: 'w',
      signal: drain.signal,
    })
    expect((await queue.counts('file')).delayed).toBe(1)
    clock += 29_999
    expect(await queue.lease(['file'], 'w', 1000)).toBeUndefined()
    clock += 1
    expect((await queue.lease(['file'], 'w', 1000))?.job.id).toBe('f1')
  })

  it('a drain finishes the job held, then leases no more', async () => {
    const queue = new MemoryQueue()
    await queue.add('file', fileData(1), { jobId: 'f1' })
    await queue.add('file', fileData(2), { jobId: 'f2' })
    const drain = new AbortController()
    let finish = (): void => {}
    let begun = (): void => {}
    const started = new Promise<void>((r) => {
      begun = r
    })
    const runners: JobRunners = {
      ...fakeRunners(queue),
      async file(data) {
        begun()
        await new Promise<void>((r) => {
          finish = r
        })
        return { bytes: data.size, deduped: false, sha256: 'ab' }
      },
    }
    const worker = runWorker({ queue, runners, name: 'w', signal: drain.signal })
    await started
    drain.abort()
    finish()
    await worker
    expect(await queue.get('f1')).toMatchObject({ state: 'completed' })
    expect(await queue.get('f2')).toMatchObject({ state: 'waiting' })
  })

  it('a lease lost to another worker aborts the job and records nothing of it', async () => {
    let clock = 1_000_000
    const queue = new MemoryQueue(() => clock)
    await queue.add('file', fileData(1), { jobId: 'f1' })
    const drain = new AbortController()
    const events: WorkerEvent[] = []
    let taken: Lease | undefined
    const runners: JobRunners = {
      ...fakeRunners(queue),
      file: (_data, signal) =>
        new Promise((_, reject) => {
          signal.addEventListener('abort', () => reject(signal.reason))
          // the lease runs out unrenewed and another worker takes the job; the next heartbeat finds it gone
          clock += 1000
          void queue.recoverStalled().then(async () => {
            taken = await queue.lease(['file'], 'other', 60_000)
          })
        }),
    }
    await runWorker({
      queue,
      runners,
      name: 'w',
      lockMs: 300,
      signal: drain.signal,
      onEvent(e) {
        events.push(e)
        drain.abort()
      },
    })
    expect(events).toEqual([{ type: 'lease-lost', kind: 'file', id: 'f1' }])
    expect(taken?.job.id).toBe('f1')
    expect(await queue.get('f1')).toMatchObject({ state: 'active', attemptsMade: 1 })
  })

  it('an idle loop takes a job another worker adds without waiting out its idle time', async () => {
    const queue = new MemoryQueue()
    const done: string[] = []
    const drain = new AbortController()
    const loop = runWorker({
      queue,
      runners: {
        ...fakeRunners(queue),
        async file(data) {
          done.push(data.relativePath)
          drain.abort()
          return { bytes: data.size, deduped: false, sha256: 'ab' }
        },
      },
      name: 'w',
      // far longer than the test may take: only the queue's change can wake it
      idleMs: 3_600_000,
      pollMs: 1,
      signal: drain.signal,
    })
    // the loop found nothing and waits
    await new Promise((resolve) => setTimeout(resolve, 20))
    await queue.add('file', fileData(8), { jobId: 'f8' })
    await loop
    expect(done).toEqual(['8.txt'])
    expect(await queue.counts('file')).toMatchObject({ completed: 1 })
  })
})
