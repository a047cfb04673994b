import { isAbsolute, normalize, resolve, sep } from 'node:path'

/** A relative path that stays inside whatever folder it is joined to (lexically: no `..`, not absolute, no NUL). */
export function isInsideRelative(relativePath: string): boolean {
  if (relativePath === '' || relativePath.includes('\0') || isAbsolute(relativePath)) return false
  const norm = normalize(relativePath)
  return norm !== '.' && norm !== '..' && !norm.startsWith(`..${sep}`)
}

/**
 * `folder` joined with `relativePath`, refused (TypeError) when it would
 * leave the folder. Lexical only: symlinks inside the folder are the user's.
 */
export function joinInside(folder: string, relativePath: string): string {
  if (!isInsideRelative(relativePath))
    throw new TypeError(`${JSON.stringify(relativePath)} is not a path inside ${folder}`)
  return resolve(folder, relativePath)
}
