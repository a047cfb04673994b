import Long from 'long'
import { RpcError } from '../../mtproto/index.js'
import type { TestkitState } from '../cluster/state.js'
import type { WorldChannel, WorldFile, WorldMedia, WorldMessage } from '../world/types.js'

export interface ResolvedLocation {
  file: WorldFile
  media: WorldMedia
  channel: WorldChannel
  message: WorldMessage
  /** a photo size (JPEG) rather than a document */
  photo: boolean
}

interface InputLocation {
  _: string
  id?: Long
  accessHash?: Long
  fileReference?: Uint8Array
  thumbSize?: string
}

const accessHashes = new WeakMap<WorldMedia, Long>()

function accessHashOf(media: WorldMedia): Long {
  let hash = accessHashes.get(media)
  if (!hash) {
    hash = Long.fromString(media.accessHash)
    accessHashes.set(media, hash)
  }
  return hash
}

/**
 * An inputDocumentFileLocation / inputPhotoFileLocation → the world file
 * behind it, checked as Telegram checks it: the id and access hash
 * (LOCATION_INVALID), the thumb size, the channel's privacy for this user
 * (CHANNEL_PRIVATE) and the file reference (FILE_REFERENCE_EMPTY / _EXPIRED /
 * _INVALID). Where the file lives is left to the caller (FILE_MIGRATE_X).
 */
export function resolveLocation(state: TestkitState, userId: number, input: unknown): ResolvedLocation {
  const location = input as InputLocation
  const isPhoto = location._ === 'inputPhotoFileLocation'
  if ((!isPhoto && location._ !== 'inputDocumentFileLocation') || !location.id || !location.accessHash)
    throw new RpcError(400, 'LOCATION_INVALID')
  const found = state.index.media(location.id.toString())
  if (!found || (found.media.kind === 'photo') !== isPhoto) throw new RpcError(400, 'LOCATION_INVALID')
  const { media, channel, message } = found
  if (!accessHashOf(media).equals(location.accessHash)) throw new RpcError(400, 'LOCATION_INVALID')
  const thumb = location.thumbSize ?? ''
  const fileId = isPhoto
    ? media.sizes?.find((s) => s.type === thumb)?.fileId
    : thumb === ''
      ? media.fileId
      : undefined
  const file = fileId === undefined ? undefined : state.index.file(fileId)
  if (!file) throw new RpcError(400, 'LOCATION_INVALID')
  if (!channel.username && !channel.members.includes(userId)) throw new RpcError(400, 'CHANNEL_PRIVATE')
  const ref = location.fileReference
  if (!ref || ref.length === 0) throw new RpcError(400, 'FILE_REFERENCE_EMPTY')
  const check = state.fileReferences.check(media.id, ref)
  if (check === 'expired') throw new RpcError(400, 'FILE_REFERENCE_EXPIRED')
  if (check === 'invalid') throw new RpcError(400, 'FILE_REFERENCE_INVALID')
  return { file, media, channel, message, photo: isPhoto }
}

/** 303 FILE_MIGRATE_X when the file is stored on another DC than the one asked. */
export function requireHomeDc(file: WorldFile, dcId: number): void {
  if (file.dc !== dcId) throw new RpcError(303, `FILE_MIGRATE_${file.dc}`)
}
