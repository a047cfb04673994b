import { describe, expect, it } from 'vitest'
import { DownloadHandle } from '../download/download-handle.js'
import type { DownloadProgress, DownloadResult } from '../download/events.js'
import { ArchiveMetrics } from './archive-metrics.js'
import { MemoryQueue } from './queue/memory-queue.test-helper.js'

/** one metric's series as `labels → value` */
async function series(metrics: ArchiveMetrics, name: string): Promise<Record<string, number>> {
  const metric = metrics.registry.getSingleMetric(name)!
  const { values } = await metric.get()
  return Object.fromEntries(values.map((v) => [JSON.stringify(v.labels), v.value]))
}

const progress = (bytes: number, resumedBytes: number): DownloadProgress => ({
  id: 1,
  path: '/a',
  size: 1000,
  bytes,
  resumedBytes,
  speed: 0,
  state: 'running',
  connections: [],
})

describe('ArchiveMetrics', () => {
  it('counts the bytes a download fetches (not those it resumed) by account and DC, and the file once done', async () => {
    const metrics = new ArchiveMetrics(new MemoryQueue())
    const handle = new DownloadHandle(1, '/a')
    metrics.watchDownload(handle, { account: 'main', dc: 4 })
    handle.emit('progress', progress(100, 100))
    handle.emit('progress', progress(400, 100))
    handle.emit('progress', progress(300, 100)) // never backwards
    const result: DownloadResult = {
      path: '/a',
      size: 1000,
      resumedBytes: 100,
      refetchedBytes: 0,
      startedAt: 0,
      finishedAt: 1,
      averageSpeed: 0,
    }
    handle.succeed(result)
    const where = JSON.stringify({ account: 'main', dc: '4' })
    expect(await series(metrics, 'tgfetch_archive_downloaded_bytes_total')).toEqual({ [where]: 900 })
    expect(await series(metrics, 'tgfetch_archive_downloaded_files_total')).toEqual({ [where]: 1 })
  })

  it('adds FLOOD_WAIT seconds by account and method, job outcomes, dedup hits and the queue depth', async () => {
    const queue = new MemoryQueue()
    await queue.add('file', 1, { jobId: 'a' })
    await queue.add('file', 2, { jobId: 'b', delayMs: 60_000 })
    const metrics = new ArchiveMetrics(queue)
    metrics.notice(
      { kind: 'flood-wait', message: 'x', dcId: 2, seconds: 7, method: 'upload.getFile' },
      'main',
    )
    metrics.notice(
      { kind: 'flood-wait', message: 'x', dcId: 4, seconds: 2, method: 'upload.getFile' },
      'main',
    )
    metrics.notice({ kind: 'reconnect', message: 'x', dcId: 2 }, 'main')
    metrics.flooded('main', 'messages.getHistory', 3)
    // a method no job calls: one `other` series, whatever its name
    metrics.flooded('main', 'account.getPassword', 1)
    metrics.notice({ kind: 'premium-wait', message: 'x', seconds: 1 }, 'main')
    const linked = { bytes: 500, deduped: true, sha256: 'x' }
    metrics.jobEvent({ type: 'completed', kind: 'file', id: 'a', result: linked })
    metrics.jobEvent({ type: 'completed', kind: 'file', id: 'b', result: { ...linked, deduped: false } })
    metrics.jobEvent({ type: 'failed', kind: 'file', id: 'c', reason: 'x', retry: true })
    metrics.jobEvent({ type: 'failed', kind: 'chat', id: 'd', reason: 'x', retry: false })
    expect(await series(metrics, 'tgfetch_archive_flood_wait_seconds_total')).toEqual({
      [JSON.stringify({ account: 'main', method: 'upload.getFile' })]: 9,
      [JSON.stringify({ account: 'main', method: 'messages.getHistory' })]: 3,
      [JSON.stringify({ account: 'main', method: 'other' })]: 2,
    })
    expect(await series(metrics, 'tgfetch_archive_jobs_total')).toEqual({
      [JSON.stringify({ kind: 'file', outcome: 'completed' })]: 2,
      [JSON.stringify({ kind: 'file', outcome: 'retried' })]: 1,
      [JSON.stringify({ kind: 'chat', outcome: 'failed' })]: 1,
    })
    expect(await series(metrics, 'tgfetch_archive_dedup_hits_total')).toEqual({ '{}': 1 })
    expect(await series(metrics, 'tgfetch_archive_dedup_saved_bytes_total')).toEqual({ '{}': 500 })
    const depth = await series(metrics, 'tgfetch_archive_queue_jobs')
    expect(depth[JSON.stringify({ kind: 'file', state: 'waiting' })]).toBe(1)
    expect(depth[JSON.stringify({ kind: 'file', state: 'delayed' })]).toBe(1)
    expect(depth[JSON.stringify({ kind: 'chat', state: 'waiting' })]).toBe(0)
  })
})
