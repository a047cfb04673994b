import { readFileSync } from 'node:fs'
import { UsageError } from '../../context.js'

/** A link as given, and where it came from when not from the command line ("links.txt line 4"). */
export interface ListedLink {
  text: string
  where?: string
  /** the line of a links file it is on */
  line?: number
}

/** A Telegram Desktop chat export (result.json): the chat's id and its messages. */
interface ChatExport {
  id?: unknown
  messages?: unknown
}

/**
 * Links from `-f FILE`: one per line (blank lines and `#` comments skipped),
 * or a Telegram Desktop chat export (JSON) whose messages with a photo or a
 * file become t.me/c/<chat>/<msg> links.
 */
export function linksFromFile(path: string): ListedLink[] {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (e) {
    throw new UsageError(`${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`)
  }
  if (text.trimStart().startsWith('{')) return linksFromExport(path, text)
  return text.split(/\r?\n/).flatMap((raw, i) => {
    const line = raw.trim()
    return line && !line.startsWith('#') ? [{ text: line, where: `${path} line ${i + 1}`, line: i + 1 }] : []
  })
}

function linksFromExport(path: string, text: string): ListedLink[] {
  let json: ChatExport
  try {
    json = JSON.parse(text) as ChatExport
  } catch (e) {
    throw new UsageError(`${path}: not JSON (${(e as Error).message})`)
  }
  const chatId = typeof json.id === 'number' ? json.id : Number.NaN
  if (!Number.isSafeInteger(chatId) || chatId <= 0 || !Array.isArray(json.messages))
    throw new UsageError(`${path}: not a Telegram Desktop chat export (needs "id" and "messages")`)
  const links: ListedLink[] = []
  for (const m of json.messages as unknown[]) {
    if (typeof m !== 'object' || m === null) continue
    const { id, photo, file } = m as Record<string, unknown>
    if (
      typeof id === 'number' &&
      Number.isSafeInteger(id) &&
      id > 0 &&
      (photo !== undefined || file !== undefined)
    )
      // an id beyond int32 makes a link that is refused, with where it came from
      links.push({ text: `https://t.me/c/${chatId}/${id}`, where: `${path} message ${id}` })
  }
  return links
}
