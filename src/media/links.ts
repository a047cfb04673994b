/**
 * Telegram links to messages and chats (core.telegram.org/api/links): every
 * public form of t.me / telegram.me / telegram.dog and tg:// links that can
 * point at media. Untrusted input: anything else is a precise LinkError.
 */

import { TgfetchError } from '../errors/index.js'

export type LinkPeer = { type: 'username'; username: string } | { type: 'channel'; channelId: number }

export type ParsedLink =
  | {
      kind: 'message'
      peer: LinkPeer
      msgId: number
      /** forum topic (t.me/name/<topic>/<msg>) */
      topicId?: number
      /** ?thread= : the message is in this thread (replies to a post) */
      threadId?: number
      /** ?comment= : the link names a comment to post msgId in its discussion group */
      commentId?: number
      /** ?single: only this message, not its album */
      single: boolean
    }
  | { kind: 'invite'; hash: string }
  | { kind: 'chat'; peer: LinkPeer }

export class LinkError extends TgfetchError {
  readonly category = 'input'
  constructor(
    readonly link: string,
    readonly reason: string,
  ) {
    super(`${reason}: ${JSON.stringify(link.length > 200 ? `${link.slice(0, 200)}…` : link)}`)
  }
}

const HOSTS = new Set([
  't.me',
  'telegram.me',
  'telegram.dog',
  'www.t.me',
  'www.telegram.me',
  'www.telegram.dog',
])
const USERNAME = /^[a-zA-Z][a-zA-Z0-9_]{3,31}$/
const INVITE = /^[a-zA-Z0-9_-]{8,64}$/
const MAX_LINK = 2048

/** Message ids (and topic, thread, comment ids, which are message ids) are int32 in the API. */
export const MAX_MESSAGE_ID = 2 ** 31 - 1

function positiveId(value: string | null | undefined, what: string, link: string): number {
  if (value === null || value === undefined || !/^[0-9]{1,15}$/.test(value)) {
    throw new LinkError(link, `${what} must be a positive number`)
  }
  const n = Number(value)
  if (n <= 0 || !Number.isSafeInteger(n)) throw new LinkError(link, `${what} must be a positive number`)
  return n
}

/** A message id: larger ones would wrap on the wire and name another message. */
function messageId(value: string | null | undefined, what: string, link: string): number {
  const n = value !== null && value !== undefined && /^[0-9]{1,10}$/.test(value) ? Number(value) : 0
  if (n < 1 || n > MAX_MESSAGE_ID)
    throw new LinkError(link, `${what} must be a whole number from 1 to ${MAX_MESSAGE_ID}`)
  return n
}

function optionalId(params: URLSearchParams, key: string, link: string): number | undefined {
  return params.has(key) ? messageId(params.get(key), `?${key}=`, link) : undefined
}

function username(value: string, link: string): LinkPeer {
  if (!USERNAME.test(value)) throw new LinkError(link, `"${value}" is not a valid username`)
  return { type: 'username', username: value }
}

