import { TestkitCluster } from '../cluster/cluster.js'
import { type AcceptQrSpec, acceptQr } from '../control/accept-qr.js'
import { mtproxyLink, mtproxySecret } from '../control/mtproxy-secret.js'
import { type PublishedPost, type PublishSpec, publishPost } from '../control/publish.js'
import { FaultControl } from '../faults/control.js'
import { type MtproxyFront, startMtproxyFront } from '../mtproxy/front.js'
import type { World } from '../world/types.js'
import { TestkitNetwork } from './network-model.js'
import { loadProfile, type NetworkProfile } from './profiles.js'

export interface StartTestkitOptions {
  /** a preset name, a JSON file, or a profile object (default `lan`) */
  profile?: string | NetworkProfile
  seed?: number
  world?: World
  host?: string
}

/** An MTProxy front to the cluster's DCs, and the link clients take. */
export interface RunningMtproxy {
  host: string
  port: number
  /** hex, as links carry it */
  secret: string
  /** `tg://proxy?server=…&port=…&secret=…` */
  link: string
  front: MtproxyFront
}

export interface RunningTestkit {
  cluster: TestkitCluster
  network: TestkitNetwork
  faults: FaultControl
  /** posts in a chat now: text and/or one media of synthetic bytes (see control/publish.ts) */
  publish(spec: PublishSpec): Promise<PublishedPost>
  /** an account "scans" a QR login's token: that login completes as the account */
  acceptQr(spec: AcceptQrSpec): { userId: number; phone: string }
  /** starts an MTProxy front (secret in hex; default a fresh fake-TLS `ee` one); closed with the testkit */
  startMtproxy(secret?: string): Promise<RunningMtproxy>
  close(): Promise<void>
}

/** A cluster on a network profile, with its accounting (`network.accounting`), fault control and controls. */
export async function startTestkit(opts: StartTestkitOptions = {}): Promise<RunningTestkit> {
  const profile = typeof opts.profile === 'object' ? opts.profile : loadProfile(opts.profile ?? 'lan')
  const network = new TestkitNetwork({ profile, seed: opts.seed })
  const cluster = await TestkitCluster.start({ seed: opts.seed, world: opts.world, host: opts.host, network })
  const faults = new FaultControl(cluster)
  const fronts: MtproxyFront[] = []
  return {
    cluster,
    network,
    faults,
    publish: (spec) => publishPost(cluster.state, spec),
    acceptQr: (spec) => acceptQr(cluster.state, spec),
    async startMtproxy(secretHex) {
      const secret = mtproxySecret(secretHex)
      const front = await startMtproxyFront({
        secret: secret.bytes,
        resolveDc: (id) => cluster.address(id),
        host: opts.host,
      })
      fronts.push(front)
      const link = mtproxyLink(front.host, front.port, secret.hex)
      return { host: front.host, port: front.port, secret: secret.hex, link, front }
    },
    async close() {
      await Promise.all(fronts.splice(0).map((f) => f.close()))
      await cluster.close()
    },
  }
}
