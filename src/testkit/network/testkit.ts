import { TestkitCluster } from '../cluster/cluster.js'
import { FaultControl } from '../faults/control.js'
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

export interface RunningTestkit {
  cluster: TestkitCluster
  network: TestkitNetwork
  faults: FaultControl
  close(): Promise<void>
}

/** A cluster on a network profile, with its accounting (`network.accounting`) and fault control. */
export async function startTestkit(opts: StartTestkitOptions = {}): Promise<RunningTestkit> {
  const profile = typeof opts.profile === 'object' ? opts.profile : loadProfile(opts.profile ?? 'lan')
  const network = new TestkitNetwork({ profile, seed: opts.seed })
  const cluster = await TestkitCluster.start({ seed: opts.seed, world: opts.world, host: opts.host, network })
  const faults = new FaultControl(cluster)
  return { cluster, network, faults, close: () => cluster.close() }
}