export function parseLink(input: string): ParsedLink {
  const link = input.trim()
  if (link.length === 0) throw new LinkError(input, 'empty link')
  if (link.length > MAX_LINK) throw new LinkError(input, 'link too long')
  if (/^tg:/i.test(link)) return parseTgLink(link)
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(link) ? link : `https://${link}`
  let url: URL
  try {
    url = new URL(withScheme)
  } catch {
    throw new LinkError(input, 'not a URL')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new LinkError(input, 'not a Telegram link')
  if (!HOSTS.has(url.hostname.toLowerCase())) throw new LinkError(input, 'not a t.me or telegram.me link')
  const parts = url.pathname.split('/').filter(Boolean)
  if (parts[0] === 's') parts.shift() // t.me/s/name/123: the web preview of the same post
  return parseHttpPath(parts, url.searchParams, input)
}

function message(
  peer: LinkPeer,
  msgId: number,
  params: URLSearchParams,
  link: string,
  topicId?: number,
): ParsedLink {
  const threadId = optionalId(params, 'thread', link)
  const commentId = optionalId(params, 'comment', link)
  return {
    kind: 'message',
    peer,
    msgId,
    ...(topicId !== undefined ? { topicId } : {}),
    ...(threadId !== undefined ? { threadId } : {}),
    ...(commentId !== undefined ? { commentId } : {}),
    single: params.has('single'),
  }
}

function parseHttpPath(parts: string[], params: URLSearchParams, link: string): ParsedLink {
  const [first, second, third, fourth] = parts
  if (!first) throw new LinkError(link, 'the link names no chat')
  if (parts.length > 4) throw new LinkError(link, 'too many path segments')
  if (first.startsWith('+')) {
    if (parts.length > 1) throw new LinkError(link, 'an invite link has one path segment')
    return invite(first.slice(1), link)
  }
  if (first === 'joinchat') {
    if (!second || parts.length > 2) throw new LinkError(link, 'joinchat link without a hash')
    return invite(second, link)
  }
  if (first === 'c') {
    const peer: LinkPeer = { type: 'channel', channelId: positiveId(second, 'channel id', link) }
    if (third === undefined) return { kind: 'chat', peer }
    if (fourth === undefined) return message(peer, messageId(third, 'message id', link), params, link)
    return message(
      peer,
      messageId(fourth, 'message id', link),
      params,
      link,
      messageId(third, 'topic id', link),
    )
  }
  if (parts.length > 3) throw new LinkError(link, 'too many path segments')
  const peer = username(first, link)
  if (second === undefined) return { kind: 'chat', peer }
  if (third === undefined) return message(peer, messageId(second, 'message id', link), params, link)
  return message(
    peer,
    messageId(third, 'message id', link),
    params,
    link,
    messageId(second, 'topic id', link),
  )
}

function invite(hash: string, link: string): ParsedLink {
  if (!INVITE.test(hash)) throw new LinkError(link, 'malformed invite hash')
  return { kind: 'invite', hash }
}

function parseTgLink(link: string): ParsedLink {
  const m = /^tg:(?:\/\/)?([a-z]+)\/?(?:\?(.*))?$/i.exec(link)
  if (!m) throw new LinkError(link, 'malformed tg:// link')
  const action = m[1]!.toLowerCase()
  const params = new URLSearchParams(m[2] ?? '')
  switch (action) {
    case 'resolve': {
      const domain = params.get('domain')
      if (!domain) throw new LinkError(link, 'tg://resolve without domain=')
      const peer = username(domain, link)
      if (!params.has('post')) return { kind: 'chat', peer }
      return message(peer, messageId(params.get('post'), 'post=', link), params, link)
    }
    case 'privatepost': {
      const peer: LinkPeer = {
        type: 'channel',
        channelId: positiveId(params.get('channel'), 'channel=', link),
      }
      return message(peer, messageId(params.get('post'), 'post=', link), params, link)
    }
    case 'join': {
      const hash = params.get('invite')
      if (!hash) throw new LinkError(link, 'tg://join without invite=')
      return invite(hash, link)
    }
    default:
      throw new LinkError(link, `tg://${action} does not point at a message or chat`)
  }
}

/** The link as https://t.me/…, canonical: parseLink(formatLink(p)) equals p. */
export function formatLink(parsed: ParsedLink): string {
  if (parsed.kind === 'invite') return `https://t.me/+${parsed.hash}`
  const chat = parsed.peer.type === 'username' ? parsed.peer.username : `c/${parsed.peer.channelId}`
  if (parsed.kind === 'chat') return `https://t.me/${chat}`
  const query = new URLSearchParams()
  if (parsed.threadId !== undefined) query.set('thread', String(parsed.threadId))
  if (parsed.commentId !== undefined) query.set('comment', String(parsed.commentId))
  const topic = parsed.topicId === undefined ? '' : `${parsed.topicId}/`
  const params = [query.toString(), parsed.single ? 'single' : ''].filter(Boolean).join('&')
  return `https://t.me/${chat}/${topic}${parsed.msgId}${params ? `?${params}` : ''}`
}
