import { randomBytes } from 'node:crypto'
import Long from 'long'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TransportName } from '../../transport/index.js'
import { openClientSession } from '../client-role/open.js'
import { RpcError } from '../rpc-error.js'
import type { DcServer } from '../server-role/dc-server.js'
import { startTestDc, testRsaKey } from './harness.test-helper.js'

const transports: TransportName[] = ['abridged', 'intermediate', 'padded', 'full']

describe('our client ↔ our server over TCP', () => {
  let dc: DcServer
  let port: number
  const payload = randomBytes(1024 * 1024)
  const sent: string[] = []

  beforeAll(async () => {
    ;({ dc, port } = await startTestDc(
      (r) =>
        r
          .on('help.getNearestDc', () => ({ _: 'nearestDc', country: 'NL', thisDc: 2, nearestDc: 2 }))
          .on('upload.getFile', (req) => {
            const offset = req.offset as number
            const limit = req.limit as number
            return {
              _: 'upload.file',
              type: { _: 'storage.filePartial' },
              mtime: 0,
              bytes: payload.subarray(offset, offset + limit),
            }
          })
          .on('help.getConfig', () => {
            throw new RpcError(420, 'FLOOD_WAIT_7')
          })
          .on('help.getAppConfig', () => ({
            _: 'help.appConfig',
            hash: 1,
            config: { _: 'jsonString', value: 'x'.repeat(20000) },
          })),
      { hooks: { onMessage: ({ body }) => sent.push(Buffer.from(body.subarray(0, 4)).toString('hex')) } },
    ))
  })
  afterAll(() => dc.close())

  for (const transport of transports) {
    for (const obfuscated of transport === 'full' ? [false] : [false, true]) {
      it(`${transport}${obfuscated ? ' + obfuscated2' : ''}: key exchange, ping, 1 MiB RPC, containers, gzip`, async () => {
        const { session, authKey } = await openClientSession({
          host: '127.0.0.1',
          port,
          dcId: 2,
          transport,
          obfuscated,
          publicKeys: [testRsaKey()],
        })
        try {
          expect(authKey).toHaveLength(256)
          const pong = await session.ping(Long.fromInt(77))
          expect(pong.pingId.toNumber()).toBe(77)
          const file = await session.call({
            _: 'upload.getFile',
            location: {
              _: 'inputPeerPhotoFileLocationLegacy',
              peer: { _: 'inputPeerSelf' },
              volumeId: Long.ZERO,
              localId: 0,
            } as never,
            offset: 0,
            limit: 1024 * 1024,
          })
          expect(file._).toBe('upload.file')
          expect(Buffer.compare((file as { bytes: Uint8Array }).bytes, payload)).toBe(0)
          // three calls in one tick ride in one msg_container
          const answers = await Promise.all([
            session.call({ _: 'help.getNearestDc' }),
            session.call({ _: 'help.getNearestDc' }),
            session.call({ _: 'help.getNearestDc' }),
          ])
          expect(answers.map((a) => a.thisDc)).toEqual([2, 2, 2])
          expect(sent).toContain('dcf8f173')
          // a large compressible answer comes back gzip_packed and is inflated
          const appConfig = await session.call({ _: 'help.getAppConfig', hash: 0 })
          expect(appConfig._).toBe('help.appConfig')
          const error = await session.call({ _: 'help.getConfig' }).catch((e: unknown) => e)
          expect(error).toBeInstanceOf(RpcError)
          expect((error as RpcError).seconds).toBe(7)
        } finally {
          session.close()
        }
      })
    }
  }

  it('unknown methods get an rpc_error, not silence', async () => {
    const { session } = await openClientSession({
      host: '127.0.0.1',
      port,
      dcId: 2,
      transport: 'intermediate',
      publicKeys: [testRsaKey()],
    })
    const error = await session.call({ _: 'help.getCdnConfig' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RpcError)
    expect((error as RpcError).code).toBe(400)
    session.close()
  })
})
