import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire, Module } from 'node:module'
import { dirname, join } from 'node:path'
import { constants, Script } from 'node:vm'

/** How a run found its cache: none kept (`off`), none yet, one V8 would not take, or one it compiled from. */
export type CodeCacheUse = 'off' | 'none' | 'rejected' | 'used'

/**
 * Runs the CommonJS file `file` as `require` would, but compiled from V8's
 * code cache when `cacheDir` has one for this file, this Node and `name` (the
 * command): V8 then skips parsing the bundle and compiling the functions the
 * command ran last time. Node 20 has no compile cache of its own (22 has
 * `module.enableCompileCache`); without it a `get` spends about a third of its
 * start-up compiling (bench/README.md).
 *
 * A run that finds no cache, or one V8 rejects, writes a fresh one when the
 * process exits successfully, with what that run compiled; a run that used
 * one writes nothing. The key holds the file's size and mtime because V8
 * itself only checks the source's length: a rebuilt bundle gets a new cache,
 * and the old one of the same command is removed. Any failure to read or
 * write the cache costs only the speed-up. Says how the cache was found.
 */
export function runWithCodeCache(file: string, cacheDir: string | undefined, name: string): CodeCacheUse {
  const source = readFileSync(file, 'utf8')
  const cachePath = cacheDir && join(cacheDir, cacheName(file, name))
  const cachedData = cachePath ? readOrUndefined(cachePath) : undefined
  const script = new Script(Module.wrap(source), {
    filename: file,
    cachedData,
    // a dynamic import() in the file resolves as in any other module
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  })
  if (cacheDir && cachePath && (!cachedData || script.cachedDataRejected))
    process.once('exit', (code) => {
      // a run that failed may have stopped before most of the command's code ran
      if (code === 0) writeCache(cacheDir, cachePath, name, script)
    })
  const module = new Module(file)
  module.filename = file
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file))
  if (!cacheDir) return 'off'
  if (!cachedData) return 'none'
  return script.cachedDataRejected ? 'rejected' : 'used'
}

/** `<name>-<node>-<arch>-<size>-<mtime>.bin`: one file per command and build of the bundle. */
export function cacheName(file: string, name: string): string {
  const { size, mtimeMs } = statSync(file)
  return `${name}-${process.version}-${process.arch}-${size}-${Math.trunc(mtimeMs)}.bin`
}

function readOrUndefined(path: string): Buffer | undefined {
  try {
    return readFileSync(path)
  } catch {
    return undefined
  }
}

/** Written whole under a temporary name, then renamed: a reader never sees half a cache. */
function writeCache(dir: string, path: string, name: string, script: Script): void {
  const temp = `${path}.${process.pid}.tmp`
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    writeFileSync(temp, script.createCachedData(), { mode: 0o600 })
    renameSync(temp, path)
    // the same command's caches of earlier builds
    const mine = path.slice(dir.length + 1)
    for (const old of readdirSync(dir))
      if (old !== mine && old.startsWith(`${name}-v`) && old.endsWith('.bin'))
        rmSync(join(dir, old), { force: true })
  } catch {
    // a read-only or full disk: the next run compiles as this one did
    try {
      rmSync(temp, { force: true })
    } catch {}
  }
}
