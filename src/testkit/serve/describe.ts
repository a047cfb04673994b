import { rsaPublicKeyToPem } from '../../crypto/index.js'
import type { TestkitCluster } from '../cluster/cluster.js'
import { FileContents, sha256Of } from '../content/file-content.js'
import { documentAttributes } from '../convert/media.js'
import type { World, WorldChannel, WorldFile, WorldMedia, WorldMessage } from '../world/types.js'

export interface DescribedMedia {
  kind: string
  size: number
  sha256: string
  /** the file name the client receives (none for photos, voice notes and round videos, as on Telegram) */
  name?: string
  /** the name `tgfetch get`/`chat` saves it as by default: `name`, else `<chat>_<msg>.<ext>` */
  file: string
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
  /** with `--mtproxy`: the MTProxy front to the DCs; `link` is what `tgfetch --proxy` takes */
  mtproxy?: { host: string; port: number; secret: string; link: string }
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

/**
 * The extension tgfetch gives a file that came without a name, by kind (the
 * client's media/media-item.ts KIND_EXTENSION, which the testkit may not
 * import; cli/testkit-names.test.ts keeps the two equal).
 */
const UNNAMED_EXTENSION: Readonly<Record<WorldMedia['kind'], string>> = {
  photo: 'jpg',
  video: 'mp4',
  round: 'mp4',
  voice: 'ogg',
  audio: 'mp3',
  sticker: 'webp',
  document: 'bin',
}

/** The file name a message's media reaches the client with, if any. */
function receivedName(media: WorldMedia): string | undefined {
  if (media.kind === 'photo') return undefined
  const attr = documentAttributes(media).find((a) => a._ === 'documentAttributeFilename')
  return attr?._ === 'documentAttributeFilename' ? attr.fileName : undefined
}

/** One message's media as a client receives it and tgfetch names it; undefined without media or file. */
export async function describeMedia(
  world: World,
  contents: FileContents,
  channel: WorldChannel,
  message: WorldMessage,
): Promise<DescribedMedia | undefined> {
  const media = message.media
  const file = media && fileOf(world, media)
  if (!media || !file) return undefined
  const name = receivedName(media)
  const chat = channel.username ?? `c${channel.id}`
  return {
    kind: media.kind,
    size: file.size,
    sha256: await sha256OfFile(world, contents, file),
    name,
    file: name ?? `${chat}_${message.id}.${UNNAMED_EXTENSION[media.kind]}`,
    mime: media.mime,
    dc: file.dc,
  }
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
        const media = await describeMedia(world, contents, c, m)
        if (media) messages.push({ id: m.id, media })
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
