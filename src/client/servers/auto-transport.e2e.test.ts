import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type RunningTestkit, startTestkit } from '../../testkit/network/testkit.js'
import { DcConnector } from '../dc-connector.js'
import { loginAndDownload, serversOf } from './carriers.test-helper.js'
import { serverListKey } from './server-config.js'
import { TransportMemory } from './transport-memory.js'

describe('auto: TCP first, WebSocket over TLS when TCP is swallowed, TCP again once healed', () => {
  let testkit: RunningTestkit
  beforeAll(async () => {
    testkit = await startTestkit({ seed: 22 })
  })
  afterAll(() => testkit.close())

  const servers = () => serversOf(testkit)
  /**
   * retryTcpAfterMs 0: every connection made while fallen back tries TCP first.
   * A carrier that answers must never miss its deadline on a busy machine, so
   * only the blackholed runs use a short one (each swallowed try costs it).
   */
  const connector = (memory: TransportMemory, probeTimeoutMs = 30_000) =>
    new DcConnector({ servers: servers(), apiId: testkit.cluster.world.apiId, memory, probeTimeoutMs })

  it('uses TCP while it answers', async () => {
    const opened = await connector(new TransportMemory()).open(2)
    opened.session.close()
    expect(opened.carrier).toBe('tcp')
  })

  it('logs in and downloads over wss while TCP is blackholed, then returns to TCP when healed', async () => {
    const memory = new TransportMemory(0)
    const network = serverListKey(servers())
    testkit.faults.tcp('blackhole')
    try {
      const c = connector(memory, 3000)
      const { sha256, expected, sessions, key } = await loginAndDownload(testkit, c, { dc: 2, msgId: 1 })
      expect(sha256).toBe(expected)
      expect(memory.last(network)).toBe('wss')

      // a stored key skips the key exchange: the ping is what meets the blackhole
      const again = await c.open(2, key())
      expect(again.carrier).toBe('wss')
      again.session.close()

      testkit.faults.tcp('open')
      const healed = await connector(memory).open(2, key())
      expect(healed.carrier).toBe('tcp')
      expect(memory.last(network)).toBe('tcp')
      healed.session.close()
      await sessions.close()
    } finally {
      testkit.faults.tcp('open')
    }
  }, 120_000)

  it('with a stored key, a connection on the carrier that works is used before its probe is answered', async () => {
    const memory = new TransportMemory()
    const network = serverListKey(servers())
    const { sessions, key } = await loginAndDownload(testkit, connector(memory), { dc: 2, msgId: 1 })
    await sessions.close()
    const dc = testkit.cluster.server(2).ctx
    // pongs held for a minute: an open that waited for its probe would not return before its deadline
    dc.pongDelayMs = 60_000
    try {
      const c = connector(memory, 1_500)
      const opened = await c.open(2, key())
      expect(opened.carrier).toBe('tcp')
      expect(await opened.session.call({ _: 'help.getNearestDc' })).toMatchObject({ thisDc: 2 })
      // unanswered past the deadline: the session closes under its calls, and TCP is tried last
      await vi.waitFor(() => expect(opened.session.isClosed).toBe(true), { timeout: 30_000 })
      expect(memory.suspected(network)).toEqual(['tcp'])
      dc.pongDelayMs = undefined
      const next = await c.open(2, key())
      expect(next.carrier).toBe('wss')
      expect(memory.last(network)).toBe('wss')
      expect(memory.suspected(network)).toEqual(['tcp'])
      next.session.close()
    } finally {
      dc.pongDelayMs = undefined
    }
  }, 120_000)

  it('falls back at once when TCP is refused', async () => {
    testkit.faults.tcp('refuse', 2)
    try {
      const opened = await connector(new TransportMemory()).open(2)
      opened.session.close()
      expect(opened.carrier).toBe('wss')
    } finally {
      testkit.faults.tcp('open', 2)
    }
  })
})
