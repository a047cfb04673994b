/** The testkit's `--json` line names each file as the download code does: both sides, every kind. */
import type { tl } from '@mtcute/tl'
import Long from 'long'
import { describe, expect, it } from 'vitest'
import { mediaFromMessage } from '../media/media-item.js'
import { FileReferences } from '../testkit/cluster/file-references.js'
import { FileContents } from '../testkit/content/file-content.js'
import { toTlMedia } from '../testkit/convert/media.js'
import { describeMedia } from '../testkit/serve/describe.js'
import { generateWorld } from '../testkit/world/generate.js'
import type { MediaKind } from '../testkit/world/types.js'
import { WorldIndex } from '../testkit/world/world-index.js'
import { fileNameFor } from './file-names.js'

describe("the testkit line's media names", () => {
  it('are the names tgfetch saves each media under, and a file name only where the client gets one', async () => {
    const world = generateWorld({ seed: 5, largeFileSize: 2 * 1024 * 1024 })
    const ctx = { index: new WorldIndex(world), fileReferences: new FileReferences(3600, Date.now) }
    const contents = new FileContents()
    const kinds = new Set<MediaKind>()
    try {
      for (const channel of world.channels)
        for (const message of channel.messages) {
          const described = await describeMedia(world, contents, channel, message)
          if (!described || !message.media) continue
          kinds.add(message.media.kind)
          const received: tl.RawMessage = {
            _: 'message',
            id: message.id,
            peerId: { _: 'peerChannel', channelId: channel.id },
            date: message.date,
            message: message.text,
            media: toTlMedia(ctx, message.media, message.date),
          }
          const item = mediaFromMessage(received, {
            channel: { _: 'inputChannel', channelId: channel.id, accessHash: Long.ZERO },
            msgId: message.id,
          })!
          const chat = channel.username ?? `c${channel.id}`
          expect(described.file).toBe(fileNameFor(item, chat))
          expect(described.name).toBe(item.fileName)
        }
    } finally {
      await contents.close()
    }
    // every kind the world has, the unnamed ones among them
    expect([...kinds].sort()).toEqual(['audio', 'document', 'photo', 'round', 'sticker', 'video', 'voice'])
  })
})
