import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import Long from 'long'
import { describe, expect, it } from 'vitest'
import { deserializeTl, serializeTl, serializeTlVector } from './codec.js'
import { isServedLayer, writersForLayer } from './layer-writers.js'
import { layerEntries, storedLayers } from './layers/layer-data.js'
import { readInLayer } from './layers/layer-roundtrip.test-helper.js'
import { tlWriters } from './maps.js'
import { apiLayer } from './schema.js'
import { parseTlDeclaration } from './tl-parse.js'

const idAt = (b: Uint8Array, at = 0) => new DataView(b.buffer, b.byteOffset).getUint32(at, true)

const user = {
  _: 'user',
  self: true,
  premium: true,
  id: 1_000_123,
  accessHash: Long.fromString('1234567890123'),
  firstName: 'Test',
  username: 'tester',
  phone: '9996621234',
} as const

describe('which layers are served', () => {
  it('every layer from the oldest stored to the newest, ours included', () => {
    const layers = storedLayers()
    expect(layers[0]).toBeLessThanOrEqual(133)
    expect(layers.at(-1)).toBeGreaterThanOrEqual(apiLayer)
    for (let layer = layers[0] ?? 0; layer <= (layers.at(-1) ?? 0); layer++)
      expect(isServedLayer(layer)).toBe(true)
    expect(isServedLayer((layers[0] ?? 0) - 1)).toBe(false)
    expect(isServedLayer((layers.at(-1) ?? 0) + 1)).toBe(false)
    expect(() => writersForLayer((layers.at(-1) ?? 0) + 1)).toThrow(/not served/)
  })

  it('our layer, a client that declared none, and layers between ours and the next stored get our writers', () => {
    expect(writersForLayer(undefined)).toBe(tlWriters)
    expect(writersForLayer(apiLayer)).toBe(tlWriters)
    expect(writersForLayer(apiLayer + 1)).toBe(tlWriters)
  })
})

describe('answers in the layer a client asked for', () => {
  it('layer 198 gets user#4b46c37e with its old layout, read back field for field', () => {
    const bytes = serializeTl({ _: 'auth.authorization', user } as never, 198)
    expect(idAt(bytes, 8)).toBe(0x4b46c37e)
    const read = readInLayer(198, bytes)
    expect(read.user).toMatchObject({ ...user, id: Long.fromNumber(user.id) })
  })

  it('writes Vector<User> results', () => {
    const bytes = serializeTlVector([user, { ...user, id: 5 }] as never[], 198)
    expect([idAt(bytes), idAt(bytes, 4), idAt(bytes, 8)]).toEqual([0x1cb5c415, 2, 0x4b46c37e])
    const current = serializeTlVector([user] as never[], undefined)
    expect(deserializeTl<unknown[]>(current)).toMatchObject([{ _: 'user', id: 1_000_123 }])
  })

  it('writes message#7600b9d3 for layer 227 (mtcute 0.30.3)', () => {
    const message = {
      _: 'message',
      id: 5,
      peerId: { _: 'peerChannel', channelId: 1 },
      date: 1,
      message: 'hi',
    }
    expect(idAt(serializeTl(message as never, 227))).toBe(0x7600b9d3)
  })

  it('stores layer 198 as GramJS 2.26 (layer 198, from its own copy of api.tl) declares it', () => {
    const require = createRequire(import.meta.url)
    const gramjs = readFileSync(require.resolve('telegram/tl/apiTl.js'), 'utf8')
    const theirs = new Map(
      [...gramjs.matchAll(/^([a-zA-Z][\w.]*)#([0-9a-f]+) /gm)].map((m) => [
        m[1],
        Number.parseInt(m[2] ?? '', 16),
      ]),
    )
    const stored = layerEntries(198)
    expect(stored.length).toBeGreaterThan(1500)
    const differing = stored
      .filter((e) => theirs.has(e.name) && theirs.get(e.name) !== e.id)
      .map((e) => e.name)
    expect(differing).toEqual([])
  })
})

describe('parseTlDeclaration', () => {
  it('reads ids, flags, vectors and generics', () => {
    const e = parseTlDeclaration(
      'messages.messages#8c718e87 messages:Vector<Message> chats:Vector<Chat> users:Vector<User> = messages.Messages;',
    )
    expect(e.id).toBe(0x8c718e87)
    expect(e.arguments[0]).toEqual({ name: 'messages', type: 'Message', typeModifiers: { isVector: true } })
    const m = parseTlDeclaration('invokeWithLayer#da9b0d0d {X:Type} layer:int query:!X = X;', 'method')
    expect(m.arguments.map((a) => a.name)).toEqual(['layer', 'query'])
    expect(parseTlDeclaration('ping ping_id:long = Pong').id).toBe(0x7abe77ec)
    expect(() => parseTlDeclaration('garbage')).toThrow(/not a TL declaration/)
  })
})
