import { retryTransient } from '../client/transient.js'
import { formatLink, type ParsedLink, parseLink } from '../media/links.js'
import type { MediaItem } from '../media/media-item.js'
import { type PeerMemory, resolveLink } from '../media/resolve.js'
import type { ClientSession } from '../mtproto/index.js'
import type { ByteSource } from './byte-source.js'
import { MediaNotFoundError } from './errors.js'
import type { StreamResolvers } from './http-routes.js'

export interface MediaResolversOptions {
  /** the session links are resolved with (the default account's home DC) */
  home(): Promise<ClientSession>
  /** remembered peers (storedPeers): usernames and private channels without asking again */
  peers?: PeerMemory
  /** the bytes of a resolved item */
  open(item: MediaItem): ByteSource
  /** how long a resolved link is remembered, ms (default 5 min): a player asks for many ranges */
  rememberMs?: number
}

const REMEMBERED_LINKS = 1000

/** `/<chat>/<msg_id>` as the t.me link of that one message (`?single`). */
export function messageLink(chat: string, msgId: number): string {
  if (!/^-?[0-9]+$/.test(chat)) return `https://t.me/${chat}/${msgId}?single`
  // a Bot API id (-100…) or the bare channel id of a t.me/c/ link
  const id = chat.startsWith('-100') ? chat.slice(4) : chat
  if (id.startsWith('-'))
    throw new MediaNotFoundError(`chat ${chat}: only channels and supergroups are served`)
  return `https://t.me/c/${id}/${msgId}?single`
}

/** The item a link names: its own message's media, else the album's first. */
function pick(link: ParsedLink, items: MediaItem[]): MediaItem {
  const own = link.kind === 'message' ? (link.commentId ?? link.msgId) : undefined
  const item = items.find((i) => i.origin.msgId === own) ?? items[0]
  if (!item) throw new MediaNotFoundError(`${formatLink(link)}: no media there`)
  return item
}

/** The stream routes' resolvers on top of resolveLink, with recently resolved links remembered. */
export function mediaResolvers(opts: MediaResolversOptions): StreamResolvers {
  const remembered = new Map<string, { item: Promise<MediaItem>; until: number }>()
  // shared by every request for the link, so no one request's signal may end it
  const itemOf = (text: string): Promise<MediaItem> => {
    // parsed once here: resolveLink and pick take the parsed link
    const parsed = parseLink(text)
    const key = formatLink(parsed)
    const now = Date.now()
    const known = remembered.get(key)
    if (known && known.until > now) return known.item
    remembered.delete(key)
    // a connection lost on the way is not the link's fault: resolved again on a fresh one
    const item = retryTransient(async () =>
      pick(parsed, await resolveLink(await opts.home(), parsed, opts.peers)),
    )
    if (remembered.size >= REMEMBERED_LINKS) remembered.delete(remembered.keys().next().value as string)
    remembered.set(key, { item, until: now + (opts.rememberMs ?? 5 * 60_000) })
    item.catch(() => {
      if (remembered.get(key)?.item === item) remembered.delete(key)
    })
    return item
  }
  return {
    resolve: async (chat, msgId) => opts.open(await itemOf(messageLink(chat, msgId))),
    resolveLink: async (link) => opts.open(await itemOf(link)),
  }
}
