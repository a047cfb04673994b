import { type FaultSpec, parseFaultSpec } from '../faults/spec.js'
import type { AcceptQrSpec } from './accept-qr.js'
import { ControlError } from './control-error.js'
import type { PublishSpec } from './publish.js'
import { MEDIA_KINDS } from './publish.js'

/** One command read from `testkit serve`'s stdin. */
export type ControlCommand =
  | { command: 'stats' }
  | { command: 'fault'; fault: FaultSpec }
  | { command: 'publish'; post: PublishSpec }
  | { command: 'accept-qr'; scan: AcceptQrSpec }

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

const text = (v: unknown, what: string): string => {
  if (typeof v !== 'string' && typeof v !== 'number') throw new ControlError(`${what} is missing`)
  return String(v)
}

function wholeNumber(v: unknown, what: string): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : Number.NaN
  if (!Number.isSafeInteger(n)) throw new ControlError(`${what} must be a whole number`)
  return n
}

function publishOf(fields: Record<string, unknown>): PublishSpec {
  const media = isRecord(fields.media)
    ? fields.media
    : fields.kind !== undefined
      ? { kind: fields.kind, size: fields.size, name: fields.name, mime: fields.mime, dc: fields.dc }
      : undefined
  if (fields.text !== undefined && typeof fields.text !== 'string')
    throw new ControlError('text must be a string')
  return {
    chat: text(fields.chat, 'chat'),
    text: fields.text,
    media: media && {
      kind:
        MEDIA_KINDS.find((k) => k === media.kind) ?? fail(`kind must be one of ${MEDIA_KINDS.join(', ')}`),
      size: wholeNumber(media.size, 'size'),
      name: media.name === undefined ? undefined : text(media.name, 'name'),
      mime: media.mime === undefined ? undefined : text(media.mime, 'mime'),
      dc: media.dc === undefined ? undefined : wholeNumber(media.dc, 'dc'),
    },
  }
}

function fail(message: string): never {
  throw new ControlError(message)
}

function fromFields(name: string, fields: Record<string, unknown>): ControlCommand {
  switch (name) {
    case 'stats':
      return { command: 'stats' }
    case 'fault':
      return { command: 'fault', fault: parseFaultSpec(text(fields.spec, 'spec')) }
    case 'publish':
      return { command: 'publish', post: publishOf(fields) }
    case 'accept-qr':
      return {
        command: 'accept-qr',
        scan: { token: text(fields.token, 'token'), account: text(fields.account, 'account') },
      }
    default:
      throw new ControlError(`unknown command "${name}" (publish, accept-qr, fault, stats)`)
  }
}

/**
 * `key=value …` after the command's name; `text=` takes the rest of the line,
 * so it goes last and may hold spaces.
 */
function simpleFields(rest: string): Record<string, string> {
  const fields: Record<string, string> = {}
  let left = rest.trim()
  while (left) {
    const m = /^([a-z]+)=/.exec(left)
    if (!m) throw new ControlError(`expected key=value at "${left.slice(0, 40)}"`)
    const key = m[1]!
    if (key === 'text') {
      fields.text = left.slice(m[0].length)
      break
    }
    const end = left.search(/\s/)
    fields[key] = end < 0 ? left.slice(m[0].length) : left.slice(m[0].length, end)
    left = end < 0 ? '' : left.slice(end).trimStart()
  }
  return fields
}

/**
 * A stdin line: a JSON object `{"command": …, …}`, or a simple line —
 * `publish chat=… kind=… size=… name=… text=…`, `accept-qr token=… account=…`,
 * `stats`, `fault SPEC`, or a fault spec alone (`drop:every=30s`, `stall n=2`).
 */
export function parseCommandLine(line: string): ControlCommand {
  const trimmed = line.trim()
  if (trimmed.startsWith('{')) {
    let parsed: unknown
    try {
      parsed = JSON.parse(trimmed)
    } catch {
      throw new ControlError('the line starts with { but is not JSON')
    }
    if (!isRecord(parsed)) throw new ControlError('expected a JSON object')
    return fromFields(text(parsed.command, 'command'), parsed)
  }
  const name = trimmed.split(/\s/, 1)[0] ?? ''
  const rest = trimmed.slice(name.length)
  if (name === 'publish' || name === 'accept-qr' || name === 'stats')
    return fromFields(name, simpleFields(rest))
  if (name === 'fault') return fromFields('fault', { spec: rest.trim() })
  return { command: 'fault', fault: parseFaultSpec(trimmed) }
}
