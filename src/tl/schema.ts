import { closeSync, openSync, readSync } from 'node:fs'
import { createRequire } from 'node:module'

/** One constructor or method as `@mtcute/tl` describes it in its schema JSON. */
export interface TlSchemaArgument {
  name: string
  type: string
  typeModifiers?: { predicate?: string; isVector?: boolean; isBareVector?: boolean }
}

export interface TlSchemaEntry {
  kind: 'class' | 'method'
  name: string
  id: number
  type: string
  arguments: TlSchemaArgument[]
}

const require = createRequire(import.meta.url)

let apiSchema: TlSchemaEntry[] | undefined
let mtpSchema: TlSchemaEntry[] | undefined

/** The Telegram API schema (layer {@link apiLayer}) shipped by `@mtcute/tl`, loaded on first use. */
export function apiSchemaEntries(): TlSchemaEntry[] {
  if (!apiSchema) apiSchema = (require('@mtcute/tl/api-schema.json') as { e: TlSchemaEntry[] }).e
  return apiSchema
}

/** The MTProto service schema shipped by `@mtcute/tl` (names prefixed with `mt_`). */
export function mtpSchemaEntries(): TlSchemaEntry[] {
  if (!mtpSchema) mtpSchema = require('@mtcute/tl/mtp-schema.json') as TlSchemaEntry[]
  return mtpSchema
}

/**
 * The layer from the schema file's first bytes (`{"l":223,"e":[…`): parsing
 * the whole 1.8 MB file for it was a quarter of a second of every command's start.
 */
function readApiLayer(): number {
  const fd = openSync(require.resolve('@mtcute/tl/api-schema.json'), 'r')
  try {
    const head = Buffer.alloc(32)
    const read = readSync(fd, head, 0, head.length, 0)
    const layer = /^\{"l":(\d+),/.exec(head.toString('latin1', 0, read))?.[1]
    if (!layer) throw new Error('@mtcute/tl/api-schema.json does not start with its layer')
    return Number(layer)
  } finally {
    closeSync(fd)
  }
}

/** The API layer our schema describes; sent in `invokeWithLayer`. */
export const apiLayer: number = readApiLayer()

/** The constructor id of an API class by name (`upload.file`), from the schema (parsed on first use). */
export function apiClassId(name: string): number {
  const entry = apiSchemaEntries().find((e) => e.name === name && e.kind === 'class')
  if (!entry) throw new Error(`${name} is not in the API schema`)
  return entry.id
}

/** The constructor id of an MTProto service entry by its `@mtcute/tl` name (`mt_rpc_error`). */
export function tlIdOf(name: string): number {
  const entry = mtpSchemaEntries().find((e) => e.name === name)
  if (!entry) throw new Error(`${name} is not in the MTProto schema`)
  return entry.id
}
