import {
  type IntermediatePacketCodec,
  type IPacketCodec,
  MemoryStorage,
  ObfuscatedPacketCodec,
  PaddedIntermediatePacketCodec,
  TcpTransport,
  TelegramClient,
} from '@mtcute/node'
import { addPublicKey, LogManager, NodeCryptoProvider } from '@mtcute/node/utils.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateRsaKey, type RsaPrivateKey, rsaPublicKeyToPem } from '../../crypto/index.js'
import type { DcServer } from '../server-role/dc-server.js'
import { testConfig } from './config-handler.test-helper.js'
import { startTestDc, testRsaKey, within } from './harness.test-helper.js'

/**
 * mtcute 0.30.3 indexes keys by a zero-padded 16-digit hex fingerprint but
 * looks them up with `Long#toString(16)`, which drops leading zeros: a key
 * whose fingerprint is below 2^60 is never found. Use one it can find.
 */
function keyMtcuteCanFind(): RsaPrivateKey {
  let key = testRsaKey()
  while (key.fingerprint < 1n << 60n) key = generateRsaKey(2048)
  return key
}

/** mtcute's TCP transport with another packet codec (its default is plain intermediate). */
class CodecTransport extends TcpTransport {
  constructor(private readonly codec: () => IPacketCodec) {
    super()
  }
  override packetCodec(): IntermediatePacketCodec {
    return this.codec() as IntermediatePacketCodec
  }
}

const variants: { name: string; codec?: () => IPacketCodec; usePfs?: boolean }[] = [
  { name: 'default TcpTransport (plain intermediate)' },
  {
    name: 'obfuscated2 + padded intermediate',
    codec: () => new ObfuscatedPacketCodec(new PaddedIntermediatePacketCodec()),
  },
  { name: 'intermediate, PFS (temp key, auth.bindTempAuthKey)', usePfs: true },
]

describe('mtcute 0.30.3 (layer 227) ↔ our server', () => {
  let dc: DcServer
  let host: string
  let port: number
  const seen: string[] = []

  beforeAll(async () => {
    const key = keyMtcuteCanFind()
    // the key index is global to the mtcute module; the provider only hashes
    addPublicKey(new NodeCryptoProvider(), rsaPublicKeyToPem(key))
    ;({ dc, host, port } = await startTestDc(
      (r) => r.on('help.getConfig', (_req, ctx) => testConfig(ctx.dcId, host, port)),
      {
        rsaKeys: [key],
        hooks: {
          onMessage: ({ body }) => seen.push(Buffer.from(body.subarray(0, 4)).reverse().toString('hex')),
        },
      },
    ))
  })
  afterAll(() => dc.close())

  for (const variant of variants) {
    it(`${variant.name}: key exchange, invokeWithLayer(initConnection(help.getConfig))`, async () => {
      const dcOption = { id: 2, ipAddress: host, port }
      const client = new TelegramClient({
        apiId: 1,
        apiHash: '00000000000000000000000000000000',
        storage: new MemoryStorage(),
        defaultDcs: { main: dcOption, media: { ...dcOption, mediaOnly: true } },
        testMode: false,
        disableUpdates: true,
        logLevel: process.env.MTCUTE_LOG ? LogManager.VERBOSE : LogManager.OFF,
        ...(variant.codec ? { transport: new CodecTransport(variant.codec) } : {}),
        ...(variant.usePfs ? { network: { usePfs: true } } : {}),
      })
      try {
        const config = await within(client.call({ _: 'help.getConfig' }), 10_000, 'help.getConfig')
        expect(config._).toBe('config')
        expect(config.thisDc).toBe(2)
        expect(config.dcOptions.map((o) => o.port)).toContain(port)
      } finally {
        await client.destroy()
      }
    }, 15_000)
  }

  it('the calls came as invokeWithLayer(initConnection(…)); the PFS run bound its temp key', () => {
    expect(seen).toContain('da9b0d0d') // invokeWithLayer
    expect(seen).toContain('cdd42a05') // auth.bindTempAuthKey
    expect(dc.ctx.keys.all().some((k) => k.temp && k.boundTo !== undefined)).toBe(true)
  })
})
