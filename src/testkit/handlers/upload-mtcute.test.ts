import { createHash } from 'node:crypto'
import { MemoryStorage, TelegramClient } from '@mtcute/node'
import { addPublicKey, LogManager, NodeCryptoProvider } from '@mtcute/node/utils.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rsaPublicKeyToPem } from '../../crypto/index.js'
import { TestkitCluster } from '../cluster/cluster.js'
import { SyntheticContent } from '../content/synthetic-content.js'
import { fileOf, locationOf, mediaNamed } from './upload-test-helpers.js'

/**
 * mtcute 0.30.3 cannot find an RSA key whose fingerprint is below 2^60 (it
 * drops leading zeros); start clusters until the key is one it can find.
 */
async function clusterMtcuteCanUse(): Promise<TestkitCluster> {
  for (;;) {
    const cluster = await TestkitCluster.start({ seed: 7, dcIds: [2], cdnDcIds: [] })
    if (cluster.rsaKey.fingerprint >= 1n << 60n) return cluster
    await cluster.close()
  }
}

describe('mtcute 0.30.3 downloads from the testkit cluster', () => {
  let cluster: TestkitCluster
  let client: TelegramClient
  beforeAll(async () => {
    cluster = await clusterMtcuteCanUse()
    addPublicKey(new NodeCryptoProvider(), rsaPublicKeyToPem(cluster.rsaKey))
    const { host, port } = cluster.address(2)
    const dcOption = { id: 2, ipAddress: host, port }
    client = new TelegramClient({
      apiId: cluster.world.apiId,
      apiHash: cluster.world.apiHash,
      storage: new MemoryStorage(),
      defaultDcs: { main: dcOption, media: { ...dcOption, mediaOnly: true } },
      testMode: false,
      disableUpdates: true,
      logLevel: process.env.MTCUTE_LOG ? LogManager.VERBOSE : LogManager.OFF,
    })
  }, 60_000)
  afterAll(async () => {
    await client.destroy()
    await cluster.close()
  })

  it('downloadAsBuffer of the 4 MiB zip, after its key is logged in', async () => {
    // a first call makes mtcute create its auth key; then log that key in
    await client.call({ _: 'help.getNearestDc' }).catch(() => undefined)
    const keys = cluster.state.keysOf(2).all()
    expect(keys.length).toBeGreaterThan(0)
    const userId = cluster.world.accounts[0]!.userId
    for (const key of keys) cluster.state.authorizeKey(2, key.id, userId)

    const zip = mediaNamed(cluster, 'archive.zip')
    const file = fileOf(cluster, zip)
    const bytes = await client.downloadAsBuffer(locationOf(cluster, zip), { fileSize: file.size })
    expect(bytes.length).toBe(file.size)
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(
      new SyntheticContent(file.id, file.size).sha256(),
    )
  }, 30_000)
})
