import { randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import { copyFile, link, mkdir, open, rename, stat, unlink } from 'node:fs/promises'
import { dirname } from 'node:path'

/** The size of a regular file at `path`, or undefined when there is none. */
export async function fileSizeAt(path: string): Promise<number | undefined> {
  const s = await stat(path).catch(() => undefined)
  return s?.isFile() ? s.size : undefined
}

/**
 * Puts the archived copy `source` at `target` too: a hard link, or a copy
 * when they are on different filesystems (EXDEV). Either is made under a
 * temporary name and renamed, so `target` is whole or absent. Resolves false
 * when `target` already is that very file (a job run again).
 */
export async function placeCopy(source: string, target: string): Promise<boolean> {
  const [s, t] = await Promise.all([stat(source), stat(target).catch(() => undefined)])
  if (t && t.ino === s.ino && t.dev === s.dev) return false
  await mkdir(dirname(target), { recursive: true })
  const temp = `${target}.${randomBytes(6).toString('hex')}.link`
  try {
    try {
      await link(source, temp)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e
      await copyFile(source, temp, constants.COPYFILE_FICLONE)
      // a copy is on disk before it gets its name
      const fd = await open(temp, 'r')
      await fd.datasync().finally(() => fd.close())
    }
    await rename(temp, target)
  } catch (e) {
    await unlink(temp).catch(() => undefined)
    throw e
  }
  return true
}
