import { MemoryStorage, TelegramClient } from '@mtcute/node'
import { addPublicKey, LogManager, NodeCryptoProvider } from '@mtcute/node/utils.js'
import { rsaPublicKeyToPem } from '../../crypto/index.js'
import { TestkitCluster } from '../cluster/cluster.js'

/**
 * A cluster mtcute 0.30.3 can talk to, its key registered with mtcute.
 * mtcute indexes RSA keys by a zero-padded 16-digit hex fingerprint but
 * looks them up unpadded, so a key whose fingerprint is below 2^60 is never
 * found: clusters are started until the key is one it finds.
 */
export async function clusterForMtcute(seed: number): Promise<TestkitCluster> {
  for (;;) {
    const cluster = await TestkitCluster.start({ seed })
    if (cluster.rsaKey.fingerprint >= 1n << 60n) {
      addPublicKey(new NodeCryptoProvider(), rsaPublicKeyToPem(cluster.rsaKey))
      return cluster
    }
    await cluster.close()
  }
}

/** An mtcute client whose only known DC is `dcId`; it learns the others from help.getConfig. */
export function mtcuteClient(cluster: TestkitCluster, dcId: number): TelegramClient {
  const { host, port } = cluster.address(dcId)
  const dcOption = { id: dcId, ipAddress: host, port }
  return new TelegramClient({
    apiId: cluster.world.apiId,
    apiHash: cluster.world.apiHash,
    storage: new MemoryStorage(),
    defaultDcs: { main: dcOption, media: { ...dcOption, mediaOnly: true } },
    testMode: false,
    disableUpdates: true,
    logLevel: process.env.MTCUTE_LOG ? LogManager.VERBOSE : LogManager.OFF,
  })
}
