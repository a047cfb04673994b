import { readFileSync } from 'node:fs'
import type { World } from '../world/types.js'

/** Reads a world file (JSON, see world/types.ts) and checks its shape enough to fail clearly. */
export function loadWorldFile(path: string): World {
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'))
  } catch (e) {
    throw new Error(`world file ${path}: ${e instanceof Error ? e.message : String(e)}`)
  }
  if (typeof parsed !== 'object' || parsed === null)
    throw new Error(`world file ${path}: expected a JSON object`)
  const w = parsed as Record<string, unknown>
  for (const key of ['accounts', 'bots', 'channels', 'files']) {
    if (!Array.isArray(w[key])) throw new Error(`world file ${path}: "${key}" must be an array`)
  }
  if (typeof w.apiId !== 'number') throw new Error(`world file ${path}: "apiId" must be a number`)
  if (typeof w.apiHash !== 'string') throw new Error(`world file ${path}: "apiHash" must be a string`)
  if (w.fileReferenceTtl === undefined) w.fileReferenceTtl = 0
  return w as unknown as World
}
