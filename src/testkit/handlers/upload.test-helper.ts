import Long from 'long'
import { type ClientSession, openClientSession, toAuthKey } from '../../mtproto/index.js'
import type { TestkitCluster } from '../cluster/cluster.js'
import type { WorldMedia } from '../world/types.js'

/** Opens a session on a DC of the cluster; with a user, its key is logged in as that user. */
export async function sessionOn(
  cluster: TestkitCluster,
  dcId: number,
  userId?: number,
): Promise<ClientSession> {
  const { port, host, cdn } = cluster.address(dcId)
  const key = cdn ? cluster.cdnKeys.get(dcId) : cluster.rsaKey
  if (!key) throw new Error(`no key for DC ${dcId}`)
  const { session, authKey } = await openClientSession({
    host,
    port,
    dcId,
    transport: 'intermediate',
    publicKeys: [key],
  })
  if (userId !== undefined) cluster.state.authorizeKey(dcId, toAuthKey(authKey).id, userId)
  return session
}

/** A media item of the seed world by its document name (or, for photos, the n-th photo). */
export function mediaNamed(cluster: TestkitCluster, name: string): WorldMedia {
  for (const c of cluster.world.channels)
    for (const m of c.messages)
      if (m.media && (m.media.name === name || `${m.media.kind}:${m.media.id}` === name)) return m.media
  throw new Error(`no media ${name}`)
}

export function firstPhoto(cluster: TestkitCluster): WorldMedia {
  const photo = cluster.world.channels[0]?.messages.find((m) => m.media?.kind === 'photo')?.media
  if (!photo) throw new Error('no photo')
  return photo
}

/** An input location for a document (or a photo size), with a fresh file reference. */
export function locationOf(
  cluster: TestkitCluster,
  media: WorldMedia,
  thumbSize = '',
  fileReference?: Uint8Array,
) {
  return {
    _: media.kind === 'photo' ? ('inputPhotoFileLocation' as const) : ('inputDocumentFileLocation' as const),
    id: Long.fromString(media.id),
    accessHash: Long.fromString(media.accessHash),
    fileReference: fileReference ?? cluster.state.fileReferences.issue(media.id),
    thumbSize,
  }
}

/** The world file behind a document. */
export function fileOf(cluster: TestkitCluster, media: WorldMedia, thumbSize?: string) {
  const id = thumbSize ? media.sizes?.find((s) => s.type === thumbSize)?.fileId : media.fileId
  const file = id ? cluster.state.index.file(id) : undefined
  if (!file) throw new Error(`no file for ${media.id}`)
  return file
}

/** Resolves with the RpcError text a promise rejects with. */
export async function errorOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (e) {
    return (e as { text?: string }).text ?? String(e)
  }
  throw new Error('expected an error')
}
