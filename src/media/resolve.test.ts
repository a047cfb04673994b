import { createHash } from 'node:crypto'
import type { tl } from '@mtcute/tl'
import type Long from 'long'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loginWithPhone } from '../client/auth/login.js'
import { DcConnector } from '../client/dc-connector.js'
import { fetchParts } from '../download/fetch-parts.test-helper.js'
import type { ClientSession } from '../mtproto/index.js'
import { TestkitCluster } from '../testkit/cluster/cluster.js'
import { SyntheticContent } from '../testkit/content/synthetic-content.js'
import type { MediaItem } from './media-item.js'
import { refreshMedia, resolveLink } from './resolve.js'
import { MediaGoneError } from './resolve-error.js'

describe('links to media against the testkit', () => {
  let cluster: TestkitCluster
  let session: ClientSession
  beforeAll(async () => {
    cluster = await TestkitCluster.start({ seed: 9 })
    const connector = new DcConnector({
      servers: { name: 'custom', dcs: cluster.addresses(), rsaKeys: [cluster.rsaKey], testMode: false },
      apiId: cluster.world.apiId,
    })
    const a = cluster.world.accounts.find((x) => x.dc === 2 && !x.password && !x.premium)!
    ;({ session } = await loginWithPhone(connector, {
      phone: a.phone,
      apiHash: cluster.world.apiHash,
      code: async () => a.code,
    }))
  })
  afterAll(async () => {
    session.close()
    await cluster.close()
  })

  const sha256Of = async (item: MediaItem) => {
    const parts = new Map<number, Uint8Array>()
    await fetchParts([session], item.location, { size: item.size, onPart: (o, b) => parts.set(o, b) })
    const hash = createHash('sha256')
    for (const offset of [...parts.keys()].sort((a, b) => a - b)) hash.update(parts.get(offset)!)
    return hash.digest('hex')
  }
  const expected = (fileId: string) => {
    const file = cluster.world.files.find((f) => f.id === fileId)!
    return new SyntheticContent(file.id, file.size).sha256()
  }

  it('a document by t.me/name/id, downloaded and verified', async () => {
    const [item] = await resolveLink(session, 'https://t.me/tgfetch_media/1')
    const world = cluster.world.channels[0]!.messages[0]!.media!
    expect(item).toMatchObject({ kind: 'document', fileName: world.name, mime: world.mime, dcId: 2 })
    expect(await sha256Of(item!)).toBe(expected(world.fileId!))
  })

  it('every kind of media maps to the right kind', async () => {
    const kinds = []
    for (let id = 1; id <= 8; id++)
      kinds.push((await resolveLink(session, `t.me/tgfetch_media/${id}?single`))[0]!.kind)
    expect(kinds).toEqual(['document', 'video', 'photo', 'document', 'voice', 'round', 'sticker', 'audio'])
  })

  it('a photo resolves to its largest size', async () => {
    const [photo] = await resolveLink(session, 'tg://resolve?domain=tgfetch_media&post=3')
    expect(photo!.location).toMatchObject({ _: 'inputPhotoFileLocation', thumbSize: 'y' })
  })

  it('an album gives all its items, ?single just one', async () => {
    const album = await resolveLink(session, 'https://t.me/tgfetch_media/10')
    expect(album.map((m) => m.origin.msgId)).toEqual([10, 11, 12])
    expect(await resolveLink(session, 'https://t.me/tgfetch_media/10?single')).toHaveLength(1)
  })

  it('a comment by ?comment=', async () => {
    const [comment] = await resolveLink(session, 'https://t.me/tgfetch_media/1?comment=2')
    expect(comment).toMatchObject({ kind: 'document', fileName: 'comment.png' })
  })

  it('refresh() renews an expired file reference from the origin', async () => {
    const [item] = await resolveLink(session, 'https://t.me/tgfetch_media/1')
    cluster.state.fileReferences.expireAll()
    await expect(sha256Of(item!)).rejects.toThrow('FILE_REFERENCE_EXPIRED')
    const fresh = await refreshMedia(session, item!)
    const ref = (m: MediaItem) => Buffer.from((m.location as { fileReference: Uint8Array }).fileReference)
    expect(ref(fresh).equals(ref(item!))).toBe(false)
    expect(await sha256Of(fresh)).toBe(expected(cluster.world.channels[0]!.messages[0]!.media!.fileId!))
  })

  it('refresh() refuses a message whose media is now another file', async () => {
    const [item] = await resolveLink(session, 'https://t.me/tgfetch_media/1')
    const location = item!.location as tl.RawInputDocumentFileLocation
    const other: MediaItem = { ...item!, location: { ...location, id: location.id.add(1) } }
    await expect(refreshMedia(session, other)).rejects.toThrow(MediaGoneError)
  })

  it('names the problem: unknown username, no media, private channel, unknown t.me/c', async () => {
    await expect(resolveLink(session, 'https://t.me/no_such_channel/1')).rejects.toThrow('no such username')
    await expect(resolveLink(session, 'https://t.me/tgfetch_media/9')).rejects.toThrow('has no media')
    await expect(resolveLink(session, 'https://t.me/tgfetch_media/999')).rejects.toThrow('does not exist')
    const hidden = cluster.world.channels.find((c) => c.invite)!
    await expect(resolveLink(session, `https://t.me/c/${hidden.id}/1`)).rejects.toThrow(
      'unknown private channel',
    )
  })

  it('t.me/c/<id> works once the channel was met by username, through the peer cache', async () => {
    const seen = new Map<number, Long>()
    await resolveLink(session, 'https://t.me/tgfetch_small/1', {
      onChannel: (c) => seen.set(c.channelId, c.accessHash),
    })
    const small = cluster.world.channels.find((c) => c.username === 'tgfetch_small')!
    expect(seen.has(small.id)).toBe(true)
    const [item] = await resolveLink(session, `https://t.me/c/${small.id}/1`, {
      accessHashOf: (id) => seen.get(id),
    })
    expect(item).toMatchObject({ fileName: 'notes.txt', dcId: 3 })
  })
})
