import { randomBytes } from 'node:crypto'
import { RpcError } from '../../mtproto/index.js'
import type { WorldChannel, WorldFile } from '../world/types.js'
import { HASH_PART } from './upload-hashes.js'

/** Telegram sends media of public channels with more subscribers than this to CDN DCs. */
export const CDN_MIN_PARTICIPANTS = 100_000

/** One file as the CDN knows it: its token, its encryption, which 128 KiB parts it holds. */
export interface CdnEntry {
  file: WorldFile
  fileToken: Uint8Array
  encryptionKey: Uint8Array
  encryptionIv: Uint8Array
  /** 128 KiB parts not (or no longer) on the CDN: asking for them needs a reupload */
  missing: Set<number>
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

/**
 * The CDN side of the cluster, shared by the master DCs (redirects,
 * reuploads, hashes) and the CDN DCs (serving). A stable random key and IV
 * per file; file tokens and request tokens are remembered here.
 */
export class CdnStore {
  /** the CDN DC files are sent to */
  cdnDcId = 201
  /** false: no redirects at all (fault: CDN down) */
  enabled = true
  /** true: a file starts off the CDN, so its first request of each part needs a reupload */
  coldStart = false
  private readonly byFile = new Map<string, CdnEntry>()
  private readonly byToken = new Map<string, CdnEntry>()
  private readonly requests = new Map<string, { entry: CdnEntry; parts: number[] }>()

  /** Whether a getFile for this channel's media may be answered with a redirect. */
  eligible(channel: WorldChannel): boolean {
    return this.enabled && channel.username !== undefined && channel.participantsCount > CDN_MIN_PARTICIPANTS
  }

  entryFor(file: WorldFile): CdnEntry {
    let entry = this.byFile.get(file.id)
    if (!entry) {
      entry = {
        file,
        fileToken: randomBytes(32),
        encryptionKey: randomBytes(32),
        encryptionIv: randomBytes(16),
        missing: new Set(),
      }
      if (this.coldStart) for (let i = 0; i < Math.ceil(file.size / HASH_PART); i++) entry.missing.add(i)
      this.byFile.set(file.id, entry)
      this.byToken.set(hex(entry.fileToken), entry)
    }
    return entry
  }

  /** The entry behind a file token, or 400 FILE_TOKEN_INVALID. */
  byFileToken(token: unknown): CdnEntry {
    const entry = token instanceof Uint8Array ? this.byToken.get(hex(token)) : undefined
    if (!entry) throw new RpcError(400, 'FILE_TOKEN_INVALID')
    return entry
  }

  /** Fault: the CDN drops parts of a file (default: all of it); they need a reupload. */
  evict(fileId: string, offset = 0, length = Number.MAX_SAFE_INTEGER): void {
    const entry = this.byFile.get(fileId)
    if (!entry) return
    const end = Math.min(entry.file.size, offset + length)
    for (let i = Math.floor(offset / HASH_PART); i * HASH_PART < end; i++) entry.missing.add(i)
  }

  /** Fault: every file token handed out so far stops working. */
  revokeTokens(): void {
    for (const entry of this.byFile.values()) this.byToken.delete(hex(entry.fileToken))
    this.byFile.clear()
  }

  /** The missing parts a range touches; with any, a request token to reupload them. */
  missingIn(entry: CdnEntry, offset: number, limit: number): Uint8Array | undefined {
    const parts: number[] = []
    const end = Math.min(entry.file.size, offset + limit)
    for (let i = Math.floor(offset / HASH_PART); i * HASH_PART < end; i++)
      if (entry.missing.has(i)) parts.push(i)
    if (parts.length === 0) return undefined
    const requestToken = randomBytes(32)
    this.requests.set(hex(requestToken), { entry, parts })
    return requestToken
  }

  /** upload.reuploadCdnFile: the parts the request token names are on the CDN again. */
  reupload(fileToken: unknown, requestToken: unknown): { entry: CdnEntry; parts: number[] } {
    const entry = this.byFileToken(fileToken)
    const key = requestToken instanceof Uint8Array ? hex(requestToken) : ''
    const request = this.requests.get(key)
    if (!request || request.entry !== entry) throw new RpcError(400, 'REQUEST_TOKEN_INVALID')
    this.requests.delete(key)
    for (const part of request.parts) entry.missing.delete(part)
    return request
  }
}
