import { writeFileSync } from 'node:fs'
import type { MediaItem } from '../../../media/media-item.js'
import type { ChatRef } from '../../../media/open-chat.js'
import { fileNameFor } from '../../file-names.js'

/**
 * One line of `tgfetch chat --export`. The field names are stable; new ones
 * may be added.
 */
export interface ExportRecord {
  /** the chat's username, or `c<id>` for a private one */
  chat: string
  chat_id: number
  msg_id: number
  /** the message's date, ISO 8601 UTC */
  date: string
  kind: MediaItem['kind']
  /** bytes */
  size: number
  /** the file name tgfetch saves it as by default (the sender's, made safe, or `<chat>_<msg>.<ext>`) */
  name: string
  mime: string
  /** the DC the file lives on */
  dc: number
  /** a link to this message alone (`?single` inside an album); `tgfetch get` takes it */
  link: string
  /** the album's id (the same for every item of one album), else null */
  album: string | null
}

export function messageLink(chat: ChatRef, msgId: number, single: boolean): string {
  const base = chat.username
    ? `https://t.me/${chat.username}/${msgId}`
    : `https://t.me/c/${chat.channel.channelId}/${msgId}`
  return single ? `${base}?single` : base
}

export function exportRecord(item: MediaItem, chat: ChatRef): ExportRecord {
  return {
    chat: chat.label,
    chat_id: chat.channel.channelId,
    msg_id: item.origin.msgId,
    date: new Date(item.date * 1000).toISOString(),
    kind: item.kind,
    size: item.size,
    name: fileNameFor(item, chat.label),
    mime: item.mime,
    dc: item.dcId,
    link: messageLink(chat, item.origin.msgId, item.groupedId !== undefined),
    album: item.groupedId ?? null,
  }
}

/** Writes the records as a JSON array (one object per line) to `path`, or to stdout for `-`. */
export function writeExport(path: string, records: readonly ExportRecord[]): void {
  const text = `[\n${records.map((r) => JSON.stringify(r)).join(',\n')}\n]\n`
  if (path === '-') process.stdout.write(records.length ? text : '[]\n')
  else writeFileSync(path, records.length ? text : '[]\n')
}
