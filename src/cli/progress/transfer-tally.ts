import { basename } from 'node:path'
import type { DownloadProgress, DownloadResult, DownloadState } from '../../download/events.js'
import { terminalSafe } from './safe-text.js'

/** What the display knows about one file still downloading. */
export interface ActiveFile {
  id: number
  /** safe to print */
  name: string
  size: number
  bytes: number
  speed: number
  etaSeconds?: number
  state: DownloadState
  connectionIds: readonly number[]
}

export interface TransferTotals {
  /** files finished well so far */
  done: number
  active: readonly ActiveFile[]
  /** over finished and active files */
  bytes: number
  size: number
  speed: number
  etaSeconds?: number
  /** distinct connections working for the active files */
  connections: number
}

/** The files of one run and their totals, as the reporters' events describe them. */
export class TransferTally {
  private readonly files = new Map<number, ActiveFile>()
  private readonly names = new Map<number, string>()
  private finishedBytes = 0
  private done = 0

  start(id: number, name: string, size: number): ActiveFile {
    const file: ActiveFile = {
      id,
      name: this.remember(id, name),
      size,
      bytes: 0,
      speed: 0,
      state: 'queued',
      connectionIds: [],
    }
    this.files.set(id, file)
    return file
  }

  update(p: DownloadProgress): ActiveFile {
    const file = this.files.get(p.id) ?? this.start(p.id, basename(p.path), p.size)
    file.size = p.size
    file.bytes = p.bytes
    file.speed = p.speed
    file.etaSeconds = p.etaSeconds
    file.state = p.state
    file.connectionIds = p.connections.map((c) => c.id)
    return file
  }

  /** the file finished well; it counts in the totals with its whole size */
  finished(id: number, result: DownloadResult): void {
    this.files.delete(id)
    this.finishedBytes += result.size
    this.done++
  }

  /** the file failed or was given up; it leaves the totals */
  dropped(id: number): void {
    this.files.delete(id)
  }

  /** the printable name given for `id`, else the file name of `path`, else `#id` */
  nameOf(id: number, path?: string): string {
    return this.names.get(id) ?? (path ? terminalSafe(basename(path)) : `#${id}`)
  }

  remember(id: number, name: string): string {
    const safe = terminalSafe(name)
    this.names.set(id, safe)
    return safe
  }

  totals(): TransferTotals {
    const active = [...this.files.values()]
    let bytes = this.finishedBytes
    let size = this.finishedBytes
    let speed = 0
    const connections = new Set<number>()
    for (const f of active) {
      bytes += f.bytes
      size += f.size
      speed += f.speed
      for (const c of f.connectionIds) connections.add(c)
    }
    const etaSeconds = speed > 0 ? Math.max(0, size - bytes) / speed : undefined
    return { done: this.done, active, bytes, size, speed, etaSeconds, connections: connections.size }
  }
}
