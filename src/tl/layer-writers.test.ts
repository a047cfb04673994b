import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import Long from 'long'
import { describe, expect, it } from 'vitest'
import { deserializeTl, serializeTl, serializeTlVector } from './codec.js'
import { LAYER_198_DECLARATIONS } from './compat/layer-198.js'
import { LAYER_227_DECLARATIONS } from './compat/layer-227.js'
import { objectReaders } from './maps.js'
import { compileEntryReader } from './method-readers.js'
import { SafeTlReader } from './reader.js'
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

describe('answers in the layer a client asked for', () => {
  it('our layer and unknown layers get our schema', () => {
    const auth = { _: 'auth.authorization', user } as const
    expect(serializeTl(auth, undefined)).toEqual(serializeTl(auth))
    expect(serializeTl(auth, 227)).toEqual(serializeTl(auth))
  })

  it('layer 198 gets user#4b46c37e with its old layout, read back field for field', () => {
    const bytes = serializeTl({ _: 'auth.authorization', user } as never, 198)
    expect(idAt(bytes, 8)).toBe(0x4b46c37e)
    const old = parseTlDeclaration(LAYER_198_DECLARATIONS[0]!)
    const read = compileEntryReader({
      ...old,
      arguments: old.arguments.map((a) => (a.name === 'id' ? { ...a, type: 'int53' } : a)),
    })
    expect(read(SafeTlReader.from(objectReaders, bytes, 12))).toMatchObject(user)
  })

  it('writes Vector<User> results', () => {
    const bytes = serializeTlVector([user, { ...user, id: 5 }] as never[], 198)
    expect([idAt(bytes), idAt(bytes, 4), idAt(bytes, 8)]).toEqual([0x1cb5c415, 2, 0x4b46c37e])
    const current = serializeTlVector([user] as never[], undefined)
    expect(deserializeTl<unknown[]>(current)).toMatchObject([{ _: 'user', id: 1_000_123 }])
  })

  it('declares the layer-198 constructors exactly as GramJS 2.26 (layer 198) ships them', () => {
    const require = createRequire(import.meta.url)
    const gramjsSchema = readFileSync(require.resolve('telegram/tl/apiTl.js'), 'utf8')
    for (const line of LAYER_198_DECLARATIONS) {
      expect(gramjsSchema, line.slice(0, 40)).toContain(line)
    }
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

describe('answers for newer clients (layer 227, mtcute 0.30.3)', () => {
  it('declares the layer-227 constructors exactly as @mtcute/core 0.30.3 (layer 227) ships them', () => {
    const require = createRequire(import.meta.url)
    const schema = JSON.parse(readFileSync(require.resolve('@mtcute/core/tl/api-schema.json'), 'utf8')) as {
      l: number
      e: Array<{ name: string; id: number; arguments: Array<{ name: string }> }>
    }
    expect(schema.l).toBe(227)
    for (const line of LAYER_227_DECLARATIONS) {
      const ours = parseTlDeclaration(line)
      const theirs = schema.e.find((e) => e.name === ours.name)
      expect(theirs?.id, ours.name).toBe(ours.id)
      expect(ours.arguments.map((a) => a.name)).toEqual(theirs?.arguments.map((a) => a.name))
    }
  })

  it('writes message#7600b9d3 for layer 227, and zeros for fields our layer lacks', () => {
    const message = {
      _: 'message',
      id: 5,
      peerId: { _: 'peerChannel', channelId: 1 },
      date: 1,
      message: 'hi',
      post: true,
    }
    expect(idAt(serializeTl(message as never, 227))).toBe(0x7600b9d3)
    expect(idAt(serializeTl(message as never, 223))).toBe(idAt(serializeTl(message as never)))
    const topic = {
      _: 'forumTopic',
      id: 1,
      date: 1,
      title: 't',
      iconColor: 0,
      topMessage: 1,
      readInboxMaxId: 0,
      readOutboxMaxId: 0,
      unreadCount: 0,
      unreadMentionsCount: 0,
      unreadReactionsCount: 0,
      peer: { _: 'peerChannel', channelId: 1 },
      fromId: { _: 'peerUser', userId: 1 },
      notifySettings: { _: 'peerNotifySettings' },
    }
    expect(() => serializeTl(topic as never, 227)).not.toThrow()
  })
})
