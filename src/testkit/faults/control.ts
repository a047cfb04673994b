import type { CallContext, TcpMode } from '../../mtproto/server-role/index.js'
import type { TestkitCluster } from '../cluster/cluster.js'
import { TestkitNetwork } from '../network/network-model.js'
import type { FaultActions, FaultFilter, FaultInjector } from './injector.js'

/**
 * Fault injection for tests and `testkit serve`: break the cluster the ways
 * Telegram breaks. Per-request faults (stall, flood, the hostile injector)
 * need the cluster to run on a {@link TestkitNetwork}.
 */
export class FaultControl implements FaultActions {
  private readonly injector?: FaultInjector

  constructor(private readonly cluster: TestkitCluster) {
    const network = cluster.network
    if (network instanceof TestkitNetwork) {
      network.bind(cluster.state)
      network.faults.actions = this
      this.injector = network.faults
    }
  }

  private dcIds(dcId?: number): number[] {
    return dcId === undefined ? this.cluster.addresses().map((a) => a.id) : [dcId]
  }

  private needInjector(what: string): FaultInjector {
    if (!this.injector) throw new Error(`${what} needs a cluster started with a TestkitNetwork`)
    return this.injector
  }

  /** Closes every open connection (of one DC, or all). */
  dropConnections(dcId?: number): void {
    for (const id of this.dcIds(dcId)) this.cluster.server(id).dropConnections()
  }

  /** The next n matching requests are accepted and never answered (until their connection closes). */
  stallNext(n: number, filter: FaultFilter = {}): void {
    this.needInjector('stallNext').stallNext(n, filter)
  }

  /** The next n matching requests are answered FLOOD_WAIT_<seconds>. */
  floodNext(n: number, seconds: number, filter: FaultFilter = {}): void {
    this.needInjector('floodNext').floodNext(n, seconds, filter)
  }

  /** Forgets the stallNext/floodNext rules not used up yet. */
  clearRules(): void {
    this.needInjector('clearRules').clearRules()
  }

  /** Writes random bytes on every open connection of a DC (or all), then closes them. */
  garbage(dcId?: number): void {
    for (const id of this.dcIds(dcId)) this.cluster.server(id).sendGarbage()
  }

  /**
   * Keys logged in on this DC by importing an authorization (the user's home
   * DC is another one) are logged out: their calls get AUTH_KEY_UNREGISTERED.
   * With `ctx`, only the key of that call.
   */
  forgetImportedAuth(dcId: number, ctx?: CallContext): void {
    const { state } = this.cluster
    const keys = ctx ? [ctx.authKey] : state.keysOf(dcId).all()
    for (const authKey of keys) {
      const call = { dcId, authKey } as CallContext
      const user = state.userOf(call)
      if (user === undefined) continue
      const home = state.index.user(user)?.dc
      if (home !== dcId) state.logOut(call)
    }
  }

  /** Every file reference handed out so far expires (FILE_REFERENCE_EXPIRED). */
  expireFileReferences(): void {
    this.cluster.state.fileReferences.expireAll()
  }

  /**
   * New server salts on one DC (or all). Rotated twice, so the salt clients
   * hold is neither current nor previous: their next message gets bad_server_salt.
   */
  rotateSalts(dcId?: number): void {
    for (const id of this.dcIds(dcId)) {
      const keys = this.cluster.state.keysOf(id)
      keys.rotateSalts()
      keys.rotateSalts()
    }
  }

  /** Moves the cluster's clock by `ms` (clients see bad_msg_notification 16/17 and correct). */
  skewTime(ms: number): void {
    this.cluster.state.clockSkewMs = ms
  }

  /**
   * TCP only, of one DC or all: `blackhole` accepts connections and never
   * answers, `refuse` resets them, `open` heals; WebSocket and HTTP are spared.
   * Leaving `open` drops the TCP connections open now.
   */
  tcp(mode: TcpMode, dcId?: number): void {
    for (const id of this.dcIds(dcId)) this.cluster.server(id).tcpMode = mode
  }

  /** Stops a DC and starts it on the same port, keeping or losing its auth keys and logins. */
  restartDc(dcId: number, opts: { keepKeys: boolean }): Promise<void> {
    return this.cluster.restartDc(dcId, opts)
  }
}
