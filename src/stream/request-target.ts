import { MAX_MESSAGE_ID, parseLink } from '../media/links.js'

/** What a request asks for: `/<chat>/<msg_id>` or `/?link=<t.me link>`. */
export type MediaTarget = { kind: 'message'; chat: string; msgId: number } | { kind: 'link'; link: string }
export type StreamTarget = MediaTarget | { kind: 'bad'; status: 400 | 404; message: string }

const CHAT = /^-?[A-Za-z0-9_]{1,64}$/
const MSG_ID = /^[1-9][0-9]{0,9}$/
const USAGE = 'not found: ask for /<chat>/<message id> or /?link=<t.me link>'

/** Reads the request target (origin-form only); throws LinkError for a `?link=` that is not a Telegram link. */
export function parseStreamTarget(url: string | undefined): StreamTarget {
  const raw = url ?? ''
  const q = raw.indexOf('?')
  return targetOf(q < 0 ? raw : raw.slice(0, q), queryOf(url))
}

export function queryOf(url: string | undefined): URLSearchParams {
  const q = url?.indexOf('?') ?? -1
  return new URLSearchParams(q < 0 ? '' : url?.slice(q + 1))
}

function targetOf(path: string, query: URLSearchParams): StreamTarget {
  if (!path.startsWith('/')) return { kind: 'bad', status: 400, message: 'bad request target' }
  if (path === '/') {
    const link = query.get('link')
    if (link === null) return { kind: 'bad', status: 404, message: USAGE }
    if (parseLink(link).kind !== 'message')
      return { kind: 'bad', status: 400, message: 'the link names a chat, not a message' }
    return { kind: 'link', link }
  }
  const segments = path.slice(1).split('/')
  if (segments.length !== 2) return { kind: 'bad', status: 404, message: USAGE }
  const [chat, msgId] = segments as [string, string]
  if (!CHAT.test(chat))
    return { kind: 'bad', status: 400, message: 'the chat must be a username or a numeric id' }
  // beyond int32 an id would wrap on the wire and name another message
  if (!MSG_ID.test(msgId) || Number(msgId) > MAX_MESSAGE_ID)
    return {
      kind: 'bad',
      status: 400,
      message: `the message id must be a whole number from 1 to ${MAX_MESSAGE_ID}`,
    }
  return { kind: 'message', chat, msgId: Number(msgId) }
}
