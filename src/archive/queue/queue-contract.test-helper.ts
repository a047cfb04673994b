/**
 * What every JobQueue backend must do, run against each of them. Time is the
 * fixture's: SQLite moves an injected clock, Redis lets real time pass. Times
 * are only ever asserted as lower bounds (a busy machine makes things later,
 * never earlier) or, on an injected clock, exactly.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ALL_JOBS, type JobKind, type JobQueue, type Lease, LeaseLostError } from './job-queue.js'

export interface QueueFixture {
  queue: JobQueue
  /** another handle on the same store (another worker's connection), closed by `close` */
  open(): Promise<JobQueue>
  now(): number
  /** lets `ms` pass */
  elapse(ms: number): Promise<void>
  /** true when `elapse` moves an injected clock: times can be asserted exactly */
  exact: boolean
  /** a lease length to outlive (short on an injected clock, roomy in real time) */
  lockMs: number
  close(): Promise<void>
}

const FILE: JobKind[] = ['file']

export function describeJobQueueContract(name: string, makeQueue: () => Promise<QueueFixture>): void {
  describe(`${name}: the JobQueue contract`, () => {
    let fx: QueueFixture
    let q: JobQueue
    let LOCK: number
    beforeEach(async () => {
      fx = await makeQueue()
      q = fx.queue
      LOCK = fx.lockMs
    })
    afterEach(() => fx.close())

    const take = async (kinds = FILE, lockMs = 60_000): Promise<Lease<string>> => {
      const lease = await q.lease<string>(kinds, 'w', lockMs)
      expect(lease).toBeDefined()
      return lease!
    }
    /** leases the job once it is due, stepping time by `step`; `waited`: since `from` */
    const takeWhenDue = async (
      id: string,
      from: number,
      step: number,
    ): Promise<{ lease: Lease; waited: number }> => {
      for (let i = 0; i < 1000; i++) {
        const lease = await q.lease(FILE, 'w', 60_000)
        if (lease) {
          expect(lease.job.id).toBe(id)
          return { lease, waited: fx.now() - from }
        }
        await fx.elapse(step)
      }
      throw new Error(`${id} never became due`)
    }
    const stall = async (lockMs: number): Promise<Lease> => {
      const lease = await q.lease(FILE, 'w', lockMs)
      expect(lease).toBeDefined()
      await fx.elapse(lockMs + 100)
      expect(await q.recoverStalled()).toBe(1)
      return lease!
    }

    it('add is idempotent by jobId', async () => {
      expect(await q.add('file', 'first', { jobId: 'a' })).toBe(true)
      expect(await q.add('file', 'second', { jobId: 'a' })).toBe(false)
      expect(await q.add('chat', 'third', { jobId: 'a' })).toBe(false)
      expect((await q.counts()).waiting).toBe(1)
      expect(await q.get('a')).toMatchObject({ id: 'a', kind: 'file', data: 'first', state: 'waiting' })
    })

    it("version moves with a job added, leased or completed, by this handle or another worker's", async () => {
      const other = await fx.open()
      const v0 = await q.version()
      expect(await q.version()).toBe(v0)
      await other.add('file', 'a', { jobId: 'a' })
      const v1 = await q.version()
      expect(v1).not.toBe(v0)
      const lease = await take()
      const v2 = await other.version()
      expect(v2).not.toBe(v1)
      await q.complete(lease, 'ok')
      expect(await other.version()).not.toBe(v2)
      const v3 = await q.version()
      await q.add('file', 'b', { jobId: 'b' })
      expect(await other.version()).not.toBe(v3)
    })

    it('takes any string as a job id: a file identity with its colon, a percent sign', async () => {
      const ids = ['doc:5@2>c7', 'a:b:c', '50%3A']
      for (const id of ids) expect(await q.add('file', id, { jobId: id })).toBe(true)
      expect(await q.add('file', 'again', { jobId: 'doc:5@2>c7' })).toBe(false)
      expect((await q.get('a:b:c'))?.id).toBe('a:b:c')
      const lease = await take()
      expect(lease.job.id).toBe('doc:5@2>c7')
      expect(await q.heartbeat(lease, LOCK)).toBe(true)
      await q.complete(lease, 1)
      await q.remove('50%3A')
      expect((await q.list({ kind: 'file' })).map((j) => [j.id, j.state])).toEqual([
        ['doc:5@2>c7', 'completed'],
        ['a:b:c', 'waiting'],
      ])
    })

    it('gives each job to one of two concurrent leasers only', async () => {
      const other = await fx.open()
      const ids = Array.from({ length: 40 }, (_, i) => `j${i}`)
      for (const id of ids) await q.add('file', id, { jobId: id })
      const drain = async (queue: JobQueue, worker: string): Promise<string[]> => {
        const got: string[] = []
        for (let lease = await queue.lease(FILE, worker, 60_000); lease; ) {
          got.push(lease.job.id)
          lease = await queue.lease(FILE, worker, 60_000)
        }
        return got
      }
      const [a, b] = await Promise.all([drain(q, 'a'), drain(other, 'b')])
      expect([...a, ...b].sort()).toEqual([...ids].sort())
    })

    it('leases higher priority first, then in order of adding', async () => {
      await q.add('file', 'low', { jobId: 'low' })
      await q.add('file', 'high', { jobId: 'high', priority: 10 })
      await q.add('file', 'mid1', { jobId: 'mid1', priority: 5 })
      await q.add('file', 'mid2', { jobId: 'mid2', priority: 5 })
      await q.add('chat', 'chat', { jobId: 'chat', priority: 99 })
      const order = []
      for (let i = 0; i < 4; i++) order.push((await take()).job.id)
      expect(order).toEqual(['high', 'mid1', 'mid2', 'low'])
      expect(await q.lease(FILE, 'w', LOCK)).toBeUndefined()
      expect((await take(['chat'])).job.id).toBe('chat')
    })

    it('keeps a delayed job until it is due', async () => {
      const from = fx.now()
      await q.add('file', 'later', { jobId: 'later', delayMs: 200 })
      expect((await q.get('later'))?.state).toBe('delayed')
      await q.add('file', 'now', { jobId: 'now' })
      expect((await take()).job.id).toBe('now')
      const { waited } = await takeWhenDue('later', from, 25)
      expect(waited).toBeGreaterThanOrEqual(200)
      if (fx.exact) expect(waited).toBe(200)
      expect((await q.get('later'))?.state).toBe('active')
    })

    it('a heartbeat sets the lease to end lockMs from now', async () => {
      await q.add('file', 'x', { jobId: 'x' })
      expect(await q.heartbeat(await take(FILE, 60_000), LOCK)).toBe(true)
      await fx.elapse(LOCK + 100)
      expect(await q.recoverStalled()).toBe(1)
    })

    it('a heart-beaten lease is kept past its first expiry', async () => {
      await q.add('file', 'x', { jobId: 'x' })
      const lease = await take(FILE, LOCK)
      expect(await q.heartbeat(lease, 60_000)).toBe(true)
      await fx.elapse(LOCK + 100)
      expect(await q.recoverStalled()).toBe(0)
      expect(await q.heartbeat(lease, 60_000)).toBe(true)
      expect((await q.get('x'))?.state).toBe('active')
      await q.complete(lease)
    })

    it('a lease not renewed is recovered and leased again, until its attempts run out', async () => {
      await q.add('file', 'x', { jobId: 'x', attempts: 3 })
      const first = await stall(LOCK)
      expect(await q.get('x')).toMatchObject({ state: 'waiting', attemptsMade: 1 })
      expect(await q.heartbeat(first, 60_000)).toBe(false)
      await expect(q.complete(first)).rejects.toBeInstanceOf(LeaseLostError)
      await stall(LOCK)
      expect((await q.get('x'))?.attemptsMade).toBe(2)
      await stall(LOCK)
      // the third stall was the last attempt (Redis fails it when next taken)
      expect(await q.lease(FILE, 'w', LOCK)).toBeUndefined()
      expect(await q.get('x')).toMatchObject({ state: 'failed', attemptsMade: 3 })
      expect((await q.get('x'))?.failedReason).toMatch(/stalled/)
    })

    it('fail retries with doubling backoff until attempts run out', async () => {
      await q.add('file', 'x', { jobId: 'x', attempts: 3, backoffMs: 100 })
      let from = fx.now()
      await q.fail(await take(), 'boom 1')
      expect(await q.get('x')).toMatchObject({ state: 'delayed', attemptsMade: 1, failedReason: 'boom 1' })
      const second = await takeWhenDue('x', from, 20)
      expect(second.waited).toBeGreaterThanOrEqual(100)
      if (fx.exact) expect(second.waited).toBe(100)
      from = fx.now()
      await q.fail(second.lease, 'boom 2')
      const third = await takeWhenDue('x', from, 20)
      expect(third.waited).toBeGreaterThanOrEqual(200)
      if (fx.exact) expect(third.waited).toBe(200)
      await q.fail(third.lease, 'boom 3')
      const job = await q.get('x')
      expect(job).toMatchObject({ state: 'failed', attemptsMade: 3, failedReason: 'boom 3' })
      expect(job?.finishedAt).toBeGreaterThanOrEqual(job!.createdAt)
    })

    it('fail: retry false fails for good, delayMs replaces the backoff', async () => {
      await q.add('file', 'a', { jobId: 'a', attempts: 5, backoffMs: 10 })
      await q.add('file', 'b', { jobId: 'b', attempts: 5, backoffMs: 10 })
      await q.fail(await take(), 'banned', { retry: false })
      expect(await q.get('a')).toMatchObject({ state: 'failed', attemptsMade: 1, failedReason: 'banned' })
      const from = fx.now()
      await q.fail(await take(), 'flood wait', { delayMs: 300 })
      const { waited } = await takeWhenDue('b', from, 50)
      expect(waited).toBeGreaterThanOrEqual(300)
    })

    it('complete stores the result and when it finished', async () => {
      await q.add('file', 'x', { jobId: 'x' })
      const lease = await take()
      await q.complete(lease, { bytes: 42 })
      const job = await q.get('x')
      expect(job).toMatchObject({ state: 'completed', result: { bytes: 42 }, attemptsMade: 1 })
      expect(job?.finishedAt).toBeGreaterThanOrEqual(job!.createdAt)
      await expect(q.complete(lease)).rejects.toBeInstanceOf(LeaseLostError)
    })

    it('keeps the progress an active job reports', async () => {
      await q.add('file', 'x', { jobId: 'x' })
      await q.add('file', 'y', { jobId: 'y' })
      await q.setProgress('y', { bytes: 1 }) // not active: ignored
      const lease = await take()
      await q.setProgress('x', { bytes: 5, speed: 2 })
      await q.setProgress('x', { bytes: 7, speed: 2 })
      expect((await q.get('x'))?.progress).toEqual({ bytes: 7, speed: 2 })
      expect((await q.list({ states: ['active'] })).map((j) => j.progress)).toEqual([{ bytes: 7, speed: 2 }])
      expect((await q.get('y'))?.progress).toBeUndefined()
      await q.complete(lease)
      await q.setProgress('nope', { bytes: 1 })
    })

    it('counts, lists and gets by kind and state', async () => {
      for (const id of ['f1', 'f2', 'f3']) {
        await q.add('file', id, { jobId: id })
        await fx.elapse(5) // distinct creation times: list is oldest first
      }
      await q.add('chat', 'c1', { jobId: 'c1', delayMs: 60_000 })
      await q.complete(await take(), 'ok')
      expect(await q.counts()).toEqual({
        waiting: 2,
        delayed: 1,
        active: 0,
        completed: 1,
        failed: 0,
        paused: 0,
      })
      expect(await q.counts('chat')).toMatchObject({ waiting: 0, delayed: 1 })
      expect((await q.list({})).map((j) => j.id)).toEqual(['f1', 'f2', 'f3', 'c1'])
      expect((await q.list({ states: ['waiting'] })).map((j) => j.id)).toEqual(['f2', 'f3'])
      expect((await q.list({ kind: 'chat' })).map((j) => j.id)).toEqual(['c1'])
      expect((await q.list({ kind: 'file', limit: 2 })).map((j) => j.id)).toEqual(['f1', 'f2'])
      expect(await q.get('nope')).toBeUndefined()
    })

    it('pauses, resumes and removes one job', async () => {
      await q.add('file', 'x', { jobId: 'x', priority: 3, attempts: 4 })
      await q.add('file', 'd', { jobId: 'd', delayMs: 60_000 })
      await q.pause('x')
      await q.pause('d')
      expect(await q.get('x')).toMatchObject({ state: 'paused', data: 'x', attempts: 4 })
      expect((await q.counts()).paused).toBe(2)
      expect(await q.lease(FILE, 'w', LOCK)).toBeUndefined()
      expect(await q.add('file', 'again', { jobId: 'x' })).toBe(false)
      await q.resume('x')
      await q.resume('d')
      expect((await q.get('d'))?.state).toBe('delayed')
      expect((await take()).job).toMatchObject({ id: 'x', data: 'x', attempts: 4 })
      await q.remove('d')
      expect(await q.get('d')).toBeUndefined()
      expect(await q.add('file', 'new', { jobId: 'd' })).toBe(true)
    })

    /** ids leased until none is due, each completed */
    const drainIds = async (): Promise<string[]> => {
      const got: string[] = []
      for (let l = await q.lease(FILE, 'w', 60_000); l; l = await q.lease(FILE, 'w', 60_000)) {
        got.push(l.job.id)
        await q.complete(l)
      }
      return got
    }

    it('pauses a group: its jobs are not leased, nor those added to it later, until resumed', async () => {
      await q.add('file', 'a1', { jobId: 'a1', group: 'A' })
      await q.add('file', 'a2', { jobId: 'a2', group: 'A', delayMs: 60_000 })
      await q.add('file', 'b1', { jobId: 'b1', group: 'B' })
      await q.pauseGroup('A')
      await q.add('file', 'a3', { jobId: 'a3', group: 'A' })
      expect(await q.groups()).toEqual({ A: 'paused' })
      expect(await q.get('a1')).toMatchObject({ state: 'paused', group: 'A' })
      expect((await q.counts('file')).paused).toBe(3)
      expect(await drainIds()).toEqual(['b1'])
      await q.resumeGroup('A')
      expect(await q.groups()).toEqual({})
      expect((await q.get('a2'))?.state).toBe('delayed')
      expect(await drainIds()).toEqual(['a1', 'a3'])
    })

    it('a job of a paused group that fails comes back paused', async () => {
      await q.add('file', 'a', { jobId: 'a', group: 'A', attempts: 3, backoffMs: 10 })
      const lease = await take()
      await q.pauseGroup('A')
      await q.fail(lease, 'boom')
      expect(await q.get('a')).toMatchObject({ state: 'paused', attemptsMade: 1, failedReason: 'boom' })
      await fx.elapse(50)
      expect(await q.lease(FILE, 'w', LOCK)).toBeUndefined()
      await q.resumeGroup('A')
      await fx.elapse(50)
      expect((await take()).job).toMatchObject({ id: 'a', attemptsMade: 1 })
    })

    it('pausing ALL_JOBS stops every lease and keeps the states', async () => {
      await q.add('file', 'x', { jobId: 'x', group: 'A' })
      await q.add('chat', 'c', { jobId: 'c' })
      await q.pauseGroup(ALL_JOBS)
      expect(await q.groups()).toEqual({ [ALL_JOBS]: 'paused' })
      expect(await q.lease(['chat', 'file'], 'w', LOCK)).toBeUndefined()
      expect((await q.get('x'))?.state).toBe('waiting')
      await q.resumeGroup(ALL_JOBS)
      expect(await q.groups()).toEqual({})
      expect((await take(['chat'])).job.id).toBe('c')
      expect((await take()).job.id).toBe('x')
    })

    it('removes a group: its jobs go but the active one, adds to it are refused until resumed', async () => {
      await q.add('file', 'a1', { jobId: 'a1', group: 'A' })
      await q.add('file', 'a2', { jobId: 'a2', group: 'A' })
      await q.add('file', 'a3', { jobId: 'a3', group: 'A', delayMs: 60_000 })
      await q.add('file', 'b1', { jobId: 'b1', group: 'B' })
      await q.complete(await take(), 'done') // a1
      const active = await take() // a2
      await q.pauseGroup('A')
      expect(await q.removeGroup('A')).toBe(2) // a1 (completed), a3 (paused)
      expect(await q.groups()).toEqual({ A: 'removed' })
      expect(await q.get('a1')).toBeUndefined()
      expect(await q.get('a3')).toBeUndefined()
      expect(await q.add('file', 'a4', { jobId: 'a4', group: 'A' })).toBe(false)
      await q.complete(active)
      expect((await q.list({})).map((j) => j.id)).toEqual(['a2', 'b1'])
      await q.resumeGroup('A')
      expect(await q.add('file', 'a4', { jobId: 'a4', group: 'A' })).toBe(true)
      expect(await drainIds()).toEqual(['b1', 'a4'])
    })

    it('close keeps the jobs for the next opener', async () => {
      await q.add('file', 'x', { jobId: 'x' })
      await q.close()
      await q.close()
      const reopened = await fx.open()
      expect((await reopened.get('x'))?.state).toBe('waiting')
    })
  })
}
