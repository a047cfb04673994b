import type { ServerConnection } from '../../mtproto/server-role/index.js'

/** What one account, connection or DC was sent and asked. Plain JSON. */
export interface Counters {
  /** bytes written to the wire (encrypted packets, as the transport framed them) */
  bytesSent: number
  /** bytes of API answers (result payloads) */
  answerBytes: number
  requests: Record<string, number>
  errors: Record<string, number>
}

export type ViolationKind = 'floodWaitIgnored' | 'getFileRange' | 'tooManyConnections'

export interface Violation {
  kind: ViolationKind
  dcId: number
  account: string
  method?: string
  detail?: string
  /** ms since the accounting started */
  at: number
}

export interface AccountingSnapshot {
  total: Counters
  accounts: Record<string, Counters & { violations: Record<ViolationKind, number> }>
  connections: Record<string, Counters & { dcId: number; account?: string; closed: boolean }>
  dcs: Record<string, Counters>
  violations: Record<ViolationKind, number>
  /** the first {@link MAX_DETAILS} violations */
  details: Violation[]
  /** faults injected, by kind (drop, stall, flood, garbage, …) */
  faults: Record<string, number>
}

/** One answered `upload.getFile`/`getCdnFile`: which file, where, in the order the answers left. */
export interface FilePart {
  account: string
  /** `doc:<id>`, `photo:<id>` or `cdn:<token hex>` */
  file: string
  offset: number
  bytes: number
}

const MAX_DETAILS = 200
/** enough for a few 4 GiB files in 1 MiB parts; a bench's longer runs stop recording */
const MAX_FILE_PARTS = 50_000
const empty = (): Counters => ({ bytesSent: 0, answerBytes: 0, requests: {}, errors: {} })
const noViolations = (): Record<ViolationKind, number> => ({
  floodWaitIgnored: 0,
  getFileRange: 0,
  tooManyConnections: 0,
})
const bump = (m: Record<string, number>, k: string, by = 1): void => {
  m[k] = (m[k] ?? 0) + by
}

interface ConnRecord {
  counters: Counters
  dcId: number
  account?: string
  closed: boolean
}

/**
 * The testkit's ledger, per account / connection / DC: bytes sent, requests
 * by method, errors by string, and protocol violations. Tests read
 * {@link snapshot}; nothing here ever slows a call.
 */
export class Accounting {
  private readonly total = empty()
  private readonly accounts = new Map<
    string,
    { counters: Counters; violations: Record<ViolationKind, number> }
  >()
  private readonly connections = new Map<number, ConnRecord>()
  private readonly dcs = new Map<number, Counters>()
  private readonly violations = noViolations()
  private readonly details: Violation[] = []
  private readonly faults: Record<string, number> = {}
  private readonly started = Date.now()
  private readonly parts: FilePart[] = []

  private account(key: string): { counters: Counters; violations: Record<ViolationKind, number> } {
    let a = this.accounts.get(key)
    if (!a) {
      a = { counters: empty(), violations: noViolations() }
      this.accounts.set(key, a)
    }
    return a
  }

  private dc(dcId: number): Counters {
    let d = this.dcs.get(dcId)
    if (!d) {
      d = empty()
      this.dcs.set(dcId, d)
    }
    return d
  }

  private conn(connection: ServerConnection): ConnRecord {
    let c = this.connections.get(connection.id)
    if (!c) {
      c = { counters: empty(), dcId: connection.dc.dcId, closed: false }
      this.connections.set(connection.id, c)
    }
    return c
  }

  private all(connection: ServerConnection, account?: string): Counters[] {
    const c = this.conn(connection)
    if (account) c.account = account
    const list = [this.total, this.dc(c.dcId), c.counters]
    if (c.account) list.push(this.account(c.account).counters)
    return list
  }

  request(connection: ServerConnection, account: string, method: string): void {
    for (const c of this.all(connection, account)) bump(c.requests, method)
  }

  error(connection: ServerConnection, account: string, text: string): void {
    for (const c of this.all(connection, account)) bump(c.errors, text)
  }

  answer(connection: ServerConnection, account: string, bytes: number): void {
    for (const c of this.all(connection, account)) c.answerBytes += bytes
  }

  packetSent(connection: ServerConnection, bytes: number): void {
    for (const c of this.all(connection)) c.bytesSent += bytes
  }

  connectionClosed(connection: ServerConnection): void {
    this.conn(connection).closed = true
  }

  violation(v: Omit<Violation, 'at'>): void {
    this.violations[v.kind]++
    this.account(v.account).violations[v.kind]++
    if (this.details.length < MAX_DETAILS) this.details.push({ ...v, at: Date.now() - this.started })
  }

  filePart(part: FilePart): void {
    if (this.parts.length < MAX_FILE_PARTS) this.parts.push(part)
  }

  /** Every file part answered so far, oldest first (what was fetched, how often, in which order). */
  fileParts(account?: string): FilePart[] {
    return this.parts.filter((p) => account === undefined || p.account === account).map((p) => ({ ...p }))
  }

  fault(kind: string): void {
    bump(this.faults, kind)
  }

  /** Everything so far, as plain JSON (a deep copy). */
  snapshot(): AccountingSnapshot {
    const accounts: AccountingSnapshot['accounts'] = {}
    for (const [k, a] of this.accounts) accounts[k] = { ...a.counters, violations: { ...a.violations } }
    const connections: AccountingSnapshot['connections'] = {}
    for (const [id, c] of this.connections)
      connections[id] = { ...c.counters, dcId: c.dcId, account: c.account, closed: c.closed }
    const dcs: AccountingSnapshot['dcs'] = {}
    for (const [id, d] of this.dcs) dcs[id] = d
    return structuredClone({
      total: this.total,
      accounts,
      connections,
      dcs,
      violations: this.violations,
      details: this.details,
      faults: this.faults,
    })
  }
}
