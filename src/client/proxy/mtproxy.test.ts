import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openClientSession } from '../../mtproto/index.js'
import { TestkitCluster } from '../../testkit/cluster/cluster.js'
import { type MtproxyFront, startMtproxyFront } from '../../testkit/mtproxy/front.js'
import { parseProxy } from './proxy-config.js'
import { proxyConnectOptions } from './socket-factories.js'

const KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90'
const DOMAIN = Buffer.from('www.example.com').toString('hex')

let cluster: TestkitCluster
beforeAll(async () => {
  cluster = await TestkitCluster.start({ dcIds: [2], cdnDcIds: [] })
})
afterAll(() => cluster.close())

async function viaLink(
  link: string,
  transport: 'intermediate' | 'abridged' = 'intermediate',
): Promise<number> {
  const proxy = parseProxy(link)
  const { session } = await openClientSession({
    // the DC's own address: the MTProxy options replace it
    host: '192.0.2.1',
    port: 443,
    dcId: 2,
    testMode: true,
    transport,
    publicKeys: [cluster.rsaKey],
    ...proxyConnectOptions(proxy, { connectTimeoutMs: 3000 }),
  })
  try {
    return (await session.call({ _: 'help.getNearestDc' })).thisDc
  } finally {
    session.close()
  }
}

describe.each([
  ['plain', KEY],
  ['dd', `dd${KEY}`],
  ['ee (fake-TLS)', `ee${KEY}${DOMAIN}`],
])('MTProxy with a %s secret', (_name, secretHex) => {
  let front: MtproxyFront
  beforeAll(async () => {
    front = await startMtproxyFront({
      secret: Buffer.from(secretHex, 'hex'),
      resolveDc: (id) => cluster.address(id),
    })
  })
  afterAll(() => front.close())

  it('carries a session end to end (DC id from the init)', async () => {
    const link = `tg://proxy?server=127.0.0.1&port=${front.port}&secret=${secretHex}`
    expect(await viaLink(link)).toBe(2)
    expect(front.stats.relayed).toBe(1)
    expect(front.stats.dcIds).toEqual([10002])
  })

  it('is refused with a wrong secret', async () => {
    const wrong = secretHex.replace(KEY, KEY.split('').reverse().join(''))
    const link = `https://t.me/proxy?server=127.0.0.1&port=${front.port}&secret=${wrong}`
    await expect(viaLink(link)).rejects.toThrow()
    expect(front.stats.refused.length).toBeGreaterThan(0)
  })
})

describe('MTProxy details', () => {
  it('dd secrets force padded intermediate (a dd front refuses other transports)', async () => {
    const opts = proxyConnectOptions(parseProxy(`tg://proxy?server=h&port=1&secret=dd${KEY}`))
    expect(opts).toMatchObject({ host: 'h', port: 1, obfuscated: true, transport: 'padded' })
    const plain = proxyConnectOptions(parseProxy(`tg://proxy?server=h&port=1&secret=${KEY}`))
    expect(plain.transport).toBeUndefined()
    const front = await startMtproxyFront({
      secret: Buffer.from(`dd${KEY}`, 'hex'),
      resolveDc: (id) => cluster.address(id),
    })
    // a plain-secret client (abridged) against the dd front: same key, wrong transport
    const link = `tg://proxy?server=127.0.0.1&port=${front.port}&secret=${KEY}`
    await expect(viaLink(link, 'abridged')).rejects.toThrow()
    expect(front.stats.refused).toEqual(['abridged transport with a dd secret'])
    await front.close()
  })
})
