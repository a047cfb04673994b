import type { TlWriterMap } from '@mtcute/tl-runtime'
import { downConvertingWriters } from './layers/down-convert.js'
import { servingLayer } from './layers/layer-data.js'
import { tlWriters } from './maps.js'
import { apiLayer } from './schema.js'

/** Whether the server can answer a client that declared `layer` (stored range, ours included). */
export function isServedLayer(layer: number): boolean {
  return layer === apiLayer || servingLayer(layer) !== undefined
}

/**
 * The writers to answer a client that asked for `layer`, as Telegram answers
 * every client in its own layer: ours for our layer (and for a client that
 * declared none), otherwise our objects down-converted into the stored
 * schema of that layer. Throws for a layer not served (see isServedLayer).
 */
export function writersForLayer(layer: number | undefined): TlWriterMap {
  if (layer === undefined || layer === apiLayer) return tlWriters
  const served = servingLayer(layer)
  if (served === undefined) throw new RangeError(`layer ${layer} is not served`)
  return served === apiLayer ? tlWriters : downConvertingWriters(served)
}
