import { generateRsaKey, type RsaPrivateKey } from '../../crypto/index.js'
import {
  DcServer,
  type DcServerOptions,
  HandlerRegistry,
  type Middleware,
} from '../../mtproto/server-role/index.js'
import { closeApi, registerApi } from '../handlers/index.js'
import { generateWorld } from '../world/generate.js'
import type { World } from '../world/types.js'
import type { DcAddress, DcApi, DcUrls } from './api-context.js'
import { makeTestkitCertificate, type TestkitCertificate } from './certificate.js'
import { TestkitState } from './state.js'

/** How the network model plugs into each DC: around every call, and on connections. */
export interface NetworkModel {
  middleware(dcId: number): Middleware | undefined
  hooks(dcId: number): DcServerOptions['hooks']
}

export interface ClusterOptions {
  world?: World
  seed?: number
  host?: string
  network?: NetworkModel
  /** main DCs (default 1–5) */
  dcIds?: number[]
  /** CDN DCs (default [201]) */
  cdnDcIds?: number[]
}

interface RunningDc {
  server: DcServer
  address: DcAddress
  /** the web listeners' ports (plain, TLS), kept across restarts */
  webPorts: [number, number]
}

/**
 * An offline Telegram: DCs 1–5 and CDN DCs, each a TCP listener on
 * 127.0.0.1 speaking real MTProto (and HTTP/HTTPS listeners for WebSocket
 * and HTTP), sharing one world and one state.
 */
export class TestkitCluster {
  readonly state: TestkitState
  /** the main DCs' RSA key (Telegram uses the same keys on every DC) */
  readonly rsaKey: RsaPrivateKey
  readonly cdnKeys = new Map<number, RsaPrivateKey>()
  private readonly dcs = new Map<number, RunningDc>()

  private constructor(
    private readonly opts: ClusterOptions,
    world: World,
    /** the self-signed certificate of the wss:// and https:// listeners, made at start */
    readonly certificate: TestkitCertificate,
  ) {
    this.state = new TestkitState(world)
    this.rsaKey = generateRsaKey(2048)
  }

  static async start(opts: ClusterOptions = {}): Promise<TestkitCluster> {
    const certificate = await makeTestkitCertificate(opts.host)
    const cluster = new TestkitCluster(opts, opts.world ?? generateWorld({ seed: opts.seed }), certificate)
    for (const id of opts.dcIds ?? [1, 2, 3, 4, 5]) await cluster.startDc(id, false)
    for (const id of opts.cdnDcIds ?? [201]) {
      cluster.cdnKeys.set(id, generateRsaKey(2048))
      await cluster.startDc(id, true)
    }
    return cluster
  }

  /** the network model the cluster was started with, if any */
  get network(): NetworkModel | undefined {
    return this.opts.network
  }

  get world(): World {
    return this.state.world
  }

  addresses(): DcAddress[] {
    return [...this.dcs.values()].map((dc) => dc.address)
  }

  address(dcId: number): DcAddress {
    const dc = this.dcs.get(dcId)
    if (!dc) throw new Error(`no DC ${dcId}`)
    return dc.address
  }

  server(dcId: number): DcServer {
    const dc = this.dcs.get(dcId)
    if (!dc) throw new Error(`no DC ${dcId}`)
    return dc.server
  }

  private async startDc(
    id: number,
    cdn: boolean,
    port = 0,
    webPorts: [number, number] = [0, 0],
  ): Promise<void> {
    const registry = new HandlerRegistry()
    const api: DcApi = {
      dcId: id,
      cdn,
      state: this.state,
      addresses: () => this.addresses(),
      cdnKeys: () => [...this.cdnKeys].map(([dcId, key]) => ({ dcId, key })),
    }
    const mw = this.opts.network?.middleware(id)
    if (mw) registry.use(mw)
    registerApi(registry, api)
    const server = new DcServer({
      dcId: id,
      rsaKeys: [cdn ? this.cdnKeys.get(id)! : this.rsaKey],
      registry,
      host: this.opts.host ?? '127.0.0.1',
      port,
      keys: this.state.keysOf(id),
      now: () => this.state.now(),
      hooks: this.opts.network?.hooks(id),
      web: [{ port: webPorts[0] }, { port: webPorts[1], tls: this.certificate }],
    })
    const { host, port: bound, web } = await server.listen()
    const [plain, tls] = [web[0]!.port, web[1]!.port]
    const urls = webUrls(host, plain, tls)
    this.dcs.set(id, {
      server,
      address: { id, host, port: bound, mediaOnly: false, cdn, urls },
      webPorts: [plain, tls],
    })
  }

  /** Fault: stop a DC and start it again on the same port, keeping or losing its auth keys. */
  async restartDc(dcId: number, opts: { keepKeys: boolean }): Promise<void> {
    const dc = this.dcs.get(dcId)
    if (!dc) throw new Error(`no DC ${dcId}`)
    await dc.server.close()
    if (!opts.keepKeys) {
      this.state.keysOf(dcId).clear()
      this.state.forgetAuthorizations(dcId)
    }
    await this.startDc(dcId, dc.address.cdn, dc.address.port, dc.webPorts)
  }

  async close(): Promise<void> {
    await Promise.all([...this.dcs.values()].map((dc) => dc.server.close()))
    this.dcs.clear()
    await closeApi(this.state)
  }
}

function webUrls(host: string, plain: number, tls: number): DcUrls {
  const h = host.includes(':') ? `[${host}]` : host
  return {
    ws: `ws://${h}:${plain}/apiws`,
    wss: `wss://${h}:${tls}/apiws`,
    http: `http://${h}:${plain}/api`,
    https: `https://${h}:${tls}/api`,
  }
}
