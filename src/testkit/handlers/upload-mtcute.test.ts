import { createHash } from 'node:crypto'
import type { TelegramClient } from '@mtcute/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestkitCluster } from '../cluster/cluster.js'
import { SyntheticContent } from '../content/synthetic-content.js'
import { clusterForMtcute, mtcuteClient } from '../e2e/mtcute.test-helper.js'
import { fileOf, locationOf, mediaNamed } from './upload.test-helper.js'

describe('mtcute 0.30.3 downloads from the testkit cluster', () => {
  let cluster: TestkitCluster
  let client: TelegramClient
  beforeAll(async () => {
    cluster = await clusterForMtcute(7)
    client = mtcuteClient(cluster, 2)
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
