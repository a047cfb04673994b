// Test helper: engine events with only the fields that matter to a test spelled out.
import type { DownloadProgress, DownloadResult } from '../../download/events.js'

export function progressOf(
  id: number,
  size: number,
  bytes: number,
  more: Partial<DownloadProgress> = {},
): DownloadProgress {
  const speed = more.speed ?? 10e6
  return {
    id,
    path: `/downloads/file-${id}`,
    size,
    bytes,
    resumedBytes: 0,
    speed,
    etaSeconds: (size - bytes) / speed,
    state: 'running',
    connections: [id * 2, id * 2 + 1].map((c) => ({
      id: c,
      dcId: 2,
      account: 'a',
      bytes,
      speed,
      rttMs: 40,
      inFlight: 4,
    })),
    ...more,
  }
}

export function resultOf(
  size: number,
  startedAt: number,
  finishedAt: number,
  path = '/downloads/file',
): DownloadResult {
  return {
    path,
    size,
    sha256: 'ab'.repeat(32),
    resumedBytes: 0,
    refetchedBytes: 0,
    startedAt,
    finishedAt,
    averageSpeed: size / ((finishedAt - startedAt) / 1000),
  }
}
