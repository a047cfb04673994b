import { gzipSync } from 'node:zlib'
import Long from 'long'
import { describe, expect, it } from 'vitest'
import { deserializeTl, serializeTl, type TlObject } from './codec.js'
import { TlDecodeError } from './errors.js'
import { serverReaders } from './maps.js'
import { MAX_INFLATED_SIZE } from './reader.js'
import { SampleBuilder, seededRandom } from './samples.test-helper.js'
import { apiSchemaEntries } from './schema.js'
import { ID_GZIP_PACKED, ID_VECTOR } from './service-types.js'

function expectOnlyTypedErrors(bytes: Uint8Array): void {
  try {
    deserializeTl(bytes, { readers: serverReaders() })
  } catch (e) {
    if (!(e instanceof TlDecodeError))
      throw new Error(`untyped ${String(e)} for ${Buffer.from(bytes).toString('hex')}`)
  }
}

function gzipPacked(inner: Uint8Array): Uint8Array {
  return serializeTlBytes(ID_GZIP_PACKED, gzipSync(inner))
}

/** constructor id + one TL `bytes` field */
function serializeTlBytes(id: number, body: Uint8Array): Uint8Array {
  const header = body.length < 254 ? 1 : 4
  const padded = Math.ceil((header + body.length) / 4) * 4
  const out = Buffer.alloc(4 + padded)
  out.writeUInt32LE(id, 0)
  if (header === 1) out[4] = body.length
  else out.writeUInt32LE(254 | (body.length << 8), 4)
  out.set(body, 4 + header)
  return out
}

describe('TL reader on hostile bytes', () => {
  const rand = seededRandom(7)
  const samples = new SampleBuilder(apiSchemaEntries(), rand)
  const valid = apiSchemaEntries()
    .filter((e, i) => i % 5 === 0 && !e.name.startsWith('mtcute.'))
    .map((e) => serializeTl(samples.build(e)))

  it('random bytes end in TlDecodeError or a value', () => {
    for (let i = 0; i < 3000; i++) {
      const len = Math.floor(rand() * 64)
      expectOnlyTypedErrors(Uint8Array.from({ length: len }, () => Math.floor(rand() * 256)))
    }
  })

  it('mutated and truncated valid objects end in TlDecodeError or a value', () => {
    for (const bytes of valid) {
      for (let k = 0; k < 8; k++) {
        const copy = Uint8Array.from(bytes)
        const flips = 1 + Math.floor(rand() * 4)
        for (let f = 0; f < flips; f++) copy[Math.floor(rand() * copy.length)] = Math.floor(rand() * 256)
        expectOnlyTypedErrors(copy)
        expectOnlyTypedErrors(bytes.subarray(0, Math.floor(rand() * bytes.length)))
      }
    }
  })

  it('refuses a vector that announces more elements than bytes left, before allocating', () => {
    const bytes = Buffer.alloc(12)
    bytes.writeUInt32LE(ID_VECTOR, 0)
    bytes.writeUInt32LE(0xffffffff, 4)
    expect(() => deserializeTl(bytes)).toThrow(/cannot fit/)
  })

  it('refuses a bytes field longer than the input', () => {
    const bytes = serializeTl({ _: 'mt_rpc_error', errorCode: 400, errorMessage: 'X'.repeat(300) } as never)
    expect(() => deserializeTl(bytes.subarray(0, 100))).toThrow(TlDecodeError)
  })

  it('inflates gzip_packed and rejects bombs and nesting', () => {
    const pong = serializeTl({ _: 'mt_pong', msgId: Long.fromInt(1), pingId: Long.fromInt(2) } as TlObject)
    expect(deserializeTl(gzipPacked(pong))).toMatchObject({ _: 'mt_pong' })
    const bomb = gzipPacked(new Uint8Array(MAX_INFLATED_SIZE + 16))
    expect(() => deserializeTl(bomb)).toThrow(/gzip_packed/)
    expect(() => deserializeTl(gzipPacked(gzipPacked(pong)))).toThrow(/nested/)
  })

  it('rejects trailing garbage when asked for an exact read', () => {
    const bytes = serializeTl({ _: 'help.getConfig' })
    const padded = new Uint8Array(bytes.length + 4)
    padded.set(bytes)
    expect(() => deserializeTl(padded, { readers: serverReaders(), exact: true })).toThrow(/trailing/)
  })
})
