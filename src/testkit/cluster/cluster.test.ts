import { readdirSync, readlinkSync, writeFileSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect as tlsConnect } from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openClientSession } from '../../mtproto/index.js'
import { uploadServices } from '../handlers/upload-services.js'
import { TestkitCluster } from './cluster.js'

describe('testkit cluster', () => {
  let cluster: TestkitCluster
  beforeAll(async () => {
    cluster = await TestkitCluster.start({ seed: 7 })
  })
  afterAll(() => cluster.close())

  it('listens for DCs 1–5 and a CDN DC on 127.0.0.1', () => {
    const addresses = cluster.addresses()
    expect(addresses.map((a) => a.id)).toEqual([1, 2, 3, 4, 5, 201])
    expect(new Set(addresses.map((a) => a.port)).size).toBe(6)
    expect(addresses.every((a) => a.host === '127.0.0.1')).toBe(true)
    expect(addresses.find((a) => a.id === 201)?.cdn).toBe(true)
  })

  it('speaks MTProto on every DC, with the CDN DC on its own key', async () => {
    for (const { id, port } of cluster.addresses()) {
      const key = id === 201 ? cluster.cdnKeys.get(201)! : cluster.rsaKey
      const { session } = await openClientSession({
        host: '127.0.0.1',
        port,
        dcId: id,
        transport: 'intermediate',
        publicKeys: [key],
      })
      session.close()
    }
    expect(cluster.state.keysOf(3).all()).toHaveLength(1)
  })

  it('serves wss:// over TLS 1.3 with AES-128-GCM, the cheapest sound cipher with AES-NI', async () => {
    const url = new URL(cluster.address(2).urls!.wss!)
    const socket = tlsConnect({ host: url.hostname, port: Number(url.port), ca: cluster.certificate.cert })
    await new Promise((resolve, reject) => socket.once('secureConnect', resolve).once('error', reject))
    expect([socket.getProtocol(), socket.getCipher().name]).toEqual(['TLSv1.3', 'TLS_AES_128_GCM_SHA256'])
    socket.destroy()
  })

  it('restarts a DC on the same port, keeping or losing its keys', async () => {
    const port = cluster.address(3).port
    await cluster.restartDc(3, { keepKeys: true })
    expect(cluster.address(3).port).toBe(port)
    expect(cluster.state.keysOf(3).all()).toHaveLength(1)
    await cluster.restartDc(3, { keepKeys: false })
    expect(cluster.state.keysOf(3).all()).toHaveLength(0)
  })

  it('closes the descriptors of the real files it served when it closes', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'tgfetch-cluster-')), 'real.bin')
    writeFileSync(path, Buffer.alloc(4096, 7))
    const openOnPath = (): number =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`) === path
        } catch {
          return false // the listing's own descriptor is gone by now
        }
      }).length
    const own = await TestkitCluster.start({ seed: 7 })
    const content = uploadServices(own.state).contents.of({ id: 'real', size: 4096, dc: 2, path })
    await content.readInto(new Uint8Array(16), 0, 0, 16)
    expect(openOnPath()).toBe(1)
    await own.close()
    expect(openOnPath()).toBe(0)
  })
})
