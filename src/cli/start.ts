import { join } from 'node:path'
import envPaths from 'env-paths'
import { type CodeCacheUse, runWithCodeCache } from './code-cache.js'
import { commandNameIn } from './command-name.js'
import { keepYoungGenerationSmall } from './young-generation.js'

/**
 * Where compiled code is kept: `TGFETCH_CODE_CACHE` (`off`: nowhere), else
 * the user's cache folder (`~/.cache/tgfetch/code` on Linux).
 */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const chosen = env.TGFETCH_CODE_CACHE
  if (chosen === 'off') return undefined
  return chosen || join(envPaths('tgfetch', { suffix: '' }).cache, 'code')
}

/**
 * The run a cache is kept for: the command, or `help` (a command's --help runs
 * little of its code). A word of argv is a file name only if it could be a command's name.
 */
export function cacheKeyName(args: readonly string[]): string {
  const name = args.some((a) => a === '--help' || a === '-h') ? 'help' : (commandNameIn(args) ?? 'help')
  return /^[a-z]{1,16}$/.test(name) ? name : 'other'
}

/**
 * What `bin/tgfetch.js` runs: the process set up before the CLI loads (its
 * young generation), then the CLI bundle `main` through V8's code cache.
 * Says how the cache was found.
 */
export function start(main: string): CodeCacheUse {
  keepYoungGenerationSmall()
  return runWithCodeCache(main, codeCacheDir(), cacheKeyName(process.argv.slice(2)))
}
