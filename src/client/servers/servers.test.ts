import { describe, expect, it } from 'vitest'
import { generateRsaKey, rsaPublicKeyToPem } from '../../crypto/index.js'
import { productionServers, testServers } from './builtin.js'
import { endpointFor } from './server-list.js'
import { ServerListError, serverListFromTestkitLine } from './testkit-line.js'

describe('server lists', () => {
  it('has Telegram production DCs and keys, with the documented fingerprint of the main key', () => {
    const prod = productionServers()
    expect(prod.dcs.map((d) => d.id)).toEqual([1, 2, 3, 4, 5])
    const fingerprints = prod.rsaKeys.map((k) => BigInt.asUintN(64, k.fingerprint).toString(16))
    // core.telegram.org/mtproto/samples-auth_key names this key's fingerprint
    expect(fingerprints).toContain('d09d1d85de64fd85')
    expect(testServers().testMode).toBe(true)
  })

  it('reads a testkit line and picks endpoints', () => {
    const key = generateRsaKey(1024)
    const line = JSON.stringify({
      dcs: [
        {
          id: 2,
          host: '127.0.0.1',
          port: 4002,
          mediaOnly: false,
          cdn: false,
          wss: 'wss://127.0.0.1:4443/apiws',
          https: 'https://127.0.0.1:4443/api',
        },
        { id: 2, host: '127.0.0.1', port: 4012, mediaOnly: true, cdn: false },
        { id: 201, host: '127.0.0.1', port: 4201, mediaOnly: false, cdn: true },
      ],
      rsa: [{ pem: rsaPublicKeyToPem(key), fingerprint: 'x' }],
      apiId: 123,
      apiHash: 'abc',
      accounts: [],
      tls: { certificate: 'PEM' },
    })
    const list = serverListFromTestkitLine(`${line}\n`)
    expect(list.rsaKeys[0]?.n).toBe(key.n)
    expect(list.apiId).toBe(123)
    expect(endpointFor(list, 2).port).toBe(4002)
    expect(endpointFor(list, 2).urls).toEqual({
      wss: 'wss://127.0.0.1:4443/apiws',
      https: 'https://127.0.0.1:4443/api',
    })
    expect(list.tlsCa).toBe('PEM')
    expect(endpointFor(list, 2, { media: true }).port).toBe(4012)
    expect(endpointFor(list, 201, { cdn: true }).port).toBe(4201)
    expect(() => endpointFor(list, 3)).toThrow(/no address known for DC 3/)
  })

  it('refuses malformed lines with a clear error', () => {
    expect(() => serverListFromTestkitLine('not json')).toThrow(ServerListError)
    expect(() => serverListFromTestkitLine('{"dcs":[]}')).toThrow(/"rsa"/)
    expect(() =>
      serverListFromTestkitLine('{"dcs":[{"id":2,"host":"h","port":1,"wss":"http://x"}],"rsa":[]}'),
    ).toThrow(/wss:\/\/ URL/)
    expect(() => serverListFromTestkitLine('{"dcs":[{"id":2,"host":"h","port":70000}],"rsa":[]}')).toThrow(
      /port/,
    )
  })
})
