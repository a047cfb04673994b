/**
 * Joining a stranger-derived relative path to the output folder so that the
 * result stays inside it, symlinks included.
 */
import { lstatSync, realpathSync } from 'node:fs'
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path'
import { TgfetchError } from '../errors/index.js'

export class UnsafePathError extends TgfetchError {
  readonly category = 'invalid'
}

function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child)
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel)
}

function existsAsLink(path: string): boolean {
  try {
    lstatSync(path)
    return true
  } catch {
    return false
  }
}

/**
 * `root` joined with `relativePath`, which must land strictly inside `root`,
 * also once symlinks inside `root` are followed. Throws UnsafePathError.
 * (A symlink created after this check is not caught: the output folder is the user's.)
 */
export function safeJoin(root: string, relativePath: string): string {
  const base = resolve(root)
  const target = resolve(base, relativePath)
  if (relativePath.includes('\0') || !isInside(base, target)) {
    throw new UnsafePathError(`${JSON.stringify(relativePath)} is not inside ${base}`)
  }
  let deepest = target
  while (deepest !== base && !existsAsLink(deepest)) deepest = dirname(deepest)
  if (deepest === base && !existsAsLink(base)) return target
  let real: string
  let realBase: string
  try {
    real = realpathSync(deepest)
    realBase = realpathSync(base)
  } catch {
    throw new UnsafePathError(`${deepest} is a link that leads nowhere`)
  }
  const escapes =
    deepest === target ? !isInside(realBase, real) : real !== realBase && !isInside(realBase, real)
  if (escapes) throw new UnsafePathError(`${deepest} leads outside ${base} (to ${real})`)
  return target
}
