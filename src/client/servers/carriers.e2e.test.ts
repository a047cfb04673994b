import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningTestkit, startTestkit } from '../../testkit/network/testkit.js'
import { DcConnector } from '../dc-connector.js'
import type { Carrier } from './carriers.js'
import { loginAndDownload, serversOf } from './carriers.test-helper.js'
import { TransportMemory } from './transport-memory.js'

describe('our client over every carrier, against the testkit on real sockets', () => {
  let testkit: RunningTestkit
  beforeAll(async () => {
    testkit = await startTestkit({ seed: 21 })
    // nothing may slip through on TCP
    for (const { id } of testkit.cluster.addresses()) testkit.cluster.server(id).tcpMode = 'refuse'
  })
  afterAll(() => testkit.close())

  it.each<Carrier>(['ws', 'wss', 'http', 'https'])(
    'logs in and downloads byte-identical over %s',
    async (carrier) => {
      const connector = new DcConnector({
        servers: serversOf(testkit),
        apiId: testkit.cluster.world.apiId,
        transport: carrier,
      })
      const { sha256, expected, sessions } = await loginAndDownload(testkit, connector, { dc: 2, msgId: 2 })
      await sessions.close()
      expect(sha256).toBe(expected)
    },
    120_000,
  )

  it('refuses wss:// without the pinned certificate', async () => {
    const connector = new DcConnector({
      servers: { ...serversOf(testkit), tlsCa: undefined },
      apiId: testkit.cluster.world.apiId,
      transport: 'wss',
      memory: new TransportMemory(),
    })
    await expect(connector.open(2)).rejects.toThrow(/self-signed|certificate/)
  })
})
