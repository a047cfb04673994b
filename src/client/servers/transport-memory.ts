import type { Carrier } from './carriers.js'

/**
 * Which carrier worked last on each network (a server list, a proxy): `auto`
 * starts there instead of waiting for TCP to time out on every connection, and
 * tries TCP first again once `retryTcpAfterMs` has passed since it fell back.
 * Kept in memory; the state database could keep it per network key across runs.
 */
export class TransportMemory {
  private readonly chosen = new Map<string, { carrier: Carrier; since: number }>()

  constructor(
    readonly retryTcpAfterMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** `available` (in preference order) reordered by what worked before on this network. */
  order(network: string, available: readonly Carrier[]): Carrier[] {
    const last = this.chosen.get(network)
    if (!last || last.carrier === 'tcp' || !available.includes(last.carrier)) return [...available]
    const rest = available.filter((c) => c !== last.carrier)
    if (this.now() - last.since >= this.retryTcpAfterMs && available.includes('tcp'))
      return ['tcp', last.carrier, ...rest.filter((c) => c !== 'tcp')]
    return [last.carrier, ...rest]
  }

  /** `carrier` worked after trying `failed` before it */
  remember(network: string, carrier: Carrier, failed: readonly Carrier[] = []): void {
    const last = this.chosen.get(network)
    // a fallback confirmed again keeps its age (TCP gets retried on time), unless TCP just failed again
    if (last?.carrier !== carrier || failed.includes('tcp'))
      this.chosen.set(network, { carrier, since: this.now() })
  }

  last(network: string): Carrier | undefined {
    return this.chosen.get(network)?.carrier
  }
}
