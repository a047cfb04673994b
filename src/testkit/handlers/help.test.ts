import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseRsaPublicKeyPem } from '../../crypto/index.js'
import { TestkitCluster } from '../cluster/cluster.js'
import { rpcError, TestSessions } from './auth-session.test-helper.js'

describe('help.* on the testkit cluster', () => {
  let cluster: TestkitCluster
  let sessions: TestSessions
  beforeAll(async () => {
    cluster = await TestkitCluster.start({ seed: 11 })
    sessions = new TestSessions(cluster)
  })
  afterAll(async () => {
    sessions.closeAll()
    await cluster.close()
  })

  it('help.getConfig lists every DC with its address, the CDN DC flagged, on an unauthorized key', async () => {
    const session = await sessions.on(2)
    const config = await session.call({ _: 'help.getConfig' })
    expect(config.thisDc).toBe(2)
    expect(config.testMode).toBe(false)
    expect(config.expires).toBeGreaterThan(config.date)
    for (const address of cluster.addresses()) {
      const options = config.dcOptions.filter((o) => o.id === address.id)
      expect(options.length).toBeGreaterThan(0)
      expect(options.every((o) => o.ipAddress === address.host && o.port === address.port)).toBe(true)
      expect(options.every((o) => (o.cdn ?? false) === address.cdn)).toBe(true)
    }
    // a main address and a media-only one for each main DC
    expect(config.dcOptions.filter((o) => o.id === 4).map((o) => o.mediaOnly ?? false)).toEqual([false, true])
    expect(config.dcOptions.filter((o) => o.id === 201)).toHaveLength(1)
  })

  it('help.getNearestDc and help.getCdnConfig (the CDN DC key as PEM)', async () => {
    const session = await sessions.on(3)
    const nearest = await session.call({ _: 'help.getNearestDc' })
    expect(nearest).toMatchObject({ thisDc: 3, nearestDc: 3 })
    const cdn = await session.call({ _: 'help.getCdnConfig' })
    expect(cdn.publicKeys.map((k) => k.dcId)).toEqual([201])
    const key = parseRsaPublicKeyPem(cdn.publicKeys[0]!.publicKey)
    expect(key.n).toBe(cluster.cdnKeys.get(201)!.n)
  })

  it('a CDN DC refuses help.getNearestDc', async () => {
    const session = await sessions.on(201)
    const error = await rpcError(session.call({ _: 'help.getNearestDc' }))
    expect([error.code, error.text]).toEqual([400, 'CDN_METHOD_INVALID'])
  })
})
