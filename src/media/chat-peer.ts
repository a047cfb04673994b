import { LinkError, parseLink } from './links.js'

/** A chat as a person names it on the command line. */
export type ChatPeer =
  | { kind: 'username'; username: string }
  | { kind: 'channel'; channelId: number }
  | { kind: 'invite'; hash: string; link: string }

/**
 * `name`, `@name`, `t.me/name`, `https://t.me/c/1234567890`, `-1001234567890`,
 * `t.me/+hash`, `tg://resolve?domain=name`: the chat they name. A message link
 * is refused with a hint, as is anything else (LinkError).
 */
export function parseChatPeer(input: string): ChatPeer {
  const text = input.trim()
  const marked = /^-100(\d{1,13})$/.exec(text)
  if (marked) {
    const channelId = Number(marked[1])
    if (channelId > 0) return { kind: 'channel', channelId }
  }
  const bare = /^@?[a-zA-Z][a-zA-Z0-9_]*$/.test(text)
  const parsed = parseLink(bare ? `https://t.me/${text.replace(/^@/, '')}` : text)
  if (parsed.kind === 'invite') return { kind: 'invite', hash: parsed.hash, link: text }
  if (parsed.kind === 'message')
    throw new LinkError(input, 'this names a message, not a chat (use `tgfetch get` for one message)')
  return parsed.peer.type === 'username'
    ? { kind: 'username', username: parsed.peer.username }
    : { kind: 'channel', channelId: parsed.peer.channelId }
}
