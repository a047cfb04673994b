import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { tl } from '@mtcute/tl'
import Long from 'long'
import { describe, expect, it } from 'vitest'
import { appendFileLine, MANIFEST_NAME, Manifest, readManifest } from './manifest.js'
import { type ManifestMessage, messageRecord } from './manifest-record.js'

const folder = (): string => mkdtempSync(join(tmpdir(), 'tgfetch-manifest-'))
const raw = (id: number, extra: Partial<tl.RawMessage> = {}): tl.RawMessage => ({
  _: 'message',
  id,
  peerId: { _: 'peerChannel', channelId: 1 },
  date: 1_767_225_600 + id * 60,
  message: `post ${id}`,
  ...extra,
})
const record = (id: number): ManifestMessage => messageRecord(raw(id))

describe('messageRecord', () => {
  it('keeps what an archive needs, as plain JSON', () => {
    const m = raw(7, {
      fromId: { _: 'peerUser', userId: 42 },
      entities: [
        { _: 'messageEntityBold', offset: 0, length: 4 },
        {
          _: 'messageEntityCustomEmoji',
          offset: 5,
          length: 1,
          documentId: Long.fromString('123456789012345'),
        },
      ],
      replyTo: { _: 'messageReplyHeader', replyToMsgId: 5 },
      groupedId: Long.fromString('-17'),
      views: 900,
    })
    const media = { path: '7.zip', size: 10, identity: 'doc:1@2' }
    expect(messageRecord(m, media)).toEqual({
      type: 'message',
      id: 7,
      date: '2026-01-01T00:07:00.000Z',
      senderId: 42,
      text: 'post 7',
      entities: [
        { type: 'bold', offset: 0, length: 4 },
        { type: 'customemoji', offset: 5, length: 1, documentId: '123456789012345' },
      ],
      replyToId: 5,
      topicId: null,
      groupedId: '-17',
      views: 900,
      media,
    })
  })

  it('forum topics: a plain post names its topic only; a reply inside a topic names both', () => {
    const plain = raw(4, { replyTo: { _: 'messageReplyHeader', forumTopic: true, replyToMsgId: 3 } })
    expect(messageRecord(plain)).toMatchObject({ topicId: 3, replyToId: null })
    const reply = raw(5, {
      replyTo: { _: 'messageReplyHeader', forumTopic: true, replyToMsgId: 4, replyToTopId: 3 },
    })
    expect(messageRecord(reply)).toMatchObject({ topicId: 3, replyToId: 4 })
  })
})

describe('Manifest', () => {
  it('a rerun appends only the messages after the last one written', () => {
    const dir = folder()
    const first = Manifest.open(dir)
    expect(first.lastId).toBe(0)
    expect(first.appendMessages([record(2), record(1)])).toBe(2)
    const again = Manifest.open(dir)
    expect(again.lastId).toBe(2)
    expect(again.appendMessages([record(1), record(2), record(3)])).toBe(1)
    expect(readManifest(dir).map((l) => l.id)).toEqual([1, 2, 3])
  })

  it('finds the last message behind many file lines (more than one read back)', () => {
    const dir = folder()
    const m = Manifest.open(dir)
    m.appendMessages([record(1), record(2)])
    const fileLine = { type: 'file', id: 1, path: '1.zip', sha256: 'a'.repeat(64), deduped: false }
    appendFileSync(join(dir, MANIFEST_NAME), `${JSON.stringify(fileLine)}\n`.repeat(1500))
    expect(Manifest.open(dir).lastId).toBe(2)
  })

  it('a line a crash cut short is dropped, and its message appended again whole', () => {
    const dir = folder()
    Manifest.open(dir).appendMessages([record(1)])
    appendFileSync(join(dir, MANIFEST_NAME), JSON.stringify(record(2)).slice(0, 30))
    const m = Manifest.open(dir)
    expect(m.lastId).toBe(1)
    expect(m.appendMessages([record(2)])).toBe(1)
    expect(readManifest(dir).map((l) => l.id)).toEqual([1, 2])
  })

  it('hostile text stays on its line and reads back as it was', () => {
    const dir = folder()
    const text = 'a\nb\r\u2028\u0000"}\n{"type":"message","id":999}\u001b[2J'
    Manifest.open(dir).appendMessages([messageRecord(raw(1, { message: text }))])
    expect(readFileSync(join(dir, MANIFEST_NAME), 'utf8').split('\n')).toHaveLength(2)
    expect(readManifest(dir)).toMatchObject([{ id: 1, text }])
    expect(Manifest.open(dir).lastId).toBe(1)
  })

  it('a media path that leaves the folder is refused', () => {
    const dir = folder()
    const m = Manifest.open(dir)
    for (const path of ['../x.zip', '/etc/passwd', 'a/../../x', ''])
      expect(() =>
        m.appendMessages([{ ...record(1), media: { path, size: 1, identity: 'doc:1@2' } }]),
      ).toThrow(TypeError)
    expect(() =>
      appendFileLine(dir, { type: 'file', id: 1, path: '../1.zip', sha256: '', deduped: false }),
    ).toThrow(TypeError)
    expect(m.lastId).toBe(0)
  })
})
