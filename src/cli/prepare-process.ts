import { join } from 'node:path'
import envPaths from 'env-paths'
import { useCodeCache } from '../tl/code-cache.js'
import { keepYoungGenerationSmall } from './young-generation.js'

/**
 * What the CLI sets in its own process before the rest loads: V8's young
 * generation and the code cache, kept under `TGFETCH_HOME` when that is set
 * (tests and benches keep everything in one folder), else in the user's
 * cache folder (XDG on Linux).
 */
export function prepareProcess(env: NodeJS.ProcessEnv = process.env): void {
  keepYoungGenerationSmall()
  useCodeCache(
    env.TGFETCH_HOME
      ? join(env.TGFETCH_HOME, 'cache')
      : join(envPaths('tgfetch', { suffix: '' }).cache, 'code'),
  )
}
