import type { Carrier } from './carriers.js'

/** A carrier that worked on a network, and since when (ms since the epoch). */
export interface RememberedCarrier {
  carrier: Carrier
  since: number
}

/**
 * Which carrier worked last on each network (a server list, a proxy): `auto`
 * starts there instead of waiting for TCP to time out on every connection, and
 * tries TCP first again once `retryTcpAfterMs` has passed since it fell back.
 * Kept in memory; `recall` and `onChange` let the CLI keep it across runs.
 */
export class TransportMemory {
  private readonly chosen = new Map<string, RememberedCarrier>()
  /** carriers whose connection stopped answering in this run, per network: tried last until one works again */
  private readonly suspects = new Map<string, Set<Carrier>>()

  constructor(
    readonly retryTcpAfterMs = 60_000,
    private readonly now: () => number = Date.now,
    /** called when what a network remembers changes */
    private readonly onChange?: (network: string, remembered: RememberedCarrier) => void,
  ) {}

  /** What an earlier run remembered for `network`. */
  recall(network: string, remembered: RememberedCarrier): void {
    this.chosen.set(network, { ...remembered })
  }

  /** `available` (in preference order) reordered by what worked before on this network. */
  order(network: string, available: readonly Carrier[]): Carrier[] {
    const suspects = this.suspects.get(network)
    const ordered = this.byMemory(network, available)
    if (!suspects) return ordered
    return [...ordered.filter((c) => !suspects.has(c)), ...ordered.filter((c) => suspects.has(c))]
  }

  private byMemory(network: string, available: readonly Carrier[]): Carrier[] {
    const last = this.chosen.get(network)
    if (!last || last.carrier === 'tcp' || !available.includes(last.carrier)) return [...available]
    const rest = available.filter((c) => c !== last.carrier)
    if (this.now() - last.since >= this.retryTcpAfterMs && available.includes('tcp'))
      return ['tcp', last.carrier, ...rest.filter((c) => c !== 'tcp')]
    return [last.carrier, ...rest]
  }

  /**
   * The carrier this network is believed to work on: the one remembered, TCP
   * when nothing is, none once it stopped answering. A connection on it needs
   * no probe before its first call.
   */
  trusted(network: string): Carrier | undefined {
    const carrier = this.chosen.get(network)?.carrier ?? 'tcp'
    return this.suspects.get(network)?.has(carrier) ? undefined : carrier
  }

  /** the carriers that stopped answering on `network` in this run (a copy) */
  suspected(network: string): Carrier[] {
    return [...(this.suspects.get(network) ?? [])]
  }

  /** a connection on `carrier` was opened but did not answer */
  suspect(network: string, carrier: Carrier): void {
    const set = this.suspects.get(network) ?? new Set<Carrier>()
    set.add(carrier)
    this.suspects.set(network, set)
  }

  /** `carrier` worked after trying `failed` before it */
  remember(network: string, carrier: Carrier, failed: readonly Carrier[] = []): void {
    this.suspects.get(network)?.delete(carrier)
    const last = this.chosen.get(network)
    // a fallback confirmed again keeps its age (TCP gets retried on time), unless TCP just failed again;
    // TCP where nothing was remembered is no news
    const changed = last ? last.carrier !== carrier : carrier !== 'tcp'
    if (changed || failed.includes('tcp')) {
      const remembered = { carrier, since: this.now() }
      this.chosen.set(network, remembered)
      this.onChange?.(network, remembered)
    }
  }

  last(network: string): Carrier | undefined {
    return this.chosen.get(network)?.carrier
  }
}
