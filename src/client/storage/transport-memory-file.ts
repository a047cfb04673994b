import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { AUTO_ORDER, type Carrier } from '../servers/carriers.js'
import { TransportMemory } from '../servers/transport-memory.js'

/** A run tries TCP first again once a fallback has carried this many runs since it was chosen… */
export const RETRY_TCP_AFTER_RUNS = 3
/** …or this long after it was chosen, whichever comes first. */
export const RETRY_TCP_AFTER_MS = 60 * 60_000
/** networks kept (the most recently changed) */
const MAX_NETWORKS = 32

interface Entry {
  carrier: Carrier
  /** ms since the epoch: when the carrier was chosen */
  since: number
  /** runs that started with it remembered */
  runs: number
}

const isEntry = (v: unknown): v is Entry => {
  const e = v as Partial<Entry> | null
  return (
    typeof e === 'object' &&
    e !== null &&
    AUTO_ORDER.includes(e.carrier as Carrier) &&
    Number.isFinite(e.since) &&
    Number.isInteger(e.runs)
  )
}

/**
 * What `--transport auto` found on each network, kept across runs in
 * `transport.json` in the data folder (0600). Written only when a choice
 * changes or a fallback carries a run: a network where TCP works leaves no
 * trace. A missing or unreadable file is an empty memory.
 */
export class TransportMemoryFile {
  private readonly entries: Record<string, Entry> = {}

  constructor(
    private readonly dataDir: string,
    private readonly now: () => number = Date.now,
  ) {
    try {
      const parsed = JSON.parse(readFileSync(this.path, 'utf8')) as Record<string, unknown>
      for (const [network, entry] of Object.entries(parsed)) if (isEntry(entry)) this.entries[network] = entry
    } catch {}
  }

  get path(): string {
    return join(this.dataDir, 'transport.json')
  }

  /** what is remembered for `network` (for tests and `--json`) */
  carrierOf(network: string): Carrier | undefined {
    return this.entries[network]?.carrier
  }

  /**
   * A run's memory for `network`: it starts with the fallback an earlier run
   * chose, or with TCP once that fallback is due for a retry; what the run
   * then finds is written back.
   */
  begin(network: string): TransportMemory {
    const memory = new TransportMemory(undefined, this.now, (net, remembered) => {
      this.entries[net] = { ...remembered, runs: 0 }
      this.save()
    })
    const entry = this.entries[network]
    if (entry && entry.carrier !== 'tcp') {
      entry.runs++
      this.save()
      const due = entry.runs >= RETRY_TCP_AFTER_RUNS || this.now() - entry.since >= RETRY_TCP_AFTER_MS
      // within the run, TCP is tried again on the memory's own clock, from now (or at once when due)
      const since = due ? this.now() - memory.retryTcpAfterMs : this.now()
      memory.recall(network, { carrier: entry.carrier, since })
    }
    return memory
  }

  private save(): void {
    const kept = Object.entries(this.entries)
      .sort(([, a], [, b]) => b.since - a.since)
      .slice(0, MAX_NETWORKS)
    const temp = `${this.path}.${process.pid}.tmp`
    writeFileSync(temp, `${JSON.stringify(Object.fromEntries(kept), null, 2)}\n`, { mode: 0o600 })
    renameSync(temp, this.path)
  }
}
