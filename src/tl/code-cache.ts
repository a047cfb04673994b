import { lstatSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import Module, { createRequire } from 'node:module'
import { basename, dirname, join } from 'node:path'
import { Script } from 'node:vm'
import { crc32 } from 'node:zlib'

let cacheDir: string | undefined

/**
 * Keeps V8's compiled code of the big generated CommonJS files (the TL
 * readers and writers, ~700 KB) in `dir` between runs, so a process that
 * starts to download reads bytecode instead of parsing them again: about
 * 20 ms of every `get`'s start-up. Set by the CLI before the TL modules load;
 * a library embedding tgfetch compiles them as Node does. A folder that is
 * not this user's alone is not used: cached code runs as the user.
 */
export function useCodeCache(dir: string | undefined): void {
  if (dir === undefined) {
    cacheDir = undefined
    return
  }
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    const stat = lstatSync(dir)
    const own = stat.isDirectory() && stat.uid === process.getuid?.() && (stat.mode & 0o077) === 0
    cacheDir = own ? dir : undefined
  } catch {
    cacheDir = undefined
  }
}

/**
 * `require(id)` for a CommonJS file that requires nothing itself, compiled
 * through the code cache when one is set. The cache file is named after the
 * source's length and CRC-32, the Node version and the CPU: V8 itself checks
 * only the length.
 */
export function requireGenerated(from: string, id: string): unknown {
  const require = createRequire(from)
  if (!cacheDir) return require(id)
  const path = require.resolve(id)
  const bytes = readFileSync(path)
  const source = bytes.toString('utf8')
  const sum = crc32(bytes).toString(16)
  const cachePath = join(
    cacheDir,
    `${basename(path, '.js')}-${bytes.length}-${sum}-${process.version}-${process.arch}.v8`,
  )
  const cachedData = readCache(cachePath)
  const script = new Script(Module.wrap(source), { filename: path, cachedData })
  const module = { exports: {} as unknown }
  const run = script.runInThisContext() as (...args: unknown[]) => void
  run.call(module.exports, module.exports, createRequire(path), module, path, dirname(path))
  if (!cachedData || script.cachedDataRejected) writeCache(cachePath, script.createCachedData())
  return module.exports
}

function readCache(path: string): Buffer | undefined {
  try {
    return readFileSync(path)
  } catch {
    return undefined
  }
}

/** Whole or not at all (a rename), owner-only; a failure leaves the next run to compile again. */
function writeCache(path: string, data: Buffer): void {
  const temp = `${path}.${process.pid}.tmp`
  try {
    writeFileSync(temp, data, { mode: 0o600, flag: 'wx' })
    renameSync(temp, path)
  } catch {
    rmSync(temp, { force: true })
  }
}
