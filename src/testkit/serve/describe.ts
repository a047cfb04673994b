import { rsaPublicKeyToPem } from '../../crypto/index.js'
import type { TestkitCluster } from '../cluster/cluster.js'
import { FileContents, sha256Of } from '../content/file-content.js'
import type { World, WorldFile, WorldMedia } from '../world/types.js'

export interface DescribedMedia {
  kind: string
  size: number
  sha256: string
  name?: string
  mime: string
  dc: number
}

/** The one JSON line `testkit serve --json` prints: everything a client needs to use the cluster. */
export interface TestkitDescription {
  /** `port` is TCP; `ws`/`wss`/`http`/`https` are the same DC's WebSocket and HTTP endpoints */
  dcs: Array<{
    id: number
    host: string
    port: number
    mediaOnly: boolean
    cdn: boolean
    ws?: string
    wss?: string
    http?: string
    https?: string
  }>
  /** the self-signed certificate (PEM) of every wss:// and https:// endpoint: clients pin it */
  tls?: { certificate: string }
  /** fingerprint: the key's 64-bit fingerprint as TL reads it (signed), written as 16 hex digits of its two's complement */
  rsa: Array<{ pem: string; fingerprint: string; cdn?: number }>
  apiId: number
  apiHash: string
  accounts: Array<{ phone: string; code: string; password?: string; premium: boolean; dc: number }>
  bots: Array<{ token: string }>
  channels: Array<{
    id: number
    username?: string
    invite?: string
    messages: Array<{ id: number; media: DescribedMedia }>
  }>
  /** the network profile's name */
  profile?: string
}

/** 16 lowercase hex digits of a signed 64-bit value's two's complement (e.g. Telegram's 0xd09d1d85de64fd85). */
export function fingerprintHex(fingerprint: bigint): string {
  return BigInt.asUintN(64, fingerprint).toString(16).padStart(16, '0')
}

const hashes = new WeakMap<World, Map<string, Promise<string>>>()

/** SHA-256 of a world file's content, computed once per world. */
function sha256OfFile(world: World, contents: FileContents, file: WorldFile): Promise<string> {
  let cache = hashes.get(world)
  if (!cache) {
    cache = new Map()
    hashes.set(world, cache)
  }
  let hash = cache.get(file.id)
  if (!hash) {
    hash = sha256Of(contents.of(file))
    cache.set(file.id, hash)
  }
  return hash
}

/** The file behind a media item: a document's file, or a photo's largest size. */
function fileOf(world: World, media: WorldMedia): WorldFile | undefined {
  let fileId = media.fileId
  if (!fileId && media.sizes?.length) {
    fileId = [...media.sizes].sort((a, b) => b.w * b.h - a.w * a.h)[0]!.fileId
  }
  return world.files.find((f) => f.id === fileId)
}

/** Describes a running cluster (hashing each media file's content once). */
export async function describeCluster(
  cluster: TestkitCluster,
  profile?: string,
): Promise<TestkitDescription> {
  const world = cluster.world
  const contents = new FileContents()
  try {
    const channels: TestkitDescription['channels'] = []
    for (const c of world.channels) {
      const messages: TestkitDescription['channels'][number]['messages'] = []
      for (const m of c.messages) {
        if (!m.media) continue
        const file = fileOf(world, m.media)
        if (!file) continue
        const media: DescribedMedia = {
          kind: m.media.kind,
          size: file.size,
          sha256: await sha256OfFile(world, contents, file),
          name: m.media.name,
          mime: m.media.mime,
          dc: file.dc,
        }
        messages.push({ id: m.id, media })
      }
      channels.push({ id: c.id, username: c.username, invite: c.invite?.hash, messages })
    }
    const rsa: TestkitDescription['rsa'] = [
      { pem: rsaPublicKeyToPem(cluster.rsaKey), fingerprint: fingerprintHex(cluster.rsaKey.fingerprint) },
    ]
    for (const [dcId, key] of cluster.cdnKeys)
      rsa.push({ pem: rsaPublicKeyToPem(key), fingerprint: fingerprintHex(key.fingerprint), cdn: dcId })
    return {
      dcs: cluster.addresses().map((a) => ({
        id: a.id,
        host: a.host,
        port: a.port,
        mediaOnly: a.mediaOnly,
        cdn: a.cdn,
        ...a.urls,
      })),
      tls: { certificate: cluster.certificate.cert },
      rsa,
      apiId: world.apiId,
      apiHash: world.apiHash,
      accounts: world.accounts.map((a) => ({
        phone: a.phone,
        code: a.code,
        password: a.password,
        premium: a.premium,
        dc: a.dc,
      })),
      bots: world.bots.map((b) => ({ token: b.token })),
      channels,
      profile,
    }
  } finally {
    await contents.close()
  }
}
