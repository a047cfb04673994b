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

/** The API layer our schema describes; sent in `invokeWithLayer`. */
export const apiLayer: number = (require('@mtcute/tl/api-schema.json') as { l: number }).l

/** The constructor id of an MTProto service entry by its `@mtcute/tl` name (`mt_rpc_error`). */
export function tlIdOf(name: string): number {
  const entry = mtpSchemaEntries().find((e) => e.name === name)
  if (!entry) throw new Error(`${name} is not in the MTProto schema`)
  return entry.id
}
